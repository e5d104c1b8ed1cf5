"""Where a disaster or outbreak happened, read without a dependency parse.

Disaster news sets its events wherever its sentence's places are: "flooding in Burkina Faso",
"Shandong has reported five children dead", "Health officials in the Gaza Strip confirmed five
cases" (who reports an outbreak is where it is). So a sentence whose only event words are
disaster words (events/detect/triggers.py) is not parsed, which keeps outbreak news within the event
stage's speed budget (tools/eventtools/bench.py); its event is set at the known place nearest
the event word, with the names listed with it ("cases in Botswana, Mozambique and South Africa").

Only the event word's own stretch of the sentence counts: quote marks cut it, and so does a
reporting verb after the event word ('"The outbreak is growing," a doctor said in Baghdad',
"Cases rose, the WHO said in Geneva": no place). Before the event word, what was reported
comes first ("Officials in Kenya said the outbreak began in Nairobi": Nairobi), else who
reports it, since who reports an outbreak is where it is ("Officials in Lagos said 12 new
cases were confirmed": Lagos).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from geodata.model import ResolvedToponym
from geodata.resolve_features import inside

# Where a sentence is cut: quote marks, and the words that introduce who reports it.
_QUOTE = re.compile(r"[\"“”]")
_REPORTED = re.compile(r"\b(?:said|says|told|according\s+to)\b", re.IGNORECASE)
# A journey's end or start before a place: "returned from", "their trip to", "passengers from".
_TRAVEL_BEFORE = re.compile(
    r"(?i)(?:\b(?:travel\w*|flew|flown|flying|trips?|journey\w*|visit(?:ed|ing|s)?|flights?|"
    r"holiday\w*|vacation\w*)\b(?:\s+[\w'’-]+){0,3}?\s+(?:to|from)"
    # who came back or arrived came from there; "returned to Lima" is home
    r"|\b(?:return\w*|arriv\w*|came\s+back|passengers?|imported)\b(?:\s+[\w'’-]+){0,3}?\s+from)"
    r"\s+(?:the\s+)?"
    # the later names of a list: "passengers from New York and Toronto"
    r"(?:(?-i:[A-Z])[\w'’-]*(?:\s+|,\s*))*?(?:(?:and|or)\s+)?$"
)
# What may stand between the names of one list: "Croatia and Denmark", "Benin, Ghana, Niger".
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\s+&\s+)")


def nearest_places(
    sentence: str,
    anchor: tuple[int, int],
    named: Sequence[tuple[int, ResolvedToponym]],
    offset: int = 0,
) -> list[int]:
    """The indexes (first items of ``named``) of the places that locate the event whose word
    spans ``anchor`` in ``sentence``: the resolved, non-demonym name nearest to it within its
    stretch of the sentence, with the names listed with it; empty when there is none.

    ``named`` pairs each candidate's index with its resolved toponym, whose offsets are in
    the article (``offset`` is where the sentence starts in it).
    """
    start, end = anchor
    low, reported, high = _stretch(sentence, start, end)
    everywhere = sorted(
        (
            (item.toponym.start - offset, item.toponym.end - offset, index)
            for index, item in named
            if item.place is not None
            and not item.toponym.demonym
            and not travelled(sentence, item.toponym.start - offset)
        ),
    )
    places = [p for p in everywhere if reported <= p[0] and p[1] <= high]
    places = places or [p for p in everywhere if low <= p[0] and p[1] <= high]
    if not places:
        return []
    nearest = min(
        range(len(places)),
        key=lambda n: (max(places[n][0] - end, start - places[n][1], 0), places[n][0]),
    )
    first = last = nearest
    while first > 0 and _listed(sentence, places[first - 1], places[first]):
        first -= 1
    while last + 1 < len(places) and _listed(sentence, places[last], places[last + 1]):
        last += 1
    chosen = [index for _, _, index in places[first : last + 1]]
    # "a worker in Cabanatuan in Nueva Ecija ... tested positive": the nearest name only says
    # where the one before it lies; the event is at that one
    if first == last and first > 0:
        before, after = places[first - 1], places[first]
        inner, outer = _resolved(named, before[2]), _resolved(named, after[2])
        if _QUALIFIER_GAP.fullmatch(sentence, before[1], after[0]) and _lies_in(inner, outer):
            return [before[2]]
    return chosen


# Between a place and the one it lies in: "Cabanatuan in Nueva Ecija", "Toronto, Canada"
_QUALIFIER_GAP = re.compile(r"\s*(?:,|\s+in)\s*(?:the\s+)?")


def _lies_in(inner, outer) -> bool:
    """Whether ``inner`` lies in ``outer``: a country or a first-level division holding it,
    or a second-level one of the same first-level division (the gazetteer keeps no
    second-level codes; a town named with it, "Cabanatuan in Nueva Ecija", is in it)."""
    if inside(inner, outer):
        return True
    return (
        outer.kind == "admin2"
        and inner.kind == "city"
        and inner.country_code == outer.country_code
        and inner.admin1_code == outer.admin1_code
    )


def _resolved(named: Sequence[tuple[int, ResolvedToponym]], index: int):
    return next(item.place for i, item in named if i == index)


def travelled(sentence: str, start: int) -> bool:
    """Whether the place at ``start`` is where a traveller came from or went to ("infected
    after traveling to the U.S.", "a passenger who had arrived from North America", "during
    their trip to Mexico", "passengers from New York"): an imported case is where it was
    found, not where it was caught."""
    return _TRAVEL_BEFORE.search(sentence[max(0, start - 60) : start]) is not None


def _stretch(sentence: str, start: int, end: int) -> tuple[int, int, int]:
    """The part of ``sentence`` around ``[start, end)`` between quote marks and before any
    reporting verb after it: (its start, where what was reported starts, its end)."""
    low, high = 0, len(sentence)
    for cut in _QUOTE.finditer(sentence):
        if cut.end() <= start:
            low = cut.end()
        elif cut.start() >= end:
            high = cut.start()
            break
    after = _REPORTED.search(sentence, end, high)
    high = after.start() if after else high
    before = [m.end() for m in _REPORTED.finditer(sentence, low, start)]
    return low, before[-1] if before else low, high


def _listed(sentence: str, before: tuple, after: tuple) -> bool:
    return _LIST_GAP.fullmatch(sentence, before[1], after[0]) is not None
