"""Train the event judge on hand-annotated sentences and say how good it is.

    python -m events.train SET.jsonl [SET.jsonl ...] [--folds 5] [--out WEIGHTS] [--dry-run]

Every draft the rules propose on the sets' sentences is an example (tools/eventsets/judge_data).
Folds split by document. The command prints, over out-of-fold predictions: the field scores of
``python -m events.evaluate`` (the whole pipeline with each fold's judge), the judge's accuracy,
and a reliability table of its confidence; then trains on everything and writes the weights
(events/classify/judge_weights.json) unless ``--dry-run``. Deterministic: the same sets give
the same weights.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np

from events.classify.features import VECTOR_SIZE
from events.classify.judge import FIGURE_FLOOR, FLOOR, WEIGHTS, Judge, judge_drafts
from tools.eventsets.judge_data import Example, examples, fold_of, prepare
from tools.eventtools.evaluate import FIELDS, compare, load_set, pick, reliability

MIN_COUNT = 2  # a feature seen fewer times is dropped
C_EVENT = 0.5
C_KIND = 1.0
C_FIGURE = 0.5


def _vocabulary(train: list[Example]) -> list[str]:
    counts = Counter(f for e in train for f in e.features)
    return sorted(f for f, n in counts.items() if n >= MIN_COUNT or f == "bias")


def _matrix(rows: list[Example], vocabulary: list[str]):
    """The rows' named features (columns in ``vocabulary`` order), then their dense features
    when they have them."""
    from scipy.sparse import csr_matrix, hstack

    index = {f: i for i, f in enumerate(vocabulary)}
    data, cols, ptr = [], [], [0]
    for row in rows:
        for name, value in row.features.items():
            if name in index:
                cols.append(index[name])
                data.append(value)
        ptr.append(len(cols))
    named = csr_matrix((data, cols, ptr), shape=(len(rows), len(vocabulary)))
    if not _dense(rows):
        return named
    dense = np.array([_vector_of(row) for row in rows])
    return hstack([named, csr_matrix(dense)], format="csr")


def _dense(rows) -> bool:
    return any(getattr(row, "vector", None) is not None for row in rows)


def _vector_of(row) -> np.ndarray:
    vector = getattr(row, "vector", None)
    return vector if vector is not None else np.zeros(VECTOR_SIZE)


def fit(
    train: list[Example],
    calibration: tuple[float, float] = (1.0, 0.0),
    figure_calibration: tuple[float, float] = (1.0, 0.0),
) -> dict:
    """The judge's weights (the dict Judge reads) fitted on ``train``."""
    from sklearn.linear_model import LogisticRegression

    vocabulary = _vocabulary(train)
    weights = _fit_binary([e for e in train if e.event is not None], vocabulary, C_EVENT)
    typed = [e for e in train if e.kind is not None]
    # Balanced: the rare kinds (riots, shelling, displacement) count as much as the common.
    kinds = LogisticRegression(
        C=C_KIND, max_iter=3000, fit_intercept=False, class_weight="balanced"
    )
    kinds.fit(_matrix(typed, vocabulary), [e.kind for e in typed])
    classes = [str(c) for c in kinds.classes_]
    coef = kinds.coef_ if len(classes) > 2 else [-kinds.coef_[0], kinds.coef_[0]]
    rows = {}
    for i, name in enumerate(vocabulary):
        row = [round(float(c[i]), 5) for c in coef]
        if any(abs(w) > 1e-5 for w in row):
            rows[name] = row
    kind = {"classes": classes, "weights": rows, "intercept": [0.0] * len(classes)}
    if _dense(typed):  # one row per dense dimension, a weight per class
        kind["dense"] = [
            [round(float(c[i]), 5) for c in coef]
            for i in range(len(vocabulary), len(vocabulary) + VECTOR_SIZE)
        ]
    return {
        "event": {**weights, "intercept": 0.0, "calibration": list(calibration)},
        "kind": kind,
        "figure": fit_figures(train, figure_calibration),
    }


def fit_figures(train: list[Example], calibration: tuple[float, float] = (1.0, 0.0)) -> dict:
    """The figure gate's weights: is a casualty figure its event's right figure."""
    rows = [_FigureRow(f, right) for e in train for f, right in e.figures]
    if len({r.event for r in rows}) < 2:
        return {"weights": {}, "intercept": 0.0}
    fitted = _fit_binary(rows, _vocabulary(rows), C_FIGURE)
    return {**fitted, "intercept": 0.0, "calibration": list(calibration)}


