"""``python -m events.train_attach``: the command of tools/eventtools/train_attach.py.

A command-line entry point only: nothing in the runtime imports it, and the tool lives in
tools/, apart from what runs in production.
"""

import sys

if __name__ == "__main__":
    from tools.eventtools.train_attach import main

    sys.exit(main())
