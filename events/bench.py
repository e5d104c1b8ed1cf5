"""How much event extraction adds to geoparsing: ``python -m events.bench CORPUS.jsonl``.

    python -m events.bench ../shared/bench/GeoVirus.jsonl [--limit 200] [--repeat 1]

Reads ``{"id", "text"}`` lines, geoparses every text (the geoparser's batched NER and
resolution), then extracts events from each (sentence splitting, triggers, the dependency parse
of trigger sentences batched over 32 articles like the geoparser's NER, attachment, dates,
casualties), timing both stages separately after a warm-up (models loaded, caches filled).
The budget (issue 4): events at most 25% of geoparsing.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from articles.model import Article


def load_texts(path: Path, limit: int | None) -> list[str]:
    """The texts of a JSON Lines corpus (first ``limit`` documents)."""
    texts = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                texts.append(json.loads(line)["text"])
            if limit is not None and len(texts) >= limit:
                break
    return texts


def measure(texts: list[str], geoparser, parser=None) -> tuple[float, float, int]:
    """(geoparsing seconds, event extraction seconds, events found) over ``texts``."""
    from events.extract import extract_many

    admin = getattr(getattr(geoparser, "gazetteer", None), "admin1", None)
    start = time.perf_counter()
    resolved = list(geoparser.parse_many(texts))
    geoparse = time.perf_counter() - start
    start = time.perf_counter()
    articles = (Article(id=str(n), title="", text=text) for n, text in enumerate(texts))
    found = 0
    for events in extract_many(zip(articles, resolved, strict=True), parser, admin):
        found += sum(e.role == "event" for e in events)
    return geoparse, time.perf_counter() - start, found


def main(argv: list[str] | None = None) -> int:
    """Print both stages' times per article and the ratio."""
    parser = argparse.ArgumentParser(prog="python -m events.bench", description=__doc__)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--limit", type=int, default=None, help="first N documents only")
    parser.add_argument("--repeat", type=int, default=1, help="run the corpus N times")
    args = parser.parse_args(argv)

    from events.parsing import load_parser
    from geodata.geoparser import Geoparser

    texts = load_texts(args.corpus, args.limit) * args.repeat
    geoparser = Geoparser.default()
    nlp = load_parser()
    measure(texts[:20], geoparser, nlp)  # warm-up: models, gazetteer caches
    geoparse, events, found = measure(texts, geoparser, nlp)
    count = len(texts)
    print(f"{args.corpus}: {count} documents, {sum(map(len, texts)) / count:.0f} chars each")
    print(f"  geoparsing        {geoparse:8.2f} s  {1000 * geoparse / count:7.1f} ms/article")
    print(f"  event extraction  {events:8.2f} s  {1000 * events / count:7.1f} ms/article")
    print(f"  events: {found} ({found / count:.1f}/article); added time {events / geoparse:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
