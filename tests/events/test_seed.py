"""The seed article, end to end: the real geoparser, the real parser, the issue's list."""

from __future__ import annotations

from datetime import date

import pytest

from articles.readers import read_file
from articles.samples import sample_paths
from events.model import DATE_DAY, DATE_WEEK, STATUS_OCCURRED, STATUS_PLANNED
from pipeline.stages import events_of


@pytest.fixture(scope="module")
def seed_events(geoparser):
    [path] = [p for p in sample_paths() if p.name.startswith("us-air-raids")]
    [article] = read_file(path).articles
    assert article.published == date(2016, 7, 22)
    return [e for e in events_of(article, geoparser) if e.role == "event"]


def test_the_air_strike_in_aleppo_province(seed_events):
    strikes = [e for e in seed_events if e.kind == "air_strike" and e.name == "Aleppo"]
    assert len(strikes) == 1
    [strike] = strikes
    assert (strike.country_code, strike.precision) == ("SY", "admin")
    assert (strike.date, strike.date_precision, strike.status) == (
        date(2016, 7, 19),
        DATE_DAY,
        STATUS_OCCURRED,
    )
    # up to 212 civilians; 56 was the first figure reported
    assert (strike.killed, strike.killed_qualifier, strike.victims) == (
        212,
        "as many as",
        "civilians",
    )
    assert 56 in strike.killed_revisions
    assert any("American-led" in a and "coalition" in a for a in strike.actors)
    assert any("French" in a for a in strike.actors)


def test_the_offensives_on_raqqa_and_mosul_are_planned(seed_events):
    for city in ("Raqqa", "Mosul"):
        at_city = [e for e in seed_events if e.name == city]
        assert at_city, city
        assert {e.status for e in at_city} == {STATUS_PLANNED}
        assert {e.date for e in at_city} == {None}  # not "happened on the article's date"


def test_troop_deployments_to_iraq_and_baghdad(seed_events):
    deployments = {(e.name, e.status): e for e in seed_events if e.kind == "troop_deployment"}
    iraq = deployments[("Iraq", STATUS_OCCURRED)]
    assert "560 US troops" in iraq.trigger
    assert (iraq.date, iraq.date_precision) == (date(2016, 7, 11), DATE_WEEK)
    assert ("Baghdad", STATUS_PLANNED) in deployments  # "will send forces to Baghdad"


def test_the_nato_meeting(seed_events):
    meetings = [e for e in seed_events if e.kind == "meeting"]
    nato = [e for e in meetings if any("NATO" in a or "North Atlantic" in a for a in e.actors)]
    assert nato
    assert (nato[0].date, nato[0].date_precision) == (date(2016, 7, 18), DATE_WEEK)
    met = [e for e in meetings if e.trigger == "met"]
    assert met and met[0].date == date(2016, 7, 20)  # "Wednesday's conference"


def test_nationalities_are_never_event_places(seed_events):
    assert not {e.name for e in seed_events} & {"Syrian", "Iraqi", "Syrians", "Iraqis"}
