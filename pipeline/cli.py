"""The command line: ingest, export and extract (``python -m articles``), and ``newsmap``.

    python -m articles ingest my-articles/ feed.xml [--store FILE] [--workers N]
    python -m articles export --format geojson [--store FILE] [--out FILE]
    python -m articles extract IN.jsonl > OUT.jsonl   # events of {"id","text","published"}
    python -m articles watch FEEDS [--every SECONDS] [--once]   # poll feeds, ingest what is new
    newsmap ingest|export|extract|watch|serve ...     # the same, and the dashboard

``python -m articles``, ``python -m pipeline`` and ``newsmap`` (without ``serve``) are one
command. The store is ``--store``, else $NEWSMAP_STORE, else the default of newsmap.paths;
every variable is read once, into pipeline.settings.Settings.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from newsmap.errors import NewsmapError
from newsmap.paths import ENV_STORE, store_file
from pipeline.partitions import PARTITION_ARTICLES
from pipeline.settings import ENV_SCHEDULER, Settings
from watch import cli as watch_cli

# The formats of ``export``: what the dashboard's download buttons give, as files.
EXPORT_FORMATS = ("geojson", "csv", "kml", "parquet", "html")
SUMMARY = "Read news articles, find the places and events they tell of, and map them."
SERVE_HELP = "serve the dashboard, the map of the store's events, in your browser"


def add_store_argument(parser: argparse.ArgumentParser) -> None:
    """The ``--store FILE`` option (the store file; default $NEWSMAP_STORE, else newsmap.paths)."""
    parser.add_argument(
        "--store",
        type=Path,
        default=None,
        metavar="FILE",
        help=f"the store file (default: {store_file()}; set {ENV_STORE} to change it)",
    )


def _published_default(text: str) -> date:
    from articles.published_fallback import parse_default_date

    try:
        return parse_default_date(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return number


def add_ingest_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``ingest``."""
    parser.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="article files (plain text, HTML, JSON Lines, RSS/Atom feeds) or folders of them",
    )
    add_store_argument(parser)
    parser.add_argument(
        "--max-mb",
        type=float,
        default=10.0,
        metavar="MB",
        help="skip files larger than this (default 10)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    parser.add_argument(
        "--every-article",
        action="store_true",
        help="when stderr is not a terminal, a progress line for every article stored "
        "(default: every 10%% or 5 seconds)",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--workers",
        type=_positive,
        default=None,
        metavar="N",
        help="find places and events in N worker processes on this machine (default: one per "
        f"core, {os.cpu_count() or 1} here; 1 runs everything in this process)",
    )
    where.add_argument(
        "--scheduler",
        default=None,
        metavar="tcp://HOST:8786",
        help="find places and events on the workers of this running Dask cluster (default: "
        f"${ENV_SCHEDULER} when set and --workers is not given); the store stays here",
    )
    parser.add_argument(
        "--gazetteer",
        type=Path,
        default=None,
        metavar="FILE",
        help="the offline gazetteer to find places with (default: the one built on first use; "
        "with --scheduler, a path every worker can read, else each worker uses its own)",
    )
    parser.add_argument(
        "--partition-size",
        type=_positive,
        default=PARTITION_ARTICLES,
        metavar="N",
        help=f"articles handed to a worker at a time (default {PARTITION_ARTICLES})",
    )
    dating = parser.add_mutually_exclusive_group()
    dating.add_argument(
        "--published-default",
        type=_published_default,
        metavar="YYYY-MM-DD",
        help="date the articles that give no publication date with this day (stored as a "
        "fallback, and their events' dates marked approximate)",
    )
    dating.add_argument(
        "--published-from-mtime",
        action="store_true",
        help="date the articles that give no publication date with their file's modification "
        "time (stored as a fallback, and their events' dates marked approximate)",
    )


def add_export_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``export``."""
    add_store_argument(parser)
    parser.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        default="geojson",
        help="geojson, csv or kml: every stored event, one record each; parquet: the same "
        "records as a folder of Parquet files partitioned by month and country (for DuckDB, "
        "pandas or Spark); html: the map as the dashboard first shows it, as one page that "
        "needs no server (default: geojson)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="PATH",
        help="the file to write (default: stdout); for parquet, the folder (required)",
    )


def add_extract_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``extract``."""
    parser.add_argument(
        "input", type=Path, metavar="IN.jsonl", help='documents, one {"id", "text"} a line'
    )
    parser.add_argument("--out", type=Path, default=None, metavar="FILE", help="default: stdout")


