"""Deaths told without their cause take their kind from the article (events/classify/
article_kinds.py)."""

from __future__ import annotations

from datetime import date

import pytest

from articles.model import Article
from events.extract import extract_events
from events.model import ROLE_EVENT
from tests.events.conftest import find_resolved

pytestmark = pytest.mark.model  # loads the spaCy model (tests/conftest.py: tiers)


def kind_of_deaths(text: str, killed: int) -> str:
    article = Article(id="t", title="", text=text, published=date(2016, 7, 22))
    events = [e for e in extract_events(article, find_resolved(text)) if e.role == ROLE_EVENT]
    [deaths] = [e for e in events if e.killed == killed]
    return deaths.kind


def test_deaths_after_an_outbreak_are_the_outbreaks_in_a_story_that_also_tells_of_violence():
    text = (
        "Rebels and troops clashed near Mosul last month. "
        "An outbreak of cholera has spread across Iraq this week. "
        "Officials reported 45 people dead in Mosul."
    )
    assert kind_of_deaths(text, 45) == "disaster"