def _fit_binary(rows, vocabulary: list[str], c: float) -> dict:
    """A logistic regression of ``rows``' ``event`` (0/1) on their features: the non-zero
    ``weights`` of the named ones, and the ``dense`` ones' when the rows have them."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=2000, fit_intercept=False)
    model.fit(_matrix(rows, vocabulary), [r.event for r in rows])
    coef = model.coef_[0]
    fitted: dict = {
        "weights": {
            f: round(float(w), 5)
            for f, w in zip(vocabulary, coef[: len(vocabulary)], strict=True)
            if abs(w) > 1e-5
        }
    }
    if _dense(rows):
        fitted["dense"] = [round(float(w), 5) for w in coef[len(vocabulary) :]]
    return fitted


@dataclass(frozen=True)
class _FigureRow:
    """One figure as a row for _vocabulary and _matrix (they read ``features``)."""

    features: dict[str, float]
    event: int  # 1: the right figure


def _platt(scores: list[float], truth: list[int]) -> tuple[float, float]:
    """(a, b) so that sigmoid(a * z + b) is calibrated on out-of-fold scores z."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=100.0).fit([[s] for s in scores], truth)
    return float(model.coef_[0][0]), float(model.intercept_[0])


def _z(judge: Judge, example: Example) -> float:
    return _logit(judge.event_probability(example.features, example.vector))


def _logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))


def rules_only(prepared, admin_lookup=None) -> dict:
    """The events.evaluate counts of the rules alone (no judge), for comparison."""
    from events.extract import extract_many

    totals: Counter = Counter()
    pairs = [(p.article, p.toponyms) for p in prepared]
    unjudged = extract_many(pairs, None, admin_lookup, judge=lambda drafts, text: drafts)
    for p, events in zip(prepared, unjudged, strict=True):
        totals += compare(p.item, pick(events, p.item["text"], p.item["event"]))
    return {f: (totals[f"{f}:p"], totals[f"{f}:g"], totals[f"{f}:r"]) for f in FIELDS}


def cross_validate(
    prepared,
    found: list[Example],
    folds: int,
    admin_lookup=None,
    floors=(FLOOR,),
    figure_floors=(FIGURE_FLOOR,),
) -> dict:
    """Out-of-fold figures: field scores (for each pair of event and figure confidence
    floors), judge accuracy, and the Platt scalings to ship."""
    fold = {p.item["id"]: fold_of(p.item, folds) for p in prepared}
    pairs_of_floors = [(f, g) for f in floors for g in figure_floors]
    totals = {pair: Counter() for pair in pairs_of_floors}
    scored: list[tuple[float, int]] = []
    figures_scored: list[tuple[float, int]] = []
    confusions: Counter = Counter()  # (gold kind, said kind) of matched events, first floors
    outcomes: list[dict] = []  # each sentence's gold and said event, first floors
    kinds_right = kinds_total = 0
    for k in range(folds):
        train = [e for e in found if fold[e.item] != k]
        test = [e for e in found if fold[e.item] == k]
        judge = Judge(fit(train))
        scored += [(_z(judge, e), e.event) for e in test if e.event is not None]
        figures_scored += [
            (_logit(judge.figure_probability(f)), right) for e in test for f, right in e.figures
        ]
        for e in test:
            if e.kind is not None:
                probabilities = judge.kind_probabilities(e.features, e.vector)
                kinds_total += 1
                kinds_right += max(probabilities, key=probabilities.get) == e.kind
        from events.extract import extract_many

        items = [p for p in prepared if fold[p.item["id"]] == k]
        pairs = [(p.article, p.toponyms) for p in items]
        for floor, figure_floor in pairs_of_floors:
            chosen = partial(judge_drafts, judge=judge, floor=floor, figure_floor=figure_floor)
            extracted = extract_many(pairs, None, admin_lookup, judge=chosen)
            for p, events in zip(items, extracted, strict=True):
                said = pick(events, p.item["text"], p.item["event"])
                totals[floor, figure_floor] += compare(p.item, said)
                gold = p.item["event"]
                if (floor, figure_floor) != pairs_of_floors[0]:
                    continue
                if said and gold:
                    confusions[gold["kind"], said.kind] += 1
                outcomes.append(_outcome(p.item, said))
    a, b = _platt([z for z, _ in scored], [t for _, t in scored])
    calibrated = [(1 / (1 + math.exp(-(a * z + b))), t == 1) for z, t in scored]
    fa, fb = _platt([z for z, _ in figures_scored], [t for _, t in figures_scored])
    figures_calibrated = [(1 / (1 + math.exp(-(fa * z + fb))), t == 1) for z, t in figures_scored]
    return {
        "fields": {
            pair: {f: (t[f"{f}:p"], t[f"{f}:g"], t[f"{f}:r"]) for f in FIELDS}
            for pair, t in totals.items()
        },
        "kind_accuracy": kinds_right / max(kinds_total, 1),
        "kind_examples": kinds_total,
        "reliability": reliability(calibrated),
        "calibration": (a, b),
        "figure_reliability": reliability(figures_calibrated),
        "figure_calibration": (fa, fb),
        "confusions": confusions,
        "outcomes": outcomes,
    }


