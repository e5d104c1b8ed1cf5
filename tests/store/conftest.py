"""Fixtures for the store tests: real Article and Event records built from a short text."""

from __future__ import annotations

from datetime import date

import pytest

from articles.model import Article, article_id
from events.model import DATE_DAY, DATE_PUBLISHED, ROLE_EVENT, ROLE_MENTION, Event
from store.db import Store

TEXT = (
    "Shelling hit Aleppo on Tuesday, killing 12 people. "
    "Officials in Damascus blamed rebels. The violence spread into Iraq. "
    "Fighting was also reported along the Syrian-Iraqi border."
)

# (name as written, resolved name, lat, lon, precision, country, geonameid, role)
PLACES = [
    ("Aleppo", "Aleppo", 36.20124, 37.16117, "town", "SY", 170063, ROLE_EVENT),
    ("Damascus", "Damascus", 33.5102, 36.29128, "town", "SY", 170654, ROLE_MENTION),
    ("Iraq", "Republic of Iraq", 33.0, 44.0, "country", "IQ", 99237, ROLE_MENTION),
    ("Syrian-Iraqi border", "Syria–Iraq border", 34.6, 41.0, "region", None, None, ROLE_MENTION),
]


def make_article(
    text: str = TEXT, url: str | None = "https://news.example/aleppo", **kw
) -> Article:
    """An Article whose id is derived like the readers derive it."""
    fields = {
        "id": article_id(url, text),
        "title": "Shelling hits Aleppo",
        "text": text,
        "url": url,
        "published": date(2016, 11, 23),
        "byline": "A. Reporter",
        "source": "tests/sample.txt",
        "credit": "Wikinews, CC BY 2.5",
    }
    fields.update(kw)
    return Article(**fields)


def make_events(article: Article, places=PLACES) -> list[Event]:
    """One Event per place whose name occurs in the article text, offsets computed from it."""
    events = []
    for name, resolved, lat, lon, precision, country, gid, role in places:
        start = article.text.find(name)
        assert start >= 0, name
        sentence_start = (
            article.text.rfind(". ", 0, start) + 2 if ". " in article.text[:start] else 0
        )
        sentence_end = article.text.find(".", start) + 1
        snippet = article.text[sentence_start:sentence_end]
        events.append(
            Event(
                id=f"{article.id}:{start}",
                article_id=article.id,
                role=role,
                name=name,
                resolved_name=resolved,
                lat=lat,
                lon=lon,
                precision=precision,
                country_code=country,
                geonameid=gid,
                start=start,
                end=start + len(name),
                snippet=snippet,
                name_start=start - sentence_start,
                name_end=start - sentence_start + len(name),
                date=date(2016, 11, 22) if role == ROLE_EVENT else article.published,
                date_precision=DATE_DAY if role == ROLE_EVENT else DATE_PUBLISHED,
                kind="shelling" if role == ROLE_EVENT else None,
                killed=12 if role == ROLE_EVENT else None,
                actors=("rebels",) if role == ROLE_EVENT else (),
            )
        )
    return events


@pytest.fixture
def store_path(tmp_path):
    """A store file path inside a folder that does not exist yet."""
    return tmp_path / "data" / "newsmap.sqlite"


@pytest.fixture
def store(store_path):
    with Store(store_path) as opened:
        yield opened


@pytest.fixture
def article():
    return make_article()


@pytest.fixture
def filled_store(store, article):
    """A store holding the sample article and its four events."""
    assert store.add_article(article, make_events(article))
    return store
