"""Toponym recognition: spaCy NER combined with the gazetteer.

NER alone fails on real news (on the seed article it tags Aleppo NORP and "Niger, Chad"
WORK_OF_ART), and the gazetteer alone takes "March" or "Police" for towns. So:

- place entities (GPE, LOC, FAC) are kept, extended to a longer gazetteer name where one fits
  ("sub-Saharan" + "Africa", "Lake Chad" + "Basin") and split when they list several places;
- other entities count only where the gazetteer confirms them: NORP/LANGUAGE that name a place
  ("Aleppo"), lists tagged as titles ("Niger, Chad"); ORG/PERSON only when the whole entity is
  a country, region or first-level division ("Texas") — so names inside organisation names
  ("Washington Post", "Al Jazeera") never become places;
- nationalities ("Syrian", "Iraqis") become demonym toponyms of their country: context only;
- capitalised words outside any entity count when the gazetteer knows them as a country,
  region, admin division or water body, or as a large city right after "in"/"near"/...;
- "X-Y border" is one toponym (resolved to a point on that border).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from geodata.model import MATCH_LOOSE, Toponym

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
NATIONALITY_LABELS = frozenset({"NORP", "LANGUAGE"})
LIST_LABELS = frozenset({"WORK_OF_ART", "EVENT", "PRODUCT", "LAW"})
NAME_LABELS = frozenset({"ORG", "PERSON"})

# Place kinds strong enough that a bare gazetteer match (no NER support) is trusted.
STRONG_KINDS = frozenset({"country", "admin1", "continent", "region", "water"})
# A city found by the gazetteer alone needs this many people and a locative word before it.
BARE_CITY_MIN_POPULATION = 100_000
LOCATIVES = frozenset(
    {"in", "at", "near", "from", "to", "into", "outside", "across", "around", "toward", "towards"}
)
CONNECTORS = frozenset({"of", "de", "del", "la", "le", "al", "el", "upon", "on", "-"})
# No "^": compiled patterns' match() already anchors at pos, where "^" would not match.
_LEADING_ARTICLE = re.compile(r"(?:the|The|THE)\s+")
_LIST_SPLIT = re.compile(r"\s*(?:,|\band\b|&)\s*")
_BORDER = re.compile(
    r"\b([A-Z][\w.']*(?:\s[A-Z][\w.']*)?)\s?[-\u2013/]\s?([A-Z][\w.']*(?:\s[A-Z][\w.']*)?)"
    r"\s+(?:border|frontier|boundary)\b"
)


@dataclass(frozen=True)
class NameProfile:
    """What the gazetteer knows about a name, enough to decide whether it is a place."""

    known: bool  # some entry goes by this name, if only after loosening ("Raqqa")
    exact: bool  # some entry goes by exactly this name or alternate name
    strong: bool  # a country, region, admin1 division or water body goes by this name
    city_population: int  # the largest city of that name (0: none)


class NameLookup:
    """Cached gazetteer questions the recognizer asks (many per document)."""

    def __init__(self, gazetteer):
        self._gazetteer = gazetteer
        self._profiles: dict[str, NameProfile] = {}
        self._demonyms: dict[str, bool] = {}

    def profile(self, name: str) -> NameProfile:
        """Known/strong/city-population profile of a name (cached)."""
        cached = self._profiles.get(name)
        if cached is None:
            candidates = self._gazetteer.candidates(name) if _plausible(name) else []
            # Loosened (transliteration) matches may confirm what NER found, never more.
            exact = [c for c in candidates if c.match != MATCH_LOOSE]
            kinds = {c.place.kind for c in exact}
            cities = [c.place.population for c in exact if c.place.kind == "city"]
            cached = NameProfile(
                known=bool(candidates),
                exact=bool(exact),
                strong=bool(kinds & STRONG_KINDS),
                city_population=max(cities, default=0),
            )
            self._profiles[name] = cached
        return cached

    def is_demonym(self, word: str) -> bool:
        """True when the word is a nationality or adjective of a country."""
        cached = self._demonyms.get(word)
        if cached is None:
            cached = self._gazetteer.demonym_country(word) is not None
            self._demonyms[word] = cached
        return cached


def _plausible(name: str) -> bool:
    """Cheap filter before asking the gazetteer: a name has a letter and starts upper-case."""
    return len(name) >= 2 and name[0].isupper() and any(ch.isalpha() for ch in name)


def find_toponyms(doc, lookup: NameLookup) -> list[Toponym]:
    """Toponyms in a spaCy Doc (NER already run), ordered by position, never overlapping."""
    text = doc.text  # spaCy rebuilds it from the tokens on every access
    found: list[Toponym] = []
    blocked = [False] * len(doc)
    for ent in doc.ents:
        for index in range(ent.start, ent.end):
            blocked[index] = True
        found.extend(_from_entity(doc, text, ent, lookup))
    found.extend(_from_bare_words(doc, blocked, lookup))
    found.extend(_borders(text, lookup))
    return _without_overlaps(found)


def _from_entity(doc, text: str, ent, lookup: NameLookup) -> Iterable[Toponym]:
    label = ent.label_
    start, end = _strip_article(text, ent.start_char, ent.end_char)
    name = text[start:end]
    if label in PLACE_LABELS:
        yield from _place_entity(doc, text, ent, start, end, lookup)
    elif label in NATIONALITY_LABELS:
        if label == "NORP" and lookup.is_demonym(name):
            yield Toponym(start, end, name, f"ner:{label}", demonym=True)
        elif lookup.profile(name).exact:
            yield Toponym(start, end, name, f"gazetteer+ner:{label}")
    elif label in LIST_LABELS:
        yield from _list_parts(text, start, end, lookup, f"gazetteer+ner:{label}")
    elif label in NAME_LABELS and lookup.profile(name).strong and _whole_word(doc, ent):
        yield Toponym(start, end, name, f"gazetteer+ner:{label}")


def _place_entity(
    doc, text: str, ent, start: int, end: int, lookup: NameLookup
) -> Iterable[Toponym]:
    name = text[start:end]
    longer = _extend(doc, text, ent, lookup)
    if longer is not None:
        yield longer
        return
    if lookup.profile(name).known:
        yield Toponym(start, end, name, f"ner:{ent.label_}")
        return
    parts = list(_list_parts(text, start, end, lookup, f"ner:{ent.label_}"))
    if len(parts) > 1:
        yield from parts
    elif ent.label_ != "FAC":
        # Unknown to the gazetteer but NER is sure it is a place: keep it for the geocoders.
        yield Toponym(start, end, name, f"ner:{ent.label_}")


def _extend(doc, text: str, ent, lookup: NameLookup) -> Toponym | None:
    """A longer gazetteer name around the entity ("sub-Saharan Africa", "Lake Chad Basin")."""
    best = None
    for left in (3, 2, 1, 0):  # "sub-Saharan" is three tokens
        for right in (2, 1, 0):
            if left == right == 0:
                continue
            lo, hi = ent.start - left, ent.end + right
            if lo < 0 or hi > len(doc):
                continue
            span = doc[lo:hi]
            if span[0].is_punct or not _word(span[-1]):
                continue
            if any(t.is_punct and t.text not in "-'" for t in span):
                continue
            start, end = _strip_article(text, span.start_char, span.end_char)
            name = text[start:end]
            if name != text[span.start_char : span.end_char] and left:
                continue  # extended only by "the"
            if lookup.profile(_capitalise(name)).exact:
                candidate = Toponym(start, end, name, f"gazetteer+ner:{ent.label_}")
                if best is None or len(name) > len(best.name):
                    best = candidate
    return best


def _word(token) -> bool:
    """A token that can end a place name: a capitalised word ("Basin"), not "-" or "led"."""
    return token.text[:1].isupper()


def _capitalise(name: str) -> str:
    return name[:1].upper() + name[1:]


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


def _whole_word(doc, ent) -> bool:
    """The entity is not glued to a following capitalised word the NER left out."""
    return ent.end >= len(doc) or not doc[ent.end].is_title


def _from_bare_words(doc, blocked: Sequence[bool], lookup: NameLookup) -> Iterable[Toponym]:
    """Gazetteer matches in runs of capitalised words that no entity covers."""
    index = 0
    while index < len(doc):
        if blocked[index] or not _capitalised(doc[index]):
            index += 1
            continue
        run_end = index
        while (
            run_end < len(doc)
            and not blocked[run_end]
            and (
                _capitalised(doc[run_end]) or (doc[run_end].text in CONNECTORS and run_end > index)
            )
        ):
            run_end += 1
        yield from _longest_matches(doc, index, run_end, lookup)
        index = run_end


def _capitalised(token) -> bool:
    text = token.text
    return text[:1].isupper() and any(ch.isalpha() for ch in text)


def _longest_matches(doc, lo: int, hi: int, lookup: NameLookup) -> Iterable[Toponym]:
    index = lo
    while index < hi:
        for length in range(min(4, hi - index), 0, -1):
            span = doc[index : index + length]
            if span[-1].text in CONNECTORS:
                continue
            if _bare_place(doc, span, lookup):
                yield Toponym(span.start_char, span.end_char, span.text, "gazetteer")
                index += length
                break
        else:
            index += 1


def _bare_place(doc, span, lookup: NameLookup) -> bool:
    if span.start == 0 or doc[span.start - 1].is_sent_start is True:
        sentence_initial = True
    else:
        previous = doc[span.start - 1].text
        sentence_initial = previous in {".", "!", "?", '"', "\n", "\n\n"} or previous.isspace()
    profile = lookup.profile(span.text)
    if profile.strong and not (sentence_initial and len(span) == 1 and not span[0].is_upper):
        return True
    if profile.city_population >= BARE_CITY_MIN_POPULATION and span.start > 0:
        return doc[span.start - 1].lower_ in LOCATIVES
    return False


def _borders(text: str, lookup: NameLookup) -> Iterable[Toponym]:
    for match in _BORDER.finditer(text):
        first, second = match.group(1), match.group(2)
        if lookup.profile(first).strong and lookup.profile(second).strong:
            yield Toponym(match.start(), match.end(), match.group(0), "border")


def _strip_article(text: str, start: int, end: int) -> tuple[int, int]:
    match = _LEADING_ARTICLE.match(text, start, end)
    return (match.end(), end) if match else (start, end)


def _without_overlaps(toponyms: list[Toponym]) -> list[Toponym]:
    """Keep the longest of overlapping toponyms (a border over its two countries)."""
    chosen: list[Toponym] = []
    for toponym in sorted(toponyms, key=lambda t: (-(t.end - t.start), t.start)):
        if all(toponym.end <= c.start or toponym.start >= c.end for c in chosen):
            chosen.append(toponym)
    return sorted(chosen, key=lambda t: t.start)
