"""People captured: an arrest or an abduction (events/classify/captives.py), with the real
parser."""

from __future__ import annotations

import pytest

from events.classify import kinds
from events.classify.captives import captive_kind
from events.detect.triggers import find_triggers


def kind_of(parse, sentence):
    doc = parse(sentence)
    tokens = [
        doc.char_span(t.start, t.end, alignment_mode="expand").root for t in find_triggers(sentence)
    ]
    return captive_kind(tokens, set())


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        # security forces take suspects: an arrest
        ("The men were captured by police in Karachi last month.", kinds.ARREST),
        ("Police captured at least three gunmen in the operation.", kinds.ARREST),
        ("Thai soldiers captured the militants in a raid on a mosque.", kinds.ARREST),
        ("He was captured in December 2001 and taken to Guantanamo.", kinds.ARREST),
        # an armed group takes people: an abduction
        ("Hezbollah captured three Israeli soldiers in a raid.", kinds.VIOLENCE_AGAINST_CIVILIANS),
        # an armed group named by what it did, not by what it is
        (
            "He was captured by unidentified attackers on the road to the airport.",
            kinds.VIOLENCE_AGAINST_CIVILIANS,
        ),
        ("Armed men captured two engineers near the dam.", kinds.VIOLENCE_AGAINST_CIVILIANS),
        (
            "The four Britons were captured by separatist rebels in the valley.",
            kinds.VIOLENCE_AGAINST_CIVILIANS,
        ),
        # no one named: hostages and aid workers were abducted
        (
            "A Japanese aid worker was captured in Fallujah in April.",
            kinds.VIOLENCE_AGAINST_CIVILIANS,
        ),
        # people named by name, said to be people by an age, a person noun or people beside
        (
            "Government troops captured Ahmed Salim, a senior commander, near the border.",
            kinds.ARREST,
        ),
        ("The army said it had captured rebel leader Velu Kumar, 34, in Jaffna.", kinds.ARREST),
        ("Bembe and his bodyguard were captured by Angolan forces.", kinds.ARREST),
        (
            "Gunmen captured Tom Reilly, 52, on the road to the airport.",
            kinds.VIOLENCE_AGAINST_CIVILIANS,
        ),
        # ground, not people: no change (a bare name may be a town the geoparser missed)
        ("Rebels captured the town after a week of fighting.", None),
        ("Rebels captured Marjah after a week of fighting.", None),
        ("Rebels captured Camp Bastion, a British base, in March.", None),
        ("Police seized two tons of cocaine.", None),
    ],
)
def test_people_captured_are_arrested_or_abducted(parse, sentence, kind):
    assert kind_of(parse, sentence) == kind


def test_a_state_named_as_captor_makes_an_arrest(parse):
    doc = parse("Colombia captures rebel commander opposed to peace talks.")
    trigger = [t for t in doc if t.lower_ == "captures"]
    assert captive_kind(trigger, {0}) == kinds.ARREST  # token 0, Colombia, is a place
    # the same name not known as a place is read as an armed group
    assert captive_kind(trigger, set()) == kinds.VIOLENCE_AGAINST_CIVILIANS


def test_who_may_take_people_is_read_from_the_shared_word_classes():
    # newsmap/vocabulary/kinds.toml: wider than who faces a crowd in a riot ("security",
    # "armed_group"): the state's people who hold people, and anyone who abducts.
    for said in ("the authorities", "federal agents", "prison guards", "US marines"):
        assert kinds.STATE_CAPTORS.search(said), said
        assert not kinds.word_classes(f"Rioters fought {said}.") & {"security"}, said
    for said in ("kidnappers", "Somali pirates", "armed men", "a mob"):
        assert kinds.ARMED_CAPTORS.search(said), said
        assert not kinds.STATE_CAPTORS.search(said), said
