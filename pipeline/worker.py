"""What runs on a Dask worker: one partition of articles in, one outcome per article out.

Each worker process loads the models once, on its first partition, and keeps them
(:func:`geoparser_for`, a per-process cache keyed by the gazetteer's path): the NER model and
the gazetteer (at the path the client sends, or geodata's default; a worker that lacks the file
builds it there, see docs/scale.md). The articles travel in, plain records travel back
(pipeline.stages.ArticleOutcome); nothing on a worker writes the store.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from articles.model import Article
from pipeline.stages import ArticleOutcome, process_articles

_LOADED: dict[str | None, object] = {}
_LOADING = threading.Lock()


@dataclass(frozen=True)
class WorkerJob:
    """What a worker needs besides the articles: where its gazetteer is (None: geodata's
    default path on that machine) and the fallback geocoder (None: none), both picklable."""

    gazetteer: Path | None = None
    geocoder: object = None


def geoparser_for(gazetteer: Path | None):
    """This process's geoparser over ``gazetteer``, loaded on first use and kept."""
    key = None if gazetteer is None else str(gazetteer)
    with _LOADING:
        if key not in _LOADED:
            from pipeline.models import load_geoparser

            # A build, if the gazetteer is missing here, shows its steps in the worker's log.
            _LOADED[key] = load_geoparser(gazetteer)
        return _LOADED[key]


def process_partition(articles: Sequence[Article], job: WorkerJob) -> list[ArticleOutcome]:
    """The outcome of each article of a partition, in order (the task a worker runs)."""
    return process_articles(articles, geoparser_for(job.gazetteer), job.geocoder)
