"""``python -m events.train SET.jsonl ...``: train the event judge (tools/eventsets/train_judge).

A command-line entry point only: nothing in the runtime imports it, and the training code
lives in tools/.
"""

import sys

if __name__ == "__main__":
    try:
        from tools.eventsets.train_judge import main
    except ModuleNotFoundError as missing:  # an installed copy: tools/ is not installed
        if missing.name not in ("tools", "tools.eventsets", "tools.eventsets.train_judge"):
            raise
        sys.exit(
            "python -m events.train is a development tool: run it in a source checkout of newsmap"
        )

    sys.exit(main())
