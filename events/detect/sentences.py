"""Rule-based sentence splitting with offsets into the original text.

Fast and predictable (regular expressions only, no model): the event stage needs sentence
boundaries for every article, so this must stay cheap next to NER. English rules:

- A sentence ends at ``.``, ``!``, ``?`` or ``…`` (plus closing quotes/brackets) followed by white
  space and a character that is not a lower-case letter.
- A ``.`` does not end a sentence after a title or month abbreviation ("Mr.", "Gen.", "Jan."), an
  initial ("George W. Bush") or, unless a typical sentence opener follows ("The", "It", ...), a
  dotted acronym ("U.S.", "a.m.").
- No split inside a short balanced double-quoted passage (<= 250 characters), so a quote and its
  attribution stay together: ``"Mosul is coming. We have it in sight," McGurk declared Thursday.``
- Paragraph breaks (blank lines) always end a sentence, except when the paragraph stops without
  end punctuation and the next one starts in lower case (a sentence broken by a stray blank line).
- Runs longer than 1,000 characters are cut at white space (a bound on later per-sentence work).
- A single line break ends a sentence when the next line starts in upper case and the line before
  it is not a hard-wrapped line of running text (headings, titles, one-line paragraphs).
"""

from __future__ import annotations

import re

from newsmap.vocabulary import month_abbreviations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_ABBREVIATIONS = frozenset(month_abbreviations()) | _words(
    """
    mr mrs ms mx dr prof sen rep gov gen col lt sgt capt cpt maj cmdr adm brig cpl pvt st mt
    ft jr sr rev hon pres supt insp amb fr vs v etc approx dept univ
    """
)
# Abbreviations only before a number ("No. 1", "Fig. 3"); else "no." may end a sentence.
_NUMBERED = _words("no nos fig art")
# Words that usually open a sentence: after "U.S." or "a.m." these mean the sentence ended.
_OPENERS = _words(
    """
    the a an it its he she they we i this that these those there but and in on at after
    before however meanwhile his her their our when while if as since during for
    """
)
_END = re.compile(r"(?:[.!?]+|…)[\"”’')\]]*(?=\s)")
# The last word before a stop: what _last_word finds, faster (the tests hold them equal).
_LAST_WORD = re.compile(r"(\S+)$")
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
_NEWLINE_RUN = re.compile(r"[ \t\r\f\v]*\n\s*")
_TERMINAL = re.compile(r"[.!?…:;][\"”’')\]]*$")
_FIRST_WORD = re.compile(r"[\"“”'‘’(\[]*([A-Za-z]+)")
_STRAIGHT_QUOTE = re.compile('"')
_CURLY_QUOTE = re.compile("[“”]")
_MAX_QUOTE = 250
_LOOK = 200  # characters around a stop that decide whether it ends the sentence
_MAX_SENTENCE = 1000  # longer runs (lists, tables, unpunctuated text) are cut at white space
_WRAP_WIDTH = 100  # texts whose lines are all at most this long are treated as hard-wrapped


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentences; return ``(start, end)`` offsets with ``text[start:end]``
    a sentence without surrounding white space. Empty or blank text gives an empty list."""
    spans: list[tuple[int, int]] = []
    for block_start, block_end in _blocks(text):
        start = block_start
        for cut in _cuts(text, block_start, block_end):
            spans.append(_trim(text, start, cut))
            start = cut
        spans.append(_trim(text, start, block_end))
    return [piece for span in spans if span[0] < span[1] for piece in _cap(text, *span)]


def _cap(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a run longer than _MAX_SENTENCE at white space (after a comma when there is one),
    which bounds the work later stages do per sentence."""
    pieces = []
    while end - start > _MAX_SENTENCE:
        limit = start + _MAX_SENTENCE
        cut = text.rfind(", ", start, limit) + 1 or text.rfind(" ", start, limit)
        if cut <= start + _MAX_SENTENCE // 2:
            cut = text.rfind(" ", start, limit)
        if cut <= start:
            cut = limit  # no white space at all
        pieces.append(_trim(text, start, cut))
        start = _trim(text, cut, end)[0]
    pieces.append((start, end))
    return [piece for piece in pieces if piece[0] < piece[1]]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _blocks(text: str) -> list[tuple[int, int]]:
    """Cut the text at line breaks that end a sentence; return the pieces in between."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return []
    longest = max(len(line) for line in lines)
    wrapped = len(lines) > 1 and longest <= _WRAP_WIDTH
    blocks: list[tuple[int, int]] = []
    start = 0
    for run in _NEWLINE_RUN.finditer(text):
        before = text[text.rfind("\n", 0, run.start()) + 1 : run.start()].strip()
        after_end = text.find("\n", run.end())
        after = text[run.end() : len(text) if after_end < 0 else after_end].strip()
        if not before or not after:
            continue
        if _breaks(before, after, run.group().count("\n") > 1, wrapped, longest):
            blocks.append((start, run.start()))
            start = run.end()
    blocks.append((start, len(text)))
    return blocks


def _breaks(before: str, after: str, blank: bool, wrapped: bool, longest: int) -> bool:
    """Whether the line break between the lines ``before`` and ``after`` ends a sentence."""
    continues = after[0].islower()
    if blank:
        return not (continues and not _TERMINAL.search(before))
    if continues:
        return False
    if _TERMINAL.search(before):
        return True
    # A full-width line of hard-wrapped text ending without punctuation runs on.
    return not (wrapped and len(before) >= 0.75 * longest)


def _cuts(text: str, start: int, end: int) -> list[int]:
    """Offsets inside ``text[start:end]`` where a sentence ends (after its punctuation)."""
    quotes = _quoted(text, start, end)
    cuts = []
    for match in _END.finditer(text, start, end):
        cut = match.end()
        # Look only near the stop (whole-block slices made long texts quadratic).
        rest = text[cut:end].lstrip() if end - cut <= _LOOK else text[cut : cut + _LOOK].lstrip()
        if (rest and rest[0].islower()) or (not rest and not text[cut:end].strip()):
            continue
        if any(open_ < cut <= close for open_, close in quotes):
            continue
        single_period = match.group().startswith(".") and not match.group().startswith("..")
        before = text[max(start, match.start() - _LOOK) : match.start()]
        if single_period and not _period_ends(before, rest):
            continue
        cuts.append(cut)
    return cuts


def _period_ends(before: str, rest: str) -> bool:
    """Whether a single period after ``before`` ends the sentence, given the ``rest``."""
    found = _last_word(before)
    if found is None:
        return True
    word = found.lstrip("\"“'‘([")
    if word.lower() in _ABBREVIATIONS:
        return False
    if word.lower() in _NUMBERED and rest[:1].isdigit():
        return False
    if len(word) == 1 and word.isupper():
        return False  # an initial: "George W. Bush"
    if _DOTTED.fullmatch(word):
        opener = _FIRST_WORD.match(rest)
        return bool(opener) and opener.group(1).lower() in _OPENERS
    return True


def _last_word(before: str) -> str | None:
    """What ``_LAST_WORD.search(before)`` finds (the non-space run ending the text, or ending
    it before one final line break), without trying the pattern at every place of the text."""
    text = before[:-1] if before.endswith("\n") else before
    if not text or text[-1].isspace():
        return None
    return text.rsplit(None, 1)[-1]


def _quoted(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Short balanced double-quoted passages in ``text[start:end]`` as (open, close) offsets."""
    found = []
    straight = [m.start() for m in _STRAIGHT_QUOTE.finditer(text, start, end)]
    if len(straight) % 2 == 0:
        found += list(zip(straight[::2], straight[1::2], strict=True))
    opened = None
    for m in _CURLY_QUOTE.finditer(text, start, end):
        if m.group() == "“":
            opened = m.start()
        elif opened is not None:
            found.append((opened, m.start()))
            opened = None
    return [(a, b) for a, b in found if b - a <= _MAX_QUOTE]
