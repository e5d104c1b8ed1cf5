"""The event taxonomy and the rules that pick an event's kind.

The kinds themselves, with their labels, ACLED counterparts and colours, are one table:
:class:`events.classify.kind_table.Kind`. The names below (``AIR_STRIKE``...) are its members,
kept so the extractor's modules can say ``kinds.AIR_STRIKE``.

Trigger words carry a *hint* (events/detect/triggers.py): either a kind itself or one of the generic
hints below ("violence", "casualties"), which take the kind of a more specific trigger in the
same event, or else a kind guessed from the sentence's participants (:func:`classify`).

The words those rules read (armed people, civilians, hazards, weapons...) are data:
newsmap/vocabulary/kinds.toml, one list per word class.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

from events.classify import diseases
from events.classify.kind_table import Kind
from newsmap import vocabulary
from newsmap.prefilter import Prefiltered, matching

AIR_STRIKE = Kind.AIR_STRIKE
SHELLING = Kind.SHELLING
ARMED_CLASH = Kind.ARMED_CLASH
BOMBING = Kind.BOMBING
VIOLENCE_AGAINST_CIVILIANS = Kind.VIOLENCE_AGAINST_CIVILIANS
PROTEST = Kind.PROTEST
RIOT = Kind.RIOT
ARREST = Kind.ARREST
DEPLOYMENT = Kind.DEPLOYMENT
MEETING = Kind.MEETING
DISPLACEMENT = Kind.DISPLACEMENT
DISASTER = Kind.DISASTER
OTHER = Kind.OTHER

EVENT_KINDS: tuple[Kind, ...] = tuple(Kind)
VIOLENT_KINDS = frozenset(kind for kind in Kind if kind.violent)

# Generic hints: they say something violent happened, not which kind.
VIOLENCE = "violence"
CASUALTIES = "casualties"
GENERIC_HINTS = (VIOLENCE, CASUALTIES)

# Specific before generic: when one event has triggers of several kinds ("air strikes ...
# killed", "a bomb attack"), the earliest kind in this order names it.
_SPECIFICITY = (
    AIR_STRIKE,
    SHELLING,
    BOMBING,
    ARMED_CLASH,
    VIOLENCE_AGAINST_CIVILIANS,
    RIOT,
    PROTEST,
    ARREST,
    DISPLACEMENT,
    DEPLOYMENT,
    DISASTER,
    MEETING,
    OTHER,
)

# The word classes the rules below read (newsmap/vocabulary/kinds.toml).
_CLASS_NAMES = (
    "armed",
    "civilian",
    "fight",
    "mishap",
    "crowd",
    "security",
    "armed_group",
    "state_captors",
    "armed_captors",
    "turned_violent",
    "mob",
    "animals",
    "people_hit",
    "aircraft",
    "artillery",
    "explosive",
)


def _known_classes(table: Mapping[str, tuple[str, ...]]) -> Mapping[str, tuple[str, ...]]:
    """The word classes, when the file has every class the rules read and no other."""
    missing = set(_CLASS_NAMES) - set(table)
    unknown = set(table) - set(_CLASS_NAMES)
    if missing or unknown:
        faults = [f"no class {name}: add it" for name in sorted(missing)]
        faults += [f"class {name} is read by no rule: remove it" for name in sorted(unknown)]
        raise vocabulary.VocabularyError(f"{vocabulary.FOLDER / 'kinds.toml'}: {'; '.join(faults)}")
    return table


_WORDS = _known_classes(vocabulary.kind_words())


def _alternation(name: str) -> str:
    """The words of one class as one regular-expression alternation."""
    return "|".join(_WORDS[name])


def _whole_words(name: str, flags: str = "(?i)") -> Prefiltered:
    """A pattern matching any word of the class ``name`` as a whole word (case-insensitive
    unless ``flags`` says otherwise), tried only on texts holding one of its words."""
    return Prefiltered(rf"{flags}\b(?:{_alternation(name)})\b")


# Participants that tell a clash (armed people on the receiving end) from violence against
# civilians, when only generic words ("attack", "killed") name the event.
_ARMED = _whole_words("armed")
_CIVILIAN = _whole_words("civilian")
# Two sides fighting: civilians killed in it are its victims, it stays a clash (ACLED).
_FIGHT = _whole_words("fight")

# Diseases and words of contagion (events/classify/diseases.py): "12 new cases" of one is an
# outbreak (events/detect/triggers.py), and deaths from one are no violence.
DISEASE = diseases.PATTERN
# Natural hazards and accidents; with the diseases, deaths from these are a disaster or an
# outbreak, not violence.
_MISHAP = _alternation("mishap")
_HAZARD = Prefiltered(rf"(?i)\b(?:{DISEASE}|{_MISHAP})\b")
MISHAP = Prefiltered(rf"(?i)\b(?:{_MISHAP})\b")


# ACLED's riots: a crowd fighting the police is no battle, a protest that turns violent no
# peaceful protest.
_CROWD = _whole_words("crowd")
_SECURITY = _whole_words("security")
_ARMED_GROUP = _whole_words("armed_group")
_TURNED_VIOLENT = _whole_words("turned_violent")

# Who took people captive: the state's people make an arrest, an armed group an abduction
# (events/classify/captives.py). Wider lists than who faces a crowd above.
STATE_CAPTORS = _whole_words("state_captors")
ARMED_CAPTORS = _whole_words("armed_captors")


# A mob's violence is a riot whoever it hit (the conventions' and ACLED's "mob violence").
_MOB = _whole_words("mob")


def mob_violence(sentence: str) -> bool:
    """Whether ``sentence`` tells of a mob, rioters or a lynching."""
    return _MOB.matches(sentence)


def _riot_or(kind: str, sentence: str) -> str:
    """RIOT for a clash between a crowd and security forces (no armed group named) or a
    protest that turned violent; else ``kind``."""
    if kind == ARMED_CLASH and _CROWD.matches(sentence) and _SECURITY.matches(sentence):
        return kind if _ARMED_GROUP.matches(sentence) else RIOT
    if kind == PROTEST and _TURNED_VIOLENT.matches(sentence):
        return RIOT
    return kind


def label(kind: str) -> str:
    """The kind's name for people ("Air/drone strike"); unknown kinds pass through."""
    known = Kind.lookup(kind)
    return known.label if known else kind


