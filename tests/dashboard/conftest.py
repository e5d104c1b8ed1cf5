"""Fixtures for the dashboard tests: a small but real store, written through the Store API."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from articles.model import Article, article_id
from events.model import DATE_DAY, DATE_PUBLISHED, DATE_UNKNOWN, ROLE_EVENT, ROLE_MENTION, Event
from store.db import Store

CREDIT = "Wikinews, CC BY 2.5"
# The payload a hostile article carries: it would set a flag in whichever frame ran it.
XSS_TITLE = (
    "<script>window.__newsmap_pwned = 1; alert('title')</script>"
    '<img src="x" onerror="window.__newsmap_pwned = 6"> Raid report'
)
XSS_URL = "javascript:window.__newsmap_pwned=2;alert('link')"


@dataclass(frozen=True)
class Spot:
    """One place in one sentence: (place as written, resolved name, lat, lon, country, role)."""

    name: str
    resolved: str
    lat: float
    lon: float
    country: str | None
    role: str = ROLE_EVENT
    precision: str = "town"
    geonameid: int | None = None
    kind: str | None = None
    killed: int | None = None
    injured: int | None = None


def _article(title: str, text: str, url: str | None, published: date | None) -> Article:
    return Article(
        id=article_id(url, text),
        title=title,
        text=text,
        url=url,
        published=published,
        byline="Staff",
        source=f"tests/{title[:20]}",
        credit=CREDIT,
    )


def _events(article: Article, spots: list[Spot], when: date | None, precision: str):
    """Events for each spot, offsets found in the article text (one sentence per spot)."""
    events = []
    for n, spot in enumerate(spots):
        start = article.text.index(spot.name)
        previous = article.text.rfind(". ", 0, start)
        sentence_start = 0 if previous < 0 else previous + 2
        sentence_end = article.text.find(". ", start)
        sentence_end = len(article.text) if sentence_end < 0 else sentence_end + 1
        snippet = article.text[sentence_start:sentence_end]
        events.append(
            Event(
                id=f"{article.id}:{n}",
                article_id=article.id,
                role=spot.role,
                name=spot.name,
                resolved_name=spot.resolved,
                lat=spot.lat,
                lon=spot.lon,
                precision=spot.precision,
                country_code=spot.country,
                geonameid=spot.geonameid,
                start=start,
                end=start + len(spot.name),
                snippet=snippet,
                name_start=start - sentence_start,
                name_end=start - sentence_start + len(spot.name),
                date=when,
                date_precision=precision,
                kind=spot.kind,
                killed=spot.killed,
                injured=spot.injured,
            )
        )
    return events


ALEPPO = Spot("Aleppo", "Aleppo", 36.20124, 37.16117, "SY", geonameid=170063, kind="shelling")
MANBIJ = Spot(
    "Manbij", "Manbij", 36.5281, 37.9549, "SY", geonameid=166365, kind="air_strike", killed=12,
    injured=3,
)  # fmt: skip
MOSUL = Spot("Mosul", "Mosul", 36.335, 43.11889, "IQ", geonameid=99072, kind="armed_clash")
BAGHDAD = Spot("Baghdad", "Baghdad", 33.34058, 44.40088, "IQ", ROLE_MENTION, geonameid=98182)
TURKEY = Spot("Turkey", "Republic of Turkey", 39.0, 35.0, "TR", ROLE_MENTION, "country", 298795)
KABUL = Spot("Kabul", "Kabul", 34.52813, 69.17233, "AF", geonameid=1138958, kind="bombing")
RAQQA = Spot("Raqqa", "Ar Raqqah", 35.95283, 39.00788, "SY", geonameid=172955)


def fill_store(path: Path) -> Path:
    """Write five articles (one hostile) with events and mentions into a new store at path."""
    stories = [
        (
            "US air raids kill civilians near Manbij",
            "US-led air strikes killed at least 12 civilians near Manbij on Tuesday. "
            "Fighting continued in Aleppo, where shelling was reported. "
            "Officials in Baghdad condemned the attacks.",
            "https://en.wikinews.org/wiki/US_air_raids_near_Manbij",
            date(2016, 7, 19),
            [MANBIJ, ALEPPO, BAGHDAD],
            DATE_DAY,
        ),
        (
            "Iraqi forces advance on Mosul",
            "Iraqi troops advanced towards Mosul on Monday. Turkey offered support.",
            "https://en.wikinews.org/wiki/Iraqi_forces_advance_on_Mosul",
            date(2016, 7, 25),
            [MOSUL, TURKEY],
            DATE_PUBLISHED,
        ),
        (
            "Bomb in Kabul",
            "A bomb exploded in Kabul. Nobody has claimed it.",
            "https://en.wikinews.org/wiki/Bomb_in_Kabul",
            None,
            [KABUL],
            DATE_UNKNOWN,
        ),
        (
            "Strikes on Aleppo in June",
            "Air strikes hit eastern Aleppo again. The city has been besieged for months.",
            "https://en.wikinews.org/wiki/Strikes_on_Aleppo",
            date(2016, 6, 3),
            [ALEPPO],
            DATE_DAY,
        ),
        (
            XSS_TITLE,
            "<script>window.__newsmap_pwned = 3</script> <img src=x onerror=alert(7)> "
            "Militants attacked Raqqa "
            "${window.__newsmap_pwned = 4} `); window.__newsmap_pwned = 5; (` at dawn.",
            XSS_URL,
            date(2016, 7, 21),
            [RAQQA],
            DATE_DAY,
        ),
    ]
    with Store(path) as store:
        for title, text, url, published, spots, precision in stories:
            article = _article(title, text, url, published)
            when = published if precision != DATE_UNKNOWN else None
            assert store.add_article(article, _events(article, spots, when, precision))
    return path


HOMS = Spot("Homs", "Homs", 34.72682, 36.72339, "SY", geonameid=169577, kind="shelling")
UNCERTAIN_TEXT = "Shelling was reported in Homs, a resident said."


def copy_with_one_event(
    source: Path, copy: Path, article_fields: tuple, spot: Spot, when: date, confidence: float
) -> Path:
    """A copy of the store at ``source`` (at ``copy``) with one more article (``_article``'s
    title, text, url, published) whose one event is at ``spot`` on ``when`` (day precision)."""
    import dataclasses
    import shutil

    shutil.copy(source, copy)
    article = _article(*article_fields)
    (event,) = _events(article, [spot], when, DATE_DAY)
    with Store(copy) as writing:
        writing.add_article(article, [dataclasses.replace(event, confidence=confidence)])
    return copy


def add_uncertain_event(path: Path, confidence: float = 0.45) -> Path:
    """Add to the store at ``path`` one article whose one event the extractor doubts (a
    confidence under the dashboard's threshold, an uncertain kind, its place from the
    dateline), as events/classify would store it."""
    import dataclasses

    article = _article(
        "Shelling reported in Homs",
        UNCERTAIN_TEXT,
        "https://en.wikinews.org/wiki/Shelling_in_Homs",
        date(2016, 7, 20),
    )
    (event,) = _events(article, [HOMS], date(2016, 7, 20), DATE_DAY)
    trigger = len("Shelling")  # a place from elsewhere: the offsets are the trigger's
    doubtful = dataclasses.replace(
        event,
        start=0,
        end=trigger,
        name_start=0,
        name_end=trigger,
        trigger="Shelling",
        trigger_start=0,
        trigger_end=trigger,
        confidence=confidence,
        kind_confidence=0.3,
        place_source="dateline",
    )
    with Store(path) as store:
        assert store.add_article(article, [doubtful])
    return path


@pytest.fixture(scope="session")
def store_file(tmp_path_factory) -> Path:
    """A filled store file shared by the dashboard tests (read-only use only)."""
    return fill_store(tmp_path_factory.mktemp("store") / "newsmap.sqlite")


# Admin regions of the fixture's places (as dashboard.regions would read them).
REGIONS = {170063: "SY.09", 166365: "SY.09", 172955: "SY.04", 99072: "IQ.15", 98182: "IQ.07"}


REGION_NAMES = {"SY.09": "Aleppo Governorate", "SY.04": "Ar-Raqqah Governorate"}


def fill_gazetteer(path: Path) -> Path:
    """A tiny gazetteer file with the admin regions of the fixture's places."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute(
            "CREATE TABLE places (place_id INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT,"
            " lat REAL, lon REAL, kind TEXT, country_code TEXT, admin1_code TEXT,"
            " population INTEGER)"
        )
        rows = [(gid, "city", code) for gid, code in REGIONS.items()]
        rows += [(None, "admin1", code) for code in REGION_NAMES]
        for n, (gid, kind, code) in enumerate(rows):
            name = REGION_NAMES.get(code, "?") if kind == "admin1" else str(gid)
            cc, a1 = code.split(".")
            conn.execute(
                "INSERT INTO places VALUES (?, ?, ?, 0, 0, ?, ?, ?, 0)",
                (n, gid, name, kind, cc, a1),
            )
    return path


