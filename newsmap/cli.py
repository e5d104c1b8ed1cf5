"""The ``newsmap`` command of an installed copy: ingest, export, serve, extract, watch.

    newsmap ingest my-articles/ feed.xml [--store FILE] [--published-default YYYY-MM-DD]
    newsmap watch feeds.txt [--every SECONDS] [--once]
    newsmap export --format csv --out events.csv
    newsmap serve [--store FILE] [--port N] [Streamlit options...]
    newsmap extract IN.jsonl > OUT.jsonl

The composition root above every package: ingest, export, extract and watch are
``python -m articles``'s commands, serve is ``python -m dashboard``; those keep working from
a source checkout. Where the store and the built files live: newsmap.paths.
"""

from __future__ import annotations

import argparse
import sys

from articles import __main__ as articles_cli
from dashboard import __main__ as dashboard_cli

SERVE_HELP = "serve the dashboard, the map of the store's events, in your browser"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``newsmap``."""
    parser = argparse.ArgumentParser(prog="newsmap", description=articles_cli.SUMMARY)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    articles_cli.add_commands(commands)
    serve = commands.add_parser(
        "serve",
        help=SERVE_HELP,
        description=dashboard_cli.DESCRIPTION,
        epilog=dashboard_cli.EPILOG,
    )
    dashboard_cli.add_serve_arguments(serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``newsmap``."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if args.command == "serve":
        return dashboard_cli.serve(args.store, args.port, extra)
    if extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    return articles_cli.run(args)


if __name__ == "__main__":
    sys.exit(main())
