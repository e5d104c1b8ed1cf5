"""Field-by-field evaluation of event extraction on a hand-annotated set.

    python -m events.evaluate [SET.jsonl] [--show]

Each line of the set is one news sentence with the gold event a reader sees in it, or null when
it reports none: ``{"id", "text", "published", "event": {"trigger", "kind", "status", "date",
"date_precision", "killed", "killed_qualifier", "injured", "locations"} | null}``, the format
of the project's annotated sets (default: the Wikinews set shipped beside the event code).
The sentence is run through the whole pipeline (the geoparser, then
extract_events) as a one-sentence article published on ``published``.

The predicted event compared with the gold one is the one whose trigger overlaps the gold
trigger, else the sentence's first event. Per field, precision is the share of predicted
values that are right, recall the share of gold values found:

- event: a sentence with an event (predicted / gold);
- kind, status: over sentences where both have an event;
- date: over dates read from the text (precision not "published"/"unknown"), both sides;
- killed, injured: over figures given (not None);
- location: a predicted place name that overlaps one of the gold names.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from articles.model import Article
from events.model import DATE_PUBLISHED, DATE_UNKNOWN, ROLE_EVENT, Event
from geodata.documents import read_corpus

DEFAULT_SET = Path(__file__).resolve().parents[2] / "events" / "eval" / "geovirus_events.jsonl"
FIELDS = ("event", "kind", "status", "date", "killed", "injured", "location")
_NO_TEXT_DATE = (DATE_PUBLISHED, DATE_UNKNOWN)


@dataclass(frozen=True)
class Score:
    """Counts for one field: predicted values, gold values, right ones."""

    predicted: int
    gold: int
    right: int

    @property
    def precision(self) -> float:
        return self.right / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.right / self.gold if self.gold else 0.0


def load_set(path: Path) -> list[dict]:
    """The annotated sentences of a set file."""
    return read_corpus(path)


def pick(events: list[Event], text: str, gold: dict | None) -> Event | None:
    """The predicted event to compare: trigger overlapping the gold one, else the first."""
    events = [e for e in events if e.role == ROLE_EVENT]
    if not events:
        return None
    if gold is not None:
        start = text.find(gold["trigger"])
        end = start + len(gold["trigger"])
        for event in events:
            if event.trigger_start < end and start < event.trigger_end:
                return event
    return min(events, key=lambda e: e.trigger_start)


def compare(item: dict, predicted: Event | None) -> Counter:
    """Per-field counts for one sentence: "<field>:p", "<field>:g", "<field>:r"."""
    gold, counts = item["event"], Counter()

    def tally(field: str, said: bool, truth: bool, right: bool) -> None:
        counts[f"{field}:p"] += said
        counts[f"{field}:g"] += truth
        counts[f"{field}:r"] += said and truth and right

    tally("event", predicted is not None, gold is not None, True)
    if predicted is None or gold is None:
        for field, value in _gold_values(gold).items():
            tally(field, False, value, False)
        if predicted is not None:
            for field, value in _predicted_values(predicted).items():
                tally(field, value, False, False)
        return counts
    tally("kind", True, True, predicted.kind == gold["kind"])
    tally("status", True, True, predicted.status == gold["status"])
    text_date = predicted.date_precision not in _NO_TEXT_DATE
    gold_date = gold["date_precision"] not in _NO_TEXT_DATE
    same_date = predicted.date is not None and predicted.date.isoformat() == gold["date"]
    tally("date", text_date, gold_date, same_date)
    for field in ("killed", "injured"):
        value = getattr(predicted, field)
        tally(field, value is not None, gold[field] is not None, value == gold[field])
    names = gold["locations"]
    tally("location", bool(predicted.name), bool(names), _overlaps(predicted.name, names))
    return counts


def _gold_values(gold: dict | None) -> dict[str, bool]:
    if gold is None:
        return {}
    return {
        "kind": True,
        "status": True,
        "date": gold["date_precision"] not in _NO_TEXT_DATE,
        "killed": gold["killed"] is not None,
        "injured": gold["injured"] is not None,
        "location": bool(gold["locations"]),
    }


def _predicted_values(event: Event) -> dict[str, bool]:
    return {
        "kind": True,
        "status": True,
        "date": event.date_precision not in _NO_TEXT_DATE,
        "killed": event.killed is not None,
        "injured": event.injured is not None,
        "location": bool(event.name),
    }


def _overlaps(name: str, gold_names: list[str]) -> bool:
    return bool(name) and any(name in g or g in name for g in gold_names)


def reliability(
    pairs: list[tuple[float, bool]], bins: int = 5
) -> list[tuple[str, int, float, float]]:
    """(bin, count, mean confidence, share right) per confidence bin, for a reliability table."""
    table = []
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        inside = [(p, r) for p, r in pairs if low <= p < high or (b == bins - 1 and p == 1.0)]
        if inside:
            mean = sum(p for p, _ in inside) / len(inside)
            right = sum(r for _, r in inside) / len(inside)
            table.append((f"{low:.1f}-{high:.1f}", len(inside), mean, right))
    return table


def evaluate(
    items: list[dict],
    geoparser,
    show=None,
    judged: bool = True,
    confidences=None,
    kind_pairs=None,
) -> dict[str, Score]:
    """Scores per field over ``items`` (``show``: a callback getting each item and event;
    ``judged`` False: the rules alone, without the learned judge). ``confidences``, a list,
    receives ``(confidence, is an event, kind right)`` for each sentence's compared event;
    ``kind_pairs``, a list, ``(gold kind or None, said kind or None)`` for each sentence."""
    from events.extract import extract_many

    admin = getattr(getattr(geoparser, "gazetteer", None), "admin1", None)
    totals: Counter = Counter()
    resolved = geoparser.parse_many(item["text"] for item in items)
    for item, toponyms in zip(items, resolved, strict=True):
        published = date.fromisoformat(item["published"]) if item.get("published") else None
        article = Article(id=item["id"], title="", text=item["text"], published=published)
        options = {} if judged else {"judge": lambda drafts, text: drafts}
        [events] = extract_many([(article, toponyms)], admin_lookup=admin, **options)
        predicted = pick(events, item["text"], item["event"])
        totals += compare(item, predicted)
        if confidences is not None and predicted is not None:
            gold = item["event"]
            right_kind = gold is not None and predicted.kind == gold["kind"]
            confidences.append((predicted.confidence, gold is not None, right_kind))
        if kind_pairs is not None:
            gold = item["event"]
            kind_pairs.append((gold and gold["kind"], predicted and predicted.kind))
        if show is not None:
            show(item, predicted)
    return {f: Score(totals[f"{f}:p"], totals[f"{f}:g"], totals[f"{f}:r"]) for f in FIELDS}


def kind_table(
    pairs: list[tuple[str | None, str | None]],
) -> list[tuple[str, int, float, int, float]]:
    """Per kind: (kind, gold events matched by an event, share of them given this kind, events
    said to be of this kind, share of those that are a real event of this kind)."""
    kinds = sorted({k for pair in pairs for k in pair if k is not None})
    rows = []
    for kind in kinds:
        matched = [said for gold, said in pairs if gold == kind and said is not None]
        said = [gold for gold, told in pairs if told == kind]
        rows.append(
            (
                kind,
                len(matched),
                sum(s == kind for s in matched) / len(matched) if matched else 0.0,
                len(said),
                sum(g == kind for g in said) / len(said) if said else 0.0,
            )
        )
    return rows


def _show(item: dict, event: Event | None) -> None:
    gold = item["event"]
    said = (
        None
        if event is None
        else (event.kind, event.status, event.trigger, event.name, str(event.date),
              event.date_precision, event.killed, event.injured)
    )  # fmt: skip
    wanted = None if gold is None else (
        gold["kind"], gold["status"], gold["trigger"], gold["locations"], gold["date"],
        gold["date_precision"], gold["killed"], gold["injured"],
    )  # fmt: skip
    print(f"{item['id']}: {item['text'][:90]}\n   gold {wanted}\n   said {said}")


def main(argv: list[str] | None = None) -> int:
    """Print precision and recall per field."""
    parser = argparse.ArgumentParser(prog="python -m events.evaluate", description=__doc__)
    parser.add_argument("set", nargs="?", type=Path, default=DEFAULT_SET)
    parser.add_argument("--show", action="store_true", help="print every sentence's result")
    parser.add_argument(
        "--rules-only", action="store_true", help="the rules alone, without the learned judge"
    )
    args = parser.parse_args(argv)

    from geodata.geoparser import Geoparser

    items = load_set(args.set)
    judged: list[tuple[float, bool, bool]] = []
    kind_pairs: list[tuple[str | None, str | None]] = []
    scores = evaluate(
        items,
        Geoparser.default(),
        _show if args.show else None,
        judged=not args.rules_only,
        confidences=judged,
        kind_pairs=kind_pairs,
    )
    print(f"{args.set}: {len(items)} sentences")
    print(f"{'field':>10} {'precision':>9} {'recall':>7} {'right':>6} {'said':>5} {'gold':>5}")
    for field, score in scores.items():
        print(
            f"{field:>10} {score.precision:9.3f} {score.recall:7.3f} {score.right:6d} "
            f"{score.predicted:5d} {score.gold:5d}"
        )
    print("\nper kind: gold events matched, kind right among them; events said, right")
    print(f"{'kind':>26} {'matched':>7} {'right':>5} {'said':>5} {'right':>5}")
    for kind, matched, recall, said, precision in kind_table(kind_pairs):
        print(f"{kind:>26} {matched:7d} {recall:5.2f} {said:5d} {precision:5.2f}")
    if not args.rules_only:
        print("\nreliability of the confidence of the compared events:")
        print(f"{'bin':>9} {'events':>6} {'mean conf':>9} {'real':>5} {'kind right':>10}")
        event_table = reliability([(c, real) for c, real, _ in judged])
        kind_right = dict((b[0], b[3]) for b in reliability([(c, k) for c, _, k in judged]))
        for name, count, mean, right in event_table:
            print(f"{name:>9} {count:6d} {mean:9.3f} {right:5.2f} {kind_right[name]:10.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
