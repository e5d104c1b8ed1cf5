"""Train the ranker that picks an event's place (the attachment ranker) on event_location-style
gold.

    python -m events.train_attach event_location_dev.jsonl --skip-source Masdar_RA \
        [--half 0|1] [--out PATH]

Runs the whole pipeline (geoparser, then extract_events) over the gold sentences and records,
for the event whose trigger words cover each record's event verb, the features of every
candidate place and of "no place". A candidate is right when it
overlaps a gold place; "no place" is right when none does (also when the geoparser missed the
gold place: naming another one would be wrong). The conditional-logit model is fitted by
gradient descent with an L2 penalty (numpy), and the 2-fold figures on the halves of
``python -m events.locations_eval`` are printed (train on one half, score the other).
``--half N`` trains on half N only, so that ``python -m events.locations_eval`` on the other
half is held out; without it the model is fitted on everything (the shipped weights).

``--extra SET.jsonl ...`` adds our own hand-annotated sentences (the format of the project's
annotated event sets: a gold trigger and the places as written), so the ranker also learns the
conventions the project measures events with; where one of them
is an event_location sentence too, our annotation replaces that record. ``--hold-out
SET.jsonl ...`` leaves out of training every record of a document those sets hold (the held-out
split: no sentence of a held-out story is learned from, so its location figures stay honest).

``--skip-source`` leaves one annotation source out of training (its records are still
scored). The shipped weights leave out Masdar_RA: where our rules find a place, its gold
agrees 24% of the time against 78-100% for every other source, and 16% of its parsed records
have a place at all (63-90% elsewhere), so it follows another convention; trained with it, the
model learns that "killed" events have no place ("killed by a mortar in al-Tijara
neighbourhood in central Damascus": no place, in that source).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from articles.model import Article
from events.detect.triggers import SUPPORT
from events.locate.attach_model import WEIGHTS_PATH, AttachModel, save_model
from geodata.documents import read_corpus
from tools.eventtools.locations_eval import half

_WIRE_ID = re.compile(r"^evloc-([A-Z]{3}_[A-Z]{3}_\d{8}\.\d{4})")

L2 = 1.0  # penalty on the squared weights (summed over the training groups' log-likelihood)
MIN_COUNT = 3  # features seen fewer times in training are dropped
MIN_HINT = 30  # events of a hint rarer than this in training are left to the rules
STEPS = 600


@dataclass(frozen=True)
class Example:
    """One event's options: features per candidate then "no place", and which are right."""

    record_id: str
    features: list[dict[str, float]]
    right: list[bool]


def collect(records: list[dict], geoparser) -> list[Example]:
    """The ranker's training examples, one per record whose verb a trigger group covers."""
    from events.extract import extract_many
    from events.locate.attach import options

    calls: list = []

    def record(doc, trigger_tokens, hints, candidates):
        calls.append(
            (
                doc.text,
                [(t.idx, t.idx + len(t)) for t in trigger_tokens],
                options(doc, trigger_tokens, hints, candidates),
            )
        )
        return []

    articles = [Article(id=r["id"], title="", text=r["text"]) for r in records]
    resolved = geoparser.parse_many(a.text for a in articles)
    examples = []
    # extract_many finishes one article before it yields it: the calls since the last yield
    # are that article's (each checked against the article's text below)
    extracted = extract_many(zip(articles, resolved, strict=True), locate=record)
    for record_, article, _ in zip(records, articles, extracted, strict=True):
        example = _example(record_, article.text, calls)
        if example is not None:
            examples.append(example)
        calls.clear()
    return examples


def _example(record: dict, text: str, calls: list) -> Example | None:
    verbs = record.get("event_verbs") or []
    if not verbs:
        return None
    verb = verbs[0]
    for sentence, triggers, found in calls:
        offset = text.find(sentence)
        if offset < 0:
            continue
        if not any(offset + s < verb["end"] and verb["start"] < offset + e for s, e in triggers):
            continue
        gold = [(t["start"] - offset, t["end"] - offset) for t in record.get("toponyms", [])]
        right = [any(c.start < e and s < c.end for s, e in gold) for c, _ in found.pairs]
        right.append(not any(right))
        return Example(record["id"], [*found.features, found.none_features], right)
    return None


