"""Which sentences get a dependency parse, and why.

Parsing is the costly part of event extraction, and the event stage may add at most a quarter
to geoparsing (tools/eventtools/bench.py), so a sentence with a trigger word is parsed only
when the parse can tell something the words alone cannot:

- where the event happened, or who did it: the sentence names a place or a nationality (a
  toponym the geoparser found, demonyms included: "support from the French military" names
  an actor), or a capitalised word after a locative preposition, a place the geoparser may
  have missed ("in Kafr Nabl"), so the parse can climb from the trigger to it
  (events/locate/attach.py);
- who was killed: it tells a death in the passive ("The legislator was killed", "was shot
  dead"), whose lone victim only the parse can count (events/measure/lone_victims.py).

A sentence whose event words are all disaster words ("cases", "flooding") is never parsed: a
disaster is placed at the nearest place of its stretch of the sentence, without a parse
(events/locate/shallow.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from events.classify import kinds
from events.detect.triggers import SUPPORT, Trigger
from newsmap.vocabulary import capitalised, months, weekdays

# A capitalised word after a locative preposition: a place the geoparser may have missed.
_LOCATIVE_NAME = re.compile(
    rf"\b(?:in|at|near|outside|inside|into|across|throughout|around|of|on)\s+(?:the\s+)?"
    rf"(?!(?:{capitalised(weekdays())}|{capitalised(months())})\b)[A-Z][a-z]"
)
# A death told of one person with no number ("The legislator was killed", "was shot dead"):
# only the parse says who (events/measure/lone_victims.py).
_LONE_DEATH = re.compile(
    r"(?i)\b(?:was|were|been|has|have|had)\s+(?:\w+\s+)?(?:killed|murdered|assassinated|slain|"
    r"executed|beheaded|lynched|strangled|shot\s+(?:dead|to\s+death|and\s+killed)|"
    r"fatally\s+(?:shot|stabbed|wounded))\b"
)


def worth_parsing(
    sentence: str, toponyms_inside: Sequence[int], triggers: Sequence[Trigger]
) -> bool:
    """Whether ``sentence``, with the article's toponyms ``toponyms_inside`` it holds and its
    ``triggers``, is to be parsed (see the module notes): it may name the event's place or a
    lone victim, and its event words are not all disaster words."""
    return _may_name_place_or_victim(sentence, toponyms_inside) and not disaster_only(triggers)


def disaster_only(triggers: Sequence[Trigger]) -> bool:
    """Whether a sentence's event words are all disaster words ("cases", "flooding")."""
    return all(t.kind in (kinds.DISASTER, SUPPORT) for t in triggers)


def _may_name_place_or_victim(sentence: str, toponyms_inside: Sequence[int]) -> bool:
    """A sentence with a place name (geoparsed, or capitalised after a locative preposition),
    or a nationality, which usually names an actor ("support from the French military"), or
    one that tells a death in the passive, whose victim only the parse can count."""
    return (
        bool(toponyms_inside)
        or bool(_LOCATIVE_NAME.search(sentence))
        or bool(_LONE_DEATH.search(sentence))
    )
