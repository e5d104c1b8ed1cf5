"""Benchmark: ``python -m geodata.bench CORPUS.jsonl [...]`` runs the geoparser over gold
corpora and prints accuracy, speed and memory.

A corpus holds one document a line: ``{"id", "text", "toponyms": [{"start", "end", "name",
"lat", "lon"}]}`` (the format of the public LGL and GeoVirus conversions). Scores follow the
definitions of the benchmark's own scorer, re-implemented here so the project does not depend
on a file outside it:

- recognition: a predicted span matches a gold span when they overlap by one character or more
  (one-to-one, greedy in text order); precision, recall and F1 over all spans;
- resolution, over matched pairs whose gold has coordinates: great-circle error in km (a match
  predicted without coordinates counts as half the Earth's circumference); acc@161 is the share
  within 161 km (100 miles); median error;
- end to end: gold toponyms with coordinates both found and placed within 161 km, over all gold
  toponyms with coordinates.

Speed: the whole geoparse (NER, recognition, resolution) in documents per second, and spaCy's
NER alone over the same texts in the same process, so the ratio does not depend on the machine.
Resolution's share is the time spent after NER (recognition rules and resolution) over the
whole geoparse. Peak memory is the process's maximum resident set size.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import statistics
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from geodata.documents import read_corpus

EARTH_HALF_CIRCUMFERENCE_KM = 20039.0
ACCURACY_KM = 161.0
WARM_UP_DOCUMENTS = 10
CHUNK_DOCUMENTS = 64  # NER-only and whole runs alternate over chunks this size


@dataclass(frozen=True)
class Scores:
    """Recognition, resolution and end-to-end figures for one corpus."""

    documents: int
    gold: int
    predicted: int
    matched: int
    precision: float
    recall: float
    f1: float
    resolved_pairs: int
    acc161: float
    median_km: float
    e2e_acc161: float
    # Misses that are the right country at another point: a country reading > 161 km off whose
    # gold point lies inside that country (gold from Wikipedia puts China at 35N 103E, GeoNames
    # at 35N 105E). Counted only when score() is given a country_at function.
    same_country_misses: int = 0


@dataclass(frozen=True)
class Timing:
    """Throughput and where the time went."""

    docs_per_s: float
    ner_docs_per_s: float
    post_ner_share: float  # recognition rules + resolution, over the whole geoparse
    resolve_share: float  # resolution alone, over the whole geoparse
    peak_mb: float


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _has_coords(toponym: dict) -> bool:
    return toponym.get("lat") is not None and toponym.get("lon") is not None


def match_spans(gold: Sequence[dict], predicted: Sequence[dict]) -> list[tuple[dict, dict]]:
    """Pairs (gold, predicted) of overlapping spans, one-to-one, greedy in text order."""
    pairs, used = [], set()
    ordered = sorted(predicted, key=lambda t: t["start"])
    for g in sorted(gold, key=lambda t: t["start"]):
        for i, p in enumerate(ordered):
            if i not in used and p["start"] < g["end"] and g["start"] < p["end"]:
                used.add(i)
                pairs.append((g, p))
                break
    return pairs


def score(gold_docs: Sequence[dict], predictions: dict[str, list[dict]], country_at=None) -> Scores:
    """Score predicted toponyms (by document id) against gold documents.

    ``country_at(lat, lon)`` (an ISO code or None), when given, counts the misses that are
    country readings of the country the gold point lies in (``Scores.same_country_misses``).
    """
    n_gold = n_pred = n_match = n_gold_coords = e2e_hits = same_country = 0
    errors: list[float] = []
    for doc in gold_docs:
        gold = doc["toponyms"]
        predicted = predictions.get(doc["id"], [])
        pairs = match_spans(gold, predicted)
        n_gold, n_pred, n_match = n_gold + len(gold), n_pred + len(predicted), n_match + len(pairs)
        n_gold_coords += sum(_has_coords(t) for t in gold)
        for g, p in pairs:
            if not _has_coords(g):
                continue
            error = (
                haversine_km(g["lat"], g["lon"], p["lat"], p["lon"])
                if _has_coords(p)
                else EARTH_HALF_CIRCUMFERENCE_KM
            )
            errors.append(error)
            e2e_hits += error <= ACCURACY_KM
            if error > ACCURACY_KM and country_at is not None and p.get("precision") == "country":
                same_country += country_at(g["lat"], g["lon"]) == p.get("country_code")
    precision = n_match / n_pred if n_pred else 0.0
    recall = n_match / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(
        documents=len(gold_docs),
        gold=n_gold,
        predicted=n_pred,
        matched=n_match,
        precision=precision,
        recall=recall,
        f1=f1,
        resolved_pairs=len(errors),
        acc161=sum(e <= ACCURACY_KM for e in errors) / len(errors) if errors else 0.0,
        median_km=statistics.median(errors) if errors else 0.0,
        e2e_acc161=e2e_hits / n_gold_coords if n_gold_coords else 0.0,
        same_country_misses=same_country,
    )


def run(geoparser, docs: Sequence[dict]) -> tuple[dict[str, list[dict]], Timing]:
    """Geoparse the documents and run NER alone over them, both timed.

    The two runs alternate over chunks of documents, so that other load on the machine slows
    both alike and their ratio stays meaningful.
    """
    from geodata.geoparse import toponym_record
    from geodata.geoparser import BATCH_SIZE, StageTimes

    texts = [doc["text"] for doc in docs]
    geoparser.warm_up()
    for _ in geoparser.parse_many(texts[:WARM_UP_DOCUMENTS]):
        pass
    geoparser.times = StageTimes()
    predictions: dict[str, list[dict]] = {}
    whole = ner = 0.0
    for lo in range(0, len(docs), CHUNK_DOCUMENTS):
        chunk = docs[lo : lo + CHUNK_DOCUMENTS]
        chunk_texts = texts[lo : lo + CHUNK_DOCUMENTS]
        started = time.perf_counter()
        for doc, resolved in zip(chunk, geoparser.parse_many(chunk_texts), strict=True):
            records = (toponym_record(r) for r in resolved)
            predictions[doc["id"]] = [r for r in records if r is not None]
        whole += time.perf_counter() - started
        started = time.perf_counter()
        for _ in geoparser.nlp.pipe(chunk_texts, batch_size=BATCH_SIZE):
            pass
        ner += time.perf_counter() - started
    times = geoparser.times
    timing = Timing(
        docs_per_s=len(docs) / whole,
        ner_docs_per_s=len(docs) / ner,
        post_ner_share=(times.recognize + times.resolve) / whole,
        resolve_share=times.resolve / whole,
        peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    )
    return predictions, timing


def report(name: str, scores: Scores, timing: Timing) -> str:
    """One human-readable block of figures."""
    return "\n".join(
        [
            f"{name}: {scores.documents} documents, {scores.gold} gold toponyms",
            f"  recognition  P {scores.precision:.3f}  R {scores.recall:.3f}  F1 {scores.f1:.3f}",
            f"  resolution   acc@161 {scores.acc161:.3f}  median {scores.median_km:.1f} km"
            f"  ({scores.resolved_pairs} pairs)",
            f"  end to end   acc@161 {scores.e2e_acc161:.3f}",
            f"  conventions  {scores.same_country_misses} misses are country readings whose gold"
            f" point lies in that country (acc@161 counting them right"
            f" {_with_same_country(scores):.3f})",
            f"  speed        {timing.docs_per_s:.1f} docs/s; NER alone {timing.ner_docs_per_s:.1f}"
            f" docs/s ({timing.docs_per_s / timing.ner_docs_per_s:.0%});"
            f" after NER {timing.post_ner_share:.0%} of the time"
            f" (resolution {timing.resolve_share:.0%})",
            f"  memory       peak {timing.peak_mb:.0f} MB",
        ]
    )


def _with_same_country(scores: Scores) -> float:
    if not scores.resolved_pairs:
        return 0.0
    hits = scores.acc161 * scores.resolved_pairs + scores.same_country_misses
    return hits / scores.resolved_pairs


def main(argv: Iterable[str] | None = None) -> int:
    """Benchmark the default geoparser on each corpus given."""
    parser = argparse.ArgumentParser(prog="python -m geodata.bench", description=__doc__)
    parser.add_argument("corpus", nargs="+", type=Path, help="gold JSON Lines corpora")
    parser.add_argument("--limit", type=int, help="only the first N documents of each")
    parser.add_argument("--out", type=Path, help="folder for predictions (NAME.pred.jsonl)")
    parser.add_argument("--json", action="store_true", help="one JSON object per corpus")
    args = parser.parse_args(None if argv is None else list(argv))

    from geodata.geoparser import Geoparser
    from geodata.naturalearth import country_at

    geoparser = Geoparser.default()
    for path in args.corpus:
        docs = read_corpus(path, args.limit)
        predictions, timing = run(geoparser, docs)
        scores = score(docs, predictions, country_at)
        if args.out is not None:
            args.out.mkdir(parents=True, exist_ok=True)
            with (args.out / f"{path.stem}.pred.jsonl").open("w", encoding="utf-8") as out:
                for doc in docs:
                    out.write(json.dumps({"id": doc["id"], "toponyms": predictions[doc["id"]]}))
                    out.write("\n")
        if args.json:
            print(json.dumps({"corpus": str(path), **vars(scores), **vars(timing)}))
        else:
            print(report(path.stem, scores, timing))
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
