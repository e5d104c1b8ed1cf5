"""Train the resolver's ranking weights on gold corpora, and report them cross-validated.

    python -m geodata.train_ranker LGL.jsonl GeoVirus.jsonl [--out WEIGHTS.json]

Corpora are in the benchmark format (``{"id", "text", "toponyms": [{"start", "end", "lat",
"lon"}]}``, see ``python -m geodata.bench``). Recognition runs once; then, for each name our
recognizer found that overlaps a gold toponym with coordinates, the readings within 161 km of the
gold point are the right answers. Two conditional logit models are fitted: the
readings on their own, then with the article's coherence support computed from the first.

Only held-out figures are printed: each corpus scored by weights trained on the other corpora
(cross-corpus), and a k-fold split by document over all of them. The weights written at the end
are trained on everything; their in-sample scores are not a measure of anything.
"""

from __future__ import annotations

import argparse
import json
import sys
import zlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tqdm import tqdm

from geodata.bench import ACCURACY_KM, Scores, haversine_km, match_spans, score
from geodata.coherence import COHERENCE_FEATURES
from geodata.conditional_logit import Group, fit
from geodata.documents import read_corpus
from geodata.model import Toponym
from geodata.names import normalize
from geodata.ranker import COMBINED_FEATURES, WEIGHTS_PATH, Ranker
from geodata.resolve import (
    article_names,
    coherence_for,
    name_readings,
    resolve_toponyms,
    without_namesake_divisions,
)
from geodata.resolve_features import LOCAL_FEATURES, local_features

L2 = 1e-4
# Evidence that can only speak for a reading; the rest (kinds, how the name matched) may go
# either way. The population gap is not here: it overlaps log_population, whose sign is held.
SUPPORTING = frozenset(
    {
        "log_population",
        "country_named",
        "country_share",
        "admin1_named",
        "container",
        *COHERENCE_FEATURES,
    }
)
# A prior, not learned: political news names capitals for their governments ("talks in
# Washington"), and the training corpora (local US news, epidemics) have little of it.
CAPITAL_FLOOR = 1.0
MAX_READINGS = 200  # readings of one name weighed in training ("Springfield" has ~100)


@dataclass(frozen=True)
class RecognizedDoc:
    """A gold document with the toponyms our recognizer found in it."""

    corpus: str
    gold: dict
    toponyms: list[Toponym]


def recognize(geoparser, corpora: dict[str, list[dict]]) -> list[RecognizedDoc]:
    """Run recognition (NER and rules) once over every document."""
    from geodata.geoparser import BATCH_SIZE
    from geodata.recognize import find_toponyms

    docs = [(name, doc) for name, corpus in corpora.items() for doc in corpus]
    pairs = ((doc["text"], (name, doc)) for name, doc in docs)
    found = []
    stream = geoparser.nlp.pipe(pairs, batch_size=BATCH_SIZE, as_tuples=True)
    for spacy_doc, (name, doc) in tqdm(stream, total=len(docs), unit="doc", desc="recognize"):
        toponyms = find_toponyms(spacy_doc, geoparser._lookup, doc["text"])
        found.append(RecognizedDoc(name, doc, toponyms))
    return found


def gold_points(doc: RecognizedDoc) -> dict[str, list[tuple[float, float]]]:
    """Name key -> the gold points of its mentions that overlap a gold toponym with coordinates."""
    mentions = [
        {"start": t.start, "end": t.end, "key": normalize(t.name)}
        for t in doc.toponyms
        if not t.demonym and t.source != "border"
    ]
    points = defaultdict(list)
    for gold, mention in match_spans(doc.gold["toponyms"], mentions):
        if gold.get("lat") is not None and gold.get("lon") is not None:
            points[mention["key"]].append((gold["lat"], gold["lon"]))
    return points


def _right(candidates, point) -> np.ndarray:
    return np.array(
        [haversine_km(*point, c.place.lat, c.place.lon) <= ACCURACY_KM for c in candidates]
    )


def alone_groups(doc: RecognizedDoc, gazetteer) -> list[Group]:
    """Decisions for the first model: every reading of each gold-matched name, on its own."""
    points = gold_points(doc)
    names = article_names(doc.gold["text"], doc.toponyms, gazetteer)
    groups, seen = [], set()
    for toponym in names.firm:
        key = normalize(toponym.name)
        if toponym.demonym or toponym.source == "border" or key in seen or key not in points:
            continue
        seen.add(key)
        kept = without_namesake_divisions(names.candidates[toponym])[:MAX_READINGS]
        features = local_features(kept, names.context.without(key), names.containers.get(toponym))
        groups += _groups_for(features, kept, points[key])
    return groups


def combined_groups(doc: RecognizedDoc, gazetteer, ranker: Ranker) -> list[Group]:
    """Decisions for the second model: the readings the first keeps, with coherence support."""
    points = gold_points(doc)
    names = article_names(doc.gold["text"], doc.toponyms, gazetteer)
    readings = name_readings(names.firm, names.candidates, names.context, names.containers, ranker)
    groups = []
    for reading, support in zip(readings, coherence_for(readings), strict=True):
        if reading.key in points:
            features = np.hstack([reading.features, support])
            groups += _groups_for(features, reading.candidates, points[reading.key])
    return groups