def document(record_id: str) -> str:
    """The story an event_location record comes from (its wire-story id when it has one), as
    the event sets name it (tools/eventsets/sample.py)."""
    wire = _WIRE_ID.match(record_id)
    return wire.group(1) if wire else record_id.strip()


def from_annotated(row: dict) -> dict | None:
    """One of our annotated sentences as an event_location-style record (the trigger as its
    event verb, each place as written as a gold span), or None when it has no event or a
    word of it is not found in the text. Its id is the event_location record's when it is
    one (so it falls in the same half)."""
    event = row.get("event")
    text = row["text"]
    if not event or not event.get("trigger"):
        return None
    verb = _span(text, event["trigger"])
    spans = [_span(text, name) for name in event.get("locations") or []]
    if verb is None or any(s is None for s in spans):
        return None
    return {
        "id": (row.get("record") or row["id"]).strip(),
        "text": text,
        "event_verbs": [{"start": verb[0], "end": verb[1], "text": event["trigger"]}],
        "toponyms": [{"start": a, "end": b} for a, b in spans],
        "source": "annotated",
        "doc": row.get("doc") or row["id"],
    }


def _span(text: str, words: str) -> tuple[int, int] | None:
    at = text.find(words)
    return None if at < 0 else (at, at + len(words))


def training_records(records: list[dict], extra: list[dict], held_out: list[dict]) -> list[dict]:
    """event_location records and our annotated ones (converted; replacing an
    event_location record of the same text), none from a document of ``held_out``."""
    held_docs = {row.get("doc") for row in held_out}
    held_texts = {row["text"].strip() for row in held_out}
    ours = [r for r in map(from_annotated, extra) if r is not None]
    ours = [r for r in ours if r["doc"] not in held_docs and r["text"].strip() not in held_texts]
    replaced = {r["text"].strip() for r in ours}
    kept = [
        r
        for r in records
        if document(r["id"]) not in held_docs
        and r["text"].strip() not in held_texts
        and r["text"].strip() not in replaced
    ]
    return kept + ours


def _read_sets(paths: list[Path]) -> list[dict]:
    return [
        json.loads(line) for path in paths for line in path.open(encoding="utf-8") if line.strip()
    ]


def fit(examples: list[Example], l2: float = L2, steps: int = STEPS) -> AttachModel:
    """The conditional-logit weights maximising the log-probability of the right options."""
    counts = Counter(name for ex in examples for f in ex.features for name in f)
    names = sorted(n for n, c in counts.items() if c >= MIN_COUNT)
    index = {n: i for i, n in enumerate(names)}
    rows, cols, vals, groups, target = [], [], [], [], []
    row = 0
    for g, ex in enumerate(examples):
        for f, right in zip(ex.features, ex.right, strict=True):
            for name, value in f.items():
                if name in index:
                    rows.append(row)
                    cols.append(index[name])
                    vals.append(value)
            groups.append(g)
            target.append(right)
            row += 1
    rows_a, cols_a, vals_a = np.array(rows), np.array(cols), np.array(vals, dtype=float)
    group_a, target_a = np.array(groups), np.array(target, dtype=float)
    starts = np.flatnonzero(np.r_[True, group_a[1:] != group_a[:-1]])
    weights = np.zeros(len(names))
    moment, second = np.zeros_like(weights), np.zeros_like(weights)
    for step in range(1, steps + 1):  # Adam on the full batch
        scores = np.bincount(rows_a, weights=weights[cols_a] * vals_a, minlength=row)
        scores -= np.maximum.reduceat(scores, starts)[group_a]
        exps = np.exp(scores)
        probs = exps / np.add.reduceat(exps, starts)[group_a]
        right = probs * target_a
        wanted = right / np.add.reduceat(right, starts)[group_a]
        gradient = np.bincount(
            cols_a, weights=(probs - wanted)[rows_a] * vals_a, minlength=len(names)
        )
        gradient += l2 * weights
        moment = 0.9 * moment + 0.1 * gradient
        second = 0.999 * second + 0.001 * gradient**2
        rate = 0.05 * np.sqrt(1 - 0.999**step) / (1 - 0.9**step)
        weights -= rate * moment / (np.sqrt(second) + 1e-8)
    return AttachModel({n: float(w) for n, w in zip(names, weights, strict=True) if w})


