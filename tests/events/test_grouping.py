from __future__ import annotations

import pytest

from events.detect.grouping import group_triggers
from events.detect.triggers import find_triggers


def groups(parse, sentence):
    doc = parse(sentence)
    triggers = find_triggers(sentence)
    heads = [doc.char_span(t.start, t.end, alignment_mode="expand").root for t in triggers]
    return [
        (triggers[g.head].text, [triggers[i].text for i in g.members])
        for g in group_triggers(triggers, heads)
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Airstrikes by the American-led war coalition killed as many as 212 civilians in "
            "Syria's northern province of Aleppo on Tuesday.",
            [("killed", ["Airstrikes", "killed"])],
        ),
        (
            "Three people were killed in a bomb attack in southern Baghdad.",
            [("killed", ["killed", "bomb", "attack"])],
        ),
        (
            # a meeting and the attacks it planned are two events
            "Planning sessions for the attacks on Raqqa and Mosul were held this week.",
            [("attacks", ["attacks"]), ("held", ["Planning sessions", "held"])],
        ),
        (
            # a support verb heads the event it governs; alone it is none
            "Rebels launched an offensive in Hama.",
            [("launched", ["launched", "offensive"])],
        ),
        ("The meeting was held in Paris.", [("held", ["meeting", "held"])]),
        (
            # "targeting X" after an offensive is an event of its own (its place is X)
            "The army launched an assault on Monday, targeting the village of Qarassi.",
            [("launched", ["launched", "assault"]), ("targeting", ["targeting"])],
        ),
        (
            "Shells hit a trolleybus in Donetsk, killing 8 people.",
            [("hit", ["Shells", "hit", "killing"])],
        ),
        # what a collective noun counts, the object of a verb that is no trigger
        (
            "Another spate of bombings in Baghdad killed 10 more Iraqis.",
            [("killed", ["bombings", "killed"])],
        ),
        (
            "Gunmen laid siege on a highway near Dzur, killing eight travellers.",
            [("siege", ["siege", "killing"])],
        ),
        # "shot dead" is one killing, not a shooting and a death
        (
            "Soldiers shot dead five men in the village on Monday.",
            [("shot", ["shot", "dead"])],
        ),
        # the attack a toll followed is the event of the toll
        (
            "At least 27 people have been killed after gunmen attacked the village.",
            [("killed", ["killed", "attacked"])],
        ),
        (
            "A burst of mob violence in the capital killed 18 people.",
            [("killed", ["violence", "killed"])],
        ),
        # ... not any clause: the meeting after the killing is another event
        (
            "Two people were killed after the leaders met in Geneva.",
            [("killed", ["killed"]), ("met", ["met"])],
        ),
        # ... nor an attack told as hours or days apart from the toll
        (
            "Two journalists were killed in Mogadishu, hours after four officials were shot dead.",
            [("killed", ["killed"]), ("shot", ["shot", "dead"])],
        ),
        # ... but two objects of two such verbs stay two events
        (
            "Sweden announced its first case of the disease, and Canada announced its fourth case.",
            [("case", ["case"]), ("case", ["case"])],
        ),
    ],
)
def test_triggers_of_one_event_are_grouped(parse, sentence, expected):
    assert groups(parse, sentence) == expected
