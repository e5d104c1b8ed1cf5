"""The work done on each article between reading and storing: geoparse, geocode, extract.

Pure of I/O apart from the models it is given, and the same in one process and on a Dask
worker: :func:`process_articles` turns a partition of articles into one plain
:class:`ArticleOutcome` each (its events, or why it failed), which pickles to the client.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace

from articles.model import Article
from events.extract import BATCH_ARTICLES, extract_each, extract_events
from events.model import Event
from geodata.model import ResolvedToponym

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ArticleOutcome:
    """What became of one article: its events, or (``events`` None) why it failed."""

    events: tuple[Event, ...] | None
    error: str = ""

    @property
    def failed(self) -> bool:
        return self.events is None


def process_articles(articles: Sequence[Article], geoparser, geocoder=None) -> list[ArticleOutcome]:
    """The outcome of each article, in order (one failing article costs only itself).

    Articles go through the models ``BATCH_ARTICLES`` at a time (events.extract's batch).
    """
    admin = admin_lookup_of(geoparser)
    outcomes = []
    for first in range(0, len(articles), BATCH_ARTICLES):
        chunk = articles[first : first + BATCH_ARTICLES]
        for events in chunk_events(chunk, geoparser, geocoder, admin):
            if isinstance(events, Exception):
                outcomes.append(ArticleOutcome(None, failure_reason(events)))
            else:
                outcomes.append(ArticleOutcome(tuple(events)))
    return outcomes


def failure_reason(error: BaseException) -> str:
    """The summary's words for an article the geoparser or the extractor choked on."""
    return (
        f"could not extract places ({type(error).__name__}: {error}); the article was not "
        "stored — please report this with the file"
    )


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


def events_of(article: Article, geoparser) -> list[Event]:
    """Geoparse and extract the events of a single article (for scripts and tests)."""
    return article_events(
        article, geoparser.parse(article.text), admin_lookup=admin_lookup_of(geoparser)
    )
