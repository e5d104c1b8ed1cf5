"""Measure how often each source of an event's place is right, from judged article sheets.

    python -m tools.eventsets.place_trust SHEET.jsonl [SHEET.jsonl ...] [--out FILE] [--dry-run]

Over the real events of the sheets (``python -m tools.eventsets.article_sheet --all``, judged
by a reader), the share with the right place for each ``place_source`` (sentence, previous,
dateline, focus), smoothed with one right and one wrong judgement (a source seen a few times
moves little), and each inherited source's share relative to the sentence's: the factor
events/classify/place_trust.py scales an event's confidence by. Writes
events/classify/place_trust.json unless ``--dry-run``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from events.classify.place_trust import TRUST

SENTENCE = "sentence"


def place_shares(rows: list[dict]) -> dict[str, tuple[int, int, float]]:
    """(real events, right places, smoothed share right) per place source."""
    seen: Counter = Counter()
    right: Counter = Counter()
    for row in rows:
        for event in row["events"]:
            if event.get("real"):
                source = event.get("place_source") or SENTENCE
                seen[source] += 1
                right[source] += bool(event.get("place_right"))
    return {s: (seen[s], right[s], (right[s] + 1) / (seen[s] + 2)) for s in sorted(seen)}


def relative_trust(shares: dict[str, tuple[int, int, float]]) -> dict[str, float]:
    """Each inherited source's smoothed share over the sentence's, at most 1."""
    base = shares.get(SENTENCE, (0, 0, 1.0))[2]
    return {
        source: round(min(share / base, 1.0), 3)
        for source, (_, _, share) in shares.items()
        if source != SENTENCE
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.eventsets.place_trust", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("sheets", nargs="+", type=Path, help="judged article sheets")
    parser.add_argument("--out", type=Path, default=TRUST)
    parser.add_argument("--dry-run", action="store_true", help="print, write nothing")
    args = parser.parse_args(argv)
    rows = [
        json.loads(line)
        for path in args.sheets
        for line in path.open(encoding="utf-8")
        if line.strip()
    ]
    shares = place_shares(rows)
    print(f"{'source':>9} {'real':>5} {'right':>6} {'share':>6}")
    for source, (seen, right, share) in shares.items():
        print(f"{source:>9} {seen:5d} {right:6d} {share:6.3f}")
    relative = relative_trust(shares)
    print("relative to a place the sentence names:", relative)
    if not args.dry_run:
        table = {
            "relative": relative,
            "counts": {s: {"real": n, "place_right": r} for s, (n, r, _) in shares.items()},
            "meta": {
                "command": "python -m tools.eventsets.place_trust "
                + " ".join(str(p) for p in args.sheets)
            },
        }
        args.out.write_text(json.dumps(table, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
