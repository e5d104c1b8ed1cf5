"""Text helpers: highlights built from escaped parts, http(s) links only, readable dates."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from articles.urls import safe_http_url
from dashboard.popups import as_date, format_date, highlight


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://en.wikinews.org/wiki/X", "https://en.wikinews.org/wiki/X"),
        ("  http://example.org/a?b=1&c=2  ", "http://example.org/a?b=1&c=2"),
        ("HTTPS://EXAMPLE.ORG/", "HTTPS://EXAMPLE.ORG/"),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        (" javascript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("vbscript:msgbox(1)", None),
        ("//evil.example/x", None),
        ("/relative/path", None),
        ("https://", None),
        ('https://example.org/"onmouseover="alert(1)', None),
        ("https://example.org/a b", None),
        (None, None),
        (float("nan"), None),
        ("", None),
    ],
)
def test_safe_url_accepts_only_absolute_http_urls(url, expected):
    assert safe_http_url(url) == expected


def test_highlight_marks_the_offsets_and_escapes_both_sides():
    snippet = "<b>Shelling</b> hit Aleppo & Idlib."
    start = snippet.index("Aleppo")
    marked = highlight(snippet, start, start + 6, "Aleppo")
    assert marked == "&lt;b&gt;Shelling&lt;/b&gt; hit <mark>Aleppo</mark> &amp; Idlib."


def test_highlight_escapes_a_place_name_that_is_itself_markup():
    snippet = "Rumours of <img src=x onerror=alert(1)> spread."
    start = snippet.index("<img")
    end = snippet.index(">") + 1
    marked = highlight(snippet, start, end, snippet[start:end])
    assert "<img" not in marked
    assert "<mark>&lt;img src=x onerror=alert(1)&gt;</mark>" in marked


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (5, 500), (7, 7), (None, None), (9, 4)])
def test_highlight_falls_back_to_the_name_when_offsets_do_not_fit(start, end):
    assert highlight("Fighting in Homs today.", start, end, "Homs") == (
        "Fighting in <mark>Homs</mark> today."
    )


def test_highlight_prefers_the_name_when_offsets_point_elsewhere():
    assert highlight("Homs and Hama.", 9, 13, "Homs") == "<mark>Homs</mark> and Hama."


def test_highlight_without_a_name_marks_the_offsets_even_where_a_place_is_named():
    # a trigger's offsets, for an event placed from the dateline: "Homs" is not its place
    snippet = "Shelling was reported in Homs."
    assert highlight(snippet, 0, 8, "") == "<mark>Shelling</mark> was reported in Homs."
    assert highlight(snippet, 0, 8, "Homs") == "Shelling was reported in <mark>Homs</mark>."
    assert highlight(snippet, 0, 99, "") == "Shelling was reported in Homs."


def test_highlight_without_any_fit_returns_the_escaped_snippet():
    assert highlight("a < b", 10, 20, "Zzz") == "a &lt; b"


@pytest.mark.parametrize(
    ("value", "precision", "expected"),
    [
        (date(2016, 7, 12), "day", "2016-07-12"),
        (pd.Timestamp("2016-07-11"), "week", "week of 2016-07-11"),
        ("2016-07-01", "month", "July 2016"),
        (
            pd.Timestamp("2016-07-25"),
            "published",
            "2016-07-25 (publication date; no date in the text)",
        ),
        (pd.NaT, "unknown", "date unknown"),
        (None, "day", "date unknown"),
        ("not a date", "day", "date unknown"),
    ],
)
def test_format_date_says_how_precise_the_date_is(value, precision, expected):
    assert format_date(value, precision) == expected


def test_as_date_reads_the_frame_types():
    assert as_date(pd.Timestamp("2016-07-01 13:00")) == date(2016, 7, 1)
    assert as_date(float("nan")) is None
