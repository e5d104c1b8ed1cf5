"""An outbreak counted place by place is at each place (events/locate/tallies.py)."""

from __future__ import annotations

from datetime import date

import pytest

from articles.model import Article
from events.extract import extract_events
from events.locate.tallies import tally_members
from events.model import ROLE_EVENT
from tests.events.conftest import find_resolved


def starts(text: str, *names: str) -> list[int]:
    return [text.index(name) for name in names]


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        ("13 cases, three in Texas, two in Kansas, and one case in Ohio.",
         ("Texas", "Kansas", "Ohio"), [0, 1, 2]),
        ("40 new cases, 12 in the Harare suburbs and 9 in Bulawayo.", ("Harare", "Bulawayo"),
         [0, 1]),
        # one count before one place is no tally
        ("Three cases were found in Texas, the state said in Austin.", ("Texas", "Austin"), []),
        ("The outbreak spread from Texas to Kansas.", ("Texas", "Kansas"), []),
    ],
)  # fmt: skip
def test_places_that_each_follow_a_count_form_a_tally(text, names, expected):
    assert tally_members(text, starts(text, *names)) == expected


@pytest.mark.model
def test_an_outbreak_counted_place_by_place_is_at_each_place():
    text = "The ministry reported 40 new cases of cholera, 12 in Aleppo and 9 in Mosul."
    article = Article(id="t", title="", text=text, published=date(2016, 7, 22))
    events = [e for e in extract_events(article, find_resolved(text)) if e.role == ROLE_EVENT]
    assert sorted(e.resolved_name for e in events) == ["Aleppo", "Mosul"]


@pytest.mark.model
def test_a_toll_told_place_by_place_stays_one_event_with_its_figure():
    text = "Cholera killed six people in Aleppo and four in Mosul."
    article = Article(id="t", title="", text=text, published=date(2016, 7, 22))
    events = [e for e in extract_events(article, find_resolved(text)) if e.role == ROLE_EVENT]
    assert len({e.killed for e in events}) == 1 and len(events) == 1