def run_ingest(args: argparse.Namespace) -> int:
    """Ingest the given paths, with progress on stderr and a summary of what was skipped."""
    from articles.published_fallback import PublishedFallback
    from newsmap.progress import ignore
    from newsmap.terminal_progress import TerminalProgress
    from pipeline.ingest import ingest_paths
    from store.db import Store

    settings = Settings.from_environ()
    missing = [p for p in args.paths if not p.exists()]
    for path in missing:
        print(f"{path}: no such file or folder", file=sys.stderr)
    store_path = args.store or settings.store_path()
    fallback = None
    if args.published_default is not None:
        fallback = PublishedFallback.default(args.published_default)
    elif args.published_from_mtime:
        fallback = PublishedFallback.file_mtime()
    scheduler = args.scheduler or (settings.scheduler if args.workers is None else None)
    show = TerminalProgress(every_item=args.every_article)
    with Store(store_path) as store, show:
        report = ingest_paths(
            [p for p in args.paths if p.exists()],
            store,
            progress=ignore if args.quiet else show,
            max_bytes=int(args.max_mb * 1_000_000),
            published_fallback=fallback,
            settings=settings,
            gazetteer=args.gazetteer,
            workers=args.workers or os.cpu_count() or 1,
            scheduler=scheduler,
            partition_size=args.partition_size,
        )
    print(f"{store_path}: {report.summary()}")
    if report.runner_note:
        print(f"  {report.runner_note}: the articles were processed in this process")
    elif report.where != "in this process":
        print(f"  places and events found {report.where}")
    dating = report.dating()
    if dating is not None:
        hint = ""
        if fallback is None:
            hint = " (give --published-default YYYY-MM-DD or --published-from-mtime to date them)"
        print(f"  {dating}{hint}")
    for problem in report.skipped:
        print(f"  skipped {problem.path}: {problem.reason}")
    for problem in report.notes:
        print(f"  note on {problem.path}: {problem.reason}")
    return 1 if missing and not report.read else 0


def run_export(args: argparse.Namespace) -> int:
    """Write the stored events as GeoJSON, CSV, KML or partitioned Parquet, or their map as
    one HTML page. The records stream from the columnar engine (the store's Parquet mirror,
    brought up to date first): the store's size does not change the memory an export takes."""
    store_path = args.store or Settings.from_environ().store_path()
    if not Path(store_path).exists():
        print(f"{store_path}: no store here; ingest articles first", file=sys.stderr)
        return 1
    if args.format == "html":
        return _export_map(store_path, args.out)
    if args.format == "parquet" and args.out is None:
        print("--format parquet writes a folder: give it with --out FOLDER", file=sys.stderr)
        return 2
    from dashboard import engine_exports, engine_links
    from store.engine import EventsEngine
    from store.mirror import sync

    try:
        sync(store_path)
    except OSError as exc:
        print(
            f"{store_path}: cannot write the columnar copy of its events beside it ({exc}); "
            "exports read that copy: run the export as a user who can write that folder",
            file=sys.stderr,
        )
        return 1
    with EventsEngine(store_path) as engine:
        engine_links.fill_links(engine)
        if args.format == "parquet":
            try:
                written = engine_exports.write_parquet(engine, args.out)
            except engine_exports.ExportError as exc:
                print(str(exc), file=sys.stderr)
                return 1
        else:
            writer = {
                "csv": engine_exports.write_csv,
                "geojson": engine_exports.write_geojson,
                "kml": engine_exports.write_kml,
            }[args.format]
            rows = engine_exports.batches(engine)
            if args.out is None:
                written = writer(rows, sys.stdout)
            else:
                with open(args.out, "w", encoding="utf-8", newline="") as out:
                    written = writer(rows, out)
    if args.out is not None:
        print(f"{args.out}: {written} event(s) and mention(s)", file=sys.stderr)
    return 0


