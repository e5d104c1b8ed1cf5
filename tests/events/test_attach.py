from __future__ import annotations

import pytest

from events.detect.triggers import find_triggers
from events.locate.attach import attach
from events.locate.phrases import Candidate, known_within, syntactic_candidates

# name -> (precision rank, known to the gazetteer)
KNOWN = {
    "Syria": (2, True),
    "Aleppo": (0, True),
    "Raqqa": (0, True),
    "Mosul": (0, True),
    "Yemen": (2, True),
    "Helmand": (1, True),
    "Kabul": (0, True),
    "Washington": (0, True),
    "Damascus": (0, True),
    "US": (2, True),
    "Iraq": (2, True),
    "Baghdad": (0, True),
    "Hebron": (0, True),
    "Paris": (0, True),
    "Moscow": (0, True),
}


def candidates(doc):
    found = []
    for name, (rank, known) in KNOWN.items():
        start = doc.text.find(name)
        while start >= 0:
            found.append(Candidate(start, start + len(name), None, rank, known))
            start = doc.text.find(name, start + 1)
    return found + syntactic_candidates(doc, [(c.start, c.end) for c in found])


def locate(parse, sentence, trigger_words):
    """The names where the event of ``trigger_words`` happened, by the full attachment."""
    doc = parse(sentence)
    triggers = [t for t in find_triggers(sentence) if t.text in trigger_words]
    tokens = [doc.char_span(t.start, t.end, alignment_mode="expand").root for t in triggers]
    chosen = attach(doc, tokens, {t.kind for t in triggers}, candidates(doc))
    return [sentence[a.candidate.start : a.candidate.end] for a in chosen]


@pytest.mark.parametrize(
    ("sentence", "triggers", "where"),
    [
        # the two cases
        (
            "Planning sessions for the attacks on Raqqa and Mosul were held this week.",
            ("held",),
            [],
        ),
        (
            "Planning sessions for the attacks on Raqqa and Mosul were held this week.",
            ("attacks",),
            ["Raqqa", "Mosul"],
        ),
        (
            "Airstrikes killed as many as 212 civilians in Syria's northern province of Aleppo.",
            ("Airstrikes", "killed"),
            ["Aleppo"],
        ),
        # the finer place, known to the gazetteer or not
        (
            "A bomb blast at a market in al-Hazm in northern Yemen killed six civilians.",
            ("bomb blast", "killed"),
            ["al-Hazm"],
        ),
        (
            "Seven people were killed while traveling in Musa Qala in Helmand province.",
            ("killed",),
            ["Musa Qala"],
        ),
        ("A man was found murdered at his Reshimbagh residence.", ("murdered",), ["Reshimbagh"]),
        # a speaker or an actor is not the place
        ("Washington said troops killed five people in Kabul.", ("killed",), ["Kabul"]),
        ("Officials in Damascus blamed rebels for the attack.", ("attack",), []),
        (
            "US air raids kill more than 200 civilians in northern Syria.",
            ("air raids", "kill"),
            ["Syria"],
        ),
        # people of a place acting there: the place stays
        ("Rebels in Aleppo captured the airport.", ("captured",), ["Aleppo"]),
        ("Protesters in Damascus burned tyres.", ("burned",), ["Damascus"]),
        # a place acted upon, troops sent somewhere
        ("Government forces shelled Aleppo overnight.", ("shelled",), ["Aleppo"]),
        ("The army sent troops to Baghdad.", ("sent troops",), ["Baghdad"]),
        ("Troops patrolled Hebron.", ("patrolled",), ["Hebron"]),
        # a clause hanging on the event's
        (
            "Six people were killed in Kabul when militants opened fire.",
            ("opened fire",),
            ["Kabul"],
        ),
        # a place in a discussion is not where the talks were
        (
            "The talks included discussions over escalations throughout Iraq and Syria.",
            ("talks",),
            [],
        ),
    ],
)
def test_where_the_event_happened(parse, sentence, triggers, where):
    assert locate(parse, sentence, triggers) == where


@pytest.mark.parametrize(
    ("sentence", "triggers", "actor"),
    [
        # a capital acting stands for its government
        ("Moscow sent troops to Syria.", ("sent troops",), "Moscow"),
        (
            "Paris would deploy the aircraft carrier in support of the bombardment of Iraq.",
            ("deploy",),
            "Paris",
        ),
        # the subject of another clause acts there, the event is elsewhere
        (
            "The bombings serve notice that Washington is ready to carry out war crimes.",
            ("bombings",),
            "Washington",
        ),
    ],
)
def test_a_town_that_acts_is_not_where_the_event_happened(parse, sentence, triggers, actor):
    assert actor not in locate(parse, sentence, triggers)


def test_syntactic_candidates_are_names_in_place_positions(parse):
    doc = parse("Gunmen from Boko Haram invaded Garubula village of Biu area on Thursday.")
    names = [doc.text[c.start : c.end] for c in syntactic_candidates(doc, [])]
    assert "Garubula" in names
    assert "Thursday" not in names and "Boko Haram" not in names
    assert all(not c.known and c.ref is None for c in syntactic_candidates(doc, []))


def _candidate(sentence, name, ref, known):
    start = sentence.index(name)
    return Candidate(start, start + len(name), ref, 0.0 if known else -0.5, known)


@pytest.mark.parametrize(
    ("sentence", "unknown", "known", "expected"),
    [
        # the known place sits inside the unknown name's phrase: it stands in for it
        ("Nine people died in the Mukuru slums in Nairobi.", "Mukuru", "Nairobi", "Nairobi"),
        ("He was jailed at the Old Bailey in London on Friday.", "Old Bailey", "London", "London"),
        ("A swan was found in the village of Cellardyke in Fife.", "Cellardyke", "Fife", "Fife"),
        # coordinated names are neighbours, not containers
        ("The outbreak began with coots in Temryuk and Anapa.", "Temryuk", "Anapa", None),
        # a place named in a clause about the name is not where the name lies
        (
            "The car that was stopped near Dallas was a Chevrolet Cavalier.",
            "Chevrolet",
            "Dallas",
            None,
        ),
    ],
)
def test_a_known_place_inside_an_unknown_names_phrase(parse, sentence, unknown, known, expected):
    doc = parse(sentence)
    candidates = [_candidate(sentence, unknown, None, False), _candidate(sentence, known, 0, True)]
    found = known_within(doc, candidates[0], candidates)
    assert (sentence[found.start : found.end] if found else None) == expected
