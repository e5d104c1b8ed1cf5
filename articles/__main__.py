"""Command line: ``python -m articles ingest PATH... | export | extract IN.jsonl``.

    python -m articles ingest articles/samples my-articles/ feed.xml [--store STORE]
    python -m articles export --format geojson [--store STORE] [--out FILE]
    python -m articles extract IN.jsonl > OUT.jsonl   # events of {"id","text","published"}

The store defaults to $NEWSMAP_STORE, else data/newsmap.sqlite in the project folder.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsmap.errors import NewsmapError


def _store_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store",
        type=Path,
        default=None,
        help="the store file (default: $NEWSMAP_STORE, else data/newsmap.sqlite)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m articles``."""
    parser = argparse.ArgumentParser(prog="python -m articles", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    ingest = commands.add_parser("ingest", help="read articles into the store")
    ingest.add_argument("paths", nargs="+", type=Path, help="files or folders of articles")
    _store_argument(ingest)
    ingest.add_argument(
        "--max-mb", type=float, default=10.0, help="skip files larger than this (default 10 MB)"
    )
    ingest.add_argument("--quiet", action="store_true", help="no progress on stderr")
    ingest.add_argument(
        "--every-article",
        action="store_true",
        help="when stderr is not a terminal, a progress line for every article stored "
        "(default: every 10%% or 5 seconds)",
    )

    export = commands.add_parser("export", help="write the stored events as GeoJSON or CSV")
    _store_argument(export)
    export.add_argument("--format", choices=("geojson", "csv"), default="geojson")
    export.add_argument("--out", type=Path, default=None, help="output file (default: stdout)")

    extract = commands.add_parser(
        "extract", help="write the events of JSON Lines documents as JSON Lines (no store)"
    )
    extract.add_argument("input", type=Path, help='documents: {"id","text"[,"published"]} a line')
    extract.add_argument("--out", type=Path, default=None, help="output file (default: stdout)")
    return parser


def run_ingest(args: argparse.Namespace) -> int:
    """Ingest the given paths, with progress on stderr and a summary of what was skipped."""
    from articles.pipeline import ingest_paths
    from geodata.geocoding import default_geocoder
    from newsmap.progress import ignore
    from newsmap.terminal_progress import TerminalProgress
    from store.db import Store, default_store_path

    missing = [p for p in args.paths if not p.exists()]
    for path in missing:
        print(f"{path}: no such file or folder", file=sys.stderr)
    store_path = args.store or default_store_path()
    show = TerminalProgress(every_item=args.every_article)
    with Store(store_path) as store, show:
        report = ingest_paths(
            [p for p in args.paths if p.exists()],
            store,
            progress=ignore if args.quiet else show,
            geocoder=default_geocoder(),
            max_bytes=int(args.max_mb * 1_000_000),
        )
    print(f"{store_path}: {report.summary()}")
    for problem in report.skipped:
        print(f"  skipped {problem.path}: {problem.reason}")
    for problem in report.notes:
        print(f"  note on {problem.path}: {problem.reason}")
    return 1 if missing and not report.read else 0


def run_export(args: argparse.Namespace) -> int:
    """Write every stored event, one record each, as GeoJSON or CSV."""
    from store.db import Store, default_store_path
    from store.export import write_export

    store_path = args.store or default_store_path()
    if not Path(store_path).exists():
        print(f"{store_path}: no store here; ingest articles first", file=sys.stderr)
        return 1
    with Store(store_path, readonly=True) as store:
        frame = store.events_frame()
    if args.out is None:
        write_export(frame, args.format, sys.stdout)
    else:
        with open(args.out, "w", encoding="utf-8", newline="") as out:
            write_export(frame, args.format, out)
        print(f"{args.out}: {len(frame)} event(s)", file=sys.stderr)
    return 0


def run_extract(args: argparse.Namespace) -> int:
    """Extract events from a JSON Lines file (see events/jsonl.py for the formats)."""
    from events.jsonl import extract_jsonl
    from geodata.geoparser import Geoparser

    if not args.input.is_file():
        print(f"{args.input}: no such file", file=sys.stderr)
        return 1
    geoparser = Geoparser.default()
    with open(args.input, encoding="utf-8") as lines:
        if args.out is None:
            extract_jsonl(lines, sys.stdout, sys.stderr, geoparser)
        else:
            with open(args.out, "w", encoding="utf-8") as out:
                count = extract_jsonl(lines, out, sys.stderr, geoparser)
            print(f"{args.out}: {count} document(s)", file=sys.stderr)
    return 0


_COMMANDS = {"ingest": run_ingest, "export": run_export, "extract": run_extract}


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m articles``."""
    args = build_parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except NewsmapError as error:
        # Ours (store, gazetteer, model, weights...): the message says what to do. Anything
        # else is a bug and keeps its traceback.
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
