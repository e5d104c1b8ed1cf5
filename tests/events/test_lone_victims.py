"""Deaths told without a number (events/measure/lone_victims.py), with the real parser."""

from __future__ import annotations

import pytest

from events.detect.triggers import find_triggers
from events.measure.lone_victims import lone_victims


def victims(parse, sentence, places=()):
    doc = parse(sentence)
    tokens = [
        doc.char_span(t.start, t.end, alignment_mode="expand").root for t in find_triggers(sentence)
    ]
    place_tokens = {t.i for name in places for t in _span(doc, sentence, name)}
    return lone_victims(tokens, place_tokens)


def _span(doc, sentence, name):
    start = sentence.index(name)
    return doc.char_span(start, start + len(name), alignment_mode="expand")


@pytest.mark.parametrize(
    ("sentence", "count", "who"),
    [
        ("An Afghan policeman was killed and three were wounded in Kandahar.", 1, "policeman"),
        ("He was shot dead by American forces during a raid.", 1, ""),
        ("A lone gunman killed the civilian in a restaurant.", 1, "civilian"),
        (
            "The governor of the province, Khalil Jamil Hamza, was killed in a bomb attack.",
            1,
            "governor",
        ),
        ("A soldier and a policeman were killed in the attack.", 2, "soldier"),
        ("The 48-year-old man was fatally stabbed in the back.", 1, "man"),
        ("A 15-year-old boy died at the same hospital.", 1, "boy"),
        ("A former army colonel and his nephew were fatally shot.", 2, "colonel"),
        # people counted by a number beside those named one by one
        ("A tribal chief, his wife and three sons have been shot dead.", 5, "chief"),
        ("Gunmen opened fire on the convoy, killing him and two guards.", 3, ""),
        ("A soldier and three civilians were killed in the blast.", 4, "soldier"),
        ("A policeman and two other policemen were killed.", 3, "policeman"),
        # people killed beside the victim that the parse does not coordinate with it
        ("The broadcaster was fatally shot along with her husband at their shop.", 2,
         "broadcaster"),
        ("The mayor was killed together with his driver.", 2, "mayor"),
        ("Bertin, 35, and a companion were shot to death.", 2, ""),
        # ... but not who said it, nor a name the parse sets beside the victim
        ("Gunmen opened fire on the convoy, killing him and two guards, police said.", 3, ""),
        ("Gunmen shot dead a man in the market as he headed to work, police Lt. Col.", 1, "man"),
        # a noun no list holds, after a verb only people undergo, or with an age
        ("A retired wrestler was murdered outside his gym.", 1, "wrestler"),
        ("A 19-year-old apprentice was killed when the wall fell.", 1, "apprentice"),
        # the victim of the first verb: "was shot ... and died", "was shot and killed"
        ("The courier was shot in the chest and died on the way to hospital.", 1, "courier"),
        ("The journalist was shot and killed outside the court.", 1, "journalist"),
        # "another", a nationality, a reflexive
        ("Another was killed in a separate ambush.", 1, ""),
        ("Settlers shot and killed a Palestinian near the checkpoint.", 1, ""),
        ("The attacker detonated his vest, killing himself and two guards.", 3, ""),
        # an object the tagger mistakes: "gunmen shot dead an officer"
        ("Gunmen on motorbikes shot dead an off-duty police officer outside a bakery.", 1,
         "officer"),
    ],
)  # fmt: skip
def test_one_named_victim_is_one_death(parse, sentence, count, who):
    figure = victims(parse, sentence)
    assert figure is not None and (figure.value, figure.who) == (count, who)
    assert figure.kind == "killed" and sentence[figure.start : figure.end] == figure.text


@pytest.mark.parametrize(
    "sentence",
    [
        "A woman was stabbed on Tuesday morning.",  # wounded, not killed
        "He was shot in the leg during the protest.",
        "Five people were killed in the attack.",  # a figure: events/measure/casualties.py reads it
        "Civilians were killed in the shelling.",  # how many is not said
        "The deal was killed by the senate.",  # no person
        "The group plotted to kill the president.",  # nobody killed yet
        "The governor was nearly killed when a bomb exploded near his car.",  # alive
        "Japan's top police official was shot and almost killed.",
        "A soldier almost died of his wounds, doctors said.",
        # a group, not one person; an animal; one person told by two roles is one
        "A young couple was murdered in their flat.",
        "Rangers shot dead a 13-year-old leopard that had attacked a village.",
    ],
)
def test_no_lone_victim(parse, sentence):
    assert victims(parse, sentence) is None


def test_a_place_is_no_victim(parse):
    sentence = "Aleppo was killed off as a trade hub."
    assert victims(parse, sentence, places=["Aleppo"]) is None


def test_one_person_in_two_roles_is_one_victim(parse):
    figure = victims(parse, "Gunmen shot dead a well-known poet and critic in the capital.")
    assert figure is not None and figure.value == 1