@pytest.fixture(scope="session")
def gazetteer_file(tmp_path_factory) -> Path:
    """A gazetteer file for the fixture store's regions (set $NEWSMAP_GAZETTEER to it)."""
    return fill_gazetteer(tmp_path_factory.mktemp("gazetteer") / "gazetteer.sqlite")


@pytest.fixture(scope="session")
def events_frame(store_file):
    """The store's events frame (Store.events_frame)."""
    with Store(store_file, readonly=True) as store:
        return store.events_frame()


@pytest.fixture(scope="session")
def prepared(events_frame):
    """The events frame as the dashboard holds it (dashboard.filters.prepare)."""
    from dashboard.filters import prepare

    return prepare(events_frame, REGIONS)


def _bind(address: str | None):
    """Set Streamlit's server.address (what the app reads as its bound address) for a test."""
    from streamlit import config

    before = config.get_option("server.address")
    config.set_option("server.address", address)
    try:
        yield address
    finally:
        config.set_option("server.address", before)


@pytest.fixture
def loopback(monkeypatch):
    """The app as `python -m dashboard` serves it by default: bound to 127.0.0.1, no hosting
    or ingest settings in the environment."""
    for name in ("NEWSMAP_HOSTED", "NEWSMAP_PAGE_INGEST", "NEWSMAP_INGEST_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    yield from _bind("127.0.0.1")


@pytest.fixture
def public(monkeypatch):
    """The app bound to every interface (Streamlit's own default, a container's 0.0.0.0)."""
    for name in ("NEWSMAP_HOSTED", "NEWSMAP_PAGE_INGEST", "NEWSMAP_INGEST_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    yield from _bind("0.0.0.0")  # noqa: S104 - the address under test, nothing listens


# -- the browser tests (tests marked browser; harness in browser.py) ---------------------------


@pytest.fixture(scope="module")
def server(store_file, gazetteer_file):
    """A live app server on the test store (regions from the test gazetteer), for one module."""
    import shutil

    from dashboard.serve import CHROMIUM

    if not shutil.which(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    from dashboard.serve import running_app

    with running_app(store_file, env={"NEWSMAP_GAZETTEER": str(gazetteer_file)}) as url:
        yield url


@pytest.fixture(scope="module")
def browser(server):
    """Debian's Chromium under Playwright, for one module."""
    from playwright.sync_api import sync_playwright

    from dashboard.serve import CHROMIUM, LAUNCH_ARGS

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def session(browser):
    """A fresh user in the browser (see browser.Session)."""
    from .browser import Session

    opened = Session(browser)
    yield opened
    opened.close()


def open_tab(at, label: str):
    """Open the tab ``label`` under the map and run the app: only the open tab is drawn
    (the app's TABS_KEY), as a reader's click on it would."""
    at.session_state["t_tab"] = label
    return at.run()
