"""The fuzz campaign: property-based fuzzing (hypothesis) of every parser of untrusted text.

Targets: the four article readers (plain text, HTML, JSON Lines, RSS/Atom feeds) and
``read_file`` on raw bytes (decoding and sniffing); the date parsers (events.measure.dating's
``find_date_phrases``/``resolve_date``, the readers' published dates: ISO dates of JSON Lines
and HTML, plain bylines, feed dates through feedparser); and the dashboard's URL-state parser.

The contract checked: readers report problems as data, so no exception may escape one (the
documented errors are none; ``read_file``'s last-resort "unexpected error ... please report it"
problem counts as an escape too), and what they return is well formed (an http(s) URL or none;
dates inside what the store can show once ``read_file`` has checked them). Date parsers never
raise for text and give the phrase where it is. ``parse_query`` never raises, and what it gives
encodes to a link that parses with no problem and shares as the same link again.

Each input's exception is counted by type and the campaign goes on (hypothesis does not stop
at the first one); the report gives inputs run, exceptions by type with the first input that
raised it, and the slowest input.
"""

from __future__ import annotations

import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from articles.model import Article, date_in_range
from articles.readers import read_file
from articles.readers.feed import parse_feed
from articles.readers.fields import parse_iso_date
from articles.readers.html import parse_html
from articles.readers.jsonl import parse_jsonl
from articles.readers.plain import parse_byline, parse_date_line, parse_plain
from articles.readers.result import ReadResult
from dashboard import urlstate
from events.measure.dating import find_date_phrases, resolve_date
from newsmap.errors import NewsmapError
from tools.checks import fuzz_inputs as inputs

REPORT_IT = "please report it"  # read_file's and parse_jsonl's last-resort problem
KNOWN = urlstate.Known(
    countries=("SY", "IQ", "AF"),
    regions=("Aleppo Governorate",),
    kinds=("air_strike", "protest"),
    sources=("wikinews, cc by 2.5", "wsws"),
)
# Calls slower than this are worth a line in the report even when nothing failed.
SLOW_SECONDS = 1.0


class PropertyFailed(NewsmapError, AssertionError):
    """A parser returned without raising, but what it returned breaks its contract."""


@dataclass
class Tally:
    """What one target did over all its inputs."""

    name: str
    inputs: int = 0
    yielded: int = 0  # inputs that gave something (an article, a date): the fuzz got through
    errors: Counter = field(default_factory=Counter)
    first: dict[str, tuple[str, str]] = field(default_factory=dict)  # type: (input, where)
    slowest: tuple[float, str] = (0.0, "")
    seconds: float = 0.0

    def run(self, check: Callable[[object], bool], value: object) -> None:
        """Run ``check`` on ``value``, timing it and counting any exception by type."""
        self.inputs += 1
        start = time.perf_counter()
        try:
            if check(value):
                self.yielded += 1
        except Exception as error:  # noqa: BLE001 - counted and reported, the campaign goes on
            kind = type(error).__name__
            self.errors[kind] += 1
            if kind not in self.first:
                where = traceback.extract_tb(error.__traceback__)[-1]
                self.first[kind] = (_short(value), f"{where.filename}:{where.lineno}: {error}")
        elapsed = time.perf_counter() - start
        self.seconds += elapsed
        if elapsed > self.slowest[0]:
            self.slowest = (elapsed, _short(value))


def _short(value: object, limit: int = 160) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _fail(message: str) -> None:
    raise PropertyFailed(message)


# -- the contracts -------------------------------------------------------------------------------


def _article_ok(article: object, in_store_range: bool) -> None:
    if not isinstance(article, Article):
        _fail(f"not an Article: {type(article).__name__}")
    if not isinstance(article.text, str) or not article.text.strip():
        _fail("an article without text")
    if article.url is not None and not article.url.lower().startswith(("http://", "https://")):
        _fail(f"a non-http(s) url: {article.url!r:.80}")
    if article.published is not None and not isinstance(article.published, date):
        _fail(f"published is a {type(article.published).__name__}")
    if in_store_range and not date_in_range(article.published):
        _fail(f"published {article.published} is outside what the store can show")


def _one_or_reason(result: object) -> bool:
    if isinstance(result, str):
        if not result:
            _fail("an empty reason")
        return False
    _article_ok(result, in_store_range=False)
    return True


def _read_result_ok(result: object, in_store_range: bool = False) -> bool:
    if not isinstance(result, ReadResult):
        _fail(f"not a ReadResult: {type(result).__name__}")
    for article in result.articles:
        _article_ok(article, in_store_range)
    for problem in result.problems:
        if REPORT_IT in problem.reason:
            _fail(f"an exception escaped and was caught as a last resort: {problem.reason}")
    return bool(result.articles)


# Each check returns whether the input gave something (an article, a date), for the report.


def check_plain(text: str) -> bool:
    return _one_or_reason(parse_plain(text, "fuzz.txt"))


def check_html(text: str) -> bool:
    return _one_or_reason(parse_html(text, "fuzz.html"))


def check_jsonl(text: str) -> bool:
    return _read_result_ok(parse_jsonl(text, "fuzz.jsonl"))


def check_feed(text: str) -> bool:
    return _read_result_ok(parse_feed(text, "fuzz.xml"))


def check_file(case: tuple[bytes, str]) -> bool:
    raw, suffix = case
    with tempfile.TemporaryDirectory(prefix="newsmap-fuzz-") as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(raw)
        return _read_result_ok(read_file(path), in_store_range=True)