def _groups_for(features, candidates, points) -> list[Group]:
    """One group per distinct gold point of a name, counted by its mentions."""
    counts: dict[tuple[float, float], int] = defaultdict(int)
    for point in points:
        counts[point] += 1
    return [Group(features, _right(candidates, p), float(n)) for p, n in counts.items()]


def train(docs: Sequence[RecognizedDoc], gazetteer, l2: float = L2) -> Ranker:
    """Fit both models on the documents."""
    groups = [g for d in docs for g in alone_groups(d, gazetteer)]
    alone = fit(groups, l2=l2, lower=_floors(LOCAL_FEATURES))
    first = Ranker(alone=alone, combined=np.zeros(0))
    groups = [g for d in docs for g in combined_groups(d, gazetteer, first)]
    combined = fit(groups, l2=l2, lower=_floors(COMBINED_FEATURES))
    return Ranker(alone=alone, combined=combined)


def _floors(names: tuple[str, ...]) -> np.ndarray:
    """The lowest weight each feature may take."""
    floors = {name: 0.0 for name in SUPPORTING} | {"capital": CAPITAL_FLOOR}
    return np.array([floors.get(name, -np.inf) for name in names])


def evaluate(docs: Sequence[RecognizedDoc], geoparser, ranker: Ranker) -> Scores:
    """The benchmark's scores for these documents, resolved with ``ranker``."""
    predictions = {}
    for doc in docs:
        predictions.update(_predict(doc, geoparser, ranker))
    return score([d.gold for d in docs], predictions)


def fold_of(doc: RecognizedDoc, folds: int) -> int:
    """A document's fold: stable, from a hash of its id."""
    return zlib.crc32(doc.gold["id"].encode("utf-8")) % folds


def _line(label: str, scores: Scores) -> str:
    return (
        f"{label:<34} acc@161 {scores.acc161:.3f}  e2e {scores.e2e_acc161:.3f}"
        f"  median {scores.median_km:.1f} km  ({scores.resolved_pairs} pairs)"
    )


def main(argv: list[str] | None = None) -> int:
    """Cross-validate, then train on everything and write the weights."""
    parser = argparse.ArgumentParser(prog="python -m geodata.train_ranker", description=__doc__)
    parser.add_argument("corpora", nargs="+", type=Path)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--l2", type=float, default=L2)
    parser.add_argument(
        "--out", type=Path, default=WEIGHTS_PATH, help=f"default: the shipped {WEIGHTS_PATH}"
    )
    parser.add_argument("--dry-run", action="store_true", help="report only; write no weights")
    parser.add_argument(
        "--predictions", type=Path, help="folder for the k-fold predictions (NAME.pred.jsonl)"
    )
    args = parser.parse_args(argv)

    from geodata.geoparser import Geoparser

    geoparser = Geoparser.default()
    corpora = {path.stem: read_corpus(path) for path in args.corpora}
    docs = recognize(geoparser, corpora)
    gazetteer = geoparser.gazetteer
    report = {}
    for name in corpora:
        held_out = [d for d in docs if d.corpus == name]
        others = [d for d in docs if d.corpus != name]
        if others:
            scores = evaluate(held_out, geoparser, train(others, gazetteer, args.l2))
            print(_line(f"{name} (trained on the others)", scores))
            report[f"{name}_cross_corpus"] = _summary(scores)
    by_corpus = defaultdict(list)
    for k in range(args.folds):
        model = train([d for d in docs if fold_of(d, args.folds) != k], gazetteer, args.l2)
        for d in docs:
            if fold_of(d, args.folds) == k:
                by_corpus[d.corpus].append((d, model))
    for name, pairs in by_corpus.items():
        predictions = {}
        for doc, model in pairs:
            predictions.update(_predict(doc, geoparser, model))
        scores = score([d.gold for d, _ in pairs], predictions)
        print(_line(f"{name} ({args.folds}-fold by document)", scores))
        if args.predictions:
            _write_predictions(args.predictions / f"{name}.pred.jsonl", predictions)
        report[f"{name}_{args.folds}_fold"] = _summary(scores)
    if args.dry_run:
        return 0
    final = train(docs, gazetteer, args.l2)
    data = final.to_dict() | {"trained_on": sorted(corpora), "held_out_scores": report}
    args.out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"weights trained on {', '.join(sorted(corpora))} written to {args.out}", file=sys.stderr)
    return 0


def _predict(doc, geoparser, ranker) -> dict[str, list[dict]]:
    from geodata.geoparse import toponym_record

    resolved = resolve_toponyms(
        doc.gold["text"], doc.toponyms, geoparser.gazetteer, geoparser.border_point, ranker
    )
    return {doc.gold["id"]: [r for r in map(toponym_record, resolved) if r is not None]}


def _write_predictions(path: Path, predictions: dict[str, list[dict]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for doc_id, toponyms in predictions.items():
            out.write(json.dumps({"id": doc_id, "toponyms": toponyms}) + "\n")


def _summary(scores: Scores) -> dict:
    return {"acc161": round(scores.acc161, 3), "e2e_acc161": round(scores.e2e_acc161, 3)}


if __name__ == "__main__":
    sys.exit(main())
