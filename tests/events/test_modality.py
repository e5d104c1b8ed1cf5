"""Negated and hypothetical event words (events/detect/modality.py)."""

from __future__ import annotations

import pytest

from events.detect.modality import HYPOTHETICAL, NEGATED, event_modality, modality
from events.detect.triggers import find_triggers


@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [
        ("A pandemic could kill as many as two million people.", "kill", HYPOTHETICAL),
        ("If the talks fail, the rebels said they would attack the capital.", "attack",
         HYPOTHETICAL),
        ("Officials fear the virus could be spreading in the north.", "spreading", HYPOTHETICAL),
        ("No new cases of the disease have been found since March.", "cases", NEGATED),
        ("The army did not attack the town.", "attack", NEGATED),
        ("Rebels attacked the town, but no one was killed.", "killed", NEGATED),
        ("Not a single person was injured in the blast.", "injured", NEGATED),
        ("Troops could not capture the hill.", "capture", NEGATED),
        # what happened
        ("Police said the men may have been killed on Friday.", "killed", None),
        ("Rebels attacked the town, but no one was killed.", "attacked", None),
        ("There were no casualties in the attack on the convoy.", "attack", None),
        ("He was killed by a sniper who had not been identified.", "killed", None),
        ("The blast, which could be heard across the city, killed four people.", "killed", None),
    ],
)  # fmt: skip
def test_modality_of_an_event_word(sentence, word, expected):
    assert modality(sentence, sentence.index(word)) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a support verb heading a negated event word: the event is negated
        ("No major clashes occurred in the city on Sunday.", NEGATED),
        ("Heavy clashes occurred in the city on Sunday.", None),
        ("The army did not attack the town.", NEGATED),
    ],
)
def test_modality_of_an_event_headed_by_a_support_verb(sentence, expected):
    triggers = list(find_triggers(sentence))
    head = triggers[-1]  # the support verb comes last in these sentences, or the only word
    assert event_modality(sentence, head, triggers) == expected
