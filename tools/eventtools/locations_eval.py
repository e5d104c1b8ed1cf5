"""Event-location accuracy on event_location-style gold (Halterman 2019's data format).

    python -m events.locations_eval event_location_dev.jsonl [--pred OUT.jsonl]

Runs the whole pipeline (the geoparser, then extract_events) on each sentence, writes the
predictions in the format of that data's own scorer when ``--pred`` is given (the same records as
``python -m articles extract``), and scores them the way that script does (for each gold
record, its first event verb, answered by the predicted event whose trigger overlaps it):

- over all records (a verb no trigger matched counts as "no location"), as that scorer does;
- over the records whose verb our triggers matched;
- on each half of the set, split by a hash of the record id: rules were developed looking at
  errors of half 0 only, so half 1 is the held-out check;
- per annotation source (records matched by a trigger), because the sources follow different
  conventions: Masdar_RA gives a place for 11% of its sentences ("killed ... in the city of
  Manbij": no place), the others for 42-86%. ``--exclude-source`` leaves a source out of the
  overall figures (it is still listed on its own line).

To score held-out weights: ``python -m events.train_attach GOLD --half 0 --out W.json``, then
``python -m events.locations_eval GOLD --weights W.json`` and read the half1 lines.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import zlib
from collections import Counter
from pathlib import Path

from articles.model import Article
from events.jsonl import event_record
from events.model import ROLE_EVENT
from geodata.documents import read_corpus


def half(record_id: str) -> int:
    """The half (0 or 1) a record belongs to: stable, independent of order."""
    return zlib.crc32(record_id.encode("utf-8")) % 2


def _overlaps(a: dict, b: dict) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


def score(gold: list[dict], predicted: dict[str, list[dict]]) -> dict[str, dict[str, float]]:
    """Scores by subset ("all", "matched", "half0", "half1", "half1_matched")."""
    counts: dict[str, Counter] = {}
    for record in gold:
        for verb in record.get("event_verbs", [])[:1]:
            events = predicted.get(record["id"], [])
            answer = next((e for e in events if _overlaps(e["trigger"], verb)), None)
            subsets = ["all", f"half{half(record['id'])}"]
            if answer is not None:
                subsets += ["matched", f"half{half(record['id'])}_matched"]
            location = answer.get("location") if answer else None
            gold_places = record.get("toponyms", [])
            right = bool(location) and any(_overlaps(location, t) for t in gold_places)
            for subset in subsets:
                count = counts.setdefault(subset, Counter())
                count["records"] += 1
                count["matched"] += answer is not None
                count["said"] += bool(location)
                count["right"] += right
                count["with"] += bool(gold_places)
                count["without"] += not gold_places
                count["no_right"] += not gold_places and not location
    return {name: _rates(count) for name, count in sorted(counts.items())}


def by_source(gold: list[dict], predicted: dict[str, list[dict]]) -> dict[str, dict[str, float]]:
    """Scores of the records each annotation source gave (``record["source"]``), by source."""
    sources: dict[str, list[dict]] = {}
    for record in gold:
        sources.setdefault(record.get("source") or "unknown", []).append(record)
    return {name: score(records, predicted) for name, records in sorted(sources.items())}


def _rates(count: Counter) -> dict[str, float]:
    precision = count["right"] / count["said"] if count["said"] else 0.0
    recall = count["right"] / count["with"] if count["with"] else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "records": count["records"],
        "trigger_recall": count["matched"] / count["records"] if count["records"] else 0.0,
        "location_precision": precision,
        "location_recall": recall,
        "location_f1": f1,
        "no_location_acc": count["no_right"] / count["without"] if count["without"] else 0.0,
    }


def predict(records: list[dict], geoparser) -> dict[str, list[dict]]:
    """Event records (events/jsonl.py format) per gold record id."""
    from events.extract import extract_many

    admin = getattr(getattr(geoparser, "gazetteer", None), "admin1", None)
    articles = [Article(id=r["id"], title="", text=r["text"]) for r in records]
    resolved = geoparser.parse_many(a.text for a in articles)
    found = {}
    extracted = extract_many(zip(articles, resolved, strict=True), None, admin)
    for article, events in zip(articles, extracted, strict=True):
        found[article.id] = [event_record(e) for e in events if e.role == ROLE_EVENT]
    return found


def main(argv: list[str] | None = None) -> int:
    """Score (and optionally write) event-location predictions for a gold file."""
    parser = argparse.ArgumentParser(prog="python -m events.locations_eval", description=__doc__)
    parser.add_argument("gold", type=Path)
    parser.add_argument("--pred", type=Path, default=None, help="also write predictions here")
    parser.add_argument(
        "--weights", type=Path, default=None, help="attachment ranker weights (default: shipped)"
    )
    parser.add_argument(
        "--exclude-source",
        action="append",
        default=[],
        metavar="SOURCE",
        help="leave this annotation source out of the overall figures",
    )
    args = parser.parse_args(argv)
    if args.weights is not None:
        from events.locate.attach_model import WEIGHTS_ENV, default_model

        os.environ[WEIGHTS_ENV] = str(args.weights)
        default_model.cache_clear()

    from geodata.geoparser import Geoparser

    records = read_corpus(args.gold)
    predicted = predict(records, Geoparser.default())
    if args.pred is not None:
        with open(args.pred, "w", encoding="utf-8") as out:
            for record in records:
                line = {"id": record["id"], "events": predicted[record["id"]]}
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
    excluded = set(args.exclude_source)
    kept = [r for r in records if r.get("source") not in excluded]
    if excluded:
        print(f"overall figures without {', '.join(sorted(excluded))}")
    print(_table(score(kept, predicted).items()))
    print("\nrecords matched by a trigger, by annotation source")
    rows = [
        (name, s["matched"]) for name, s in by_source(records, predicted).items() if "matched" in s
    ]
    print(_table(rows, label="source"))
    return 0


def _table(rows, label: str = "subset") -> str:
    keys = ("records", "trigger_recall", "location_precision", "location_recall")
    keys += ("location_f1", "no_location_acc")
    lines = [f"{label:>14} " + " ".join(f"{k:>18}" for k in keys)]
    for subset, rates in rows:
        cells = [f"{rates[k]:18d}" if k == "records" else f"{rates[k]:18.4f}" for k in keys]
        lines.append(f"{subset:>14} " + " ".join(cells))
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
