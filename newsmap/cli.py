"""The ``newsmap`` command of an installed copy: ingest, export, serve, extract, watch.

    newsmap ingest my-articles/ feed.xml [--store FILE] [--workers N | --scheduler ADDRESS]
    newsmap watch feeds.txt [--every SECONDS] [--once]
    newsmap export --format csv --out events.csv
    newsmap serve [--store FILE] [--port N] [Streamlit options...]
    newsmap extract IN.jsonl > OUT.jsonl

The commands live in the composition root, pipeline.cli (ingest, export, extract and watch
are ``python -m articles``'s, serve is ``python -m dashboard``); this module keeps the name that
installed copies' ``newsmap`` script points at. Where the store and built files live:
newsmap.paths.
"""

from __future__ import annotations

import sys

from pipeline.cli import SERVE_HELP  # noqa: F401 - re-exported
from pipeline.cli import build_newsmap_parser as build_parser
from pipeline.cli import newsmap_main as main

__all__ = ["build_parser", "main"]

if __name__ == "__main__":
    sys.exit(main())
