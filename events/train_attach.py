"""``python -m events.train_attach``: the command of tools/eventtools/train_attach.py.

A command-line entry point only: nothing in the runtime imports it, and the tool lives in
tools/, apart from what runs in production.
"""

import sys

if __name__ == "__main__":
    try:
        from tools.eventtools.train_attach import main
    except ModuleNotFoundError as missing:  # an installed copy: tools/ is not installed
        if missing.name not in ("tools", "tools.eventtools", "tools.eventtools.train_attach"):
            raise
        sys.exit(
            "python -m events.train_attach is a development tool: "
            "run it in a source checkout of newsmap"
        )

    sys.exit(main())
