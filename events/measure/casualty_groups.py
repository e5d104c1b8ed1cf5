"""How the figures of several groups in one sentence add up to one casualty figure.

The casualty patterns (events/measure/casualties.py) read one figure at a verb or a number;
the conventions sum the groups of one report, so a figure grows by the groups told beside it:

- before it: a first group joined by "and" ("Ten civilians and three technicians were
  killed": 13), one person named before "N others" ("A police officer and 13 other people":
  14), the whole it is a part of ("20 rebels including five foreigners": 20) or the members
  of one group it counts ("Five members of one family": 5, not 1);
- after it: the counts of the other places it goes on to ("one person was killed in Damascus
  and two in Idlib": 3), a group "in addition to" it ("in addition to the two children"), and
  one more person joined to a figure read from its verb ("killed six civilians and a
  policeman": 7).

A group with a fate of its own ("and 20 others were wounded"), a year ("In 2005 troops and 12
rebels") or something that is no person ("the explosion and 11 others") adds nothing.
"""

from __future__ import annotations

import re
from dataclasses import replace

from events.drafts import Figure, FigurePattern
from events.measure.counts import NUMBER, QUALIFIER, STOP, not_a_count, parse_number
from newsmap.vocabulary import person_nouns

# One person: the nouns a news report names a single victim with (newsmap/vocabulary).
_PERSON_NOUNS = person_nouns()

# "Ten civilians and three army technicians were killed": the first group counts too (not
# "3,546 cases reported and 91 people dead": cases are no casualties).
_GROUP_BEFORE = re.compile(
    rf"(?i)\b(?P<n>{NUMBER})\s+(?:(?!(?:{STOP}|cases?|infections?|reported|confirmed|"
    rf"suspected)\b)[A-Za-z][\w'’-]*\s+){{1,3}}"
    # a part of the group told aside: "24 civilians -- including two children -- and"
    r"(?:(?:--|—|–|\()\s*including\s+[^-—–()]{1,60}?\s*(?:--|—|–|\))\s*)?and\s+$"
)
# "A police officer and at least 13 other people were killed": one named before the others.
_ONE_BEFORE = re.compile(
    r"(?i)\b(?:a|an|one|the|his|her|their)\s+(?:(?!(?:and|were|was|had|have|has)\b)"
    r"[A-Za-z][\w'’.-]*,?\s+){1,6}and\s+$"
)
# A verb of another fate right before the one named: "killed the governor and four others were
# injured" (the governor is not among the injured).
_FATE = re.compile(
    r"(?i)\b(?:kill(?:ed|ing|s)?|wound(?:ed|ing|s)?|injur(?:ed|ing|es)|shot|stabbed|murdered|"
    r"executed|beheaded)\s+(?:(?!(?:and|were|was)\b)[\w'’.,-]+\s+){0,6}and\s+$"
)
# "20 rebels including five foreigners were killed": the five are a part of the twenty.
_WHOLE_BEFORE = re.compile(
    rf"(?i)\b(?P<n>{NUMBER})\s+(?:(?!(?:{STOP})\b)[A-Za-z][\w'’-]*\s+){{1,3}}"
    rf"(?:including|among\s+them)\s+$"
)


# "Five members of one family were killed", "Four more civilians from one family": the count is
# the members, not the one family.
_MEMBERS_OF = re.compile(
    rf"(?i)\b(?P<n>{NUMBER})\s+(?:more\s+)?(?:(?!(?:{STOP})\b)[A-Za-z][\w'’-]*\s+){{1,2}}"
    rf"(?:of|from)\s+$"
)


def with_group_before(figure: Figure, sentence: str) -> Figure:
    """The figure with a first group named before it and joined by "and" added ("Ten
    civilians and three technicians", "A police officer and 13 other people"), or the whole of
    which it is a part ("20 rebels including five foreigners"), or the members it counts
    ("Five members of one family": five)."""
    before = sentence[max(0, figure.start - 80) : figure.start]
    members = _MEMBERS_OF.search(before) if figure.value == 1 else None
    if members and (value := parse_number(members.group("n"))) and value > 1:
        start = figure.start - len(members.group())
        return replace(
            figure, value=value, high=value, start=start, text=sentence[start : figure.end]
        )
    whole = _WHOLE_BEFORE.search(before)
    if whole and (value := parse_number(whole.group("n"))) and value > figure.value:
        start = figure.start - len(whole.group())
        return replace(
            figure, value=value, high=value, start=start, text=sentence[start : figure.end]
        )
    group = _GROUP_BEFORE.search(before)
    value = parse_number(group.group("n")) if group else None
    one = _ONE_BEFORE.search(before) if not value and _OTHERS.match(figure.text) else None
    if one is not None and _FATE.search(before[: one.end()]):
        one = None  # "killed the governor and four others were injured": his fate is another
    if one is not None and _names_a_person(one.group()):
        start = figure.start - len(one.group())
        return replace(
            figure, value=figure.value + 1, high=figure.high + 1, start=start,
            text=sentence[start : figure.end],
        )  # fmt: skip
    if not value or (group.group("n").isdigit() and len(group.group("n")) == 4):
        return figure  # none, or a year ("In 2005 troops and 12 rebels...")
    start = figure.start - (len(group.group()) if group else 0)
    return replace(
        figure, value=figure.value + value, high=figure.high + value, start=start,
        text=sentence[start : figure.end],
    )  # fmt: skip


