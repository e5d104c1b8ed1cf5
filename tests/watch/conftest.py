"""Fixtures for the watch tests: loopback sites, a clock that never waits, a real store.

The unit tests ingest into a real store through :class:`StoreOnlySink`, which stores each new
article as it is (no places, no events), so the store's own dedupe is what they exercise
without loading the language model; the model-tier tests go through the real pipeline.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from articles.model import Article
from articles.readers.result import Problem
from pipeline.ingest import IngestReport
from store.db import Store
from tests.watch.sites import running_site
from watch.poll import Watcher, WatchSettings
from watch.state import WatchState

START = 1_800_000_000.0  # the fake clock's first moment (epoch seconds, 2027)


class FakeClock:
    """Time that moves only when told, or when the code under test sleeps (recorded)."""

    def __init__(self, now: float = START):
        self.moment = now
        self.sleeps: list[float] = []

    def now(self) -> float:
        return self.moment

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.moment += max(0.0, seconds)

    def advance(self, seconds: float) -> None:
        self.moment += seconds


class StoreOnlySink:
    """Stores each new article in a real store, without places or events."""

    def __init__(self, store: Store):
        self.store = store
        self.batches: list[list[Article]] = []

    def has(self, article: Article) -> bool:
        return self.store.has_article(article)

    def ingest(self, articles: Sequence[Article], problems: Sequence[Problem]) -> IngestReport:
        self.batches.append(list(articles))
        new = sum(self.store.add_article(article, []) for article in articles)
        skipped = tuple(p for p in problems if not p.kept)
        notes = tuple(p for p in problems if p.kept)
        return IngestReport(len(articles), new, len(articles) - new, skipped, 0, notes)


@pytest.fixture
def site():
    with running_site() as running:
        yield running


@pytest.fixture
def other_site():
    with running_site() as running:
        yield running


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "store.sqlite") as opened:
        yield opened


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def make_watcher(tmp_path, store, clock):
    """A watcher on loopback sites (allowed, as an operator would), no host delay unless
    given; a second call with the same state path is a restart."""

    def make(state_path=None, **settings) -> Watcher:
        settings.setdefault("allow_private", True)
        settings.setdefault("host_delay", 0.0)
        settings.setdefault("every", 600.0)
        state = WatchState.load(state_path or tmp_path / "watch.json")
        return Watcher(state, StoreOnlySink(store), clock, WatchSettings(**settings))

    return make
