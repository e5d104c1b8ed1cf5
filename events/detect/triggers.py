"""Event triggers: words that say something happened (conflict, disaster, politics news).

The lexicon (newsmap/vocabulary/triggers.toml) lists word forms, not lemmas: each entry is a
small regular expression over whole words ("kill(?:s|ed|ing)?"), matched case-insensitively on
the original text so offsets stay exact. No tagger or lemmatiser is needed, which keeps finding
triggers far cheaper than NER; the price is that a form missing from the list is missed. Several
words in an entry match across any white space ("held talks", "air strikes").

Each entry carries a *hint*: an event kind of events/classify/kinds.py ("air_strike",
"protest", ...), a generic hint ("violence", "casualties": the kind comes from the other
triggers of the event or from its participants), or "support" for verbs that only head another
trigger ("launched an attack", "clashes erupted"). Where two entries could match at one place,
the entry listed first wins ("bombing raids" is an air strike before "bombing" is a bombing).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass

from events.classify import kinds
from events.detect.trigger_senses import inside_a_name, is_headline, other_sense
from newsmap import vocabulary

SUPPORT = "support"


def _known_hints(lexicon: Mapping[str, tuple[str, ...]]) -> Mapping[str, tuple[str, ...]]:
    """The lexicon, when every hint is an event kind, a generic hint or SUPPORT."""
    if unknown := set(lexicon) - {*kinds.EVENT_KINDS, *kinds.GENERIC_HINTS, SUPPORT}:
        raise vocabulary.VocabularyError(
            f"{vocabulary.FOLDER / 'triggers.toml'}: unknown hints {', '.join(sorted(unknown))};"
            " use an event kind of events/classify/kind_table.py, violence, casualties or support"
        )
    return lexicon


# The lexicon (newsmap/vocabulary/triggers.toml): each hint with its word forms, the hint given
# first winning where two could match at one place.
LEXICON = _known_hints(vocabulary.trigger_lexicon())
TRIGGER_KINDS = tuple(LEXICON)


def _compile(keep: Collection[tuple[str, str]] | None = None) -> re.Pattern[str]:
    """The lexicon as one pattern (only the (hint, form) entries ``keep``, in their order)."""
    groups = []
    for kind, forms in LEXICON.items():
        # Longer forms first so "air strikes" wins over "strikes" at the same place.
        ordered = [
            f for f in sorted(forms, key=len, reverse=True) if keep is None or (kind, f) in keep
        ]
        if ordered:
            groups.append(f"(?P<{kind}>" + "|".join(f.replace(" ", r"\s+") for f in ordered) + ")")
    # Not inside a hyphenated word: "rebel-held" is no meeting held.
    return re.compile(r"(?i)(?<![\w-])(?:" + "|".join(groups) + r")(?![\w-])")


_PATTERN = _compile()
_WORD = re.compile(r"(?<![\w-])\w+")
_MAX_FORMS = 5000  # first words one lexicon entry may have before we stop enumerating


class _Unsupported(Exception):
    """A lexicon entry whose first words cannot be listed (the prefilter is then off)."""


def _first_words() -> frozenset[str] | None:
    """Every word (case-folded) a trigger can begin with, enumerated from the lexicon's
    regular expressions; None when an entry cannot be enumerated (then every word is tried).

    Trying the whole alternation at each word costs 4x more than looking the word up first:
    this set is that lookup. It relies on the standard library's regular-expression parser
    (``re._parser``, present since Python 3.11); on any surprise it gives up, never guesses.
    """
    starting = _entries_by_first_word()
    return None if starting is None else frozenset(starting)


def _entries_by_first_word() -> dict[str, set[tuple[str, str]]] | None:
    """For each word a trigger can begin with, the (hint, form) entries that can begin with
    it; None when an entry cannot be enumerated."""
    try:
        from re import _constants as c
        from re import _parser as parser

        starting: dict[str, set[tuple[str, str]]] = {}
        for kind, forms in LEXICON.items():
            for form in forms:
                for word, _ in _sequence(parser.parse(form), c):
                    starting.setdefault(word.casefold(), set()).add((kind, form))
    except (ImportError, AttributeError, _Unsupported, RecursionError):
        return None
    return None if "" in starting else starting


def _sequence(items, c) -> set[tuple[str, bool]]:
    """The starts of the strings ``items`` match, up to the first non-word character, each
    with whether that character was reached."""
    states = {("", False)}
    for op, arg in items:
        states = {
            (start + more, stopped)
            for start, done in states
            for more, stopped in ([("", True)] if done else _item(op, arg, c))
        }
        if len(states) > _MAX_FORMS:
            raise _Unsupported
    return states


def _item(op, arg, c) -> set[tuple[str, bool]]:
    if op is c.LITERAL:
        return {_char(chr(arg))}
    if op is c.IN:
        chars = set()
        for kind, value in arg:
            if kind is c.LITERAL:
                chars.add(chr(value))
            elif kind is c.RANGE and value[1] - value[0] < 128:
                chars.update(map(chr, range(value[0], value[1] + 1)))
            elif kind is c.CATEGORY and value is c.CATEGORY_SPACE:
                chars.add(" ")
            else:
                raise _Unsupported
        return {_char(ch) for ch in chars}
    if op is c.CATEGORY and arg is c.CATEGORY_SPACE:
        return {("", True)}
    if op is c.SUBPATTERN:
        return _sequence(arg[-1], c)
    if op is c.BRANCH:
        return set().union(*(_sequence(branch, c) for branch in arg[1]))
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        low, high, sub = arg
        once = _sequence(sub, c)
        if high is c.MAXREPEAT:
            if all(stopped and not text for text, stopped in once):
                return {("", True)}  # "\s+": a word ends here
            raise _Unsupported
        found, states = set(), {("", False)}
        for times in range(high + 1):
            if times >= low:
                found |= states
            states = {(t + m, s) if not d else (t, d) for t, d in states for m, s in once}
        return found
    raise _Unsupported


def _char(ch: str) -> tuple[str, bool]:
    return (ch, False) if ch.isalnum() or ch == "_" else ("", True)


FIRST_WORDS = _first_words()
_STARTING = _entries_by_first_word() if FIRST_WORDS is not None else {}
_BY_FIRST_WORD: dict[str, re.Pattern[str]] = {}


def _pattern_starting(word: str) -> re.Pattern[str]:
    """The lexicon's entries that can begin with ``word`` (case-folded), as one pattern in the
    lexicon's order, compiled on first use: at a place where that word begins, it matches as
    the whole lexicon does (no other entry can match there), trying a few entries, not all."""
    pattern = _BY_FIRST_WORD.get(word)
    if pattern is None:
        pattern = _BY_FIRST_WORD[word] = _compile(_STARTING[word])
    return pattern


@dataclass(frozen=True)
class Trigger:
    """An event word in a sentence: ``sentence[start:end] == text``; ``kind`` from LEXICON."""

    start: int
    end: int
    text: str
    kind: str


def find_triggers(sentence: str, disease_story: bool = False) -> list[Trigger]:
    """Every trigger in ``sentence``, in order, without overlaps (other senses and words
    inside a name left out). ``disease_story``: the sentence is from a story about a disease
    (its "cases" are the disease's without naming it)."""
    headline = is_headline(sentence)
    return [
        Trigger(m.start(), m.end(), m.group(), m.lastgroup or "")
        for m in _matches(sentence)
        if not other_sense(sentence, m, disease_story)
        and (headline or not inside_a_name(sentence, m))
    ]


def _matches(sentence: str) -> Iterator[re.Match[str]]:
    """The lexicon's matches in ``sentence``, like ``_PATTERN.finditer`` (same matches), but
    trying the lexicon only at words a trigger can begin with (:data:`FIRST_WORDS`), and there
    only the entries that can begin with that word."""
    if FIRST_WORDS is None:
        yield from _PATTERN.finditer(sentence)
        return
    end = 0
    for word in _WORD.finditer(sentence):
        if word.start() < end or (folded := word.group().casefold()) not in FIRST_WORDS:
            continue
        match = _pattern_starting(folded).match(sentence, word.start())
        if match is not None:
            end = match.end()
            yield match


def nearest_trigger(triggers: list[Trigger], start: int, end: int) -> Trigger | None:
    """The trigger closest to the span ``[start, end)`` (ties go to the earlier one)."""
    if not triggers:
        return None
    return min(triggers, key=lambda t: (max(t.start - end, start - t.end, 0), t.start))
