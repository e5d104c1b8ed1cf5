"""Per-country death tolls of a corpus, each beside the sentences that support it.

    python -m tools.eventsets.country_totals CORPUS.jsonl|FOLDER ... [--top 10] [--store S]

Ingests the articles (any format ``python -m articles ingest`` reads; JSON Lines of
``{"id", "url", "title", "published", "text"}``) into a temporary store, then prints, for the
countries with the highest counted death toll:

- the toll as the map counts it by default (events/measure/tolls.py: each event once, linked reports
  once, planned events and history never; events the map hides as uncertain not at all, unless
  ``--uncertain``) and, beside it, the naive sum of every row's figure;
- every event that adds to it: its figure, kind, date, confidence, where its place comes from
  and the sentence, so a reader can check each figure against the text;
- the figures never counted and why (planned, history); repeats of one event, of one figure
  in one article and running totals count once, with their highest figure.

An article-level check for issue 11: "per-country killed totals right for 8 of the 10
largest" is judged by reading this output.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import pandas as pd

from events.measure import tolls

SNIPPET = 160


def _why_left_out(row) -> str:
    if row["status"] != "occurred":
        return "planned"
    if bool(row["background"]):
        return "history"
    return ""


def report(frame: pd.DataFrame, top: int, out=sys.stdout, uncertain: bool = False) -> None:
    """Print the per-country check of an events frame (Store.events_frame): of the events the
    map shows by default (``uncertain``: of every event)."""
    from dashboard.filters import certain

    frame = frame if uncertain else frame[certain(frame)]
    totals = tolls.per_country(frame).sort_values(ascending=False)
    events = frame[(frame["role"] == "event") & frame["killed"].notna()]
    naive = events.groupby(events["country_code"].astype(str))["killed"].sum()
    print(f"{'country':>7} {'counted':>8} {'naive sum':>9}", file=out)
    for country, total in totals.head(top).items():
        print(f"{country:>7} {int(total):8d} {int(naive.get(country, 0)):9d}", file=out)
    for country, total in totals.head(top).items():
        print(f"\n== {country}: {int(total)} killed as counted", file=out)
        rows = events[events["country_code"] == country]
        for _, row in rows.sort_values("killed", ascending=False).iterrows():
            left_out = _why_left_out(row)
            running = " running total" if tolls.running_total(str(row["snippet"])) else ""
            confidence = row.get("confidence")
            sure = "" if pd.isna(confidence) else f" conf {float(confidence):.2f}"
            place = (
                "" if row["place_source"] == "sentence" else f" place from {row['place_source']}"
            )
            day = "" if pd.isna(row["date"]) else pd.Timestamp(row["date"]).date().isoformat()
            mark = f"  [left out: {left_out}]" if left_out else ""
            print(
                f"  {int(row['killed']):>6} {row['kind']} {day}{sure}{place}{running}{mark}\n"
                f"         {str(row['snippet'])[:SNIPPET]!r}  ({row['article_id']})",
                file=out,
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.eventsets.country_totals", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("paths", nargs="+", type=Path, help="articles to ingest")
    parser.add_argument("--top", type=int, default=10, help="countries to show (default 10)")
    parser.add_argument("--store", type=Path, help="keep the store here (default: temporary)")
    parser.add_argument(
        "--uncertain", action="store_true", help="count the events the map hides as uncertain too"
    )
    args = parser.parse_args(argv)

    from pipeline.ingest import ingest_paths
    from pipeline.linking import frame_link_ids
    from store.db import Store

    with tempfile.TemporaryDirectory() as scratch:
        path = args.store or Path(scratch) / "check.sqlite"
        with Store(path, linker=frame_link_ids) as store:
            result = ingest_paths(args.paths, store)
            print(f"{result.new} articles ingested", file=sys.stderr)
            frame = store.events_frame()
        report(frame, args.top, uncertain=args.uncertain)
    return 0


if __name__ == "__main__":
    sys.exit(main())
