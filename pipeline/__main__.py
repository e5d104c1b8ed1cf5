"""``python -m pipeline``: the same commands as ``python -m articles`` (pipeline.cli)."""

import sys

from pipeline.cli import main

if __name__ == "__main__":
    sys.exit(main(None))
