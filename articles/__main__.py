"""``python -m articles``: ingest, export and extract, as people have them in scripts.

The commands live in the composition root (pipeline.cli); this name stays so that
``python -m articles ingest ...`` keeps working.
"""

import sys

from pipeline.cli import _COMMANDS, SUMMARY, build_parser, main, run  # noqa: F401 - re-exported

if __name__ == "__main__":
    sys.exit(main())
