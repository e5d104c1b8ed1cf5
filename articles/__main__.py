"""``python -m articles``: ingest, export, extract and watch, as people have them in scripts.

The commands live in the composition root (pipeline.cli); this name stays so that
``python -m articles ingest ...`` keeps working.
"""

import sys

from pipeline.cli import (  # noqa: F401 - re-exported
    _COMMANDS,
    SUMMARY,
    add_store_argument,
    build_parser,
    main,
    run,
)

if __name__ == "__main__":
    sys.exit(main())