def _export_map(store_path, out_path) -> int:
    """The map as one HTML page (built from the events frame, as the dashboard shows it)."""
    from pipeline.linking import frame_link_ids
    from store.db import Store

    with Store(store_path, readonly=True, linker=frame_link_ids) as store:
        frame = store.events_frame()
    text = export_text(frame, "html")
    if out_path is None:
        sys.stdout.write(text)
    else:
        with open(out_path, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        print(f"{out_path}: {len(frame)} event(s) and mention(s)", file=sys.stderr)
    return 0


def export_text(frame, fmt: str) -> str:
    """The events frame as the text of one export format (EXPORT_FORMATS)."""
    if fmt in ("geojson", "csv"):
        import io

        from store.export import write_export

        buffer = io.StringIO()
        write_export(frame, fmt, buffer)
        return buffer.getvalue()
    from dashboard import exports

    if fmt == "kml":
        return exports.to_kml(frame)
    if fmt == "html":
        from dashboard.assets import prepare_static

        prepare_static()  # the map's scripts, inlined into the page
        return exports.map_page(frame)
    raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(EXPORT_FORMATS)}")


def run_extract(args: argparse.Namespace) -> int:
    """Extract events from a JSON Lines file (see events/jsonl.py for the formats)."""
    from events.jsonl import extract_jsonl
    from pipeline.models import load_geoparser

    if not args.input.is_file():
        print(f"{args.input}: no such file", file=sys.stderr)
        return 1
    geoparser = load_geoparser()
    with open(args.input, encoding="utf-8") as lines:
        if args.out is None:
            extract_jsonl(lines, sys.stdout, sys.stderr, geoparser)
        else:
            with open(args.out, "w", encoding="utf-8") as out:
                count = extract_jsonl(lines, out, sys.stderr, geoparser)
            print(f"{args.out}: {count} document(s)", file=sys.stderr)
    return 0


# name -> (one-line help, its arguments, what runs it)
COMMANDS = {
    "ingest": ("read article files and folders into the store", add_ingest_arguments, run_ingest),
    "export": (
        "write the stored events as GeoJSON, CSV, KML or partitioned Parquet, or their map as "
        "an HTML page",
        add_export_arguments,
        run_export,
    ),
    "extract": (
        "write the events of JSON Lines documents as JSON Lines (no store)",
        add_extract_arguments,
        run_extract,
    ),
    "watch": (watch_cli.HELP, watch_cli.add_watch_arguments, watch_cli.run_watch),
}
_COMMANDS = {name: run for name, (_, _, run) in COMMANDS.items()}


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add ingest, export, extract and watch to a parser's subcommands."""
    for name, (summary, add_arguments, _) in COMMANDS.items():
        sentence = summary[0].upper() + summary[1:] + "."
        add_arguments(commands.add_parser(name, help=summary, description=sentence))


def build_parser(prog: str = "python -m articles") -> argparse.ArgumentParser:
    """The argument parser of ``python -m articles``: ingest, export, extract, watch."""
    parser = argparse.ArgumentParser(prog=prog, description=SUMMARY)
    add_commands(parser.add_subparsers(dest="command", required=True, metavar="COMMAND"))
    return parser


def build_newsmap_parser() -> argparse.ArgumentParser:
    """The argument parser of ``newsmap``: the commands above, and serve."""
    from dashboard import __main__ as dashboard_cli

    parser = argparse.ArgumentParser(prog="newsmap", description=SUMMARY)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add_commands(commands)
    serve = commands.add_parser(
        "serve",
        help=SERVE_HELP,
        description=dashboard_cli.DESCRIPTION,
        epilog=dashboard_cli.EPILOG,
    )
    dashboard_cli.add_serve_arguments(serve)
    return parser


def run(args: argparse.Namespace) -> int:
    """Run the parsed command; an error of ours is one line on stderr and status 2."""
    try:
        return _COMMANDS[args.command](args)
    except NewsmapError as error:
        # Ours (store, gazetteer, model, weights, cluster...): the message says what to do.
        # Anything else is a bug and keeps its traceback.
        print(f"error: {error}", file=sys.stderr)
        return 2


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m articles``."""
    return run(build_parser().parse_args(argv))


def newsmap_main(argv: list[str] | None = None) -> int:
    """Entry point of ``newsmap``."""
    from dashboard import __main__ as dashboard_cli

    parser = build_newsmap_parser()
    args, extra = parser.parse_known_args(argv)
    if args.command == "serve":
        return dashboard_cli.serve(args.store, args.port, extra)
    if extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    return run(args)
