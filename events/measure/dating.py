"""Event dates from one sentence, resolved against the article's publication date.

Pure functions over hand-written regular expressions (English): fast, and every rule is tested.

Conventions:

- Past tense is the default (news reports what happened). A bare weekday ("on Tuesday",
  "Tuesday morning", "Wednesday's conference") is the most recent such day on or before the
  publication date: the publication's own weekday means the publication day, like "today".
  In the future tense (a marker such as "will", "to be held", "plans to", "is scheduled", "next"
  in the same clause as the date) it is the next such day on or after publication.
  "last Tuesday" is 1-7 days before publication, "next Tuesday" 1-7 days after.
- Week precision dates are the Monday that starts the (ISO) week: "last week" is the Monday of the
  week before the publication's week, "this week" the Monday of the publication's week.
- Month precision dates are the first of the month: "in March" is the most recent March not
  after the publication's month (the next one in the future tense), "last month" the month before.
- Explicit dates ("22 July 2016", "July 22, 2016", "2016-07-22") are day precision; without a year
  they take the most recent such day not after publication (future tense: the next).
- A year after "in", "during" or "the" ("In 1998 a flood left 4,000 dead", "the 2008
  epidemic") is a date of year precision (January 1); other years alone ("the 2003-2011 US
  occupation") are no event date, nor is a date after "since" ("526 stricken since August
  22": when the count began).
- When a sentence has several date phrases, a phrase attached to a reporting verb ("published
  Thursday", "the Post reported Thursday", "said on Monday") gives way to one that is not; among
  the rest the phrase in the same clause as ``anchor`` (the trigger word's offset) and nearest to
  it wins; without an anchor, the first.
  A reporting date is still used when it is the only one (the event happened by then).
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta

from events.model import DATE_DAY, DATE_MONTH, DATE_PUBLISHED, DATE_UNKNOWN, DATE_WEEK, DATE_YEAR
from newsmap.prefilter import Prefiltered
from newsmap.vocabulary import month_abbreviations, months, weekdays

_MONTHS = months()
_MONTH_ABBREVIATIONS = month_abbreviations()
_WEEKDAYS = weekdays()
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_NUMBERS |= {"seven": 7, "eight": 8, "nine": 9, "ten": 10}

# Month and weekday names must be capitalised ("May" the month, not "may" the verb).
_FULL = "(?P<mon>" + "|".join(m.capitalize() for m in _MONTHS) + ")"
_ANY = "(?P<mon>" + "|".join(m.capitalize() for m in (*_MONTHS, *_MONTH_ABBREVIATIONS)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_WEEKDAY = "(?P<wd>" + "|".join(w.capitalize() for w in _WEEKDAYS) + ")"
_PREP = r"(?i:in|since|during|until|till|from|through|throughout|early|late|mid|end of|"
_PREP += r"beginning of|start of|the end of|the start of)"

# (kind, pattern); earlier kinds win when two phrases overlap.
_PATTERNS = [
    ("iso", rf"\b{_YEAR}-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b(?!-)"),
    ("day_month", rf"\b{_DAY}(?:\s+of)?\s+{_ANY}(?:,?\s+{_YEAR}\b)?"),
    ("month_day", rf"\b{_ANY}\s+{_DAY}\b(?![,.]?\d)(?:,?\s+{_YEAR}\b)?"),
    ("month_year", rf"\b{_FULL},?\s+(?:of\s+)?{_YEAR}\b"),
    ("rel_month", rf"\b(?P<rel>(?i:last|this|next|this coming|coming|past))\s+{_FULL}\b"),
    ("prep_month", rf"\b(?P<rel>{_PREP})[\s-]+{_FULL}\b"),
    (
        "ago",
        r"(?i)\b(?P<n>\d{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
        r"(?P<unit>day|week|month)s?\s+ago\b",
    ),
    (
        "rel_day",
        r"(?i)\b(?P<rel>the day before yesterday|yesterday|last night|today|tonight|"
        r"tomorrow|this (?:morning|afternoon|evening))\b",
    ),
    ("weekend", r"(?i)\b(?P<rel>last|this|next|this coming|coming|over the|at the)\s+weekend\b"),
    ("week", r"(?i)\b(?P<rel>last|this|next|this coming|coming)\s+week\b"),
    ("month", r"(?i)\b(?P<rel>last|this|next|this coming|coming)\s+month\b"),
    (
        "weekday",
        rf"\b(?:(?P<rel>(?i:last|next|this coming|coming|this|on|since|until|by|from|"
        rf"early|late))\s+)?{_WEEKDAY}(?:'s|’s)?(?:\s+(?i:morning|afternoon|evening|night))?\b",
    ),
    ("year", rf"\b(?i:in|during|the)\s+{_YEAR}\b(?![-–/]\d)"),
]
_COMPILED = [(kind, re.compile(pattern)) for kind, pattern in _PATTERNS]
_CAPITALISED_NEXT = re.compile(r"\s+[A-Z]")
# Every date phrase holds one of these (a month's first three letters: "Jan", "May"): a cheap
# test before the dozen patterns.
_MONTH_STEM_LIST = tuple(m[:3].capitalize() for m in _MONTHS)
_MONTH_STEMS = "|".join(_MONTH_STEM_LIST)
_RELATIVE_WORDS = r"(?i:day|night|week|month|ago|tomorrow|morning|afternoon|evening)"
_MAYBE_DATE = re.compile(rf"\d|{_MONTH_STEMS}|{_RELATIVE_WORDS}")
# The same test in three looks, each cheaper than the pattern tried at every place of a text
# (the tests hold them equal): a digit, a month's stem, a word of relative time.
_DIGIT = re.compile(r"\d")
_RELATIVE = Prefiltered(_RELATIVE_WORDS)


def _may_hold_a_date(sentence: str) -> bool:
    """Whether ``_MAYBE_DATE`` matches somewhere in ``sentence``."""
    return (
        _DIGIT.search(sentence) is not None
        or any(stem in sentence for stem in _MONTH_STEM_LIST)
        or _RELATIVE.matches(sentence)
    )


_MONTH_WORD = "(?:" + "|".join(m.capitalize() for m in (*_MONTHS, *_MONTH_ABBREVIATIONS)) + r")\.?"
MONTH_WORD = _MONTH_WORD  # a month's name or abbreviation, for other modules' patterns
_EXPLICIT_AFTER = re.compile(
    rf",?\s+(?:[0-3]?\d(?:st|nd|rd|th)?(?:\s+of)?\s+{_MONTH_WORD}|{_MONTH_WORD}\s+[0-3]?\d\b)"
)
_CAPITALISED_PREVIOUS = re.compile(r"[A-Z]\w*\s+$")

_REPORTING = (
    r"(?:said|says|told|tells|reported|reports|published|announced|announces|stated|"
    r"declared|confirmed|claimed|added|wrote|tweeted|posted|according|warned|noted|insisted|"
    r"denied|revealed|disclosed|explained|acknowledged|admitted|estimated|released|issued|"
    r"made clear|quoted|cited)"
)
_FILLER = (
    r"(?:on|late|early|in|a|an|the|its|his|her|their|statement|interview|press|conference|"
    r"briefing|news|report|email|emailed|televised|speech|address|to|reporters|journalists)"
)
_REPORTING_BEFORE = re.compile(rf"(?i)\b{_REPORTING}\s+(?:{_FILLER}\s+){{0,4}}$")
_REPORTING_AFTER = re.compile(rf"(?i)^\s+(?:{_FILLER}\s+){{0,2}}{_REPORTING}\b")

# A date belongs to the clause it sits in; these words and marks start a new clause.
_CLAUSE_BREAK = re.compile(
    r"(?i)[;\"“”]|\b(?:that|which|who|whom|whose|after|before|when|while|because|but|"
    r"although|though|whereas|until)\b"
)
_CLAUSE_WINDOW = 200  # characters either side of a date searched for its clause's tense
_SEGMENT_BREAK = re.compile(_CLAUSE_BREAK.pattern + r"|\b(?:and|or)\b")
_FUTURE = Prefiltered(
    r"(?i)\b(?:will|won't|shall|\w+['’]ll|(?:is|are) (?:to|due to|set to|scheduled|expected to|"
    r"going to|planned|slated)|plans? to|planning to|intends? to|scheduled (?:to|for)|"
    # "plans are already made to kill 10,000 birds", "plans were drawn up to deploy"
    r"plans? (?:(?:are|were|is|was|have been|has been) )?(?:\w+ )?(?:made|drawn up|laid|"
    r"prepared|in place|under ?way) to|"
    r"(?:set|due|slated) to (?:take place|be held|begin|start|open)|next(?! to)|upcoming)\b"
    r"|(?<!was )(?<!were )(?<!reported )(?<!said )(?<!believed )(?<!thought )(?<!known )"
    r"(?<!appeared )(?<!seemed )(?<!claimed )\bto be (?:held|\w+ed|\w+en)\b"
)


@dataclass(frozen=True)
class DatePhrase:
    """A date expression in a sentence, ``sentence[start:end]``, and what it resolves to.

    ``date`` is None when it cannot be resolved (a relative phrase and no publication date).
    ``reporting`` is true when the phrase dates a report ("the Post reported Thursday").
    """

    start: int
    end: int
    text: str
    date: date | None
    precision: str
    reporting: bool = False


def resolve_date(
    sentence: str, published: date | None, anchor: int | None = None
) -> tuple[date | None, str]:
    """The event date of ``sentence`` and its precision (a ``DATE_*`` constant).

    ``anchor`` is an offset into ``sentence`` (usually the event trigger's start); the date phrase
    closest to it is preferred. No usable date phrase gives ``(published, DATE_PUBLISHED)``, or
    ``(None, DATE_UNKNOWN)`` when the publication date is unknown too.
    """
    chosen = choose_phrase(sentence, find_date_phrases(sentence, published), anchor)
    if chosen is not None:
        return chosen.date, chosen.precision
    if published is None:
        return None, DATE_UNKNOWN
    return published, DATE_PUBLISHED


BACKGROUND_DAYS = 90
_PERIOD_DAYS = {DATE_DAY: 1, DATE_WEEK: 7, DATE_MONTH: 31, DATE_YEAR: 366}


def is_background(when: date | None, precision: str, published: date | None) -> bool:
    """Whether an event dated ``when`` is history rather than news of the day: its whole
    period (the day, week, month or year) ended more than BACKGROUND_DAYS before publication."""
    if when is None or published is None or precision not in _PERIOD_DAYS:
        return False
    return (published - when).days - _PERIOD_DAYS[precision] > BACKGROUND_DAYS


def choose_phrase(
    sentence: str, phrases: list[DatePhrase], anchor: int | None = None
) -> DatePhrase | None:
    """The phrase that dates the main event (see the module notes), or None.

    With an ``anchor``, a phrase in the same clause as the anchor beats one outside it (clauses
    split at ";", quotes, "that", "which", "and", "or", ...), then the nearest one wins.
    """
    usable = [phrase for phrase in phrases if phrase.date is not None]
    pool = [phrase for phrase in usable if not phrase.reporting] or usable
    if anchor is not None:
        pool = [phrase for phrase in pool if not _dates_another_noun(sentence, phrase, anchor)]
    if not pool:
        return None
    if anchor is None:
        return pool[0]
    cuts = [brk.end() for brk in _SEGMENT_BREAK.finditer(sentence)]
    here = bisect.bisect_right(cuts, anchor)

    def rank(phrase: DatePhrase) -> tuple[bool, bool, int, int]:
        elsewhere = bisect.bisect_right(cuts, phrase.start) != here
        vaguer = phrase.precision == DATE_YEAR  # "In 2016, ... on Tuesday": Tuesday
        return elsewhere, vaguer, max(phrase.start - anchor, anchor - phrase.end, 0), phrase.start

    return min(pool, key=rank)


_POSSESSIVE = re.compile(r"['’]s\b")
# "just prior to Wednesday's conference": a time near which the event is told
_TIME_PREPOSITION = re.compile(
    r"(?i)\b(?:prior\s+to|before|after|following|during|ahead\s+of|eve\s+of|at|on)\s+"
    r"(?:the\s+)?$"
)
_NOUN_AFTER = re.compile(r"['’]s(?:\s+[\w-]+){0,3}?\s*$")


def _dates_another_noun(sentence: str, phrase: DatePhrase, anchor: int) -> bool:
    """ "against last week's boardroom coup": a possessive date dates the noun after it, so
    it is the event's only when the event's word is that noun ("Tuesday's attack") or the
    noun tells when ("just prior to Wednesday's conference")."""
    text = sentence[phrase.start : phrase.end]
    inside = text[-2:] in ("'s", "’s")  # "Tuesday's" is read with its "'s", "last week" without
    if not (inside or _POSSESSIVE.match(sentence, phrase.end)):
        return False
    if _TIME_PREPOSITION.search(sentence[max(0, phrase.start - 20) : phrase.start]):
        return False
    if anchor < phrase.end:
        return True
    between = sentence[phrase.end - 2 if inside else phrase.end : anchor]
    return not _NOUN_AFTER.fullmatch(between)


def find_date_phrases(sentence: str, published: date | None) -> list[DatePhrase]:
    """Every date expression in ``sentence``, in order, resolved against ``published``."""
    if not _may_hold_a_date(sentence):  # most sentences: no date word at all
        return []
    return list(_find_date_phrases(sentence, published))


@functools.lru_cache(maxsize=4096)
def _find_date_phrases(sentence: str, published: date | None) -> tuple[DatePhrase, ...]:
    found: list[tuple[int, int, str, re.Match[str]]] = []
    for priority, (kind, pattern) in enumerate(_COMPILED):
        for match in pattern.finditer(sentence):
            if _accept(kind, match, sentence):
                found.append((priority, match.start(), kind, match))
    taken: list[tuple[int, int, str, re.Match[str]]] = []
    for item in sorted(found, key=lambda f: (f[0], f[1])):
        match = item[3]
        if all(match.end() <= t[3].start() or match.start() >= t[3].end() for t in taken):
            taken.append(item)
    phrases = []
    for _, _, kind, match in sorted(taken, key=lambda t: t[1]):
        if _SINCE.search(sentence, max(0, match.start() - 8), match.start() + 6):
            continue  # "526 stricken since August 22": when a count began, not the event
        reporting = _is_reporting(sentence, match.start(), match.end())
        # A report ("said on Monday") is past even inside a future clause.
        future = not reporting and is_future(sentence, match.start(), match.end())
        try:
            when, precision = _RESOLVERS[kind](match, published, future)
        except ValueError:  # impossible day, such as 31 April
            continue
        phrases.append(
            DatePhrase(
                start=match.start(),
                end=match.end(),
                text=match.group(),
                date=when,
                precision=precision,
                reporting=reporting,
            )
        )
    return tuple(phrases)


_SINCE = re.compile(r"(?i)\bsince\b")


def _accept(kind: str, match: re.Match[str], sentence: str) -> bool:
    """Reject look-alikes: "The Sunday Times", "USA Today", "in May's cabinet", day 32."""
    if kind == "weekday" and _EXPLICIT_AFTER.match(sentence, match.end()):
        return False  # "Thursday, May 5": the explicit date says it
    if kind == "weekday" and not match.group("rel"):
        following = sentence[match.end() : match.end() + 12]
        if _CAPITALISED_NEXT.match(following) and not any(
            following.lstrip().startswith(m.capitalize()) for m in _MONTHS
        ):
            return False
    if kind == "rel_day" and match.group()[0].isupper() and match.start() > 0:
        return not _CAPITALISED_PREVIOUS.search(
            sentence[max(0, match.start() - 40) : match.start()]
        )
    possessive = sentence[match.end() : match.end() + 2] in ("'s", "’s")
    if kind in ("prep_month", "rel_month") and possessive:
        return False  # "confidence in May's government": a person, not a month
    if "day" in match.groupdict() and match.group("day") and kind != "iso":
        return 1 <= int(match.group("day")) <= 31
    return True


def _is_reporting(sentence: str, start: int, end: int) -> bool:
    return bool(
        _REPORTING_BEFORE.search(sentence[max(0, start - 80) : start])
        or _REPORTING_AFTER.match(sentence[end : end + 60])
    )


def is_future(sentence: str, start: int, end: int) -> bool:
    """Whether the clause around ``sentence[start:end]`` is in the future tense."""
    clause_start = max(0, start - _CLAUSE_WINDOW)
    for brk in _CLAUSE_BREAK.finditer(sentence, clause_start, start):
        clause_start = brk.end()
    window_end = min(len(sentence), end + _CLAUSE_WINDOW)
    after = _CLAUSE_BREAK.search(sentence, end, window_end)
    clause = (
        sentence[clause_start:start] + " " + sentence[end : after.start() if after else window_end]
    )
    return _FUTURE.matches(clause)


# --- resolvers: (match, published, future) -> (date | None, precision) ---------------------


def _month_number(name: str) -> int:
    key = name.lower().rstrip(".")
    return _MONTHS.get(key) or _MONTH_ABBREVIATIONS[key]


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _explicit(match, published, future):
    month = int(match.group("month")) if "month" in match.groupdict() else None
    month = month or _month_number(match.group("mon"))
    day = int(match.group("day"))
    if match.group("year"):
        return date(int(match.group("year")), month, day), DATE_DAY
    if published is None:
        return None, DATE_DAY
    when = date(published.year, month, day)
    if future and when < published:
        when = date(published.year + 1, month, day)
    elif not future and when > published:
        when = date(published.year - 1, month, day)
    return when, DATE_DAY


def _month_year(match, published, future):
    return date(int(match.group("year")), _month_number(match.group("mon")), 1), DATE_MONTH


def _month_alone(match, published, future):
    if published is None:
        return None, DATE_MONTH
    month = _month_number(match.group("mon"))
    rel = match.group("rel").lower()
    this_year = date(published.year, month, 1)
    start = published.replace(day=1)
    if rel == "this":
        return this_year, DATE_MONTH
    if rel in ("next", "coming", "this coming") or (rel not in ("last", "past") and future):
        ahead = rel in ("next", "coming", "this coming")
        later = this_year > start if ahead else this_year >= start
        return (this_year if later else date(published.year + 1, month, 1)), DATE_MONTH
    earlier = this_year < start if rel in ("last", "past") else this_year <= start
    return (this_year if earlier else date(published.year - 1, month, 1)), DATE_MONTH


def _ago(match, published, future):
    if published is None:
        return None, DATE_DAY
    number = match.group("n").lower()
    count = int(number) if number.isdigit() else _NUMBERS[number]
    unit = match.group("unit").lower()
    if unit == "day":
        return published - timedelta(days=count), DATE_DAY
    if unit == "week":
        return _monday(published - timedelta(weeks=count)), DATE_WEEK
    return _add_months(published, -count), DATE_MONTH


_DAY_OFFSETS = {"the day before yesterday": -2, "yesterday": -1, "last night": -1, "tomorrow": 1}


def _relative_day(match, published, future):
    if published is None:
        return None, DATE_DAY
    offset = _DAY_OFFSETS.get(" ".join(match.group("rel").lower().split()), 0)
    return published + timedelta(days=offset), DATE_DAY


def _relative_span(match, published, future):
    """ "last/this/next week|weekend|month" -> week or month precision."""
    if published is None:
        return None, DATE_WEEK
    rel = " ".join(match.group("rel").lower().split())
    step = {"last": -1, "next": 1, "coming": 1, "this coming": 1}.get(rel, 0)
    if match.group().lower().endswith("month"):
        return _add_months(published, step), DATE_MONTH
    if match.group().lower().endswith("weekend"):
        saturday = _weekday_near(published, 5, rel or "on", future)
        return _monday(saturday), DATE_WEEK
    return _monday(published) + timedelta(weeks=step), DATE_WEEK


def _weekday(match, published, future):
    if published is None:
        return None, DATE_DAY
    weekday = _WEEKDAYS.index(match.group("wd").lower())
    return _weekday_near(published, weekday, (match.group("rel") or "").lower(), future), DATE_DAY


def _weekday_near(published: date, weekday: int, rel: str, future: bool) -> date:
    back = (published.weekday() - weekday) % 7
    ahead = (weekday - published.weekday()) % 7
    if rel == "last":
        return published - timedelta(days=back or 7)
    if rel in ("next", "coming", "this coming"):
        return published + timedelta(days=ahead or 7)
    if rel == "since" or not future:
        return published - timedelta(days=back)
    return published + timedelta(days=ahead)


def _year_alone(match, published, future):
    return date(int(match.group("year")), 1, 1), DATE_YEAR


_RESOLVERS = {
    "year": _year_alone,
    "iso": _explicit,
    "day_month": _explicit,
    "month_day": _explicit,
    "month_year": _month_year,
    "rel_month": _month_alone,
    "prep_month": _month_alone,
    "ago": _ago,
    "rel_day": _relative_day,
    "weekend": _relative_span,
    "week": _relative_span,
    "month": _relative_span,
    "weekday": _weekday,
}
