from __future__ import annotations

import pytest

from events.measure.actors import actors_of
from tests.events.conftest import tokens_of


@pytest.mark.parametrize(
    ("sentence", "triggers", "actors"),
    [
        (
            "Airstrikes by the American-led war coalition killed as many as 212 civilians.",
            ("Airstrikes", "killed"),
            ("American-led war coalition",),
        ),
        (
            "The strikes, which were allegedly carried out with significant support from the "
            "French military, pulverized entire families.",
            ("strikes",),
            ("French military",),
        ),
        (
            "Secretary Carter met with French Defense Minister Jean-Yves Le Drian.",
            ("met",),
            ("Secretary Carter", "French Defense Minister Jean-Yves Le Drian"),
        ),
        ("A policeman was shot dead by Haitian gunmen.", ("shot",), ("Haitian gunmen",)),
        ("Israeli troops shot two protesters.", ("shot",), ("Israeli troops",)),
        (
            "Having committed an additional 560 US troops to Iraq, Washington is pressing allies.",
            ("committed",),
            ("Washington",),
        ),
        # pronouns and supported causes are not actors
        ("They attacked late on Sunday night.", ("attacked",), ()),
        ("It will send forces in support of training programs.", ("send",), ()),
    ],
)
def test_actors_named_in_the_sentence(parse, sentence, triggers, actors):
    doc = parse(sentence)
    assert actors_of(tokens_of(doc, *triggers)) == actors
