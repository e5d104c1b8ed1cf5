"""What a regular expression's matches must hold, read from the pattern itself.

Read with the standard library's parser (``re._parser``, present since Python 3.11), once per
pattern; on any surprise a reader gives up (None, or nothing), never guesses:

- :func:`first_words`: for a pattern that starts at a word boundary, the words (case-folded) a
  match can begin with, and the beginnings of words where the pattern goes on with ``\\w*``;
- :func:`required_strings`: strings one of which every match contains, in lower case;
- :func:`sure_words`: words whose presence alone is a match;
- :func:`literal_alternation`: whether the pattern is nothing but strings in alternation.

``\\d`` is read as 0-9, and case-insensitive letters as their lower case: the texts where that
is not so (newsmap/prefilter.py's untracked characters) are never tested with these.
newsmap/prefilter.py puts them in front of a pattern.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_MAX_NEEDLES = 64  # more strings than this to look for, and the test costs too much
_MAX_STATES = 5000  # word beginnings one pattern may have before we stop listing them
_MIN_LENGTH = 2  # a one-letter string is in nearly every text: no test at all
# How a listed word beginning ends: the pattern is still in word characters (WORD), it has
# reached a non-word character so the text's word ends there (STOP), or it goes on in ways
# not listed, so the text's word only begins with it (OPEN).
WORD, STOP, OPEN = "word", "stop", "open"


class _Unsupported(Exception):
    """A construct the word listing does not follow (the word test is then off)."""


def _parse(pattern: re.Pattern[str]):
    from re import _constants as c
    from re import _parser as parser

    return parser.parse(pattern.pattern, pattern.flags), c


def first_words(pattern: re.Pattern[str]) -> tuple[frozenset[str], tuple[str, ...]] | None:
    """(the case-folded words a match of ``pattern`` can begin with, the beginnings of words
    it can begin with), or None when the pattern does not start at a word boundary or its
    words cannot be listed."""
    try:
        items, c = _parse(pattern)
        items = list(items)
        if not items or items[0] != (c.AT, c.AT_BOUNDARY):
            return None
        states = _word_sequence(items[1:], {("", WORD)}, c)
    except (ImportError, AttributeError, _Unsupported, RecursionError, re.error):
        return None
    exact = {text for text, how in states if how != OPEN}
    prefixes = {text for text, how in states if how == OPEN}
    if "" in exact or "" in prefixes:
        return None  # a match may begin anywhere: nothing to look up
    return frozenset(exact), tuple(sorted(prefixes))


def _word_sequence(items: Iterable, states: set[tuple[str, str]], c) -> set[tuple[str, str]]:
    """The word beginnings after ``items`` from ``states``; at the end of the pattern a
    beginning still inside word characters is open (what follows is not asserted)."""
    states = _through(items, states, c)
    return {(text, OPEN if how == WORD else how) for text, how in states}


def _through(items: Iterable, states: set[tuple[str, str]], c) -> set[tuple[str, str]]:
    for op, arg in items:
        going = {s for s in states if s[1] == WORD}
        if not going:
            break
        states = (states - going) | _item(op, arg, going, c)
        if len(states) > _MAX_STATES:
            raise _Unsupported
    return states


def _item(op, arg, states: set[tuple[str, str]], c) -> set[tuple[str, str]]:
    """Where one parsed item takes ``states`` (all still inside word characters)."""
    if op is c.LITERAL:
        return {_char(text, chr(arg)) for text, _ in states}
    if op is c.IN:
        chars = _chars(arg, c)
        if chars is None:
            return {(text, OPEN) for text, _ in states}
        return {_char(text, ch) for text, _ in states for ch in chars}
    if op is c.SUBPATTERN:
        return _through(arg[-1], states, c)
    if op is c.BRANCH:
        return set().union(*(_through(branch, states, c) for branch in arg[1]))
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        return _repeat(arg, states, c)
    if op is c.AT:
        if arg is c.AT_BOUNDARY:  # after a word character: the word ends here
            return {(text, STOP) if text else (text, WORD) for text, _ in states}
        return states  # other assertions only narrow the matches
    if op in (c.ASSERT, c.ASSERT_NOT):
        return states  # zero-width: they only narrow the matches
    return {(text, OPEN) for text, _ in states}


def _repeat(arg, states: set[tuple[str, str]], c) -> set[tuple[str, str]]:
    low, high, sub = arg
    if high is c.MAXREPEAT:
        once = _through(sub, {("", WORD)}, c)
        if once == {("", STOP)}:  # "\s+": the word ends here (or goes on, with none)
            return {(text, STOP) for text, _ in states} | (states if low == 0 else set())
        if low >= 1:  # "\d+": one time through as listed, then the word goes on or not
            states = _through(sub, states, c)
        return {(text, OPEN if how == WORD else how) for text, how in states}
    found: set[tuple[str, str]] = set()
    for times in range(high + 1):
        if times >= low:
            found |= states
        if times < high:
            states = _through(sub, states, c)
        if len(found | states) > _MAX_STATES:
            raise _Unsupported
    return found


def _chars(arg, c) -> set[str] | None:
    """The characters of a character set, when it lists ASCII ones only (a space category
    stands for every non-word character)."""
    chars: set[str] = set()
    for kind, value in arg:
        if kind is c.LITERAL and value < 128:
            chars.add(chr(value))
        elif kind is c.RANGE and value[1] < 128:
            chars.update(map(chr, range(value[0], value[1] + 1)))
        elif kind is c.CATEGORY and value is c.CATEGORY_SPACE:
            chars.add(" ")
        elif kind is c.CATEGORY and value is c.CATEGORY_DIGIT:
            chars.update("0123456789")  # the texts with other digits are not tested
        else:
            return None
    return chars


def _char(text: str, ch: str) -> tuple[str, str]:
    if ch.isascii():
        return (text + ch.lower(), WORD) if ch.isalnum() or ch == "_" else (text, STOP)
    return (text, OPEN)  # a letter whose case-folding we do not follow


def required_strings(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Lower-case strings one of which every match of ``pattern`` contains (matched in a
    lower-cased text), or None when the pattern requires nothing the test can use."""
    try:
        items, c = _parse(pattern)
        found = _needles(items, c)
    except (ImportError, AttributeError, RecursionError, re.error):
        return None
    if found is None or len(found) > _MAX_NEEDLES or min(map(len, found)) < _MIN_LENGTH:
        return None
    return frozenset(found)


