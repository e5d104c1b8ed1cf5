from __future__ import annotations

import pytest

from events.triggers import TRIGGER_KINDS, find_triggers, nearest_trigger


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Airstrikes by the American-led war coalition killed as many as 212 civilians in "
            "Syria's northern province of Aleppo on Tuesday.",
            [("Airstrikes", "violence"), ("killed", "violence")],
        ),
        ("US air strikes hit Manbij.", [("air strikes", "violence")]),
        ("Government forces shelled rebel-held districts.", [("shelled", "violence")]),
        ("Rebels and troops clashed near Daraa.", [("clashed", "violence")]),
        ("A car bomb exploded outside a mosque.", [("bomb", "violence"), ("exploded", "violence")]),
        (
            "The Australian government announced Tuesday that it will send forces to Baghdad.",
            [("send forces", "military")],
        ),
        (
            "Having committed an additional 560 US troops to Iraq last week, Washington waits.",
            [("committed an additional 560 US troops", "military")],
        ),
        ("Paris would deploy the aircraft carrier.", [("deploy", "military")]),
        ("Thousands protested in Caracas.", [("protested", "unrest")]),
        ("Dock workers went on strike in Le Havre.", [("went on strike", "unrest")]),
        ("Police arrested 12 people in Nice.", [("arrested", "arrest")]),
        (
            "Carter met Le Drian and the two held talks.",
            [("met", "diplomacy"), ("held talks", "diplomacy")],
        ),
        (
            "Both sides signed a ceasefire in Minsk.",
            [("signed", "diplomacy"), ("ceasefire", "diplomacy")],
        ),
        ("Some 20,000 people fled Fallujah.", [("fled", "displacement")]),
        ("A 7.8 earthquake struck Ecuador.", [("earthquake", "disaster"), ("struck", "violence")]),
        ("The river flooded 40 villages.", [("flooded", "disaster")]),
        ("A cholera outbreak has infected 300.", [("outbreak", "health"), ("infected", "health")]),
        ("Nine people died when a bus crashed.", [("died", "casualties"), ("crashed", "accident")]),
        ("The death toll rose to 56.", [("death toll", "casualties")]),
        # context only: no trigger
        ("NATO plans to expand efforts to train Iraqi military officers.", []),
        ("The alliance is already training Iraqi officers at camps in Jordan.", []),
        ('The coalition seeks to "collapse ISIS control over Mosul and Raqqa."', []),
        ("He sent them home and the troops stayed.", []),
        ("The killer whale show was cancelled; the metal skills class went on.", []),
    ],
)
def test_find_triggers_on_news_sentences(sentence, expected):
    assert [(t.text, t.kind) for t in find_triggers(sentence)] == expected


def test_trigger_offsets_point_into_the_sentence():
    sentence = "KILLED in Aleppo; Air-Strikes continued and civilians FLED."
    triggers = find_triggers(sentence)
    assert [t.text for t in triggers] == ["KILLED", "Air-Strikes", "FLED"]
    for trigger in triggers:
        assert sentence[trigger.start : trigger.end] == trigger.text
        assert trigger.kind in TRIGGER_KINDS


def test_nearest_trigger_is_the_one_closest_to_the_name():
    sentence = "Jets bombed Raqqa while protesters marched in Paris."
    triggers = find_triggers(sentence)
    raqqa = sentence.index("Raqqa")
    paris = sentence.index("Paris")
    assert nearest_trigger(triggers, raqqa, raqqa + 5).text == "bombed"
    assert nearest_trigger(triggers, paris, paris + 5).text == "marched"
    assert nearest_trigger([], 0, 1) is None
