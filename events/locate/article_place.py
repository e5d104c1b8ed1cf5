"""Where an event happened when its own sentence names no place: where the article says.

"The siege has killed more than 900 people" two sentences after the town is named happened in
that town. In order of trust:

1. ``previous``: the place of an event told up to :data:`CONTINUES_WITHIN` sentences before
   (the story goes on about it). Not one of the same sentence: there the place was weighed
   and found to be another event's ("Planning sessions for the attacks on Raqqa were held");
2. ``dateline``: the place a wire story is filed from ("ALEPPO, Syria (Reuters) -");
3. ``focus``: the place of the event the article's lead tells, when it lies in the country
   the article names most (its places and nationality words; a name in the title counts
   twice); else in that country the place named most (the country's own name among them),
   else the one place named in it, else the country itself.

An event whose only place is a name the gazetteer does not know ("the island of Bohol") is
placed the same way, its name as written kept.

Before any of them, a disaster whose sentence names one country by nationality, and not as a
speaker's ("H5N1 was found in Turkish poultry"), takes that country: the sentence's own place,
by another word.

Only events that happened take a place this way, and only from the dateline unless they are
violence, a disaster, a protest or people displaced: those happen where the story is, while a
meeting or a deployment in a story about a war is often far from it. An arrest takes the place
of the event told just before it (what it is about), else the dateline's, else, in a story
whose focus is a town (a local paper's police news), that town's. None of them, a
sentence that names a place or a nationality of another country than the one the article gives,
or a sentence that tells of the world or many countries ("207 people have died worldwide"): the
event stays off the map, as before. The event keeps its own trigger and sentence; its place
carries where it came from (``place_source``), so the map and the panel can tell it from a
place its sentence names, and a lower confidence: scaled by how often readers found places from
that source right (events/classify/place_trust.py).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Sequence

from events.classify import kinds
from events.classify.place_trust import trusted_confidence
from events.drafts import Draft, Place
from events.model import STATUS_OCCURRED, PlaceSource

SENTENCE = PlaceSource.SENTENCE
PREVIOUS = PlaceSource.PREVIOUS
DATELINE = PlaceSource.DATELINE
FOCUS = PlaceSource.FOCUS
PLACE_SOURCES = tuple(PlaceSource)
# Kinds that happen where the story is (a meeting about a war is often far from it).
# A protest told without its place is the story's too: one held elsewhere ("protests in London
# against the war") names its place.
_WHERE_THE_STORY_IS = kinds.VIOLENT_KINDS | {kinds.DISASTER, kinds.DISPLACEMENT, kinds.PROTEST}
# An arrest follows what it is about ("A bomb killed five in Kano. Police arrested two men."),
# and takes the article's main place only when that is a town: a country's story says too
# little of where it was made.
_WHERE_THE_LAST_EVENT_IS = frozenset({kinds.ARREST})

CONTINUES_WITHIN = 2  # sentences
LEAD_SENTENCES = 1  # a news story's lead: its first sentence
_DATELINE_AFTER = re.compile(r"(?:,\s+[A-Z][\w.' -]{1,30})?\s*(?:\([^)\n]{1,40}\))?\s*[—–-]{1,2}\s")
# A nationality naming who spoke: "US agencies issued warnings", "Haitian officials said".
_SPEAKER_AFTER = re.compile(
    r"(?:\s+[\w-]+){0,3}?\s+(?:officials?|authorities|agenc(?:y|ies)|government|ministry|"
    r"media|spokes(?:man|woman|person)|scientists|experts)\b"
)
_DATELINE_WINDOW = 300  # characters from the start of the text
# A toll or event told for the world or many countries has no one place to inherit.
_NO_ONE_PLACE = re.compile(
    r"(?i)\b(?:worldwide|globally|world-?wide|internationally|(?:around|throughout|all\s+over)"
    r"\s+the\s+(?:world|globe)|across\s+the\s+"
    r"(?:world|globe|region|continent)|in\s+(?:\d+|[a-z]+-?[a-z]*)\s+countries|"
    r"(?:\d+|several|many|other)\s+countries|outside\s+of)\b"
)


def tells_of_many_places(sentence: str) -> bool:
    """Whether ``sentence`` tells of the world or many countries ("207 people have died
    worldwide", "deaths globally", "in 66 countries"): no one place is its event's."""
    return bool(_NO_ONE_PLACE.search(sentence))


def with_article_places(
    drafts: Sequence[Draft], toponyms: Sequence, text: str, title: str = ""
) -> list[Draft]:
    """The drafts, each placeless one given the place the article gives it (see the module
    notes), with its ``inherited`` place and ``place_source`` set."""
    dateline = _dateline(toponyms, text)
    focus = _focus(toponyms, title)
    focus = _lead_place(drafts, toponyms, focus) or focus
    local = _town(focus, toponyms)  # a town's story, not a country's
    placed: list[Draft] = []
    for draft in drafts:
        sentence = text[draft.sentence_start : draft.sentence_end]
        if (
            (not draft.places or _unknown_only(draft.places))
            and draft.status == STATUS_OCCURRED
            and not tells_of_many_places(sentence)
        ):
            # A disaster's own sentence naming its country by nationality ("H5N1 was found in
            # Turkish poultry") says more than the article around it.
            source, how = _nationality(draft, toponyms, sentence), SENTENCE
            if source is None:
                source, how = _inherit(draft, placed, dateline, focus, text, local)
                if how == FOCUS and not _named_focus(draft, toponyms, source):
                    source = None  # the sentence's nationality words alone make no focus
                if source is not None and _elsewhere(draft, toponyms, source):
                    source = None
            if source is not None:
                draft = dataclasses.replace(
                    draft,
                    inherited=source,
                    place_source=how,
                    confidence=trusted_confidence(draft.confidence, how),
                )
        placed.append(draft)
    return placed


def _town(place: Place | None, toponyms: Sequence) -> bool:
    """Whether a place is a town (not a province, a country or a region)."""
    if place is None or place.ref is None:
        return False
    resolved = toponyms[place.ref].place
    return resolved is not None and resolved.kind == "city"


def _unknown_only(places: Sequence[Place]) -> bool:
    """Whether every place of an event is a name the gazetteer does not know, with no known
    place inside its phrase ("the central Philippine island of Bohol"): no point on the map,
    so the article's place (or the sentence's nationality) gives its point, the name as
    written staying the event's (events/assemble/records.py)."""
    return not any(_on_the_map(p) for p in places)


def _on_the_map(place: Place) -> bool:
    """Whether an event's place has a point: a known name, or one inside its phrase."""
    return place.ref is not None or place.within is not None


def _inherit(
    draft: Draft, before, dateline, focus, text: str, local: bool
) -> tuple[Place | None, str]:
    if draft.kind in _WHERE_THE_LAST_EVENT_IS:
        previous = _previous(before, draft, text)
        if previous is not None:
            return previous, PREVIOUS
        # the dateline, else the story's own town: a local paper's "a man was arrested for
        # theft" happened where it reports from (a country focus says too little)
        if dateline is not None or not local:
            return dateline, DATELINE
        return focus, FOCUS
    if draft.kind not in _WHERE_THE_STORY_IS:
        return dateline, DATELINE
    previous = _previous(before, draft, text)
    if previous is not None:
        return previous, PREVIOUS
    return (dateline, DATELINE) if dateline is not None else (focus, FOCUS)


def _elsewhere(draft: Draft, toponyms: Sequence, place: Place) -> bool:
    """Whether the event's own sentence names a place, or a nationality, of another country
    than ``place`` ("Haitian officials reported 40 deaths" is no event in the Dominican
    Republic, however often the article names it)."""
    for item in toponyms:
        start = item.toponym.start
        if draft.sentence_start <= start < draft.sentence_end and item.place is not None:
            country = item.place.country_code
            if country and place.country and country != place.country:
                return True
    return False


def _named_focus(draft: Draft, toponyms: Sequence, place: Place | None) -> bool:
    """Whether the focus ``place`` is a place named as such, or a country the article names
    outside the event's own sentence: in a one-sentence story, "Iraqi troops killed two Iraqi
    civilians" makes no focus of Iraq."""
    if place is None:
        return False
    if not toponyms[place.ref].toponym.demonym:
        return True
    return any(
        item.place is not None
        and item.place.country_code == place.country
        and not draft.sentence_start <= item.toponym.start < draft.sentence_end
        for item in toponyms
    )


def _nationality(draft: Draft, toponyms: Sequence, sentence: str) -> Place | None:
    """For a disaster, the country of the nationalities its sentence names, when they all
    name one and one of them is not a speaker's ("H5N1 was discovered in Turkish poultry", "on
    the central Philippine island of Bohol"; not "US agencies issued warnings"). Only disasters:
    the nationality beside a killing or an arrest is most often who did it or who was hit,
    not where."""
    if draft.kind != kinds.DISASTER:
        return None
    found = [
        (index, item)
        for index, item in enumerate(toponyms)
        if draft.sentence_start <= item.toponym.start < draft.sentence_end
        and item.toponym.demonym
        and item.place is not None
        and item.place.country_code
    ]
    countries = {item.place.country_code for _, item in found}
    if len(countries) != 1:
        return None
    offset, actors = draft.sentence_start, " ".join(draft.actors)
    # "The Haitian cholera outbreak ..., according to the Haitian government": the outbreak's
    # nationality places it, the speaker's does not
    own = [
        (index, item)
        for index, item in found
        if not _SPEAKER_AFTER.match(
            sentence[item.toponym.end - offset : item.toponym.end - offset + 60]
        )
        and item.toponym.name not in actors
    ]
    if not own:
        return None
    index, item = own[0]
    return _as_place(index, item)


def _previous(before: Sequence[Draft], draft: Draft, text: str) -> Place | None:
    for earlier in reversed(before):
        if draft.sentence - earlier.sentence > CONTINUES_WITHIN:
            return None
        known = [p for p in earlier.places if _on_the_map(p)]
        if known and earlier.sentence < draft.sentence:
            # "8,829 cases in forty countries, most of them in Mexico. 76 people have been
            # confirmed dead": the story goes on about the world, not about its first country.
            told = text[earlier.sentence_start : earlier.sentence_end]
            return None if tells_of_many_places(told) else known[0]
    return None


def _known(item) -> bool:
    return item.place is not None and not item.toponym.demonym


def _as_place(index: int, item) -> Place:
    toponym, place = item.toponym, item.place
    key = f"gn:{place.geonameid}" if place.geonameid else toponym.name.casefold()
    return Place(
        index, toponym.start, toponym.end, toponym.name, key, None, 0.0, place.country_code
    )


def _dateline(toponyms: Sequence, text: str) -> Place | None:
    """A known place at the start of a line near the top, followed by a dateline's dash."""
    for index, item in enumerate(toponyms):
        start = item.toponym.start
        if start > _DATELINE_WINDOW:
            break
        line_start = start == 0 or text[start - 1] == "\n"
        if line_start and _known(item) and _DATELINE_AFTER.match(text, item.toponym.end):
            return _as_place(index, item)
    return None


def _focus(toponyms: Sequence, title: str) -> Place | None:
    """Where the article is: the country it names most (its places, their nationality words
    and the title counted, at least twice and strictly more than any other country), and in
    it the place named most (twice at least, strictly more than any other of that country),
    else the country itself. "South Korean police", "South Korean authorities" and Seoul
    outweigh "beef imports from the United States" told three times."""
    in_title = _named_in_title(toponyms, title)
    countries: Counter = Counter()
    for index, item in enumerate(toponyms):
        if item.place is not None and item.place.country_code:
            countries[item.place.country_code] += 1 + (index in in_title)
    ranked = countries.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    country = ranked[0][0]
    places: Counter = Counter()
    first: dict = {}
    as_country = []  # mentions of the country itself, its name before its nationality words
    for index, item in enumerate(toponyms):
        if item.place is None or item.place.country_code != country:
            continue
        if item.place.precision == "country":
            as_country.append((item.toponym.demonym, index))
        if _known(item):  # the country's own name competes with its places
            key = item.place.geonameid or item.place.name
            places[key] += 1 + (index in in_title)
            first.setdefault(key, index)
    top = places.most_common(2)
    within = [key for key in places if toponyms[first[key]].place.precision != "country"]
    if top and top[0][1] >= 2 and (len(top) == 1 or top[1][1] < top[0][1]):
        index = first[top[0][0]]
    elif len(within) == 1 and len(places) == 1:
        # the one place named in a country told only by nationality words ("Seoul")
        index = first[within[0]]
    elif as_country:
        index = min(as_country)[1]
    else:
        return None
    return _as_place(index, toponyms[index])


def _lead_place(drafts: Sequence[Draft], toponyms: Sequence, focus: Place | None) -> Place | None:
    """The place of the event the article opens with, when it lies in the focus country and
    is finer than it: a news story's lead tells its main event and where ("a gun battle ... at
    the Mexican holiday resort of Acapulco"), and what follows without a place happened there,
    however often the country itself is named later ("tourism in Mexico")."""
    if focus is None:
        return None
    for draft in drafts:
        if draft.sentence > LEAD_SENTENCES - 1:
            return None
        if draft.status != STATUS_OCCURRED or not draft.places:
            continue
        place = draft.places[0]
        known = toponyms[place.ref] if place.ref is not None else None
        if (
            known is not None
            and known.place is not None
            and not known.toponym.demonym
            and known.place.country_code == focus.country
            and known.place.precision != "country"
        ):
            return place
        return None
    return None


def _named_in_title(toponyms: Sequence, title: str) -> set[int]:
    """The indexes of the first mention of each name the title also names."""
    if not title:
        return set()
    seen: set[str] = set()
    found = set()
    for index, item in enumerate(toponyms):
        name = item.toponym.name
        if name in seen:
            continue
        seen.add(name)
        if re.search(rf"\b{re.escape(name)}\b", title):
            found.add(index)
    return found
