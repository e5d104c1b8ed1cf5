from __future__ import annotations

import dataclasses
import pickle
from datetime import date

import pytest

from events.extract import event_id, extract_events
from events.model import DATE_DAY, DATE_PUBLISHED, DATE_UNKNOWN, DATE_WEEK
from geodata.model import PRECISION_COUNTRY, PRECISION_TOWN, ResolvedToponym, Toponym
from tests.events.conftest import SEED_PLACES, SEED_TEXT


def by_sentence(events, name, words):
    """The event for ``name`` in the sentence that contains ``words``."""
    matches = [e for e in events if e.name == name and words in e.snippet]
    assert len(matches) == 1, (name, words, matches)
    return matches[0]


def test_aleppo_is_an_event_on_tuesday_19_july(seed_article, seed_resolved):
    events = extract_events(seed_article, seed_resolved)
    aleppo = by_sentence(events, "Aleppo", "Airstrikes")
    assert aleppo.role == "event"
    assert (aleppo.date, aleppo.date_precision) == (date(2016, 7, 19), DATE_DAY)
    assert aleppo.snippet.startswith("Airstrikes") and aleppo.snippet.endswith("Al Jazeera.")
    assert aleppo.resolved_name == "Aleppo" and aleppo.precision == PRECISION_TOWN
    assert (aleppo.lat, aleppo.lon, aleppo.geonameid) == (36.20124, 37.16117, 170063)
    assert aleppo.country_code == "SY" and aleppo.article_id == seed_article.id


@pytest.mark.parametrize(
    ("name", "words", "role", "when", "precision"),
    [
        ("Syria", "Airstrikes", "event", date(2016, 7, 19), DATE_DAY),
        ("Raqqa", "Planning sessions", "event", date(2016, 7, 18), DATE_WEEK),
        ("Iraq", "560 US troops", "event", date(2016, 7, 11), DATE_WEEK),
        ("Baghdad", "send forces", "event", date(2016, 7, 19), DATE_DAY),
        ("Baghdad", "NATO plans", "mention", date(2016, 7, 22), DATE_PUBLISHED),
        ("Syrian", "carnage", "mention", date(2016, 7, 22), DATE_PUBLISHED),
        ("Iraqi", "send forces", "mention", date(2016, 7, 19), DATE_DAY),
        ("Mosul", "coming upon us", "mention", date(2016, 7, 21), DATE_DAY),
        ("Paris", "would deploy", "event", date(2016, 7, 20), DATE_DAY),
        ("Middle East", "bombings", "event", date(2016, 7, 22), DATE_PUBLISHED),
    ],
)
def test_seed_roles_and_dates(seed_article, seed_resolved, name, words, role, when, precision):
    event = by_sentence(extract_events(seed_article, seed_resolved), name, words)
    assert (event.role, event.date, event.date_precision) == (role, when, precision)


def test_demonyms_are_mentions_even_beside_a_trigger(seed_article, seed_resolved):
    events = extract_events(seed_article, seed_resolved)
    demonyms = [e for e in events if e.name in ("Syrian", "Iraqi")]
    assert demonyms and all(e.role == "mention" for e in demonyms)
    assert all(e.precision == PRECISION_COUNTRY for e in demonyms)


def test_every_mention_of_a_place_is_its_own_event(seed_article, seed_resolved):
    events = extract_events(seed_article, seed_resolved)
    mosul = [e for e in events if e.name == "Mosul"]
    assert len(mosul) == SEED_TEXT.count("Mosul") == 3
    assert len({e.id for e in events}) == len(events) == len(seed_resolved)
    assert [e.start for e in events] == sorted(e.start for e in events)


def test_offsets_locate_the_name_in_the_article_and_the_snippet(seed_article, seed_resolved):
    for event in extract_events(seed_article, seed_resolved):
        assert SEED_TEXT[event.start : event.end] == event.name
        assert event.snippet[event.name_start : event.name_end] == event.name
        assert event.snippet in SEED_TEXT


def test_ids_are_stable_and_depend_on_article_and_span(seed_article, seed_resolved):
    first = extract_events(seed_article, seed_resolved)
    again = extract_events(seed_article, list(reversed(seed_resolved)))
    assert [e.id for e in first] == [e.id for e in again]
    assert first[0].id == event_id(seed_article.id, first[0].start, first[0].end)
    assert event_id("other-article", first[0].start, first[0].end) != first[0].id


def test_unresolved_and_repeated_toponyms_are_skipped(seed_article, seed_resolved):
    unresolved = ResolvedToponym(Toponym(0, 2, "US", "test"), None)
    events = extract_events(seed_article, [unresolved, *seed_resolved, seed_resolved[0]])
    assert len(events) == len(seed_resolved)
    assert all(e.name != "US" for e in events)


def test_without_publication_date_relative_dates_are_unknown(seed_article, seed_resolved):
    undated = dataclasses.replace(seed_article, published=None)
    events = extract_events(undated, seed_resolved)
    # every date phrase near a place in the seed is relative (weekdays, "this week")
    assert {(e.date, e.date_precision) for e in events} == {(None, DATE_UNKNOWN)}


def test_without_publication_date_an_explicit_date_still_counts(seed_article):
    text = "Gunmen attacked a cafe in Paris on 13 November 2015."
    start = text.index("Paris")
    paris = ResolvedToponym(Toponym(start, start + 5, "Paris", "test"), SEED_PLACES["Paris"])
    article = dataclasses.replace(seed_article, text=text, published=None)
    [event] = extract_events(article, [paris])
    assert (event.role, event.date, event.date_precision) == ("event", date(2015, 11, 13), DATE_DAY)


def test_toponym_offsets_that_miss_the_text_raise_an_error_naming_the_article(seed_article):
    wrong = ResolvedToponym(Toponym(5, 11, "Aleppo", "test"), SEED_PLACES["Aleppo"])
    with pytest.raises(ValueError, match="us-air-raids-northern-syria.*does not match"):
        extract_events(seed_article, [wrong])


def test_events_pickle_for_worker_processes(seed_article, seed_resolved):
    events = extract_events(seed_article, seed_resolved)
    assert pickle.loads(pickle.dumps(events)) == events  # noqa: S301 (our own bytes)


def test_empty_article_gives_no_events(seed_article):
    assert extract_events(dataclasses.replace(seed_article, text=""), []) == []