def check_dating(case: tuple[str, date | None, int | None]) -> bool:
    sentence, published, anchor = case
    phrases = find_date_phrases(sentence, published)
    for phrase in phrases:
        if sentence[phrase.start : phrase.end] != phrase.text:
            _fail(f"phrase {phrase.text!r} is not at {phrase.start}:{phrase.end}")
        if phrase.date is not None and not isinstance(phrase.date, date):
            _fail(f"phrase date is a {type(phrase.date).__name__}")
    when, precision = resolve_date(sentence, published, anchor)
    if when is not None and not isinstance(when, date):
        _fail(f"resolve_date gave a {type(when).__name__}")
    if not isinstance(precision, str):
        _fail("resolve_date gave no precision")
    return any(p.date is not None for p in phrases)


def check_reader_dates(text: str) -> bool:
    found = False
    for parse in (parse_iso_date, parse_date_line):
        day = parse(text)
        if day is not None and not isinstance(day, date):
            _fail(f"{parse.__name__} gave a {type(day).__name__}")
        found = found or day is not None
    byline = parse_byline(text)
    if byline is not None and (not isinstance(byline, tuple) or len(byline) != 2):
        _fail(f"parse_byline gave {byline!r:.80}")
    return found or (byline is not None and byline[1] is not None)


def check_feed_date(text: str) -> bool:
    result = parse_feed(text, "fuzz.xml")
    _read_result_ok(result)
    return any(a.published is not None for a in result.articles)


def check_urlstate(params: dict) -> bool:
    parsed = urlstate.parse_query(params, KNOWN)
    if not all(isinstance(p, str) and p for p in parsed.problems):
        _fail("a problem that is no message")
    link = urlstate.encode_query(parsed.state)
    again = urlstate.parse_query(link, KNOWN)
    if again.problems:
        _fail(f"its own link has problems: {again.problems[0]}")
    # The link is stable: sharing the view gives the same link again. (Not the same state to
    # the last bit: the link keeps 4-5 decimals of a point, so lat=1e-150 shares as lat=0.)
    if urlstate.encode_query(again.state) != link:
        _fail(f"its own link gives another link: {link}")
    return bool(link)


TARGETS: dict[str, tuple[st.SearchStrategy, Callable[[object], bool]]] = {
    "reader: plain text": (
        st.one_of(inputs.plain_articles(), st.text(inputs.ANY_CHAR)),
        check_plain,
    ),
    "reader: HTML": (st.one_of(inputs.html_pages(), st.text(inputs.ANY_CHAR)), check_html),
    "reader: JSON Lines": (st.one_of(inputs.jsonl_files(), st.text(inputs.ANY_CHAR)), check_jsonl),
    "reader: feeds": (st.one_of(inputs.feeds(), st.text(inputs.ANY_CHAR)), check_feed),
    "reader: any file (bytes)": (st.tuples(inputs.FILE_BYTES, inputs.SUFFIXES), check_file),
    "dates: events.measure.dating": (
        st.tuples(inputs.SENTENCE, inputs.PUBLISHED, st.one_of(st.none(), st.integers(-5, 400))),
        check_dating,
    ),
    "dates: readers (ISO, byline)": (
        st.one_of(
            inputs.DATE_TEXT, inputs.LINE, st.builds(lambda d: "By Staff " + d, inputs.DATE_TEXT)
        ),
        check_reader_dates,
    ),
    "dates: feeds (feedparser)": (inputs.one_date_feeds(), check_feed_date),
    "dashboard: URL state": (inputs.LINK_PARAMS, check_urlstate),
}


def run_target(
    name: str, examples: int, fixed_seed: int | None = None, derandomize: bool = False
) -> Tally:
    """Run ``examples`` inputs through one target; the tally of what happened.

    ``derandomize`` (CI) draws the same inputs every run; else ``fixed_seed`` picks the draw,
    or a fresh one each run.
    """
    strategy, check = TARGETS[name]
    tally = Tally(name)

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=derandomize,
        phases=[Phase.generate],  # no shrinking: every exception is counted, none stops the run
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def fuzz(value):
        tally.run(check, value)

    if fixed_seed is not None and not derandomize:
        fuzz = seed(fixed_seed)(fuzz)
    fuzz()
    return tally


def report(tallies: list[Tally], verdict: bool = True) -> str:
    """One block per target: inputs, time, exceptions by type with their first input, slowest;
    then (``verdict``) one line for them all."""
    lines = []
    for t in tallies:
        mark = "ok  " if not t.errors else "FAIL"
        lines.append(
            f"{mark} {t.name}: {t.inputs:,} inputs in {t.seconds:.1f} s, "
            f"{sum(t.errors.values()):,} exception(s); {t.yielded:,} gave an article, date or state"
        )
        for kind, count in t.errors.most_common():
            value, where = t.first[kind]
            lines.append(f"       {count:,} x {kind}: {where[:300]}")
            lines.append(f"         first input: {value}")
        lines.append(f"       slowest input: {t.slowest[0] * 1000:.0f} ms: {t.slowest[1]}")
    if not verdict:
        return "\n".join(lines)
    failed = [t.name for t in tallies if t.errors]
    total = sum(t.inputs for t in tallies)
    if failed:
        lines.append(f"{len(failed)} of {len(tallies)} targets raised on some of {total:,} inputs")
    else:
        lines.append(f"all {len(tallies)} targets held on {total:,} inputs: no exception escaped")
    return "\n".join(lines)