def _needles(items: Iterable, c) -> set[str] | None:
    """The best set of required strings of a sequence of parsed items: the strings of any run
    of items that match a few strings only ("(?:is|are) to": "is to", "are to") will do, or
    any one item's, so the set whose shortest string is longest."""
    options: list[set[str]] = []
    run: set[str] = {""}
    for op, arg in items:
        strings = _finite(op, arg, c)
        if strings is not None and len(run) * len(strings) <= _MAX_NEEDLES:
            run = {a + b for a in run for b in strings}
            continue
        options.append(run)
        run = strings if strings is not None and len(strings) <= _MAX_NEEDLES else {""}
        found = _item_needles(op, arg, c)
        if found:
            options.append(found)
    options.append(run)
    options = [found for found in options if "" not in found]
    if not options:
        return None
    return max(options, key=lambda found: (min(map(len, found)), -len(found)))


def _finite(op, arg, c) -> set[str] | None:
    """The few lower-case strings one parsed item matches (assertions match the empty one),
    or None when it matches other or too many."""
    if op is c.LITERAL and _plain(arg):
        return {chr(arg).lower()}
    if op is c.IN and len(arg) <= 4 and all(k is c.LITERAL and _plain(v) for k, v in arg):
        return {chr(v).lower() for _, v in arg}
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return {""}  # zero-width: the strings on either side are one string
    if op is c.SUBPATTERN:
        return _finite_sequence(arg[-1], c)
    if op is c.BRANCH:
        parts = [_finite_sequence(branch, c) for branch in arg[1]]
        if None in parts or sum(map(len, parts)) > _MAX_NEEDLES:
            return None
        return set().union(*parts)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and arg[1] <= 3:
        once = _finite_sequence(arg[2], c)
        if once is None or len(once) ** arg[1] > _MAX_NEEDLES:
            return None
        return _repeated(once, arg[0], arg[1])
    return None


