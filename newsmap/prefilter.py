"""A regular expression behind a cheap test that rules out a match.

Python's ``re`` tries a long alternation ("soldiers?|troops|militants?|...") at every place of
a text, and that is most of what event extraction spends in its own code, though most sentences
name none of the words. :class:`Prefiltered` reads, once, from the pattern itself, what every
match must hold, and looks for that first; only a text that holds it is given to the pattern.
So the answer is always the pattern's own: the test only saves time. Two tests, the first the
pattern allows:

- the words a match can begin with, for a pattern that starts at a word boundary (``\\b``):
  the text's words (case-folded, computed once per text) are looked up in that set, and in
  the word beginnings where the pattern goes on with ``\\w*`` ("flood\\w*": "flooding");
- else strings one of which every match contains ("death", "toll"...), looked for in the
  lower-cased text.

Why case-folding is safe: a case-insensitive letter matches the characters that case-fold to
it, except three that the tests therefore never see (dotless and dotted i, long s: a text
holding one runs the pattern directly); likewise ``\\d`` is read as 0-9, and a text holding
another script's digit runs the pattern directly. Both tests are read from the pattern by
newsmap/pattern_reading.py; on any surprise a test is off, never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from newsmap.pattern_reading import first_words, literal_alternation, required_strings, sure_words

# Characters the tests do not follow, so a text holding one skips them: those a
# case-insensitive ASCII letter matches though they case-fold to no ASCII letter, and the
# digits other than 0-9 that ``\d`` matches (both checked over all of Unicode by the tests).
_UNTRACKED = re.compile(r"[ıİſ]|[^\D0-9]")
_WORDS = re.compile(r"\w+")


def matching(patterns: dict[str, Prefiltered], text: str) -> set[str]:
    """The names of the ``patterns`` that match somewhere in ``text``: each one's
    :meth:`Prefiltered.matches`, with the text's words read once for all."""
    words = _text_words(text)
    plain = words[1] if words is not None else frozenset()
    return {
        name
        for name, pattern in patterns.items()
        if not pattern.rules_out(words)
        and ((pattern.sure and not pattern.sure.isdisjoint(plain)) or pattern.matches(text))
    }


@lru_cache(maxsize=16)  # one sentence is asked about by many patterns in a row
def _text_words(text: str) -> tuple[frozenset[str], frozenset[str], str] | None:
    """The case-folded words of ``text``, its ASCII words in lower case, and the case-folded
    words each after a space, to look for word beginnings in (None: it holds a character the
    tests never see)."""
    if text.isascii():  # most texts: lower case is the case-folding, every word is plain
        words = frozenset(_WORDS.findall(text.lower()))
        return words, words, " " + " ".join(words)
    if _UNTRACKED.search(text):
        return None
    found = _WORDS.findall(text)
    plain = frozenset(word.lower() for word in found if word.isascii())
    folded = frozenset(word.casefold() for word in found)
    return folded, plain, " " + " ".join(folded)


@lru_cache(maxsize=16)
def _lowered(text: str) -> str | None:
    return text.lower() if text.isascii() or not _UNTRACKED.search(text) else None


@lru_cache(maxsize=16)
def _word_starts(text: str) -> tuple[tuple[int, str], ...] | None:
    """Where each word of ``text`` begins, with the word case-folded (None: untracked)."""
    if text.isascii():
        return tuple((m.start(), m.group()) for m in _WORDS.finditer(text.lower()))
    if _UNTRACKED.search(text):
        return None
    return tuple((m.start(), m.group().casefold()) for m in _WORDS.finditer(text))


