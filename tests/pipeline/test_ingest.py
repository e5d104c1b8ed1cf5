"""Ingest end to end: real readers, the real geoparser and a real store in tmp_path."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest
from geopy.exc import GeocoderTimedOut

from articles.samples import sample_paths
from geodata.model import ResolvedToponym, Toponym
from pipeline.ingest import ingest_paths
from pipeline.stages import fill_unresolved
from store.db import Store
from tests.articles.conftest import ARTICLE_HTML, SEED_LAYOUT

SEED_NAME = "us-air-raids-northern-syria-2016-07-22.txt"


@pytest.fixture
def seed_path():
    return next(p for p in sample_paths() if p.name == SEED_NAME)


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "store.sqlite") as opened:
        yield opened


def test_seed_article_yields_its_places_as_events_and_mentions(seed_path, store, geoparser):
    report = ingest_paths([seed_path], store, geoparser=geoparser)
    assert (report.read, report.new, report.duplicates, report.skipped) == (1, 1, 0, ())
    frame = store.events_frame()
    assert set(frame["published"].dt.date) == {dt.date(2016, 7, 22)}
    aleppo = frame[(frame["name"] == "Aleppo") & (frame["role"] == "event")]
    assert dt.date(2016, 7, 19) in set(aleppo["date"].dt.date)
    names = set(frame["name"])
    assert {"Raqqa", "Mosul", "Baghdad", "Paris", "Lake Chad", "Libya", "Jordan"} <= names
    assert not names & {"Washington Post", "Al Jazeera", "Charles de Gaulle", "Gaulle"}
    # Nationalities are context: never an event place.
    syrian = frame[frame["name"] == "Syrian"]
    assert set(syrian["role"]) <= {"mention"}


def test_reingesting_the_same_articles_adds_nothing(seed_path, store, geoparser):
    first = ingest_paths([seed_path], store, geoparser=geoparser)
    events = store.event_count()
    again = ingest_paths([seed_path], store, geoparser=geoparser)
    assert (first.new, again.new, again.duplicates) == (1, 0, 1)
    assert store.event_count() == events


def test_bad_files_are_reported_by_name_and_the_rest_is_ingested(tmp_path, store, geoparser):
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "good.txt").write_text(SEED_LAYOUT, encoding="utf-8")
    (batch / "page.html").write_text(ARTICLE_HTML, encoding="utf-8")
    (batch / "latin1.txt").write_bytes(
        "Protest in Bogotá\n\nBy Ana Ruiz 6 March 2024\n\nStudents marched in Medellín "
        "on Tuesday.\n".encode("latin-1")
    )
    (batch / "empty.txt").write_bytes(b"")
    (batch / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (batch / "menu.html").write_text(
        "<html><head><title>Menu</title></head><body><nav>Home</nav></body></html>"
    )
    (batch / "feed.xml").write_text(
        """<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
        <item><title>Clashes in Tripoli</title><link>https://wire.example.org/1</link>
        <description>Fighting broke out in Tripoli on Monday, officials said.</description></item>
        <item></item>
        </channel></rss>"""
    )
    with open(batch / "huge.txt", "wb") as huge:
        huge.truncate(50_000_000)

    report = ingest_paths([batch], store, geoparser=geoparser)

    skipped = {p.path.split("/")[-1].split("#")[0]: p.reason for p in report.skipped}
    assert set(skipped) == {"empty.txt", "binary.txt", "menu.html", "feed.xml", "huge.txt"}
    assert "50.0 MB" in skipped["huge.txt"] and "--max-mb" in skipped["huge.txt"]
    assert report.new == 4  # good.txt, page.html, latin1.txt and the feed's good entry
    titles = set(store.events_frame()["title"])
    assert "Protest in Bogotá" in titles and "Clashes in Tripoli" in titles
    check = sqlite3.connect(store.path).execute("PRAGMA integrity_check").fetchone()
    assert check == ("ok",)


def test_articles_kept_with_a_note_are_counted_apart_from_those_skipped(tmp_path, store, geoparser):
    records = [
        {"url": "https://wire.example.org/1", "text": "Clashes in Tripoli on Monday."},
        {"url": "javascript:alert(1)", "text": "Protesters marched in Nairobi."},
        {
            "url": "https://wire.example.org/3",
            "published": "22/07/2016",
            "text": "A flood hit Dhaka.",
        },
        {"title": "No text at all"},
    ]
    (tmp_path / "wire.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    (tmp_path / "empty.txt").write_bytes(b"")
    report = ingest_paths([tmp_path], store, geoparser=geoparser)
    assert (report.read, report.new) == (3, 3)
    assert sorted(p.path.rsplit("/", 1)[-1] for p in report.skipped) == [
        "empty.txt",
        "wire.jsonl:4",
    ]
    assert [p.path.rsplit("/", 1)[-1] for p in report.notes] == ["wire.jsonl:2", "wire.jsonl:3"]
    assert "3 new, 0 duplicate(s), 2 skipped, 2 note(s) on what was kept" in report.summary()
    assert store.article_count() == 3


class BrokenOnce:
    """Wraps the real geoparser and fails on texts containing a marker."""

    def __init__(self, inner, marker):
        self.inner, self.marker = inner, marker

    def parse_many(self, texts):
        for text in texts:
            if self.marker in text:
                raise RuntimeError("parser exploded")
            yield self.inner.parse(text)


def test_an_article_that_breaks_the_geoparser_does_not_stop_the_batch(tmp_path, store, geoparser):
    for number, city in enumerate(["Nairobi", "Kampala", "Kigali"]):
        (tmp_path / f"a{number}.txt").write_text(
            f"News from {city}\n\nBy A Reporter 1 May 2024\n\nProtesters marched in {city} "
            f"on Monday.\n",
            encoding="utf-8",
        )
    report = ingest_paths([tmp_path], store, geoparser=BrokenOnce(geoparser, "Kampala"))
    assert report.new == 2
    [problem] = report.skipped
    assert problem.path.endswith("a1.txt") and "parser exploded" in problem.reason
    assert set(store.events_frame()["name"]) == {"Nairobi", "Kigali"}


class FailingGeocoder:
    def geocode(self, query, country_codes=()):
        raise GeocoderTimedOut("the service timed out")


class AnsweringGeocoder:
    def geocode(self, query, country_codes=()):
        from geodata.geocoding import GeocodeResult

        return GeocodeResult(query, 1.5, 2.5, "ZZ", "town", None, "nominatim")


def test_a_failing_geocoder_loses_nothing_already_found(geoparser):
    text = "Troops left Kabul and a village called Qarabaghzxq on Monday."
    resolved = geoparser.parse(text)
    unknown = ResolvedToponym(Toponym(0, 5, "Nowherezxq", "test"), None)
    filled = fill_unresolved([*resolved, unknown], FailingGeocoder())
    assert filled[:-1] == resolved and filled[-1].place is None


def test_the_fallback_geocoder_places_what_the_gazetteer_missed():
    unknown = ResolvedToponym(Toponym(0, 10, "Nowherezxq", "test"), None)
    [filled] = fill_unresolved([unknown], AnsweringGeocoder())
    assert (filled.place.lat, filled.place.lon, filled.place.precision) == (1.5, 2.5, "town")


class MisplacedOnce:
    """Wraps the real geoparser; for texts containing a marker, points a toponym elsewhere."""

    def __init__(self, inner, marker):
        self.inner, self.marker = inner, marker

    def parse_many(self, texts):
        for text in texts:
            found = self.inner.parse(text)
            if self.marker in text:
                found = [ResolvedToponym(Toponym(0, 3, "Nowhere", "test"), None), *found]
            yield found


@pytest.mark.model
def test_an_article_whose_events_cannot_be_extracted_does_not_stop_the_batch(tmp_path, store):
    from tests.events.conftest import find_resolved

    class Regex:
        def parse(self, text):
            return find_resolved(text)

    for number, city in enumerate(["Aleppo", "Mosul", "Raqqa"]):
        (tmp_path / f"b{number}.txt").write_text(
            f"News from {city}\n\nBy A Reporter 1 May 2024\n\nJets bombed {city} on Monday.\n",
            encoding="utf-8",
        )
    report = ingest_paths([tmp_path], store, geoparser=MisplacedOnce(Regex(), "Mosul"))
    assert report.new == 2
    [problem] = report.skipped
    assert problem.path.endswith("b1.txt") and "does not match" in problem.reason
    assert set(store.events_frame()["name"]) == {"Aleppo", "Raqqa"}


def test_the_ingest_reports_reading_then_finding_with_counts_that_only_grow(
    tmp_path, store, geoparser
):
    from pipeline.ingest import FINDING, READING

    titles = []
    for number, city in enumerate(["Aleppo", "Mosul", "Raqqa"]):
        titles.append(f"News from {city}")
        (tmp_path / f"b{number}.txt").write_text(
            f"{titles[-1]}\n\nBy A Reporter 1 May 2024\n\nJets bombed {city} on Monday.\n",
            encoding="utf-8",
        )
    events = []
    report = ingest_paths([tmp_path], store, geoparser=geoparser, progress=events.append)
    assert report.new == 3
    assert list(dict.fromkeys(e.stage for e in events)) == [READING, FINDING]
    assert [(e.done, e.total, e.unit) for e in events if e.stage == READING] == [
        (n, 3, "files") for n in range(4)
    ]
    finding = [e for e in events if e.stage == FINDING]
    assert [(e.done, e.total, e.unit) for e in finding] == [(n, 3, "articles") for n in range(4)]
    assert sorted(e.label for e in finding[1:]) == sorted(titles)
    assert finding[-1].text() == f"{FINDING} 3/3 articles"


@pytest.mark.model
def test_the_default_geoparser_says_it_loads_the_language_model():
    from geodata.geoparser import LOADING_MODEL, Geoparser

    events = []
    Geoparser.default(progress=events.append)
    assert events[0].stage == LOADING_MODEL
