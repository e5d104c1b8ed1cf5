"""Place phrases in a parsed sentence: location words, climbing from a name to the phrase it
heads, and proper nouns in place-like positions (events/locate/attach.py decides which place locates
an event).

- Climb from a place name to the head of the phrase that names a location, through compounds
  ("Helmand province"), appositions, conjunctions ("Raqqa and Mosul") and location nouns ("the
  Syrian city of Raqqa", "the outskirts of Homs", "20 km north of Kabul"). A name reached as a
  possessor ("Syria's northern province of Aleppo") or as the place a location lies in ("Musa
  Qala in Helmand province", "Garubula village of Borno state") is a *container*: true but
  less precise than the name it contains.
- Names the gazetteer did not find can still be locations: a proper noun in a locative
  position ("at her Reshimbagh residence", "in the village of Garubula") is a candidate too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from events.wordlists import words
from newsmap.vocabulary import division_words, months, weekdays

LOCATIVE_PREPS = words(
    "in at near inside outside across throughout through around within onto over along off "
    "beside upon"
)
# Prepositions that locate only some kinds of events.
TARGET_PREPS = frozenset({"on", "against"})  # attacks on / offensive against a place
DIRECTION_PREPS = frozenset({"to", "into", "towards", "toward"})  # troops sent to a place
# Nouns that a name can head or follow with "of", by how fine a place they make (the rank of
# a Candidate): "the village of X" (0), "X district" (1), "the province of X" (1.5). The
# division words are the shared ones (newsmap/vocabulary/divisions.toml), singular and plural.
_DIVISIONS = division_words()
_NAMING_NOUNS = {
    **dict.fromkeys(
        words(
            "city cities town towns village villages neighborhood neighbourhood neighborhoods "
            "suburb settlement settlements hamlet camp camps port island township commune quarter "
            "locality enclave base airport mosque market marketplace square street road highway "
            "bridge park stadium compound checkpoint crossing residence home house church school "
            "hospital office prison hotel restaurant cafe shop station embassy consulate "
            "university "
            "factory plant refinery airbase building buildings headquarters hometown"
        ),
        0.0,
    ),
    **dict.fromkeys(_DIVISIONS.finer | {_DIVISIONS.plurals[w] for w in _DIVISIONS.finer}, 1.0),
    **dict.fromkeys(words("sector zone valley strip"), 1.0),
    **dict.fromkeys(words("country countries nation nations"), 2.0),
    **dict.fromkeys(
        _DIVISIONS.first_level | {_DIVISIONS.plurals[w] for w in _DIVISIONS.first_level}, 1.5
    ),
}
# Nouns for a part of a place: "the outskirts of Homs", "the capital of Colombia", "north of
# Kabul"; a name they carry is finer than the place after "of" ("the al-Tarikh area of Jiddah").
PART_NOUNS = words(
    "area areas outskirts countryside part parts centre center heart border frontier coast "
    "capital vicinity edge north south east west northeast northwest southeast southwest "
    "streets mountains hills skies sky airspace waters"
)
LOCATION_NOUNS = frozenset(_NAMING_NOUNS) | PART_NOUNS
_DIRECTIONS = words("north south east west northeast northwest southeast southwest")
# Capitalised words that are not place names by themselves ("the Mosque", "Embassy").
_COMMON_WORDS = LOCATION_NOUNS | words(
    "mosque church embassy consulate office hospital school university prison palace ministry "
    "headquarters parliament court station hotel house building gmt utc"
)
UNKNOWN_RANK = -0.5
VENUE_RANK = 2.5
_VENUES = words(
    "embassy consulate office offices jail prison court ministry headquarters hospital "
    "university school college parliament hotel station stadium club academy"
)
_NOT_NAMES = (
    frozenset(months())
    | frozenset(weekdays())
    | words(
        """
        god allah muslim muslims sunni shiite shia christian christians jewish catholic islamic
        arab arabs kurdish druze hindu
        """
    )
)


@dataclass(frozen=True)
class Candidate:
    """A place name in a sentence: ``sentence[start:end]``; ``ref`` is the caller's handle
    (e.g. the index of a geoparsed toponym), None for proper nouns found by syntax alone.
    ``rank`` orders precision, lower is finer (town 0, admin 1, country 2, region 3)."""

    start: int
    end: int
    ref: int | None = None
    rank: float = 0.0
    known: bool = False  # the gazetteer resolved it


def syntactic_candidates(doc, taken: Sequence[tuple[int, int]]) -> list[Candidate]:
    """Proper-noun names in locative positions not already among ``taken`` spans."""
    found = []
    seen: set[int] = set()
    for token in doc:
        if token.i in seen or not _proper(token):
            continue
        run = _name_run(token)
        seen.update(t.i for t in run)
        start, end = run[0].idx, run[-1].idx + len(run[-1].text)
        if any(s < end and start < e for s, e in taken):
            continue
        if all(t.lower_ in _NOT_NAMES or t.lower_ in _COMMON_WORDS for t in run):
            continue
        head = max(run, key=lambda t: t.i if t.head not in run else -1)
        if _locative_position(head):
            # A named building ("the Jordanian Embassy in Beirut") gives way to its town.
            venue = any(t.lower_ in _VENUES for t in run)
            found.append(Candidate(start, end, None, VENUE_RANK if venue else UNKNOWN_RANK))
    return found


def known_within(doc, name: Candidate, candidates: Sequence[Candidate]) -> Candidate | None:
    """For a name the gazetteer does not know, the finest known place named inside its phrase
    ("at the Old Bailey in London", "the Mukuru slums in Nairobi": London, Nairobi), or None.

    Such a place contains the unknown one, so it can stand in for it on the map, at its own
    precision (ACLED's practice for a place too small to be found).
    """
    span = doc.char_span(name.start, name.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    phrase = climb(span.root).node
    if phrase.dep_ in ("compound", "amod", "nmod") and phrase.head.tag_ in ("NN", "NNS"):
        phrase = phrase.head  # "the Mukuru slums in Nairobi": the noun the name modifies
    best = None
    for other in candidates:
        if not other.known or other.ref is None or best is not None and other.rank >= best.rank:
            continue
        inner = doc.char_span(other.start, other.end, alignment_mode="expand")
        if inner is None or not len(inner) or span.start <= inner.root.i < span.end:
            continue
        if _located_under(inner.root, phrase):
            best = other
    return best


_WITHIN_DEPS = frozenset({"pobj", "prep", "compound", "appos", "amod", "nmod", "poss"})


def _located_under(token, phrase) -> bool:
    """Whether ``token`` hangs under ``phrase`` through locative phrases only ("slums in
    Nairobi", "the village of Cellardyke in Fife"), not a conjunction ("Temryuk and Anapa")
    or a clause ("a car stopped near U.S. 321")."""
    for _ in range(12):  # parses are trees; the bound only guards against odd input
        if token.dep_ not in _WITHIN_DEPS:
            return False
        if token.dep_ == "prep" and token.lower_ not in LOCATIVE_PREPS | {"of"}:
            return False
        token = token.head
        if token.i == phrase.i:
            return True
    return False


@dataclass(frozen=True)
class Climb:
    """Where climbing from a name ended: the phrase head, whether the name only contains the
    location, its coordination group, and the rank of the place noun it names (if any)."""

    node: object
    container: bool
    group: int
    level: float | None


def climb(token) -> Climb:
    """From a name up to the head of its location phrase (see the module notes)."""
    node, container, group, level = token, False, token.i, None
    via_of = False
    for _ in range(12):  # parses are trees; the bound only guards against odd input
        head, dep = node.head, node.dep_
        if head.i == node.i:
            break
        if dep == "conj":
            node, group = head, head.i
            continue
        if dep == "appos" or (dep == "compound" and head.tag_ in ("NNP", "NNPS")):
            # "Sadr City, a neighborhood of Baghdad": the name after "of" only contains it
            container = container or (dep == "appos" and node.i != token.i and via_of)
            node = head
            continue
        noun = head.lower_
        if dep in ("poss", "compound", "nmod", "amod") and noun in LOCATION_NOUNS:
            # "Syria's province of Aleppo", "Helmand province", "the al-Tarikh area of Jiddah"
            # "Syria's province of Aleppo": the possessor contains it; so does a name before a
            # settlement noun named after "of" ("the West Bank city of Nablus", "the Nairobi
            # suburb of Syokimau"; in the news more often so than "the Huriyah neighborhood
            # of Baghdad").
            container = container or dep == "poss" or _names_of(head)
            if not container and level is None:
                level = _NAMING_NOUNS.get(noun)
            node, group = head, head.i
            continue
        if dep == "pobj" and head.dep_ == "prep":
            outer = head.head
            if head.lower_ == "of" and outer.lower_ in LOCATION_NOUNS:
                # A place noun after "of" contains ("Garubula village of Borno state"), and
                # so does a name after a part ("area of Jiddah") that carries its own name.
                part = outer.lower_ in PART_NOUNS
                # An area named before its noun lies in the place after "of" ("the East Ghouta
                # region of rural Damascus", "the Semdinli district of Hakkari").
                area = (_NAMING_NOUNS.get(outer.lower_) or 0) >= 1
                container = (
                    container
                    or node.lower_ in LOCATION_NOUNS
                    or (part and _named(outer))
                    or (area and _named(outer, ("compound",)))
                )
                # "20 km north of Kabul": near Kabul; a place named beside it is finer
                container = container or outer.lower_ in _DIRECTIONS
                via_of = True
                if not container and level is None:
                    level = _NAMING_NOUNS.get(outer.lower_)
                node, group = outer, outer.i
                continue
            if head.lower_ == "in" and outer.tag_ in ("NNP", "NNPS"):
                container = True  # "Musa Qala in Helmand province"
                node, group = outer, outer.i
                continue
        break
    return Climb(node, container, group, level)


def _names_of(token) -> bool:
    """Whether a settlement noun is named by "of" and a bare name ("city of Nablus")."""
    if (_NAMING_NOUNS.get(token.lower_) or 0) >= 1:
        return False  # an area: "the East Ghouta region of rural Damascus"
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            return any(
                o.dep_ == "pobj" and _proper(o) and o.lower_ not in LOCATION_NOUNS
                for o in child.children
            )
    return False


def _named(token, deps=("compound", "poss")) -> bool:
    """Whether a place noun carries a name of its own ("the al-Tarikh area")."""
    return any(c.dep_ in deps and c.tag_ in ("NNP", "NNPS") for c in token.children)


def _name_run(token) -> list:
    """The contiguous proper nouns around ``token`` (with inner hyphens: "al-Zawraa Park")."""
    doc = token.doc
    start = end = token.i
    while start > 0 and _name_part(doc[start - 1]):
        start -= 1
    while end + 1 < len(doc) and _name_part(doc[end + 1]):
        end += 1
    run = list(doc[start : end + 1])
    while run and not run[0].text[:1].isalpha():
        run.pop(0)
    while run and not run[-1].text[:1].isalpha():
        run.pop()
    return run or [token]


def _proper(token) -> bool:
    """A proper noun: tagged so, or a capitalised noun inside the sentence (the tagger calls
    some unknown place names common nouns: "In Iskandiriyah, ...")."""
    if not token.text[:1].isupper():
        return False
    if token.tag_ in ("NNP", "NNPS"):
        return True
    return token.tag_ in ("NN", "NNS") and token.i > 0 and token.doc[token.i - 1].text not in '"“‘('


def _name_part(token) -> bool:
    if _proper(token):
        return True
    return token.text in ("-", "al", "el") and not token.whitespace_


def _locative_position(token) -> bool:
    """Whether a name heads a phrase in a place-like position (the gazetteer aside)."""
    node = climb(token).node
    if node.i != token.i and node.tag_ not in ("NNP", "NNPS") and node.lower_ in LOCATION_NOUNS:
        return True
    head = node.head
    return node.dep_ == "pobj" and head.lower_ in LOCATIVE_PREPS - {"to", "over", "upon"}
