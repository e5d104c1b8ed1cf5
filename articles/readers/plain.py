"""Plain-text articles: a title line, an optional ``By NAME DATE`` line, then the body.

The layout is the seed's (and many saved news articles'):

    US air raids kill more than 200 civilians in northern Syria

    By Thomas Gaist 22 July 2016

    Airstrikes by the American-led war coalition ...

The byline may be "By NAME DATE", "By NAME, July 22, 2016", "By NAME and NAME 22 July 2016",
"By NAME 2016-07-22" or "By NAME" alone; a line holding only a date may stand after it (or
instead of it). A Markdown title ("# Title") loses its hashes. A first line too long to be a
title (or a file that is one paragraph) gets a title from the file name, and all of it is text.

Trailing boilerplate is cut, line by line from the end, while the last non-blank line is one
of: a bare URL; "To contact ... visit:"; a short call to action ("Share this ...", "Share on
...", "Subscribe ...", "Sign up ...", "Follow us ...", at most 60 characters: a longer line is
a sentence); a copyright line ("©", "(c)", "Copyright", "... All rights reserved"). Nothing
inside the body is touched, and paragraph breaks stay, so offsets into ``Article.text`` are
offsets into what we show.
"""

from __future__ import annotations

import re
from datetime import date

from articles.model import Article, article_id
from articles.readers.fields import clean_text, one_line, parse_iso_date, title_from_path
from newsmap.vocabulary import month_abbreviations, months

_MAX_TITLE = 300  # a longer first line is a paragraph, not a title
_MAX_BYLINE = 160
_MAX_NAME_WORDS = 12

_MONTHS = months() | month_abbreviations()
_MONTH = "(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\.?,?\s+)?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_DATE_FORMS = (
    rf"{_WEEKDAY}{_DAY}\s+{_MONTH},?\s+{_YEAR}",  # 22 July 2016
    rf"{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}",  # July 22, 2016
    r"(?P<iso>\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)",
)
_SEP = r"[\s,;|·•—–-]*"
# A date at the end of a line, and a line that is only a date.
_DATE_AT_END = [re.compile(rf"{_SEP}{form}\s*$", re.IGNORECASE) for form in _DATE_FORMS]
_DATE_LINE = [re.compile(rf"^\s*{form}\s*$", re.IGNORECASE) for form in _DATE_FORMS]
_BY = re.compile(r"^\s*by\s+(?P<rest>\S.*)$", re.IGNORECASE)
# Lower-case words that may sit inside a personal name or join two names.
_NAME_PARTICLES = frozenset(
    {"and", "&", "de", "del", "della", "der", "den", "di", "da", "das", "do", "dos", "du"}
    | {"van", "von", "ter", "la", "le", "al", "el", "bin", "ibn", "y", "e"}
)

# (pattern, longest line it may match): calls to action are short, a sentence is not.
_BOILERPLATE = [
    (re.compile(pattern, re.IGNORECASE), longest)
    for pattern, longest in (
        (r"^<?(?:https?://|www\.)\S+>?$", 500),
        (r"^to contact\b.*\bvisit\b:?$", 120),
        (r"^share (?:this|on)\b", 60),
        (r"^(?:subscribe|sign up)\b", 60),
        (r"^follow us\b", 60),
        (r"^(?:©|\(c\)|copyright\b)", 120),
        (r"\ball rights reserved\.?$", 120),
    )
]


def parse_date_parts(match: re.Match[str]) -> date | None:
    """The date a ``_DATE_FORMS`` match names, or None when it is no real day (31 June)."""
    if match.groupdict().get("iso"):
        return parse_iso_date(match.group("iso"))
    month = _MONTHS[match.group("month").lower()]
    try:
        return date(int(match.group("year")), month, int(match.group("day")))
    except ValueError:
        return None