def _plain(code: int) -> bool:
    """An ASCII character, or one without case ("’"): lower case is how it is matched."""
    ch = chr(code)
    return code < 128 or ch.lower() == ch.upper() == ch.casefold() == ch


def _finite_sequence(items: Iterable, c) -> set[str] | None:
    strings = {""}
    for op, arg in items:
        more = _finite(op, arg, c)
        if more is None or len(strings) * len(more) > _MAX_NEEDLES:
            return None
        strings = {a + b for a in strings for b in more}
    return strings


def _item_needles(op, arg, c) -> set[str] | None:
    if op is c.SUBPATTERN:
        return _needles(arg[-1], c)
    if op is c.ATOMIC_GROUP:
        return _needles(arg, c)
    if op is c.BRANCH:
        union: set[str] = set()
        for branch in arg[1]:
            found = _needles(branch, c)
            if not found:
                return None  # one way through requires nothing
            union |= found
        return union
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        return _needles(arg[2], c) if arg[0] >= 1 else None
    return None  # character sets, categories, assertions, back references: nothing sure


def sure_words(pattern: re.Pattern[str]) -> frozenset[str]:
    """Lower-case ASCII words whose presence in a text (as a whole word, in any case) is a
    match of ``pattern``: for a case-insensitive ``\\b(?:A|B|...)\\b``, every word of the
    alternatives that are words alone ("soldiers?": "soldier", "soldiers"; not "aid\\s+workers?"
    nor "(?<!armed\\s)men", which need more than the word)."""
    try:
        items, c = _parse(pattern)
        items = list(items)
    except (ImportError, AttributeError, RecursionError, re.error):
        return frozenset()
    boundary = (c.AT, c.AT_BOUNDARY)
    if not pattern.flags & re.IGNORECASE or len(items) != 3 or not items[0] == items[2] == boundary:
        return frozenset()
    op, arg = items[1]
    if op is c.SUBPATTERN and not (arg[1] or arg[2]) and len(arg[3]) == 1:
        op, arg = arg[3][0]
    branches = arg[1] if op is c.BRANCH else [[items[1]]]
    found: set[str] = set()
    for branch in branches:
        found |= _language(branch, c) or set()
    return frozenset(found)


def literal_alternation(pattern: re.Pattern[str]) -> bool:
    """Whether ``pattern`` is case-insensitive and only ASCII strings in alternation ("kill|
    dead|toll"): then a text holds a match when its lower case holds one of the strings."""
    try:
        items, c = _parse(pattern)
    except (ImportError, AttributeError, RecursionError, re.error):
        return False
    if not pattern.flags & re.IGNORECASE:
        return False
    items = list(items)
    branches = items[0][1][1] if len(items) == 1 and items[0][0] is c.BRANCH else [items]
    return all(
        branch and all(op is c.LITERAL and arg < 128 for op, arg in branch) for branch in branches
    )


def _language(items: Iterable, c) -> set[str] | None:
    """Every string a sequence of plain ASCII letters, digits, alternatives and bounded
    repeats matches (None: it has anything else)."""
    strings = {""}
    for op, arg in items:
        if op is c.LITERAL and arg < 128 and (chr(arg).isalnum() or chr(arg) == "_"):
            more = {chr(arg).lower()}
        elif op is c.SUBPATTERN and not (arg[1] or arg[2]):
            more = _language(arg[3], c)
        elif op is c.BRANCH:
            parts = [_language(branch, c) for branch in arg[1]]
            more = None if None in parts else set().union(*parts)
        elif op is c.MAX_REPEAT and arg[1] is not c.MAXREPEAT and arg[1] <= 3:
            once = _language(arg[2], c)
            more = None if once is None else _repeated(once, arg[0], arg[1])
        else:
            more = None
        if more is None:
            return None
        strings = {a + b for a in strings for b in more}
        if len(strings) > _MAX_STATES:
            return None
    return strings


def _repeated(once: set[str], low: int, high: int) -> set[str]:
    found, strings = set(), {""}
    for times in range(high + 1):
        if times >= low:
            found |= strings
        strings = {a + b for a in strings for b in once}
    return found