# "six people in Damascus, six in Hama and four more in Homs": one figure told place by place.
_FIRST_PLACE = re.compile(r"(?i)\s+(?:(?:people|persons)\s+)?(?:in|at|near)\s+(?!\d)")
_NEXT_PLACE = re.compile(
    rf"(?i)[^,;.]{{0,60}}?(?:,\s*(?:and\s+)?|\s+and\s+)(?P<n>{NUMBER})\s+"
    rf"(?:(?:more|others?|people)\s+)?(?:in|at|near)\s+(?!\d)"
    # a place, not a fate of its own ("and 20 in the south were wounded")
    rf"(?:(?!\b(?:were|was|had|have|has|are|is|injured|wounded|hurt)\b)[^,;.]){{1,60}}?"
    rf"(?=[,;.]|\s+and\s|$)"
)


def with_places_after(figure: Figure, sentence: str) -> Figure:
    """The figure with the counts of the other places it goes on to ("one person was killed in
    Damascus and two in Idlib": 3; the conventions sum the groups of one report)."""
    first = _FIRST_PLACE.match(sentence, figure.end)
    if first is None:
        return figure
    position, added, end = first.end(), 0, figure.end
    while (more := _NEXT_PLACE.match(sentence, position)) is not None:
        number = more.group("n")
        value = parse_number(number)
        if not value or not_a_count(sentence, more.start("n"), more.end("n"), number):
            break
        added, end, position = added + value, more.end(), more.end()
    if not added:
        return figure
    return replace(
        figure, value=figure.value + added, high=figure.high + added, end=end,
        text=sentence[figure.start : end],
    )  # fmt: skip


# "three bystanders were killed in the attack, in addition to the two children": five.
_IN_ADDITION = re.compile(
    rf"(?i)[^.;]{{0,120}}?\bin\s+addition\s+to\s+(?:the\s+)?(?P<n>{NUMBER})\s+(?P<who>[a-z]+)\b"
)


# "killed six civilians and a policeman": one more person named after the group ("and a
# policeman was wounded" has a fate of its own).
_ONE_AFTER = re.compile(
    r"(?i)\s*,?\s+and\s+(?:a|an|one)\s+(?:[a-z][\w'’-]*\s+){0,2}?(?P<who>[a-z]+)\b"
    r"(?!\s+(?:was|were|had|has|is|who\s+was|sustained|suffered|escaped|survived)\b)"
)


def with_more_after(figure: Figure, sentence: str) -> Figure:
    """The figure with people named after it as "in addition to" it (a group of people), or
    one more person joined to a figure read from its verb ("killed six civilians and a
    policeman")."""
    more = _IN_ADDITION.match(sentence, figure.end)
    one = _ONE_AFTER.match(sentence, figure.end) if figure.pattern is FigurePattern.VERB else None
    if more is None and one is not None and one.group("who").lower() in _PERSON_NOUNS:
        return replace(
            figure, value=figure.value + 1, high=figure.high + 1, end=one.end(),
            text=sentence[figure.start : one.end()],
        )  # fmt: skip
    if more is None:
        return figure
    who = more.group("who").lower()
    people = who in _PERSON_NOUNS or who.rstrip("s") in _PERSON_NOUNS or who in _GROUPS
    value = parse_number(more.group("n"))
    if not people or not value:
        return figure
    return replace(
        figure, value=figure.value + value, high=figure.high + value, end=more.end(),
        text=sentence[figure.start : more.end()],
    )  # fmt: skip


_GROUPS = frozenset({"people", "persons", "children", "men", "women", "others", "civilians"})
_OTHERS = re.compile(rf"(?i)(?:{QUALIFIER})?{NUMBER}\s+others?\b")


def _names_a_person(group: str) -> bool:
    """ "a police officer and", "the District Head, Ibrahim Dawi and": a person (a person
    noun or a name), not "the explosion and"."""
    words = re.findall(r"[A-Za-z][\w'’.-]*", group)[:-1]  # without the closing "and"
    return any(
        w.lower() in _PERSON_NOUNS or (w[0].isupper() and i > 0) for i, w in enumerate(words)
    )
