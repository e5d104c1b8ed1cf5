from __future__ import annotations

import pytest

from events.detect.status import OCCURRED, PLANNED, status_of
from tests.events.conftest import tokens_of


@pytest.mark.parametrize(
    ("sentence", "trigger", "status"),
    [
        ("Airstrikes killed as many as 212 civilians in Aleppo on Tuesday.", "killed", OCCURRED),
        ("Planning sessions for the attacks on Raqqa and Mosul were held.", "attacks", PLANNED),
        ("Planning sessions for the attacks on Raqqa and Mosul were held.", "held", OCCURRED),
        ("The government announced that it will send forces to Baghdad.", "send", PLANNED),
        ("Le Drian confirmed that Paris would deploy the aircraft carrier.", "deploy", PLANNED),
        ("He called for stepped-up NATO deployments to Africa.", "deployments", PLANNED),
        ("Forces are in the final countdown for the offensives.", "offensives", PLANNED),
        ("It is clear that the assaults will be bloody affairs.", "assaults", PLANNED),
        ("The slaughter being prepared by Washington against Raqqa.", "slaughter", PLANNED),
        ("NATO plans to expand its deployments.", "expand", PLANNED),
        ("The allies are ready to carry out strikes.", "carry", PLANNED),
        ("Rebels managed to capture the town.", "capture", OCCURRED),
        ("Rebels captured the town and killed 12 soldiers.", "killed", OCCURRED),
        ("The upcoming summit in Warsaw drew protests.", "summit", PLANNED),
        # a perfect infinitive tells the past
        ("A boy has been suspected to have died from the virus.", "died", OCCURRED),
        ("The strain has been confirmed to have infected a wild duck.", "infected", OCCURRED),
        ("Rebels are believed to have attacked the town.", "attacked", OCCURRED),
        # what an event was for is no plan for it
        (
            "Demonstrators marched in Japan, in rallies aimed at heading off a war.",
            "rallies",
            OCCURRED,
        ),
    ],
)
def test_planned_or_occurred(parse, sentence, trigger, status):
    doc = parse(sentence)
    assert status_of(tokens_of(doc, trigger)) == status
