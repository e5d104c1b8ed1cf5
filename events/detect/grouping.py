"""Which trigger words of a sentence tell one event: "Airstrikes ... killed 212" is one strike.

Two triggers belong together when one governs the other closely in the dependency parse: as
subject or object ("Airstrikes killed"), through a preposition of circumstance ("killed in a
bomb attack", "wounded by shelling", "died during clashes"), as a compound ("car bomb attack"),
a participle ("clashed ..., killing 13", also after a verb whose object is the trigger: "laid
siege ..., killing 8"), a collective noun ("a spate of bombings killed 10") or a coordinated
verb ("shot and killed") — and when
their hints are compatible (violent words go together; a meeting and an attack do not, so
"Planning sessions for the attacks on Raqqa" stays two events). Support verbs ("launched",
"erupted", "were held") count only when they join such a group, which they then head.

The group's head trigger is the one highest in the parse (the governing predicate, usually the
verb an annotator would mark); its kind comes from all its hints (events/classify/kinds.classify).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from events.classify import kinds
from events.detect.triggers import SUPPORT, Trigger
from events.wordlists import words

_VIOLENT = kinds.VIOLENT_KINDS | {kinds.VIOLENCE, kinds.CASUALTIES}
_CIRCUMSTANCE_PREPS = words(
    "in during by with amid from after following at under"
)  # fmt: skip
_LINK_DEPS = words(
    "nsubj nsubjpass dobj attr compound amod nmod conj appos agent pobj prep acl advcl xcomp "
    "oprd npadvmod acomp"
)
_MAX_STEPS = 3
_TIME_UNITS = words("minute minutes hour hours day days week weeks month months year years moments")
# "a spate of bombings killed 10": the bombings are what the collective noun counts
_COLLECTIVE = words(
    "spate series wave string barrage volley round rash flurry chain salvo succession number "
    "couple pair hail burst outbreak surge upsurge eruption escalation bout"
)


@dataclass(frozen=True)
class TriggerGroup:
    """The triggers (indexes into the sentence's trigger list) of one event; ``head`` first."""

    members: tuple[int, ...]
    head: int


def group_triggers(triggers: Sequence[Trigger], tokens: Sequence) -> list[TriggerGroup]:
    """Group a sentence's triggers into events; ``tokens[i]`` is the head token of trigger i.

    Support verbs left alone are dropped. Groups come in text order of their heads.
    """
    parent = list(range(len(triggers)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    index = {token.i: n for n, token in enumerate(tokens)}
    tolls = {token.i for n, token in enumerate(tokens) if triggers[n].kind == kinds.CASUALTIES}
    for n, token in enumerate(tokens):
        for ancestor in _close_ancestors(token, triggers[n].kind, tolls):
            other = index.get(ancestor.i)
            if other is None and ancestor.i == token.head.i and _participle(token):
                other = _light_verb_object(ancestor, index)
            if other is not None and other != n and _compatible(triggers[n], triggers[other]):
                parent[find(n)] = find(other)
                break
    members: dict[int, list[int]] = {}
    for n in range(len(triggers)):
        members.setdefault(find(n), []).append(n)
    groups = []
    for items in members.values():
        if all(triggers[i].kind == SUPPORT for i in items):
            continue
        head = min(items, key=lambda i: (_depth(tokens[i]), triggers[i].start))
        groups.append(TriggerGroup(tuple(sorted(items)), head))
    return sorted(groups, key=lambda g: triggers[g.head].start)


def group_shallow(triggers: Sequence[Trigger]) -> list[TriggerGroup]:
    """Group triggers without a parse: each joins the first group it is compatible with.

    For sentences not worth parsing; support verbs are left out (nothing shows what they
    govern), and the head is the group's first trigger.
    """
    groups: list[list[int]] = []
    for n, trigger in enumerate(triggers):
        if trigger.kind == SUPPORT:
            continue
        group = next((g for g in groups if all(_compatible(trigger, triggers[i]) for i in g)), None)
        if group is None:
            groups.append([n])
        else:
            group.append(n)
    return [TriggerGroup(tuple(g), g[0]) for g in groups]


def _close_ancestors(token, kind: str, tolls: set[int] = frozenset()) -> list:
    """Ancestors reachable in a few steps without leaving the clause of the event. ``tolls``:
    the tokens of casualty words ("killed"), which a violent clause under them joins: "27
    people were killed after herdsmen attacked the village" is one attack."""
    found = []
    node = token
    for _ in range(_MAX_STEPS):
        if node.head.i == node.i or node.dep_ not in _LINK_DEPS:
            break
        if node.dep_ in ("advcl", "acl", "xcomp") and node.tag_ == "VBG":
            if kind != kinds.CASUALTIES:
                break  # "launched an offensive, targeting X": X is where the targeting was
        elif node.dep_ == "advcl" and not (kind in _VIOLENT and node.head.i in tolls):
            break  # "after they left, ... was killed": another event
        elif node.dep_ == "advcl" and _apart_in_time(node):
            break  # "were killed ... hours after four officials were shot": an earlier event
        if node.dep_ == "pobj" and not _linking_preposition(node.head):
            break
        node = node.head
        found.append(node)
    return found


def _apart_in_time(clause) -> bool:
    """A clause told as hours or days before or after its main one ("hours after", "two days
    before"): another event, however violent both are."""
    return any(
        mark.dep_ == "mark"
        and mark.lower_ in ("after", "before")
        and mark.i > 0
        and mark.doc[mark.i - 1].lower_ in _TIME_UNITS
        for mark in clause.children
    )


def _linking_preposition(prep) -> bool:
    """A preposition of circumstance ("killed in an attack"), or the "of" after a collective
    noun ("a spate of bombings")."""
    word = prep.lower_
    return word in _CIRCUMSTANCE_PREPS or (word == "of" and prep.head.lower_ in _COLLECTIVE)


def _participle(token) -> bool:
    """A participle clause hanging on a verb ("..., killing eight")."""
    return token.dep_ in ("advcl", "acl") and token.tag_ == "VBG"


def _light_verb_object(verb, index: dict[int, int]) -> int | None:
    """The trigger that is the direct object of a verb that is no trigger itself: "gunmen
    laid siege on a highway, killing eight" is one siege."""
    for child in verb.children:
        if child.dep_ == "dobj" and child.i in index:
            return index[child.i]
    return None


def _compatible(a: Trigger, b: Trigger) -> bool:
    if SUPPORT in (a.kind, b.kind) or a.kind == b.kind:
        return True
    if a.kind in _VIOLENT and b.kind in _VIOLENT:
        return True
    # A disaster or accident that killed: one event.
    return kinds.CASUALTIES in (a.kind, b.kind) and kinds.DISASTER in (a.kind, b.kind)


def _depth(token) -> int:
    depth = 0
    while token.head.i != token.i and depth < 100:
        token = token.head
        depth += 1
    return depth