def parse_date_line(line: str) -> date | None:
    """The date when ``line`` is nothing but a date ("22 July 2016", "2016-07-22"), else None."""
    for pattern in _DATE_LINE:
        match = pattern.match(line)
        if match:
            return parse_date_parts(match)
    return None


def parse_byline(line: str) -> tuple[str, date | None] | None:
    """``(names, date)`` when ``line`` is a "By NAME [DATE]" byline, else None.

    A body sentence that happens to start with "By" ("By Tuesday the toll had risen.") is not a
    byline: names are capitalised words (or particles such as "and", "de", "al").
    """
    match = _BY.match(line)
    if not match or len(line) > _MAX_BYLINE:
        return None
    rest = match.group("rest").strip()
    published: date | None = None
    for pattern in _DATE_AT_END:
        found = pattern.search(rest)
        if found:
            published = parse_date_parts(found)
            rest = rest[: found.start()]
            break
    names = one_line(rest.strip(" ,;|·•—–-"))
    return (names, published) if _looks_like_names(names) else None


def _looks_like_names(text: str) -> bool:
    words = text.replace(",", " ").split()
    if not words or len(words) > _MAX_NAME_WORDS or text.endswith((".", "!", "?", ":")):
        return False
    for word in words:
        head = re.split(r"[-'’]", word, maxsplit=1)[0].lower()
        if not (word[0].isupper() or word.lower() in _NAME_PARTICLES or head in _NAME_PARTICLES):
            return False
    return True


def is_boilerplate(line: str) -> bool:
    """True for a trailing line that is site furniture, not article text."""
    line = line.strip()
    return any(len(line) <= longest and pattern.search(line) for pattern, longest in _BOILERPLATE)


def cut_boilerplate(lines: list[str]) -> list[str]:
    """``lines`` without trailing blank and boilerplate lines."""
    end = len(lines)
    while end and (not lines[end - 1].strip() or is_boilerplate(lines[end - 1])):
        end -= 1
    return lines[:end]


def parse_plain(text: str, source: str) -> Article | str:
    """The Article in a plain-text file's ``text``, or the reason there is none.

    ``source`` is the file's path (kept on the article, and used for a title when the file has
    no title line).
    """
    lines = clean_text(text).split("\n")
    lines = cut_boilerplate(lines)
    if not any(line.strip() for line in lines):
        return "no article text (only white space or site boilerplate): nothing to ingest"
    first = lines[0].strip()
    title = re.sub(r"^#{1,6}\s+", "", first).strip()
    rest = lines[1:]
    if not _is_title(first, rest[0] if rest else ""):
        # The first line runs into the body: it is a paragraph, not a title.
        title, rest = title_from_path(source), lines
    byline, published, body_start = _header(rest)
    body = "\n".join(rest[body_start:]).strip()
    if not body:
        return "only a title line, no article text: the body goes below the title and byline"
    return Article(
        id=article_id(None, body),
        title=one_line(title),
        text=body,
        published=published,
        byline=byline,
        source=source,
    )


def _is_title(first: str, second: str) -> bool:
    """A short first line is a title when a blank line, a byline or a date follows it."""
    if first.startswith("#"):
        return True
    if len(first) > _MAX_TITLE:
        return False
    return not second.strip() or bool(parse_byline(second)) or parse_date_line(second) is not None


def _header(lines: list[str]) -> tuple[str | None, date | None, int]:
    """Byline, date and the index of the first body line among the lines after the title."""
    byline: str | None = None
    published: date | None = None
    index = _skip_blank(lines, 0)
    if index < len(lines):
        parsed = parse_byline(lines[index])
        if parsed:
            byline, published = parsed[0] or None, parsed[1]
            index = _skip_blank(lines, index + 1)
    if published is None and index < len(lines):
        published = parse_date_line(lines[index])
        if published is not None:
            index = _skip_blank(lines, index + 1)
    return byline, published, index


def _skip_blank(lines: list[str], index: int) -> int:
    while index < len(lines) and not lines[index].strip():
        index += 1
    return index
