"""``python -m events.train SET.jsonl ...``: train the event judge (tools/eventsets/train_judge).

A command-line entry point only: nothing in the runtime imports it, and the training code
lives in tools/.
"""

import sys

if __name__ == "__main__":
    from tools.eventsets.train_judge import main

    sys.exit(main())
