"""The store as the watcher's sink: new items go through the ingest pipeline.

The geoparser (the language model and the gazetteer) is loaded on the first item that is not
in the store yet, and kept for every later round: a watcher that only ever sees 304s never
loads it.
"""

from __future__ import annotations

from collections.abc import Sequence

from articles.model import Article
from articles.readers.result import Problem
from newsmap.progress import ProgressCallback
from pipeline.ingest import IngestReport, ingest_articles


class StoreSink:
    """Ingest into ``store`` (a store.db.Store open for writing) with the full pipeline."""

    def __init__(
        self,
        store,
        geocoder=None,
        progress: ProgressCallback | None = None,
        geoparser=None,
    ):
        self.store = store
        self.geocoder = geocoder
        self.progress = progress
        self._geoparser = geoparser

    def has(self, article: Article) -> bool:
        """Whether the store holds this article already (by id, URL or text)."""
        return self.store.has_article(article)

    def ingest(self, articles: Sequence[Article], problems: Sequence[Problem]) -> IngestReport:
        """Store the new ones of ``articles`` with their events; report ``problems`` too."""
        if self._geoparser is None and any(not self.has(a) for a in articles):
            from geodata.geoparser import Geoparser

            self._geoparser = Geoparser.default(progress=self.progress)
        return ingest_articles(
            articles,
            self.store,
            geoparser=self._geoparser,
            progress=self.progress,
            geocoder=self.geocoder,
            problems=problems,
        )
