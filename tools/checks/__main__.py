"""``python -m tools.checks fetch [--quick | --deadline S]``: run the hostile-fetch campaign.

Prints one line per hostile fetch and exits 1 when any got past its guard. ``--quick`` (CI)
shortens the deadline, read timeout, rate-floor grace and size cap so the campaign takes a few
seconds; without it the production limits (dashboard.fetching.Limits) are used, about 30 s.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from dashboard.fetching import Limits
from tools.checks import fetch

QUICK = Limits(deadline=3.0, read_timeout=2.0, rate_grace=1.0, max_bytes=1_000_000)


def main(argv: list[str] | None = None) -> int:
    """Run the campaign named on the command line; 0 when every guard held."""
    parser = argparse.ArgumentParser(prog="python -m tools.checks", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("fetch", help="hostile servers against the page's URL fetch")
    run.add_argument("--quick", action="store_true", help="short limits, a few seconds in all")
    run.add_argument("--deadline", type=float, help="seconds for the whole fetch")
    args = parser.parse_args(argv)
    limits = QUICK if args.quick else Limits()
    if args.deadline:
        limits = replace(limits, deadline=args.deadline)
    outcomes = fetch.run(limits)
    print(fetch.report(outcomes, limits))
    return 0 if all(o.held for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
