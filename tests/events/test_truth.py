"""What the map says must be true: one test per failure class of issue 11, on sentences
written for these tests (none comes from an annotated set)."""

from __future__ import annotations

from datetime import date

import pytest

from articles.model import Article
from events.extract import extract_events
from events.model import DATE_YEAR, ROLE_EVENT
from tests.events.conftest import find_resolved

pytestmark = pytest.mark.model  # loads the spaCy model (tests/conftest.py: tiers)

PUBLISHED = date(2016, 7, 22)


def events_in(text: str) -> list:
    article = Article(id="t", title="", text=text, published=PUBLISHED)
    return [e for e in extract_events(article, find_resolved(text)) if e.role == ROLE_EVENT]


@pytest.mark.parametrize(
    "text",
    [
        # projections and worst cases
        "A pandemic of this strain could kill as many as two million people in Syria, "
        "government scientists warned.",
        # negations
        "No new cases of the disease have been found in Aleppo since March.",
        "The army did not attack Raqqa on Monday.",
        # a negated event word under a support verb
        "No major clashes occurred in Aleppo on Sunday.",
        # protesters occupying a road hold a sit-in, not ground
        "Students occupied the main road in Baghdad for three hours on Monday.",
        # hypotheticals and threats
        "If the talks fail, the rebels said they would attack Mosul.",
        # sports
        "Striker Jones shot twice from the edge of the box but the goalkeeper saved both.",
        "With the win Iraq captured three points and leads the group on goal difference.",
    ],
)
def test_not_events_are_not_on_the_map(text):
    assert events_in(text) == []


def test_a_labour_strike_is_no_air_strike():
    text = "Air traffic controllers in Iraq began a strike on Tuesday, grounding flights."
    assert [e.kind for e in events_in(text)] in ([], ["protest"])


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("A gunman opened fire at a high school in Baghdad on Monday, killing three students.",
         "violence_against_civilians"),
        ("The earthquake killed 120 people in the mountain villages east of Aleppo.", "disaster"),
        ("Hundreds of youths rioted in Baghdad overnight, burning cars and throwing stones at "
         "police.", "riot"),
        ("Foreign ministers of the two countries held talks in Baghdad on Wednesday.", "meeting"),
        ("Syrian warplanes struck rebel positions in Aleppo on Sunday.", "air_strike"),
        ("A mob lynched a suspected thief in Mosul on Sunday.", "riot"),
    ],
)  # fmt: skip
def test_common_news_gets_its_kind(text, kind):
    assert kind in [e.kind for e in events_in(text)]


@pytest.mark.parametrize(
    "text",
    [
        "More than 2,600 birds died at the farm near Aleppo after the outbreak of bird flu.",
        "The flu killed 12 people in Aleppo last week and could kill thousands more.",
        "The man was shot around 9 p.m. on Friday outside a bar in Baghdad.",
    ],
)
def test_figures_count_people_in_what_happened(text):
    killed = [e.killed for e in events_in(text) if e.killed is not None]
    assert all(k in (12,) for k in killed), killed


def test_no_projection_is_a_toll():
    text = "The virus could kill as many as two million people in Syria, experts warned."
    assert all(e.killed is None for e in events_in(text))


def test_a_background_event_keeps_its_year_and_is_marked():
    [flood] = [e for e in events_in("In 1998 a flood in Syria left 4,000 people dead.")]
    assert (flood.date, flood.date_precision) == (date(1998, 1, 1), DATE_YEAR)
    assert flood.background and flood.killed == 4000


def test_news_of_the_day_is_not_background():
    [strike] = events_in("Airstrikes killed 12 civilians in Aleppo on Tuesday.")
    assert not strike.background and strike.date == date(2016, 7, 19)


def test_every_event_has_a_confidence_between_0_and_1():
    found = events_in(
        "Airstrikes killed 12 civilians in Aleppo on Tuesday. Protesters marched in Baghdad."
    )
    assert len(found) == 2
    assert all(0.0 < e.confidence <= 1.0 and 0.0 < e.kind_confidence <= 1.0 for e in found)


def test_a_disease_named_after_an_animal_still_counts_people():
    text = "Health officials in Syria have confirmed fifteen deaths from the swine flu."
    assert [e.killed for e in events_in(text)] == [15]


def test_one_victim_shot_to_death_is_one_death():
    [killing] = events_in("He was shot to death on Tuesday in Aleppo.")
    assert killing.killed == 1


def test_a_figure_counting_only_some_of_the_victims_named_gives_way_to_all_of_them():
    # failure class 3: a partial sum ("three sons" of the five shot dead)
    [killing] = events_in("A tribal chief, his wife and three sons were shot dead in Aleppo.")
    assert killing.killed == 5
    [blast] = events_in("A soldier and three civilians were killed in the blast in Aleppo.")
    assert blast.killed == 4


def test_the_casualties_of_a_bombing_told_in_a_relative_clause_are_the_bombings():
    # failure class 3: figures on a second, kindless "killing" instead of the event they belong to
    text = "The truck bombing in Aleppo that killed at least 60 and injured 260 shocked Syria."
    [bombing] = events_in(text)
    assert (bombing.kind, bombing.killed, bombing.injured) == ("bombing", 60, 260)
