"""``python -m tools.checks fetch|fuzz|crash|load``: run one campaign of the standing campaign.

- ``fetch [--quick | --deadline S]``: hostile servers against the page's URL fetch. ``--quick``
  (CI) shortens the deadline, read timeout, rate-floor grace and size cap so the campaign takes
  a few seconds; without it the limits the dashboard uses, about 30 s.
- ``fuzz [--inputs N] [--seed S | --derandomize] [--only WORDS]``: property-based fuzzing of
  every reader, the date parsers and the URL-state parser, N inputs each (100,000 by default).
- ``crash [--points N]``: kill -9 an ingest of the bundled samples at N random points, then
  check the store's integrity and that re-ingesting gives the store a clean run gives.
- ``load --sessions N``: N concurrent browser sessions against the served app on loopback;
  the server's memory before and after, and page times.

Each prints what it did and exits 1 when a guard did not hold.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from newsmap.fetching import Limits

QUICK = Limits(deadline=3.0, read_timeout=2.0, rate_grace=1.0, max_bytes=1_000_000)


def run_fetch(args: argparse.Namespace) -> int:
    from tools.checks import fetch

    limits = QUICK if args.quick else Limits()
    if args.deadline:
        limits = replace(limits, deadline=args.deadline)
    outcomes = fetch.run(limits)
    print(fetch.report(outcomes, limits))
    return 0 if all(o.held for o in outcomes) else 1


def run_fuzz(args: argparse.Namespace) -> int:
    try:
        from tools.checks import fuzz
    except ImportError as exc:  # hypothesis is a test extra
        print(f"error: {exc}; pip install -r requirements-test.txt", file=sys.stderr)
        return 2
    names = [n for n in fuzz.TARGETS if not args.only or args.only.lower() in n.lower()]
    if not names:
        print(f"error: no target matches {args.only!r}: {', '.join(fuzz.TARGETS)}", file=sys.stderr)
        return 2
    tallies = []
    for name in names:
        print(f"fuzzing {name} ({args.inputs:,} inputs)...", file=sys.stderr, flush=True)
        tallies.append(fuzz.run_target(name, args.inputs, args.seed, args.derandomize))
        print(fuzz.report(tallies[-1:], verdict=False), flush=True)  # a long run shows as it goes
    print(fuzz.report(tallies).splitlines()[-1])
    return 0 if not any(t.errors for t in tallies) else 1


def run_crash(args: argparse.Namespace) -> int:
    from tools.checks import crash

    points, seed = crash.run(args.points, args.seed)
    print(crash.report(points, seed))
    return 0 if all(p.held for p in points) else 1


def run_load(args: argparse.Namespace) -> int:
    from tools.checks import load

    figures = load.run(args.sessions, args.rounds, args.store)
    print(load.report(figures))
    return 0 if figures.held else 1


def main(argv: list[str] | None = None) -> int:
    """Run the campaign named on the command line; 0 when every guard held."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.checks",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("fetch", help="hostile servers against the page's URL fetch")
    run.add_argument("--quick", action="store_true", help="short limits, a few seconds in all")
    run.add_argument("--deadline", type=float, help="seconds for the whole fetch")
    run.set_defaults(handler=run_fetch)
    run = commands.add_parser("fuzz", help="property-based fuzzing of readers and parsers")
    run.add_argument("--inputs", type=int, default=100_000, help="inputs per target (100,000)")
    run.add_argument("--seed", type=int, help="hypothesis seed (default: a fresh one)")
    run.add_argument("--derandomize", action="store_true", help="the same inputs every run (CI)")
    run.add_argument("--only", help="run only the targets whose name contains this")
    run.set_defaults(handler=run_fuzz)
    run = commands.add_parser("crash", help="kill -9 an ingest at random points")
    run.add_argument("--points", type=int, default=100, help="kill points (100)")
    run.add_argument("--seed", type=int, help="draws the kill points (default: a fresh one)")
    run.set_defaults(handler=run_crash)
    run = commands.add_parser("load", help="concurrent websocket sessions against the app")
    run.add_argument("--sessions", type=int, default=50, help="concurrent sessions (50)")
    run.add_argument("--rounds", type=int, default=3, help="pages each session asks for (3)")
    run.add_argument("--store", type=Path, help="serve this store (default: the samples)")
    run.set_defaults(handler=run_load)
    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