def _outcome(item: dict, said) -> dict:
    """One training sentence's gold event beside the out-of-fold event said of it (for reading
    the judge's mistakes on training sentences; never run this on the held-out split)."""
    fields = ("trigger", "kind", "killed", "injured", "status")
    gold = item["event"]
    return {
        "id": item["id"],
        "text": item["text"],
        "gold": {f: gold.get(f) for f in fields} if gold else None,
        "said": None
        if said is None
        else {
            "trigger": said.trigger,
            "kind": said.kind,
            "killed": said.killed,
            "injured": said.injured,
            "status": said.status,
            "confidence": round(said.confidence, 3),
        },
    }


def print_fields(fields: dict, out=sys.stdout) -> None:
    """The events.evaluate table from (said, gold, right) counts."""
    print(
        f"{'field':>10} {'precision':>9} {'recall':>7} {'right':>6} {'said':>5} {'gold':>5}",
        file=out,
    )
    for field, (said, gold, right) in fields.items():
        p = right / said if said else 0.0
        r = right / gold if gold else 0.0
        print(f"{field:>10} {p:9.3f} {r:7.3f} {right:6d} {said:5d} {gold:5d}", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m events.train", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("sets", nargs="+", type=Path, help="annotated sentence sets (JSON Lines)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=WEIGHTS)
    parser.add_argument(
        "--floors", type=float, nargs="+", default=[FLOOR], help="confidence floors to score"
    )
    parser.add_argument(
        "--figure-floors",
        type=float,
        nargs="+",
        default=[FIGURE_FLOOR],
        help="casualty-figure confidence floors to score",
    )
    parser.add_argument("--dry-run", action="store_true", help="print figures, write nothing")
    parser.add_argument(
        "--errors",
        type=Path,
        help="write each sentence's gold and out-of-fold event here (JSON Lines), to read "
        "the judge's mistakes on training sentences",
    )
    args = parser.parse_args(argv)

    from geodata.geoparser import Geoparser

    items = [item for path in args.sets for item in load_set(path)]
    geoparser = Geoparser.default()
    admin = getattr(getattr(geoparser, "gazetteer", None), "admin1", None)
    prepared = prepare(items, geoparser)
    found = examples(prepared, None, admin)
    labelled = [e for e in found if e.event is not None]
    positive = sum(e.event == 1 for e in labelled)
    print(
        f"{len(items)} sentences, {len(found)} drafts: {positive} events, "
        f"{sum(e.event == 0 for e in labelled)} not, {len(found) - len(labelled)} unknown; "
        f"{sum(e.kind is not None for e in found)} with a gold kind"
    )
    print("\nthe rules alone (no judge):")
    print_fields(rules_only(prepared, admin))
    result = cross_validate(prepared, found, args.folds, admin, args.floors, args.figure_floors)
    for (floor, figure_floor), fields in result["fields"].items():
        print(
            f"\nout-of-fold ({args.folds} folds by document), confidence floor {floor}, "
            f"figure floor {figure_floor}:"
        )
        print_fields(fields)
    print(
        f"\njudge's own kind accuracy on drafts with a gold kind: {result['kind_accuracy']:.3f} "
        f"({result['kind_examples']})"
    )
    print("\nkind confusions out of fold (gold -> said, matched events, the commonest):")
    for (gold, said), count in result["confusions"].most_common():
        if gold != said and count >= 5:
            print(f"{count:5d}  {gold} -> {said}")
    print("\nreliability of the event confidence (out of fold, calibrated):")
    print(f"{'bin':>9} {'drafts':>6} {'mean conf':>9} {'events':>6}")
    for name, count, mean, right in result["reliability"]:
        print(f"{name:>9} {count:6d} {mean:9.3f} {right:6.3f}")
    print("\nreliability of the casualty-figure confidence (out of fold, calibrated):")
    print(f"{'bin':>9} {'figures':>7} {'mean conf':>9} {'right':>6}")
    for name, count, mean, right in result["figure_reliability"]:
        print(f"{name:>9} {count:7d} {mean:9.3f} {right:6.3f}")
    if args.errors:
        with args.errors.open("w", encoding="utf-8") as out:
            for outcome in result["outcomes"]:
                out.write(json.dumps(outcome, ensure_ascii=False) + "\n")
        print(f"\nwrote {len(result['outcomes'])} out-of-fold outcomes to {args.errors}")
    weights = fit(found, result["calibration"], result["figure_calibration"])
    weights["meta"] = {
        "command": "python -m events.train " + " ".join(str(p) for p in args.sets),
        "sentences": len(items),
        "drafts": len(found),
    }
    if not args.dry_run:
        args.out.write_text(json.dumps(weights, sort_keys=True, indent=0) + "\n", encoding="utf-8")
        print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
