"""Which sentences get a dependency parse (events/detect/parse_gate.py): those that may name
the event's place or a lone victim, never those telling only of a disaster."""

from __future__ import annotations

import pytest

from events.detect.parse_gate import disaster_only, worth_parsing
from events.detect.triggers import find_triggers


def gate(sentence: str, toponyms_inside=()) -> bool:
    return worth_parsing(sentence, list(toponyms_inside), find_triggers(sentence))


def test_a_sentence_holding_a_geoparsed_toponym_is_parsed():
    sentence = "Rebels attacked the town on Monday."
    assert gate(sentence, toponyms_inside=[3])
    assert not gate(sentence)  # the same words with no toponym, no name, no lone death


@pytest.mark.parametrize(
    "sentence",
    [
        "Rebels attacked a checkpoint in Kafr Nabl.",  # a name the geoparser may have missed
        "Gunmen opened fire near the Al-Nuri mosque.",
        "The legislator was killed as he left his home.",  # a lone death: the parse counts it
        "A guard was shot dead at the gate.",
    ],
)
def test_a_sentence_that_may_name_a_place_or_a_lone_victim_is_parsed(sentence):
    assert gate(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Rebels attacked the convoy on Monday.",  # a weekday after "on" is no place
        "Protesters marched in March against the decision.",  # nor a month after "in"
        "Troops killed 12 militants overnight.",  # a figure, no lone victim
    ],
)
def test_a_sentence_with_no_place_and_no_lone_death_is_not_parsed(sentence):
    assert not gate(sentence)


def test_a_sentence_telling_only_of_a_disaster_is_not_parsed_even_with_a_place():
    sentence = "Flooding hit the province after days of rain."
    triggers = find_triggers(sentence)
    assert triggers and disaster_only(triggers)
    assert not worth_parsing(sentence, [2], triggers)
    violence = find_triggers("Flooding hit the province after rebels attacked a dam.")
    assert not disaster_only(violence)