class Prefiltered:
    """A compiled pattern whose ``search``, ``matches``, ``finditer`` and ``findall`` give
    exactly the pattern's answers, first ruling out a text that cannot match (see the module
    notes). The tests are read from the pattern on first use, not on import.

    ``at_words``: for a costly pattern that starts at a word boundary, ``search`` tries it only
    where a word it can begin with begins (Python's ``re`` would try it at every place).
    """

    __slots__ = (
        "_literal",
        "_needles",
        "_prefixes",
        "_ready",
        "_spaced",
        "_sure",
        "_words",
        "at_words",
        "pattern",
    )

    def __init__(
        self, pattern: re.Pattern[str] | str, flags: int = 0, *, at_words: bool = False
    ) -> None:
        self.pattern = re.compile(pattern, flags) if isinstance(pattern, str) else pattern
        self.at_words = at_words
        self._ready = False

    def _read(self) -> None:
        listed = first_words(self.pattern)
        self._words, self._prefixes = listed if listed is not None else (None, ())
        self._needles = required_strings(self.pattern)
        self._sure = sure_words(self.pattern)
        self._literal = self._needles is not None and literal_alternation(self.pattern)
        self._spaced = tuple(" " + prefix for prefix in self._prefixes)
        self._ready = True

    @property
    def words(self) -> frozenset[str] | None:
        """The words a match can begin with (:func:`first_words`), or None."""
        if not self._ready:
            self._read()
        return self._words

    @property
    def prefixes(self) -> tuple[str, ...]:
        """The word beginnings a match can begin with (:func:`first_words`)."""
        if not self._ready:
            self._read()
        return self._prefixes

    @property
    def needles(self) -> frozenset[str] | None:
        """Without words, the strings one of which a match holds (:func:`required_strings`)."""
        if not self._ready:
            self._read()
        return self._needles

    @property
    def sure(self) -> frozenset[str]:
        """The words that alone make a match (:func:`sure_words`)."""
        if not self._ready:
            self._read()
        return self._sure

    def may_match(self, text: str, pos: int = 0) -> bool:
        """False only when ``text`` holds no match starting at ``pos`` or after."""
        if not self._ready:
            self._read()
        if self._words is not None:
            words = _text_words(text)
            if words is None:
                return True
            if self._words.isdisjoint(words[0]) and not (
                self._spaced and any(prefix in words[2] for prefix in self._spaced)
            ):  # no listed word, and none that begins as listed (" flood" in " flooding")
                return False
        if self._needles is not None:
            lowered = _lowered(text)
            if lowered is None:
                return True
            if pos:
                return any(lowered.find(needle, pos) >= 0 for needle in self._needles)
            return any(needle in lowered for needle in self._needles)
        return True

    def matches(self, text: str) -> bool:
        """Whether the pattern matches somewhere in ``text`` (``bool(search(text))``)."""
        if not self._ready:
            self._read()
        if self._sure:
            words = _text_words(text)
            if words is not None and not self._sure.isdisjoint(words[1]):
                return True
        if self._literal:  # the strings are the pattern: holding one is a match
            lowered = _lowered(text)
            if lowered is not None:
                return any(needle in lowered for needle in self._needles)
        return self.search(text) is not None

    def rules_out(self, words: tuple | None) -> bool:
        """Whether a text whose :func:`_text_words` are ``words`` cannot match (the word
        test alone; False for a pattern without one)."""
        if not self._ready:
            self._read()
        return (
            self._words is not None
            and words is not None
            and self._words.isdisjoint(words[0])
            and not (self._spaced and any(prefix in words[2] for prefix in self._spaced))
        )

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        """Like ``re.Pattern.search``."""
        if not self.may_match(text, pos):
            return None
        starts = _word_starts(text) if self.at_words and self._words is not None else None
        if starts is None:
            return self.pattern.search(text, pos)
        # Every match begins where a listed word begins: the first that matches there is
        # the leftmost match, the one search finds.
        words, prefixes = self._words, self._prefixes
        for start, word in starts:
            if start >= pos and (word in words or (prefixes and word.startswith(prefixes))):
                found = self.pattern.match(text, start)
                if found is not None:
                    return found
        return None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Like ``re.Pattern.finditer``."""
        return self.pattern.finditer(text) if self.may_match(text) else iter(())

    def findall(self, text: str) -> list:
        """Like ``re.Pattern.findall``."""
        return self.pattern.findall(text) if self.may_match(text) else []

    def __repr__(self) -> str:
        words, needles = self.words, self.needles
        test = f"words={len(words)}" if words is not None else f"needles={needles}"
        return f"Prefiltered({self.pattern.pattern!r}, {test})"