def evaluate(model: AttachModel, examples: list[Example], records: dict[str, dict]) -> dict:
    """Location precision, recall and no-location accuracy over records whose verb a trigger
    group covers (gold places the geoparser missed count as misses). Events whose hints the
    model does not know are left out (the rules decide those)."""
    said = right = with_place = without = none_right = 0
    for ex in examples:
        if not model.knows(ex.features[-1]):
            continue
        best = model.decide(ex.features[:-1], ex.features[-1])
        has_gold = bool(records[ex.record_id].get("toponyms"))
        said += best is not None
        right += best is not None and ex.right[best]
        with_place += has_gold
        without += not has_gold
        none_right += not has_gold and best is None
    precision = right / said if said else 0.0
    recall = right / with_place if with_place else 0.0
    return {
        "examples": len(examples),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "no_location_acc": round(none_right / without, 4) if without else 0.0,
    }


def known_hints(examples: list[Example], least: int = MIN_HINT) -> frozenset[str]:
    """The event hints of at least ``least`` training examples (not "support": a support
    verb alone is no event, events/detect/grouping.py)."""
    counts = Counter(
        name[10:] for ex in examples for name in ex.features[-1] if name.startswith("none:hint=")
    )
    return frozenset(h for h, n in counts.items() if n >= least and h != SUPPORT)


def train(examples: list[Example], l2: float = L2) -> AttachModel:
    """The model fitted on ``examples``, with the hints it may decide."""
    fitted = fit(examples, l2)
    return AttachModel(fitted.weights, hints=known_hints(examples))


def main(argv: list[str] | None = None) -> int:
    """Train, print 2-fold figures, write the weights."""
    parser = argparse.ArgumentParser(prog="python -m events.train_attach", description=__doc__)
    parser.add_argument("gold", type=Path)
    parser.add_argument("--half", type=int, choices=(0, 1), default=None)
    parser.add_argument("--out", type=Path, default=WEIGHTS_PATH)
    parser.add_argument("--l2", type=float, default=L2)
    parser.add_argument(
        "--skip-source",
        action="append",
        default=[],
        metavar="SOURCE",
        help="leave records of this source out of training (still scored)",
    )
    parser.add_argument(
        "--extra",
        type=Path,
        nargs="*",
        default=[],
        metavar="SET",
        help="our annotated sentence sets to train on too",
    )
    parser.add_argument(
        "--hold-out",
        type=Path,
        nargs="*",
        default=[],
        metavar="SET",
        help="annotated sets whose documents are left out of training",
    )
    args = parser.parse_args(argv)

    from geodata.geoparser import Geoparser

    records = training_records(
        read_corpus(args.gold), _read_sets(args.extra), _read_sets(args.hold_out)
    )
    print(f"{len(records)} records ({sum(r.get('source') == 'annotated' for r in records)} ours)")
    examples = collect(records, Geoparser.default())
    by_id = {r["id"]: r for r in records}
    skip = set(args.skip_source)
    usable = [ex for ex in examples if by_id[ex.record_id].get("source") not in skip]
    for held in (0, 1):
        model = train([ex for ex in usable if half(ex.record_id) != held], args.l2)
        test = [ex for ex in examples if half(ex.record_id) == held]
        print(f"trained on half {1 - held}, scored on half {held}: {evaluate(model, test, by_id)}")
    chosen = [ex for ex in usable if args.half is None or half(ex.record_id) == args.half]
    model = train(chosen, args.l2)
    about = {
        "trained_on": f"{args.gold.name}" + ("" if args.half is None else f" half {args.half}"),
        "skipped_sources": sorted(skip),
        "examples": len(chosen),
        "l2": args.l2,
        "command": "python -m events.train_attach " + " ".join(argv or sys.argv[1:]),
    }
    save_model(model, args.out, about)
    print(f"{len(model.weights)} weights -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
