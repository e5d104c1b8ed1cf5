"""Polling feeds: one conditional GET per feed, then each new item's page, then the ingest.

For each feed that is due (watch.schedule), the watcher sends the validators of its last
answer (``If-None-Match``, ``If-Modified-Since``): a 304 costs one request and nothing else.
A feed that changed gives its items; those not taken before (watch.state) that the store does
not hold yet have their page fetched for the full text (watch.items), each fetch through the
same guards as the page's URL fetch (newsmap.fetching: deadline, size cap, no private
addresses unless the operator allows them), after robots.txt and the per-host delay
(watch.politeness). An item whose page cannot be had (no link, robots.txt forbids it, a
timeout, too large, no article text) is ingested with the feed's own text, and a note says so.

A feed that fails (an error status, a timeout, not a feed, a bug) is reported, backs off and
never stops the others. Its state is written after each feed, so a stop loses nothing taken.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from articles.model import Article
from articles.readers.result import Problem
from newsmap import fetching
from newsmap.errors import NewsmapError
from newsmap.fetching import FetchError, FetchStatusError, Limits, Response
from pipeline.ingest import IngestReport
from watch.feedlist import Feed
from watch.items import FeedItems, keep_in_range, new_items, page_article, read_feed_document
from watch.politeness import Clock, HostThrottle, RobotsRules
from watch.schedule import DEFAULT_EVERY, DEFAULT_MAX_BACKOFF, is_due, retry_delay
from watch.state import FeedState, WatchState

log = logging.getLogger(__name__)

DEFAULT_HOST_DELAY = 5.0
DEFAULT_MAX_NEW = 100
SUMMARY_ONLY = "ingested the feed's own text instead"


@dataclass(frozen=True)
class WatchSettings:
    """How often, how politely and within what limits feeds are watched."""

    every: float = DEFAULT_EVERY
    host_delay: float = DEFAULT_HOST_DELAY
    max_new: int = DEFAULT_MAX_NEW  # new items taken from one feed in one poll
    max_backoff: float = DEFAULT_MAX_BACKOFF
    allow_private: bool = False  # the operator's choice: feeds on their own network
    feed_limits: Limits = Limits()  # noqa: RUF009 - frozen
    page_limits: Limits = Limits()  # noqa: RUF009 - frozen
    robots_limits: Limits = Limits(deadline=15.0, max_bytes=500_000)  # noqa: RUF009 - frozen


class Sink(Protocol):
    """Where new items go: the store, through the ingest pipeline (watch.sink)."""

    def has(self, article: Article) -> bool:
        """Whether the store holds this article already (by id, URL or text)."""
        ...

    def ingest(self, articles: Sequence[Article], problems: Sequence[Problem]) -> IngestReport:
        """Store the new ones of ``articles``; ``problems`` are reported with them."""
        ...


class Fetcher:
    """The guarded GET (newsmap.fetching.get) behind the per-host delay and robots.txt."""

    def __init__(
        self,
        settings: WatchSettings,
        clock: Clock,
        resolve: fetching.Resolver = fetching.system_resolve,
        connect: fetching.Connector = socket.create_connection,
    ):
        self.settings = settings
        self.throttle = HostThrottle(settings.host_delay, clock)
        self.robots = RobotsRules(self._robots_get, clock, self.throttle)
        self._resolve = resolve
        self._connect = connect

    def get(self, url: str, limits: Limits, headers: dict[str, str] | None = None) -> Response:
        """GET ``url`` once its host may be asked again; robots.txt is the caller's check."""
        self.throttle.wait_for(url)
        return fetching.get(
            url,
            limits,
            allow_private=self.settings.allow_private,
            resolve=self._resolve,
            connect=self._connect,
            headers=headers,
        )

    def _robots_get(self, url: str) -> Response:
        return self.get(url, self.settings.robots_limits)


@dataclass(frozen=True)
class FeedOutcome:
    """What one poll of one feed did, for the log line and the tests.

    ``status``: "new" (the feed changed), "not modified" (304), "failed" or "waiting" (not
    due: backing off, or polled less than ``every`` ago).
    """

    feed: Feed
    status: str
    next_try: float
    items: int = 0  # new items taken
    pages: int = 0  # of them, ingested with their page's full text
    summaries: int = 0  # of them, with the feed's own text (a note says why)
    stored_before: int = 0  # new to this feed's state but already in the store
    error: str | None = None
    failures: int = 0
    report: IngestReport | None = None
    notes: tuple[Problem, ...] = field(default_factory=tuple)


