"""Ingest: files -> articles -> places -> events -> store, one article per transaction.

Every stage may fail for one article without stopping the batch: a file that cannot be read, an
article the geoparser chokes on, a geocoder that times out — each becomes a Problem in the
report (naming the file), and everything else is still ingested. Each article is written in its
own transaction, so a crash mid-ingest leaves the store with whole articles only.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from articles.model import Article
from articles.published_fallback import PublishedFallback, apply_fallback, dating_summary
from articles.readers import Problem, discover, read_file
from events.approximate_dates import mark_approximate
from events.extract import BATCH_ARTICLES, extract_each, extract_events
from events.model import Event
from geodata.model import ResolvedToponym
from newsmap.progress import ProgressCallback, ProgressEvent, ignore

log = logging.getLogger(__name__)

READING = "Reading articles"
FINDING = "Finding places and events"


@dataclass(frozen=True)
class IngestReport:
    """What an ingest did: articles read, new ones stored, duplicates, and what was skipped.

    ``skipped`` holds the files and records that were not stored; ``notes`` what was said
    about those that were (a bad URL dropped, a feed read around a broken spot). ``undated``
    counts the new articles that gave no publication date of their own; ``fallback_days``
    are the dates ``fallback`` gave those it dated (articles.published_fallback).
    """

    read: int
    new: int
    duplicates: int
    skipped: tuple[Problem, ...]
    events: int = 0
    notes: tuple[Problem, ...] = ()
    undated: int = 0
    fallback: PublishedFallback | None = None
    fallback_days: tuple[date, ...] = ()

    def summary(self) -> str:
        """One line for the terminal or the page."""
        return (
            f"read {self.read} article(s): {self.new} new, {self.duplicates} duplicate(s), "
            f"{len(self.skipped)} skipped, {len(self.notes)} note(s) on what was kept; "
            f"{self.events} event(s) and place mention(s) stored"
        )

    def dating(self) -> str | None:
        """One line on the new articles without a publication date of their own and what
        dated them, e.g. "41 article(s) had no publication date: dated 2026-12-01
        (--published-default)"; None when every new article had its own date."""
        return dating_summary(self.undated, self.fallback, self.fallback_days)


def article_events(
    article: Article, resolved: Sequence[ResolvedToponym], geocoder=None, admin_lookup=None
):
    """The events of one article, after asking the fallback geocoder for unresolved names.

    ``admin_lookup`` (the gazetteer's ``admin1``) places "the province of X" at the province.
    """
    if geocoder is not None:
        resolved = fill_unresolved(resolved, geocoder)
    return extract_events(article, resolved, admin_lookup=admin_lookup)


def admin_lookup_of(geoparser):
    """The province lookup of a geoparser's gazetteer, or None when it has none."""
    return getattr(getattr(geoparser, "gazetteer", None), "admin1", None)


def fill_unresolved(resolved: Sequence[ResolvedToponym], geocoder) -> list[ResolvedToponym]:
    """Ask ``geocoder`` (e.g. Nominatim behind the gazetteer) for names the gazetteer missed.

    The article's own countries narrow the search. A geocoder error loses nothing: the name
    just stays unresolved.
    """
    from geodata.geocoding import place_from_result

    countries = sorted(
        {r.place.country_code for r in resolved if r.place is not None and r.place.country_code}
    )
    filled = []
    for item in resolved:
        if item.place is None and not item.toponym.demonym:
            try:
                result = geocoder.geocode(item.toponym.name, country_codes=countries)
            except Exception as error:  # noqa: BLE001 - any geocoder failure must not lose the batch
                log.warning("geocoding %r failed: %s", item.toponym.name, error)
                result = None
            if result is not None:
                item = replace(item, place=place_from_result(result), score=0.0)
        filled.append(item)
    return filled


def ingest_paths(
    paths: Sequence[str | Path],
    store,
    geoparser=None,
    progress: ProgressCallback | None = None,
    geocoder=None,
    max_bytes: int = 10_000_000,
    published_fallback: PublishedFallback | None = None,
) -> IngestReport:
    """Read every article under ``paths`` and store the new ones with their events.

    Articles that give no publication date are dated by ``published_fallback`` when given
    (and marked so), else stored undated; the report counts them either way.

    ``progress`` hears each stage as it advances: READING (files read), the geoparser's
    loading when none is given (the language model, the gazetteer's build if it has to be
    built), then FINDING (articles stored, each labelled with its title).
    """
    show = progress or ignore
    problems: list[Problem] = []
    articles: list[Article] = []
    files = list(discover(paths))
    show(ProgressEvent(READING, 0, len(files), unit="files"))
    for done, path in enumerate(files, 1):
        result = read_file(path, max_bytes=max_bytes)
        articles.extend(apply_fallback(result.articles, path, published_fallback))
        problems.extend(result.problems)
        show(ProgressEvent(READING, done, len(files), unit="files"))
    return ingest_articles(
        articles,
        store,
        geoparser=geoparser,
        progress=progress,
        geocoder=geocoder,
        problems=problems,
        published_fallback=published_fallback,
    )


