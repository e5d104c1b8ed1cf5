"""``python -m events.locations_eval``: the command of tools/eventtools/locations_eval.py.

A command-line entry point only: nothing in the runtime imports it, and the tool lives in
tools/, apart from what runs in production.
"""

import sys

if __name__ == "__main__":
    try:
        from tools.eventtools.locations_eval import main
    except ModuleNotFoundError as missing:  # an installed copy: tools/ is not installed
        if missing.name not in ("tools", "tools.eventtools", "tools.eventtools.locations_eval"):
            raise
        sys.exit(
            "python -m events.locations_eval is a development tool: "
            "run it in a source checkout of newsmap"
        )

    sys.exit(main())