class Watcher:
    """Polls feeds into a sink, remembering each feed in ``state``."""

    def __init__(
        self,
        state: WatchState,
        sink: Sink,
        clock: Clock,
        settings: WatchSettings = WatchSettings(),  # noqa: B008 - frozen
        fetcher: Fetcher | None = None,
    ):
        self.state = state
        self.sink = sink
        self.clock = clock
        self.settings = settings
        self.fetcher = fetcher or Fetcher(settings, clock)

    def run_round(
        self,
        feeds: Sequence[Feed],
        once: bool = False,
        on_outcome: Callable[[FeedOutcome], None] | None = None,
    ) -> list[FeedOutcome]:
        """Poll every feed that is due, in order; one outcome per feed."""
        outcomes = []
        for feed in feeds:
            state = self.state.get(feed.url)
            if is_due(state, self.clock.now(), once):
                outcome = self.poll(feed)
            else:
                error, failures = state.last_error, state.failures
                outcome = FeedOutcome(
                    feed, "waiting", state.next_try, error=error, failures=failures
                )
            outcomes.append(outcome)
            if on_outcome is not None:
                on_outcome(outcome)
        return outcomes

    def next_due(self, feeds: Sequence[Feed]) -> float:
        """When the first of ``feeds`` is due next (now, for a feed never polled)."""
        return min((self.state.get(feed.url).next_try for feed in feeds), default=0.0)

    def poll(self, feed: Feed) -> FeedOutcome:
        """Poll one feed now; any failure is its outcome, never an exception."""
        state = self.state.get(feed.url)
        try:
            return self._poll(feed, state)
        except FetchError as error:
            retry_after = error.retry_after if isinstance(error, FetchStatusError) else None
            return self._failed(feed, state, str(error), retry_after)
        except NewsmapError as error:  # the store refused a write: try these items again later
            return self._failed(feed, state, str(error))
        except Exception as error:  # noqa: BLE001 - one feed's bug must not stop the others
            log.exception("watching %s failed", feed.url)
            reason = f"unexpected error {type(error).__name__}: {str(error)[:200]} (please report)"
            return self._failed(feed, state, reason)

    def _poll(self, feed: Feed, state: FeedState) -> FeedOutcome:
        allowed, why = self.fetcher.robots.allows(feed.url)
        if not allowed:
            return self._failed(feed, state, f"feed not fetched: {why}")
        headers = {}
        if not state.backlog:
            headers = {
                "If-None-Match": state.etag or "",
                "If-Modified-Since": state.last_modified or "",
            }
        answer = self.fetcher.get(feed.url, self.settings.feed_limits, headers)
        now = self.clock.now()
        if answer.status == 304:
            done = self._succeeded(state, now, answer, backlog=False)
            self.state.put(feed.url, done)
            return FeedOutcome(feed, "not modified", done.next_try)
        items = read_feed_document(answer.body, feed.url)
        if isinstance(items, str):
            return self._failed(feed, state, items)
        return self._take(feed, state, items, answer)

    def _take(
        self, feed: Feed, state: FeedState, items: FeedItems, answer: Response
    ) -> FeedOutcome:
        fresh = new_items(items, set(state.seen))
        taken = fresh[: max(0, self.settings.max_new)]
        articles: list[Article] = []
        notes: list[Problem] = list(items.problems)
        stored_before = pages = 0
        for item in taken:
            if self.sink.has(item):
                stored_before += 1
                continue
            article, note = self._full_text(item)
            articles.append(article)
            if note is None:
                pages += 1
            else:
                notes.append(note)
        ready = keep_in_range(articles, notes)
        report = self.sink.ingest(ready.articles, ready.problems)
        now = self.clock.now()
        done = self._succeeded(state, now, answer, backlog=len(fresh) > len(taken))
        done = done.with_seen([item.id for item in taken], {a.id for a in items.articles})
        self.state.put(feed.url, done)
        return FeedOutcome(
            feed,
            "new",
            done.next_try,
            items=len(taken),
            pages=pages,
            summaries=len(articles) - pages,
            stored_before=stored_before,
            report=report,
            notes=tuple(p for p in ready.problems if p.kept),
        )

    def _full_text(self, item: Article) -> tuple[Article, Problem | None]:
        """The item with its page's text, or as the feed gave it with a note saying why."""
        where = item.url or item.source
        if item.url is None:
            return item, Problem(where, f"the item links to no page: {SUMMARY_ONLY}", kept=True)
        try:
            allowed, why = self.fetcher.robots.allows(item.url)
            if not allowed:
                return item, Problem(where, f"page not fetched: {why}; {SUMMARY_ONLY}", kept=True)
            answer = self.fetcher.get(item.url, self.settings.page_limits)
        except FetchError as error:
            reason = f"page not fetched: {str(error).rstrip('.')}; {SUMMARY_ONLY}"
            return item, Problem(where, reason, kept=True)
        page = page_article(item, answer.body, answer.content_type, answer.url)
        if isinstance(page, str):
            return item, Problem(where, f"{page}: {SUMMARY_ONLY}", kept=True)
        return page, None

    def _succeeded(self, state: FeedState, now: float, answer: Response, backlog: bool):
        etag, modified = answer.header("etag"), answer.header("last-modified")
        return replace(
            state,
            etag=etag if answer.status != 304 else etag or state.etag,
            last_modified=modified if answer.status != 304 else modified or state.last_modified,
            failures=0,
            next_try=now + self.settings.every,
            last_error=None,
            last_polled=now,
            last_success=now,
            backlog=backlog,
        )

    def _failed(
        self, feed: Feed, state: FeedState, reason: str, retry_after: float | None = None
    ) -> FeedOutcome:
        now = self.clock.now()
        failures = state.failures + 1
        settings = self.settings
        delay = retry_delay(failures, settings.every, settings.max_backoff, retry_after)
        failed = replace(
            state, failures=failures, next_try=now + delay, last_error=reason, last_polled=now
        )
        self.state.put(feed.url, failed)
        return FeedOutcome(feed, "failed", failed.next_try, error=reason, failures=failures)