# Animals culled or found dead in an outbreak are no violence: "4,500 birds were destroyed",
# "Millions of infected birds have been slaughtered", "wild birds were found dead". Common
# nouns, matched in lower case only ("Goose Creek High School" is no goose).
ANIMALS = _whole_words("animals", flags="")
_PEOPLE_HIT = _whole_words("people_hit")
_ANIMAL_HINTS = frozenset(
    {VIOLENCE, CASUALTIES, VIOLENCE_AGAINST_CIVILIANS, ARMED_CLASH, "support"}
)


def about_animals(sentence: str) -> bool:
    """Animals named (a capital only opening the sentence) and no people."""
    if _PEOPLE_HIT.matches(sentence):  # the cheaper test first: most sentences name people
        return False
    return ANIMALS.matches(sentence[:1].lower() + sentence[1:])


def classify(hints: Iterable[str], sentence: str) -> str:
    """The kind of an event from its triggers' hints and, for generic ones, its sentence.

    The most specific hint wins (a bomb that killed: a bombing). Deaths ("casualties" alone)
    beside a disease or natural hazard are a disaster. Otherwise, only generic hints: a clash
    when the sentence tells of fighting (civilians caught in it included), violence against
    civilians when civilians are named (the armed side is nearly always named too), a clash
    when only armed people are; when no one is, an attack ("violence") is a clash and a
    killing ("casualties") violence against civilians. An unknown hint gives OTHER. Violence
    done to animals alone (a cull, birds found dead) is a disaster beside a disease or hazard
    word, else OTHER.
    """
    hints = set(hints)
    if hints <= _ANIMAL_HINTS and about_animals(sentence):
        return DISASTER if _HAZARD.matches(sentence) else OTHER
    for kind in _SPECIFICITY:
        if kind in hints:
            return _riot_or(kind, sentence)
    if hints & set(GENERIC_HINTS):
        if CASUALTIES in hints and VIOLENCE not in hints and _HAZARD.matches(sentence):
            return DISASTER  # "died of cholera", "killed by the floods"
        if _FIGHT.matches(sentence):
            return ARMED_CLASH
        if _CIVILIAN.matches(sentence):
            return VIOLENCE_AGAINST_CIVILIANS
        if _ARMED.matches(sentence):
            return ARMED_CLASH
        # Nobody named: an attack is a clash, a killing violence against civilians.
        return ARMED_CLASH if VIOLENCE in hints else VIOLENCE_AGAINST_CIVILIANS
    return OTHER


# The weapon names the kind in ACLED's remote violence: who struck from the air, with guns
# from afar, or with explosives.
_AIRCRAFT = _whole_words("aircraft")
_ARTILLERY = _whole_words("artillery")
_EXPLOSIVE = _whole_words("explosive")
# Who or what a sentence names, as classes the learned judge weighs (events/classify).
WORD_CLASSES: dict[str, Prefiltered] = {
    "armed": _ARMED,
    "civilian": _CIVILIAN,
    "fight": _FIGHT,
    "hazard": _HAZARD,
    "crowd": _CROWD,
    "security": _SECURITY,
    "armed_group": _ARMED_GROUP,
    "turned_violent": _TURNED_VIOLENT,
    "aircraft": _AIRCRAFT,
    "artillery": _ARTILLERY,
    "explosive": _EXPLOSIVE,
}


@lru_cache(maxsize=256)  # asked for each draft and each figure of the same sentence
def word_classes(sentence: str) -> frozenset[str]:
    """The :data:`WORD_CLASSES` a sentence names (animals only in lower case, as above)."""
    found = matching(WORD_CLASSES, sentence)
    if about_animals(sentence):
        found.add("animals")
    return frozenset(found)


def uncaused_deaths_kind(hints: Iterable[str], article_kinds: Iterable[str]) -> str | None:
    """The kind of deaths told without their cause ("nine deaths were recorded", "Shandong
    reported five children dead") from the article's other events (``article_kinds``: the kinds
    of its events told in specific words): a disaster when the article reports a disaster or
    outbreak and no violence, else None (the sentence decides, :func:`classify`)."""
    if set(hints) - {CASUALTIES, "support"} or CASUALTIES not in set(hints):
        return None
    seen = set(article_kinds)
    return DISASTER if DISASTER in seen and not seen & VIOLENT_KINDS else None


def specificity(hint: str) -> int:
    """Rank of a hint: lower is more specific (generic hints and unknown ones come last)."""
    return _SPECIFICITY.index(hint) if hint in _SPECIFICITY else len(_SPECIFICITY)
