"""Counts as news writes them, for the casualty patterns (events/measure/casualties.py).

A number comes as digits ("1,200", "2.5 million"), words ("twenty-one", "two dozen") or vague
words, valued as the annotation conventions say (dozens 24, hundreds 200, thousands 1000;
"several", "many" and "scores of" give no figure), with a hedge before it ("at least", "as many
as"). A year, an age, a share, a span of time, a compound or a rank is no count.
"""

from __future__ import annotations

import re

from events.measure.dating import MONTH_WORD

_UNITS = {
    "no": 0,
    "zero": 0,
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70}
_TENS |= {"eighty": 80, "ninety": 90}
_SCALES = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 1_000_000}
# Vague numbers as the annotation conventions value them (tools/eventsets/conventions): only
# dozens, hundreds and thousands have a value; "several", "many" and "scores of" have none (no
# figure is better than a made-up one), though "several hundred" is a hundred.
_VAGUE = {"dozens": 24, "hundreds": 200, "thousands": 1000}
# The qualifier of a figure told only as "dozens", "hundreds" or "thousands" (the conventions'
# stand-in values above): a size, not a count.
VAGUE_QUALIFIERS = frozenset(_VAGUE)
_UNVALUED = {"several": None, "many": None, "scores": None}
# The words of a vague number, valued or not ("dozens", "several"): the qualifier of its figure.
VAGUE_WORDS = frozenset(_VAGUE | _UNVALUED)

_WORD_NUMBER = (
    r"(?:(?:" + "|".join(_TENS) + r")(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|" + "|".join(k for k in _UNITS if k not in ("a", "an", "no")) + r")"
    r"(?:\s+(?:hundred|thousand|million|dozen))?"
)
# A number as written: digits, words or vague words (:func:`parse_number` values it).
NUMBER = (
    r"(?:\d{1,3}(?:,\d{3})+(?:\s+(?:million|thousand))?|\d+(?:\.\d+)?(?:\s+(?:million|thousand))?|"
    + _WORD_NUMBER
    + r"|(?:a|one|two|three)\s+dozen|(?:"
    + "|".join(_VAGUE | _UNVALUED)
    + r")(?:\s+(?:hundred|thousand))?(?:\s+of)?)"
)
_QUALIFIERS = (
    "no fewer than",
    "no less than",
    "not less than",
    "just over",
    "just under",
    "well over",
    "upwards of",
    "in excess of",
    "as many as",
    "up to",
    "at least",
    "more than",
    "over",
    "nearly",
    "almost",
    "about",
    "around",
    "some",
    "roughly",
    "approximately",
    "an estimated",
    "fewer than",
    "less than",
    "at most",
    "close to",
    "over",
)
# A hedge before a number, as the group ``qual``: "at least ", "as many as ".
QUALIFIER = r"(?P<qual>" + "|".join(q.replace(" ", r"\s+") for q in _QUALIFIERS) + r")\s+"
# Words that end the people a count counts ("12 [soldiers] were killed", "five [civilians] and").
STOP = (
    r"were|was|have|has|had|are|is|and|or|but|in|on|at|when|as|including|during|after|by|from|"
    r"with|while|who|that|more|others?|dead|killed|injured|wounded|died|hurt"
)

_YEAR_BEFORE = re.compile(
    rf"(?i)\b(?:in|since|from|until|by|during|of|year)\s+$|\b{MONTH_WORD}\s+(?:[0-3]?\d(?:st|nd|rd|th)?,?\s+)?$"
)
_COMPOUND = re.compile(r"-[A-Za-z]")
_RANK_BEFORE = re.compile(r"(?:\bNo\.|\bNos\.|\bNumber|#)\s*$")
_TIME_SPAN = re.compile(r"(?i)[\s-]+(?:hours?|days?|weeks?|months?|decades?|minutes?)\b")


def not_a_count(sentence: str, start: int, end: int, number: str) -> bool:
    """A year ("In 1993 one of his sons was shot"), an age ("killing 47-year-old Katya"), a
    share ("kills 40 percent of those infected"), a span of time ("killed two days later"), a
    compound or a rank."""
    after = sentence[end : end + 9].lower()
    if after[:5] in ("-year", " year") or after.startswith(("%", " %", " percent", " per cent")):
        return True
    # A number in a compound ("two-time winner", "a 10-man team") or a rank ("the No. 2
    # police officer") counts no one.
    if _COMPOUND.match(sentence, end) or _RANK_BEFORE.search(sentence[max(0, start - 8) : start]):
        return True
    if _TIME_SPAN.match(sentence, end):
        return True
    digits = number.strip()
    return (
        digits.isdigit()
        and len(digits) == 4
        and 1800 <= int(digits) <= 2099
        and bool(_YEAR_BEFORE.search(sentence[max(0, start - 20) : start]))
    )


def parse_number(text: str) -> int | None:
    """The value of a number as written: "212", "1,200", "twenty-one", "two dozen", "dozens"."""
    words = text.lower().replace(",", "").replace("-", " ").split()
    if words and words[-1] == "of":
        words = words[:-1]
    if not words:
        return None
    if words[0] in _VAGUE | _UNVALUED:  # "dozens"; "several hundred" counts as a hundred
        if len(words) > 2:
            return None
        return _SCALES.get(words[-1], (_VAGUE | _UNVALUED)[words[0]])
    total = 0
    for word in words:
        if re.fullmatch(r"\d+(?:\.\d+)?", word):
            total += float(word)
        elif word in _UNITS:
            total += _UNITS[word]
        elif word in _TENS:
            total += _TENS[word]
        elif word in _SCALES:
            total = (total or 1) * _SCALES[word]
        else:
            return None
    return int(total)
