"""Which casualty figures of a sentence count people, and which of its events they belong to.

The figures are read by events/measure/casualties.py; here a figure that is projected, negated
or that counts animals is set aside, each remaining figure goes to the nearest event of the
sentence that can have casualties, and an event naming its victims one by one counts them
(events/measure/lone_victims.py).
"""

from __future__ import annotations

import re

from events.classify import diseases, kinds
from events.detect.grouping import TriggerGroup
from events.detect.modality import modality, projected
from events.drafts import KILLED, Figure
from events.measure.casualties import find_figures
from events.measure.lone_victims import lone_victims

# Kinds of event that have no casualties of their own: a figure beside them is another event's.
_NO_CASUALTIES = frozenset({kinds.MEETING, kinds.DEPLOYMENT, kinds.ARREST})


def people_counted(sentence: str) -> list[Figure]:
    """The sentence's casualty figures that count people in something that happened: not a
    projection or a negated clause ("could kill as many as two million"), not animals
    ("2,600 birds died")."""
    return [
        f
        for f in find_figures(sentence)
        if modality(sentence, f.start) is None
        and not projected(sentence, f.start, f.end)
        and not counts_animals(sentence, f)
    ]


_ANIMAL_DISEASES = re.compile(r"(?i)\b(?:" + "|".join(diseases.ANIMAL_NAMED) + r")\b")


def counts_animals(sentence: str, figure: Figure) -> bool:
    """The figure counts animals: named in it or right after ("14 other dead birds"), or the
    sentence names animals and no people ("a further 1,600 have died" of turkeys)."""
    # "swine flu" names no swine (blanked to the same length: the figure's offsets hold)
    sentence = _ANIMAL_DISEASES.sub(lambda m: " " * len(m.group()), sentence)
    near = figure.who + " " + sentence[figure.start : figure.end + 25]
    return bool(kinds.ANIMALS.search(near)) or (not figure.who and kinds.about_animals(sentence))


def add_lone_victims(figures: dict, groups: list[TriggerGroup], heads, places) -> None:
    """A killing event counts the victims it names one by one ("a policeman was killed": 1;
    events/measure/lone_victims.py): when it has no figure, or when its figure counts only a part of
    them ("a chief, his wife and three sons were shot dead": 5, not 3)."""
    for n, group in enumerate(groups):
        lone = lone_victims([heads[i] for i in group.members], places)
        if lone is None:
            continue
        killed = [f for f in figures.get(n, ()) if f.kind == KILLED]
        if not killed:
            figures.setdefault(n, []).append(lone)
            continue
        parts = [f for f in killed if lone.start <= f.start < lone.end and f.value < lone.value]
        if parts:
            figures[n] = [lone if f is parts[0] else f for f in figures[n] if f not in parts[1:]]


def assign_figures(figures: list[Figure], groups: list[TriggerGroup], triggers, sentence):
    """Each casualty figure goes to the nearest event that can have casualties."""
    assigned: dict[int, list[Figure]] = {}
    able = [
        n
        for n, g in enumerate(groups)
        if kinds.classify({triggers[i].kind for i in g.members}, sentence) not in _NO_CASUALTIES
    ]
    for figure in figures:
        pool = able or list(range(len(groups)))
        if not pool:
            continue

        def distance(n: int, figure=figure) -> int:
            return min(
                max(triggers[i].start - figure.end, figure.start - triggers[i].end, 0)
                for i in groups[n].members
            )

        assigned.setdefault(min(pool, key=distance), []).append(figure)
    return assigned
