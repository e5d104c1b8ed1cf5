"""Toponym recognition: spaCy NER combined with the gazetteer.

NER alone fails on real news (on the seed article it tags Aleppo NORP and "Niger, Chad"
WORK_OF_ART), and the gazetteer alone takes "March" or "Police" for towns. So:

- place entities (GPE, LOC, FAC) are kept, extended to a longer gazetteer name where one fits
  ("sub-Saharan" + "Africa", "Lake Chad" + "Basin") and split when they list several places;
- other entities count only where the gazetteer confirms them: NORP/LANGUAGE that name a place
  ("Aleppo"), lists tagged as titles ("Niger, Chad"); ORG/PERSON only when the whole entity is
  a country, region or first-level division ("Texas") — so names inside organisation names
  ("Washington Post", "Al Jazeera") never become places;
- a town's name NER tags as a whole as a person, organisation or title ("Gainesville" PERSON,
  "Calcutta" PRODUCT) is tentative: resolution keeps it only when the article's other places
  confirm it;
- nationalities ("Syrian", "Iraqis") become demonym toponyms of their country: context only;
- a place name that opens the name of one of its public bodies ("Gainesville Police",
  "Laurel County Sheriff's Office", "U.S. Army", "U.S. Food and Drug Administration") or a
  country or state that closes one ("Ministry of Health of the People's Republic of China") is
  a mention of the place;
- capitalised words outside any entity count when the gazetteer knows them as a country,
  region, admin division or water body, or as a large city right after "in"/"near"/...;
- a compass word opening an unknown place entity ("Northeast Georgia", "Eastern Ukraine")
  leaves the place after it, a division word closing one ("Hebei province") the place before
  it; a possessive is not part of a name ("Angola's");
- a news dateline ("COLUMBUS, Ohio (AP) --", "NEWARK --") names a place;
- one sense per document: once a name is a place in an article, its other occurrences are too
  (NER tags "Gainesville" GPE in one sentence and PERSON in the next), unless the article also
  uses it inside a person's name ("Andrew Jackson") or a title precedes it ("Mr. Jackson");
- "X-Y border" is one toponym (resolved to a point on that border).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from geodata.model import Toponym
from geodata.recognize_names import NameLookup, NameProfile, prominent
from geodata.recognize_text import (
    CONNECTORS,
    Entity,
    Tokens,
    bare_words,
    borders,
    datelines,
    entities,
    fought_over,
    person_names,
    same_name_elsewhere,
    strip_article,
    token_table,
    without_overlaps,
)
from geodata.recognize_words import (
    CIVIC_HEADS,
    COMPASS_WORDS,
    DIVISION_WORDS,
    FACILITY_HEADS,
    PERSON_TITLES,
)

__all__ = ["NameLookup", "NameProfile", "find_toponyms"]

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
NATIONALITY_LABELS = frozenset({"NORP", "LANGUAGE"})
LIST_LABELS = frozenset({"WORK_OF_ART", "EVENT", "PRODUCT", "LAW"})
NAME_LABELS = frozenset({"ORG", "PERSON"})
# Entities whose first words may name the place whose public body they are.
INSTITUTION_LABELS = frozenset({"ORG", "FAC", "GPE", "LOC"})
NAME_SOURCES = frozenset({"name+ner:ORG", "name+ner:PERSON"})
# A town's name NER calls a person or an organisation ("Gainesville" tagged PERSON) is only a
# candidate: resolution keeps it when the article's other places confirm it (geodata.resolve).
TENTATIVE_SOURCES = frozenset(f"tentative+ner:{label}" for label in NAME_LABELS | LIST_LABELS)
TENTATIVE_MIN_POPULATION = 1_000
# A town opening an institution's name needs this many people ("Border Police" is no town's).
CIVIC_PREFIX_MIN_POPULATION = 5_000
_LIST_SPLIT = re.compile(r"\s*(?:,|\band\b|&)\s*|\s+[-\u2013\u2014]\s+")


def find_toponyms(doc, lookup: NameLookup, text: str | None = None) -> list[Toponym]:
    """Toponyms in a spaCy Doc (NER already run), ordered by position, never overlapping.

    ``text`` is the Doc's text when the caller has it (spaCy rebuilds it on every access).
    """
    text = doc.text if text is None else text
    tokens = token_table(doc, text)
    ents = entities(doc)
    found: list[Toponym] = []
    blocked = [False] * len(tokens)
    for ent in ents:
        for index in range(ent.start, ent.end):
            blocked[index] = True
        found.extend(_from_entity(tokens, ent, lookup))
    found.extend(bare_words(tokens, blocked, lookup))
    found.extend(datelines(tokens, lookup))
    found.extend(borders(text, lookup))
    people = person_names(tokens, ents)
    sure = [t for t in found if t.source not in TENTATIVE_SOURCES]
    # A tentative name yields to any sure one over it ("NEWARK --" tagged ORG is a dateline).
    found = sure + [t for t in found if t.source in TENTATIVE_SOURCES and not _overlaps(t, sure)]
    found = [
        _sure_if_fought_over(text, t) if t.source in TENTATIVE_SOURCES else t
        for t in without_overlaps(found)
        if not (t.source in NAME_SOURCES | TENTATIVE_SOURCES and t.name in people)
        and not _names_a_disease(text, t, lookup)
        and t.name.lower() not in _NO_PLACE_ALONE
    ]
    return without_overlaps(found + same_name_elsewhere(tokens, ents, found, lookup, people))


def _sure_if_fought_over(text: str, toponym: Toponym) -> Toponym:
    """A tentative town name (NER: an organisation, a product) is sure when the text says it
    was captured or attacked; else it stays tentative."""
    if fought_over(text, toponym.start, toponym.end):
        return Toponym(toponym.start, toponym.end, toponym.name, "taken+" + toponym.source[10:])
    return toponym


# A compass or division word alone is no place ("19 West and Central African countries",
# "Eastern Visayas, Region 8"); Canton is a town too.
_NO_PLACE_ALONE = (COMPASS_WORDS | DIVISION_WORDS) - {"canton"}
# "West Nile virus", "Marburg virus", "Reston ebolavirus", "Rift Valley fever", "Lyme disease":
# a disease named after a place is no mention of the place.
_DISEASE_AFTER = re.compile(
    r"\s*(?:[a-z]*virus(?:es)?|fever|disease|encephalitis|ha?emorrhagic)\b", re.IGNORECASE
)


# "Swine flu", "the 1918 Spanish influenza": before "flu" only a name the gazetteer knows
# exactly is a place ("the United States flu season"); one it knows only after loosening
# ("Swine" as "Sweeny") or a nationality word names the flu.
_FLU_AFTER = re.compile(r"\s*(?:flu|influenza)\b", re.IGNORECASE)


def _names_a_disease(text: str, toponym: Toponym, lookup: NameLookup) -> bool:
    if _DISEASE_AFTER.match(text, toponym.end) is not None:
        return True
    if _FLU_AFTER.match(text, toponym.end) is None:
        return False
    return toponym.demonym or not lookup.profile(toponym.name).exact


def _from_entity(tokens: Tokens, ent: Entity, lookup: NameLookup) -> Iterable[Toponym]:
    label = ent.label_
    text = tokens.text
    start, end = strip_article(text, ent.start_char, ent.end_char)
    name = text[start:end]
    if label in PLACE_LABELS:
        yield from _place_entity(tokens, ent, start, end, lookup)
    elif label in NATIONALITY_LABELS:
        if label == "NORP" and lookup.is_demonym(name):
            yield Toponym(start, end, name, f"ner:{label}", demonym=True)
        elif prominent(lookup.profile(name)):  # "Aleppo" tagged NORP, not "Arab" (Alabama)
            yield Toponym(start, end, name, f"gazetteer+ner:{label}")
    elif label in LIST_LABELS:
        parts = list(_list_parts(text, start, end, lookup, f"gazetteer+ner:{label}"))
        yield from parts
        if not parts and _town_name(lookup.profile(name)) and _whole_word(tokens, ent):
            yield Toponym(start, end, name, f"tentative+ner:{label}")  # "Calcutta" PRODUCT
    elif label in NAME_LABELS and lookup.profile(name).major and _whole_word(tokens, ent):
        yield Toponym(start, end, name, f"name+ner:{label}")
    elif label in NAME_LABELS and _town_name(lookup.profile(name)) and _whole_word(tokens, ent):
        yield Toponym(start, end, name, f"tentative+ner:{label}")
    elif label in INSTITUTION_LABELS:
        place = (
            _civic_prefix(tokens, ent, lookup)
            or _civic_suffix(tokens, ent, lookup)
            or _facility_prefix(tokens, ent, lookup)
        )
        if place is not None:
            yield place


def _overlaps(toponym: Toponym, others: list[Toponym]) -> bool:
    return any(toponym.start < o.end and o.start < toponym.end for o in others)


def _town_name(profile: NameProfile) -> bool:
    return (
        profile.exact
        and not profile.generic
        and profile.city_population >= TENTATIVE_MIN_POPULATION
    )


def _place_entity(
    tokens: Tokens, ent: Entity, start: int, end: int, lookup: NameLookup
) -> Iterable[Toponym]:
    name = tokens.text[start:end]
    if ent.end - ent.start == 1 and ent.start and tokens.lower(ent.start - 1) in PERSON_TITLES:
        return  # "coach Ripley", "Mr. Jackson"
    longer = _extend(tokens, ent, lookup)
    if longer is not None:
        yield longer
        return
    profile = lookup.profile(name)
    if profile.known and not profile.generic and (ent.label_ != "FAC" or prominent(profile)):
        yield Toponym(start, end, name, f"ner:{ent.label_}")
        return
    parts = list(_list_parts(tokens.text, start, end, lookup, f"ner:{ent.label_}"))
    prefix = _civic_prefix(tokens, ent, lookup) or _facility_prefix(tokens, ent, lookup)
    part_of = _after_compass_word(tokens.text, start, end, lookup, ent.label_) or _before_division(
        tokens.text, start, end, lookup, ent.label_
    )
    if part_of is not None:
        yield part_of
    elif len(parts) > 1:
        yield from parts
    elif prefix is not None:
        yield prefix
    elif ent.label_ != "FAC":
        # Unknown to the gazetteer but NER is sure it is a place: keep it for the geocoders.
        yield Toponym(start, end, name, f"ner:{ent.label_}")


def _after_compass_word(text: str, start: int, end: int, lookup: NameLookup, label: str):
    """ "Northeast Georgia", "Eastern Ukraine": the place after the compass word, if known."""
    word, _, rest = text[start:end].partition(" ")
    if word.lower() not in COMPASS_WORDS or not rest[:1].isupper():
        return None
    profile = lookup.profile(rest)
    if not profile.known or profile.generic:
        return None
    rest_start = end - len(rest)
    return Toponym(rest_start, end, rest, f"ner:{label}+compass")


def _before_division(text: str, start: int, end: int, lookup: NameLookup, label: str):
    """ "Hebei province", "the Artibonite region": the place before the division word."""
    rest, _, word = text[start:end].rpartition(" ")
    if word.lower() not in DIVISION_WORDS or not rest:
        return None
    profile = lookup.profile(rest)
    if not profile.known or profile.generic:
        return None
    return Toponym(start, start + len(rest), rest, f"ner:{label}+division")


def _extend(tokens: Tokens, ent: Entity, lookup: NameLookup) -> Toponym | None:
    """A longer gazetteer name around the entity ("sub-Saharan Africa", "Lake Chad Basin")."""
    text = tokens.text
    best = None
    for left in (3, 2, 1, 0):  # "sub-Saharan" is three tokens
        for right in (2, 1, 0):
            if left == right == 0:
                continue
            lo, hi = ent.start - left, ent.end + right
            if lo < 0 or hi > len(tokens):
                continue
            if tokens.punct[lo] or not tokens.word(hi - 1)[:1].isupper():
                continue  # a name ends on a capitalised word ("Basin"), not "-" or "led"
            if any(tokens.punct[i] and tokens.word(i) not in "-'" for i in range(lo, hi)):
                continue
            if left and not any(tokens.capitalised(i) for i in range(lo, ent.start)):
                continue  # "in Gainesville" is no name; "sub-Saharan Africa" may be
            span_start, span_end = tokens.starts[lo], tokens.ends[hi - 1]
            start, end = strip_article(text, span_start, span_end)
            if (start, end) != (span_start, span_end) and left:
                continue  # extended only by "the"
            name = text[start:end]
            longest = best is None or len(name) > len(best.name)
            if longest and lookup.exact(name[:1].upper() + name[1:]):
                best = Toponym(start, end, name, f"gazetteer+ner:{ent.label_}")
    return best


def _list_parts(text: str, start: int, end: int, lookup: NameLookup, source: str):
    """Parts of "Niger, Chad and Nigeria" that the gazetteer confirms as strong places."""
    piece_start = start
    for match in [*_LIST_SPLIT.finditer(text, start, end), None]:
        piece_end = match.start() if match else end
        piece = text[piece_start:piece_end]
        if piece and lookup.profile(piece).strong:
            yield Toponym(piece_start, piece_end, piece, source)
        if match:
            piece_start = match.end()


def _civic_prefix(tokens: Tokens, ent: Entity, lookup: NameLookup) -> Toponym | None:
    """The place opening an institution's name: "Gainesville" in "Gainesville Police".

    A country or state may open a longer one: "U.S. Food and Drug Administration", "Texas
    Alcoholic Beverage Commission" (a civic word anywhere after it; not "Texas Instruments").
    """
    first = ent.start + (1 if tokens.lower(ent.start) == "the" else 0)
    national = _national_prefix(tokens, ent, first, lookup)
    if national is not None:
        return national
    for length in (3, 2, 1):
        head = first + length
        if head >= ent.end or tokens.lower(head) not in CIVIC_HEADS:
            continue
        if not all(
            tokens.capitalised(i) or tokens.word(i) in CONNECTORS for i in range(first, head)
        ):
            continue
        name = tokens.span(first, head)
        if _opens_a_name(lookup.profile(name), divisions=True):
            start, end = tokens.starts[first], tokens.ends[head - 1]
            return Toponym(start, end, name, f"institution:{ent.label_}")
    return None


def _opens_a_name(profile: NameProfile, divisions: bool) -> bool:
    """Whether a name opening an institution's or a site's name is a place: one the gazetteer
    knows exactly, no generic word, and a country or state, a town of some size, or (for a
    public body, ``divisions``) a county ("Laurel County Sheriff's Office")."""
    return (
        profile.exact
        and not profile.generic
        and (
            profile.strong
            or (divisions and profile.division)
            or profile.city_population >= CIVIC_PREFIX_MIN_POPULATION
        )
    )


def _facility_prefix(tokens: Tokens, ent: Entity, lookup: NameLookup) -> Toponym | None:
    """The town opening the name of a site in it: "Donetsk" in "Donetsk Railway Station".

    The site's name ends with a facility word and has at most two more words after the town's
    name; the town is one the gazetteer knows exactly as a country, a state or a town of some
    size (a county's short name is no town: "Cotton Factory")."""
    first = ent.start + (1 if tokens.lower(ent.start) == "the" else 0)
    if ent.end - first < 2 or tokens.lower(ent.end - 1) not in FACILITY_HEADS:
        return None
    for length in (3, 2, 1):
        head = first + length
        if head >= ent.end or ent.end - head > 3:
            continue
        if not all(tokens.capitalised(i) for i in range(first, head)):
            continue
        if tokens.lower(head) in ("'s", "\u2019s") or _SAINT.match(tokens.word(first)):
            return None  # "St. Peter's Square", "Saint Mary Church": a saint's, not a town's
        name = tokens.span(first, head)
        if _opens_a_name(lookup.profile(name), divisions=False):
            start, end = tokens.starts[first], tokens.ends[head - 1]
            return Toponym(start, end, name, f"institution:{ent.label_}")
    return None


_SAINT = re.compile(r"(?i)(?:st|ste|saint|sainte|san|santa|holy)\.?$")


def _civic_suffix(tokens: Tokens, ent: Entity, lookup: NameLookup) -> Toponym | None:
    """The country or state closing a public body's name: "Ministry of Health of the People's
    Republic of China", "Government of India" (not "Bank of America": no civic word)."""
    if not any(tokens.lower(i) in CIVIC_HEADS for i in range(ent.start, ent.end)):
        return None
    text = tokens.text
    for index in range(ent.start + 1, ent.end - 1):  # the longest place after an "of"
        if tokens.lower(index) != "of":
            continue
        start, end = strip_article(text, tokens.starts[index + 1], ent.end_char)
        profile = lookup.profile(text[start:end])
        if profile.exact and profile.strong and not profile.generic:
            return Toponym(start, end, text[start:end], f"institution:{ent.label_}")
    return None


def _national_prefix(tokens: Tokens, ent: Entity, first: int, lookup: NameLookup):
    if not any(tokens.lower(i) in CIVIC_HEADS for i in range(first + 1, ent.end)):
        return None
    for length in (3, 2, 1):
        head = first + length
        if head >= ent.end or not all(tokens.capitalised(i) for i in range(first, head)):
            continue
        name = tokens.span(first, head)
        profile = lookup.profile(name)
        if profile.exact and profile.strong and not profile.generic:
            start, end = tokens.starts[first], tokens.ends[head - 1]
            return Toponym(start, end, name, f"institution:{ent.label_}")
    return None


def _whole_word(tokens: Tokens, ent: Entity) -> bool:
    """The entity is not glued to a following capitalised word the NER left out."""
    return ent.end >= len(tokens) or not tokens.title[ent.end]
