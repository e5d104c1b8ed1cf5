"""Document-wide recognition rules, over a compact table of the document's tokens.

spaCy builds a Python object for every token access; the rules here look at every token of
every document, so they read one table made with ``Doc.to_array`` instead (several times
faster than iterating ``Doc``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from geodata.model import Toponym
from geodata.recognize_names import BARE_CITY_MIN_POPULATION, NameLookup
from geodata.recognize_words import CIVIC_HEADS, PERSON_TITLES
from newsmap.vocabulary import division_words

LOCATIVES = frozenset(
    {"in", "at", "near", "from", "to", "into", "outside", "across", "around", "toward", "towards"}
)
SENTENCE_OPENERS = frozenset({".", "!", "?", '"', "'", "\u201c", "\u2018", ":", "\n", "\n\n"})
CONNECTORS = frozenset({"of", "de", "del", "la", "le", "al", "el", "upon", "on", "-"})
DASHES = frozenset({"-", "--", "---", "\u2014", "\u2013"})
NUMERIC_LABELS = frozenset({"DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT"})
# No "^": compiled patterns' match() already anchors at pos, where "^" would not match.
_LEADING_ARTICLE = re.compile(r"(?:the|The|THE)\s+")
_BORDER = re.compile(
    r"\b([A-Z][\w.']*(?:\s[A-Z][\w.']*)?)\s?[-\u2013/]\s?([A-Z][\w.']*(?:\s[A-Z][\w.']*)?)"
    r"\s+(?:border|frontier|boundary)\b"
)


# Territory changing hands: what is captured, stormed or shelled is a place ("rebels
# captured Birao", "to seize control of Azaz", "Manbij was captured"), whatever NER
# calls it. "the province of Azaz": the shared division words (newsmap/vocabulary).
_PLACE_NOUN = "|".join(["town", "city", "village", "area", *sorted(division_words().english)])
_TAKEN_BEFORE = re.compile(
    r"(?i)\b(?:(?:re)?captur(?:e|es|ed|ing)|seiz(?:e|es|ed|ing)|storm(?:s|ed|ing)|"
    r"overr(?:an|un|uns|unning)|liberat(?:e|es|ed|ing)|besieg(?:e|es|ed|ing)|shell(?:s|ed|ing)|"
    r"(?:took|take|takes|taking|(?:re)?gain(?:s|ed|ing)?|seiz(?:e|es|ed|ing)|"
    r"wrest(?:s|ed|ing)?|retook|retake)\s+control\s+of|"
    r"(?:advanc(?:e|es|ed|ing)|march(?:es|ed|ing))\s+on|siege\s+of|"
    r"(?:offensive|assault)\s+on)\s+(?:the\s+(?:(?:"
    + _PLACE_NOUN
    + r"|strategic\s+town|border\s+town)\s+of\s+)?)?$"
)
_TAKEN_AFTER = re.compile(
    r"(?i)\s+(?:was|were|has\s+been|had\s+been|is\s+being|has\s+not\s+been)\s+"
    r"(?:(?:re)?captured|seized|stormed|overrun|liberated|besieged|shelled)\b"
)


def fought_over(text: str, start: int, end: int) -> bool:
    """Whether the text says the name at ``text[start:end]`` was captured or attacked."""
    return bool(
        _TAKEN_BEFORE.search(text[max(0, start - 60) : start]) or _TAKEN_AFTER.match(text, end)
    )


class Entity(NamedTuple):
    """A named entity: token range, label and character range (like a spaCy Span's)."""

    start: int
    end: int
    label_: str
    start_char: int
    end_char: int


@dataclass(frozen=True)
class Tokens:
    """Per-token columns of one document."""

    text: str
    starts: list[int]
    ends: list[int]
    title: list[bool]
    upper: list[bool]
    alpha: list[bool]
    stop: list[bool]
    punct: list[bool]
    like_num: list[bool]
    caps: list[bool]  # starts with a capital letter

    def __len__(self) -> int:
        return len(self.starts)

    def word(self, i: int) -> str:
        return self.text[self.starts[i] : self.ends[i]]

    def lower(self, i: int) -> str:
        return self.word(i).lower()

    def span(self, lo: int, hi: int) -> str:
        """The text of tokens lo..hi-1."""
        return self.text[self.starts[lo] : self.ends[hi - 1]]

    def capitalised(self, i: int) -> bool:
        return self.caps[i]

    def all_caps(self, i: int) -> bool:
        return self.upper[i] and self.alpha[i]

    def sentence_initial(self, i: int) -> bool:
        """Token i opens a sentence, a quote or a line (judged from the token before it)."""
        if i == 0:
            return True
        previous = self.word(i - 1)
        return previous in SENTENCE_OPENERS or previous.isspace()


def token_table(doc, text: str) -> Tokens:
    """The token columns of a spaCy Doc whose text is ``text``."""
    from spacy.attrs import IDX, IS_ALPHA, IS_PUNCT, IS_STOP, IS_TITLE, IS_UPPER, LENGTH, LIKE_NUM

    columns = doc.to_array([IDX, LENGTH, IS_TITLE, IS_UPPER, IS_ALPHA, IS_STOP, IS_PUNCT, LIKE_NUM])
    if len(doc) == 0:
        return Tokens(text, [], [], [], [], [], [], [], [], [])
    idx, length, title, upper, alpha, stop, punct, like_num = (
        column.tolist() for column in columns.T
    )
    ends = [i + n for i, n in zip(idx, length, strict=True)]
    flags = (list(map(bool, column)) for column in (title, upper, alpha, stop, punct, like_num))
    caps = [text[i].isupper() for i in idx]  # a capital is a letter: no digit or sign
    return Tokens(text, idx, ends, *flags, caps)


def entities(doc) -> list[Entity]:
    """The document's entities as plain tuples (``Doc.ents`` is rebuilt on every access)."""
    return [Entity(e.start, e.end, e.label_, e.start_char, e.end_char) for e in doc.ents]


def bare_words(tokens: Tokens, blocked: Sequence[bool], lookup: NameLookup) -> Iterable[Toponym]:
    """Gazetteer matches in runs of capitalised words that no entity covers."""
    index, n = 0, len(tokens)
    while index < n:
        if blocked[index] or not tokens.capitalised(index):
            index += 1
            continue
        run_end = index
        while (
            run_end < n
            and not blocked[run_end]
            and (
                tokens.capitalised(run_end)
                or (run_end > index and tokens.word(run_end) in CONNECTORS)
            )
        ):
            run_end += 1
        yield from _longest_matches(tokens, index, run_end, lookup)
        index = run_end


def _longest_matches(tokens: Tokens, lo: int, hi: int, lookup: NameLookup):
    index = lo
    while index < hi:
        for length in range(min(4, hi - index), 0, -1):
            end = index + length
            if tokens.word(end - 1) in CONNECTORS:
                continue
            if _bare_place(tokens, index, end, lookup):
                start_char, end_char = tokens.starts[index], tokens.ends[end - 1]
                yield Toponym(start_char, end_char, tokens.span(index, end), "gazetteer")
                index = end
                break
        else:
            index += 1


def _bare_place(tokens: Tokens, lo: int, hi: int, lookup: NameLookup) -> bool:
    single = hi - lo == 1
    if single and tokens.stop[lo]:
        return False  # "No", "May"
    profile = lookup.profile(tokens.span(lo, hi))
    if profile.generic:
        return False  # "North"
    if profile.strong and not (single and tokens.sentence_initial(lo) and not tokens.upper[lo]):
        return True
    if profile.country and single and (hi == len(tokens) or not tokens.capitalised(hi)):
        # "Nigeria reported 782 cases.": a country's name opening a sentence on its own (NER
        # tagged no person there; "Chad Smith" is a run of two names, not this).
        return True
    if profile.city_population >= BARE_CITY_MIN_POPULATION:
        # "in Mosul", "rebels captured Manbij", "Grozny has not been captured"
        after_locative = lo > 0 and tokens.lower(lo - 1) in LOCATIVES
        return after_locative or fought_over(tokens.text, tokens.starts[lo], tokens.ends[hi - 1])
    return False


def datelines(tokens: Tokens, lookup: NameLookup) -> Iterable[Toponym]:
    """Capitalised datelines: "COLUMBUS, Ohio (AP) --", "NEWARK --"."""
    index, n = 0, len(tokens)
    while index < n:
        if not tokens.all_caps(index) or (index and tokens.word(index - 1).islower()):
            index += 1
            continue
        end = index
        while end < n and end - index < 3 and tokens.all_caps(end):
            end += 1
        name = tokens.span(index, end)
        if sum(ch.isalpha() for ch in name) >= 4 and _dateline_follows(tokens, end, lookup):
            profile = lookup.profile(name.title())
            if profile.exact and (profile.strong or profile.city_population):
                yield Toponym(tokens.starts[index], tokens.ends[end - 1], name, "dateline")
        index = end


def _dateline_follows(tokens: Tokens, end: int, lookup: NameLookup) -> bool:
    """A dash or "(AP)" follows, or a comma and a state or country ("COLUMBUS, Ohio")."""
    if end >= len(tokens):
        return False
    following = tokens.word(end)
    if following in DASHES or following == "(":
        return True
    if following != "," or end + 1 >= len(tokens):
        return False
    return lookup.profile(tokens.word(end + 1)).strong


def person_names(tokens: Tokens, ents: Sequence[Entity]) -> set[str]:
    """Words the article uses as people's names: in multi-word PERSON entities ("Michael
    Flores"), after a title ("Mr. Jackson"), or before an age ("Flores, 26,")."""
    people = set()
    for ent in ents:
        if ent.label_ == "PERSON" and ent.end - ent.start > 1:
            words = (tokens.word(i) for i in range(ent.start, ent.end))
            people.update(w for w in words if w.lower() not in PERSON_TITLES)
    n = len(tokens)
    for i in range(1, n):
        if not tokens.title[i] and not tokens.upper[i]:
            continue
        after_title = tokens.lower(i - 1) in PERSON_TITLES and tokens.capitalised(i)
        before_age = (
            i + 3 < n
            and tokens.like_num[i + 2]
            and tokens.word(i + 1) == ","
            and tokens.word(i + 3) == ","
        )
        if after_title or before_age:
            people.add(tokens.word(i))
    return people


def same_name_elsewhere(
    tokens: Tokens,
    ents: Sequence[Entity],
    found: Sequence[Toponym],
    lookup: NameLookup,
    people: set[str],
) -> list[Toponym]:
    """Other occurrences of the names already found, where they stand as names of their own."""
    names = set()
    for toponym in found:
        if toponym.demonym or toponym.source in ("border", "dateline"):
            continue
        if toponym.source.startswith("tentative"):
            continue  # not a place until resolution confirms it
        profile = lookup.profile(toponym.name)
        if profile.exact and not profile.generic and not set(toponym.name.split()) & people:
            names.add(toponym.name)
    if not names:
        return []
    text = tokens.text
    taken = [(t.start, t.end) for t in found]
    entity_of: list[Entity | None] = [None] * len(tokens)
    for ent in ents:
        for index in range(ent.start, ent.end):
            entity_of[index] = ent
    token_at = {start: i for i, start in enumerate(tokens.starts)}
    token_ending = {end: i for i, end in enumerate(tokens.ends)}
    alternatives = "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
    extra = []
    for match in re.finditer(rf"(?<![\w.&'-])(?:{alternatives})(?![\w&'-])", text):
        start, end = match.span()
        lo, last = token_at.get(start), token_ending.get(end)
        if lo is None or last is None or any(start < b and a < end for a, b in taken):
            continue
        if _stands_alone(tokens, lo, last + 1, entity_of):
            extra.append(Toponym(start, end, match.group(0), "document"))
    return extra


def _stands_alone(tokens: Tokens, lo: int, hi: int, entity_of) -> bool:
    """Tokens lo..hi-1 are a name of their own, not part of a longer name or after a title."""
    entity = entity_of[lo]
    if entity is not None and entity_of[hi - 1] is entity:
        if entity.label_ in NUMERIC_LABELS:
            return False
        # The whole entity, or the opening of an institution's name ("Gainesville Police").
        if (entity.start, entity.end) != (lo, hi):
            following = tokens.lower(hi) if hi < len(tokens) else ""
            if entity.start != lo or following not in CIVIC_HEADS:
                return False
    elif entity is not None or entity_of[hi - 1] is not None:
        return False  # straddles an entity boundary
    if lo > 0:
        if tokens.lower(lo - 1) in PERSON_TITLES:
            return False
        if tokens.capitalised(lo - 1) and not tokens.sentence_initial(lo - 1):
            return False  # the end of a longer name ("Andrew Jackson")
    # Not the start of a longer name ("Jackson Hole"); "Gainesville Police" and "Gainesville
    # Mayor Myrtle Figueras" are fine.
    if hi < len(tokens) and tokens.title[hi]:
        following = tokens.lower(hi)
        return following in CIVIC_HEADS or following in PERSON_TITLES
    return True


def borders(text: str, lookup: NameLookup) -> Iterable[Toponym]:
    """ "X-Y border" between two countries (or other strong places) as one toponym."""
    for match in _BORDER.finditer(text):
        first, second = match.group(1), match.group(2)
        if lookup.profile(first).strong and lookup.profile(second).strong:
            yield Toponym(match.start(), match.end(), match.group(0), "border")


def strip_article(text: str, start: int, end: int) -> tuple[int, int]:
    """The character range without a leading "the" or a trailing possessive ("Angola's")."""
    match = _LEADING_ARTICLE.match(text, start, end)
    if match:
        start = match.end()
    if end - start > 2 and text[end - 2 : end] in ("'s", "\u2019s"):
        end -= 2
    return start, end


def without_overlaps(toponyms: list[Toponym]) -> list[Toponym]:
    """Keep the longest of overlapping toponyms (a border over its two countries)."""
    chosen: list[Toponym] = []
    for toponym in sorted(toponyms, key=lambda t: (-(t.end - t.start), t.start)):
        if all(toponym.end <= c.start or toponym.start >= c.end for c in chosen):
            chosen.append(toponym)
    return sorted(chosen, key=lambda t: t.start)
