"""``python -m articles.bench_ingest``: the command of tools/ingesttools/bench.py.

A command-line entry point only: nothing in the runtime imports it, and the tool lives in
tools/, apart from what runs in production.
"""

import sys

if __name__ == "__main__":
    try:
        from tools.ingesttools.bench import main
    except ModuleNotFoundError as missing:  # an installed copy: tools/ is not installed
        if missing.name not in ("tools", "tools.ingesttools", "tools.ingesttools.bench"):
            raise
        sys.exit(
            "python -m articles.bench_ingest is a development tool: run it in a source "
            "checkout of newsmap"
        )

    sys.exit(main())