def ingest_articles(
    articles: Sequence[Article],
    store,
    geoparser=None,
    progress: ProgressCallback | None = None,
    geocoder=None,
    problems: Sequence[Problem] = (),
    published_fallback: PublishedFallback | None = None,
) -> IngestReport:
    """Store the new ones of ``articles`` (read already) with their events.

    ``problems`` are those met reading them, carried into the report. ``published_fallback``
    is only named in the report: the articles come dated already. The geoparser is loaded on
    first need when none is given; ``progress`` hears it and FINDING.
    """
    show = progress or ignore
    problems = list(problems)
    fresh, duplicates = _split_duplicates(articles, store)
    if fresh and geoparser is None:
        from geodata.geoparser import Geoparser

        geoparser = Geoparser.default(progress=progress)
    new = stored_events = undated = 0
    fallback_days: list[date] = []
    total = len(fresh)
    show(ProgressEvent(FINDING, 0, total, unit="articles"))
    admin = admin_lookup_of(geoparser) if fresh else None
    for first in range(0, total, BATCH_ARTICLES):
        chunk = fresh[first : first + BATCH_ARTICLES]
        outcomes = chunk_events(chunk, geoparser, geocoder, admin)
        for done, (article, events) in enumerate(zip(chunk, outcomes, strict=True), first + 1):
            if isinstance(events, Exception):
                problems.append(Problem(article.source or article.id, _failure(events)))
            elif store.add_article(article, _dated(article, events)):
                new += 1
                stored_events += len(events)
                if article.published_fallback is not None:
                    fallback_days.append(article.published)
                if article.published is None or article.published_fallback is not None:
                    undated += 1
            else:
                duplicates += 1
            show(ProgressEvent(FINDING, done, total, unit="articles", label=article.title))
    skipped = tuple(p for p in problems if not p.kept)
    notes = tuple(p for p in problems if p.kept)
    return IngestReport(
        len(articles),
        new,
        duplicates,
        skipped,
        stored_events,
        notes,
        undated=undated,
        fallback=published_fallback,
        fallback_days=tuple(fallback_days),
    )


def chunk_events(
    articles: Sequence[Article], geoparser, geocoder=None, admin_lookup=None
) -> list[list[Event] | Exception]:
    """The events of each article, or the error that stopped it (logged), in order.

    The geoparser's NER and the event parser each see the whole chunk at once; an article
    that fails in either stage gives its exception and the others go on.
    """
    outcomes: list = [None] * len(articles)
    ready: list[tuple[int, Article, Sequence[ResolvedToponym]]] = []
    parsed = geoparser.parse_many(a.text for a in articles)
    for number, article in enumerate(articles):
        try:
            resolved = next(parsed)
            if geocoder is not None:
                resolved = fill_unresolved(resolved, geocoder)
        except Exception as error:  # noqa: BLE001 - one broken article never stops a batch
            log.error("could not geoparse %s", article.source or article.id, exc_info=error)
            outcomes[number] = error
            parsed = geoparser.parse_many(a.text for a in articles[number + 1 :])
            continue
        ready.append((number, article, resolved))
    pairs = ((article, resolved) for _, article, resolved in ready)
    found = extract_each(pairs, admin_lookup=admin_lookup, batch=max(1, len(ready)))
    for (number, article, _), events in zip(ready, found, strict=True):
        if isinstance(events, Exception):
            log.error(
                "could not extract events of %s", article.source or article.id, exc_info=events
            )
        outcomes[number] = events
    return outcomes


def _dated(article: Article, events: list[Event]) -> list[Event]:
    """The events, those whose dates count from a fallback publication date marked so."""
    return events if article.published_fallback is None else mark_approximate(events)


def _split_duplicates(articles: list[Article], store) -> tuple[list[Article], int]:
    """Articles not yet in the store, first copy only; and how many were duplicates."""
    fresh, seen = [], set()
    for article in articles:
        if article.id in seen or store.has_article(article):
            continue
        seen.add(article.id)
        fresh.append(article)
    return fresh, len(articles) - len(fresh)


def _failure(error: Exception) -> str:
    return (
        f"could not extract places ({type(error).__name__}: {error}); the article was not "
        "stored — please report this with the file"
    )


def events_of(article: Article, geoparser) -> list[Event]:
    """Geoparse and extract the events of a single article (for scripts and tests)."""
    return article_events(
        article, geoparser.parse(article.text), admin_lookup=admin_lookup_of(geoparser)
    )
