"""How much event extraction adds to geoparsing: ``python -m events.bench CORPUS.jsonl``.

    python -m events.bench GeoVirus.jsonl [--limit 200] [--repeat 1] [--rounds 3]

Reads ``{"id", "text"}`` lines, geoparses every text (the geoparser's batched NER and
resolution), then extracts events from each (sentence splitting, triggers, the dependency parse
of trigger sentences with a place, batched over 32 articles like the geoparser's NER, attachment,
dates, casualties), timing both stages separately after a warm-up (models loaded, caches filled).
Each round times both stages again; the figures are the medians over rounds, as wall-clock and
as this process's CPU time (steadier on a machine shared with other jobs). The time spent
inside spaCy's dependency parse (its tok2vec, tagger and parser) is shown on its own: it costs
per word about what the geoparser's NER does, so its share follows the share of words in
sentences with a trigger and a place, whatever our own code does.
The budget: events at most 25% of geoparsing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from articles.model import Article
from geodata.documents import read_corpus


@dataclass(frozen=True)
class Timing:
    """Seconds spent in each stage over a corpus (wall-clock and CPU), and events found."""

    geoparse: float
    events: float
    geoparse_cpu: float
    events_cpu: float
    found: int
    parse_cpu: float = 0.0  # CPU seconds inside the dependency parse (part of events_cpu)


class TimedParser:
    """A spaCy pipeline that counts the CPU seconds spent in its ``pipe`` (everything else
    goes to the pipeline itself)."""

    def __init__(self, nlp):
        self.nlp = nlp
        self.cpu = 0.0

    def __getattr__(self, name: str):
        return getattr(self.nlp, name)

    def pipe(self, texts, **kwargs):
        """The pipeline's Docs of ``texts``, timing each one's production."""
        docs = self.nlp.pipe(texts, **kwargs)
        while True:
            start = time.process_time()
            try:
                doc = next(docs)
            except StopIteration:
                return
            finally:
                self.cpu += time.process_time() - start
            yield doc


def load_texts(path: Path, limit: int | None) -> list[str]:
    """The texts of a JSON Lines corpus (first ``limit`` documents)."""
    return [doc["text"] for doc in read_corpus(path, limit)]


def measure(texts: list[str], geoparser, parser=None) -> tuple[float, float, int]:
    """(geoparsing seconds, event extraction seconds, events found) over ``texts``."""
    timing = time_stages(texts, geoparser, parser)
    return timing.geoparse, timing.events, timing.found


def time_stages(texts: list[str], geoparser, parser=None) -> Timing:
    """Both stages' wall-clock and CPU seconds over ``texts``, and the events found."""
    from events.extract import extract_many

    admin = getattr(getattr(geoparser, "gazetteer", None), "admin1", None)
    if parser is not None:
        parser = TimedParser(parser)
    wall, cpu = time.perf_counter(), time.process_time()
    resolved = list(geoparser.parse_many(texts))
    geoparse, geoparse_cpu = time.perf_counter() - wall, time.process_time() - cpu
    wall, cpu = time.perf_counter(), time.process_time()
    articles = (Article(id=str(n), title="", text=text) for n, text in enumerate(texts))
    found = 0
    for events in extract_many(zip(articles, resolved, strict=True), parser, admin):
        found += sum(e.role == "event" for e in events)
    events_wall, events_cpu = time.perf_counter() - wall, time.process_time() - cpu
    parse_cpu = parser.cpu if parser is not None else 0.0
    return Timing(geoparse, events_wall, geoparse_cpu, events_cpu, found, parse_cpu)


def report(name: str, texts: list[str], rounds: list[Timing]) -> str:
    """The benchmark's printout: medians over ``rounds`` per article, and the added share."""
    count = len(texts)

    def median(field: str) -> float:
        return statistics.median(getattr(r, field) for r in rounds)

    lines = [
        f"{name}: {count} documents, {sum(map(len, texts)) / count:.0f} chars each, "
        f"median of {len(rounds)} round(s)"
    ]
    for label, field in (("geoparsing", "geoparse"), ("event extraction", "events")):
        wall, cpu = median(field), median(f"{field}_cpu")
        lines.append(
            f"  {label:17s} {1000 * wall / count:7.1f} ms/article wall"
            f"  {1000 * cpu / count:7.1f} ms/article CPU"
        )
    found = rounds[0].found
    shares = ", ".join(f"{r.events / r.geoparse:.1%}" for r in rounds)
    lines.append(
        f"  events: {found} ({found / count:.1f}/article); added time "
        f"{median('events') / median('geoparse'):.1%} wall ({shares}), "
        f"{median('events_cpu') / median('geoparse_cpu'):.1%} CPU"
    )
    parse = median("parse_cpu")
    if parse:
        geoparse, events = median("geoparse_cpu"), median("events_cpu")
        lines.append(
            f"  of which the dependency parse {parse / geoparse:.1%} of geoparsing CPU, "
            f"the rest of event extraction {(events - parse) / geoparse:.1%}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print both stages' times per article and the ratio."""
    parser = argparse.ArgumentParser(prog="python -m events.bench", description=__doc__)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--limit", type=int, default=None, help="first N documents only")
    parser.add_argument("--repeat", type=int, default=1, help="run the corpus N times")
    parser.add_argument("--rounds", type=int, default=3, help="time N rounds, print medians")
    args = parser.parse_args(argv)

    from events.detect.parsing import load_parser
    from geodata.geoparser import Geoparser

    texts = load_texts(args.corpus, args.limit) * args.repeat
    geoparser = Geoparser.default()
    nlp = load_parser()
    time_stages(texts[:20], geoparser, nlp)  # warm-up: models, gazetteer caches
    rounds = [time_stages(texts, geoparser, nlp) for _ in range(max(1, args.rounds))]
    print(report(str(args.corpus), texts, rounds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
