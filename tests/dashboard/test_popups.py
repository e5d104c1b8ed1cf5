"""Popups: all article text escaped, highlights built from escaped parts, http(s) links only."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest

from dashboard.popups import (
    as_date,
    format_date,
    highlight,
    js_template_safe,
    popup_html,
    safe_url,
    tooltip_html,
)

from .conftest import XSS_TITLE, XSS_URL


def _row(**changes):
    row = {
        "resolved_name": "Ar Raqqah",
        "name": "Raqqa",
        "role": "event",
        "date": pd.Timestamp("2016-07-21"),
        "date_precision": "day",
        "title": "Militants attack Raqqa",
        "snippet": "Militants attacked Raqqa at dawn.",
        "name_start": 19,
        "name_end": 24,
        "url": "https://en.wikinews.org/wiki/Raqqa",
        "credit": "Wikinews, CC BY 2.5",
        "kind": "attack",
        "killed": 3,
        "injured": pd.NA,
    }
    row.update(changes)
    return row


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
    assert safe_url(url) == expected


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


def test_highlight_without_any_fit_returns_the_escaped_snippet():
    assert highlight("a < b", 10, 20, "Zzz") == "a &lt; b"


def test_js_template_safe_removes_every_template_literal_metacharacter():
    text = js_template_safe("`${x}` \\` \\\\`")
    assert not set("`$\\") & set(text)
    assert text.startswith("&#96;&#36;{x}&#96;")


def test_popup_shows_place_date_title_highlighted_sentence_and_link():
    html = popup_html(_row())
    assert "<b>Ar Raqqah</b>" in html
    assert "as written: &ldquo;Raqqa&rdquo;" in html
    assert "2016-07-21" in html
    assert "<i>Militants attack Raqqa</i>" in html
    assert "Militants attacked <mark>Raqqa</mark> at dawn." in html
    assert 'href="https://en.wikinews.org/wiki/Raqqa"' in html
    assert 'rel="noopener noreferrer nofollow"' in html
    assert "attack, killed 3" in html
    assert "Wikinews, CC BY 2.5" in html


def test_popup_escapes_script_in_every_field():
    payload = "<script>alert(1)</script>"
    row = _row(
        resolved_name=payload,
        name=payload + "x",
        title=XSS_TITLE,
        snippet=f"{payload} near Raqqa",
        name_start=len(payload) + 6,
        name_end=len(payload) + 11,
        credit=payload,
        kind=payload,
        url=XSS_URL,
    )
    html = popup_html(row)
    assert "<script" not in html.lower()
    assert html.count("&lt;script&gt;") == 6
    assert "<mark>Raqqa</mark>" in html


def test_popup_shows_a_javascript_url_as_text_not_as_a_link():
    html = popup_html(_row(url=XSS_URL))
    assert "href" not in html
    assert "Source: javascript:window.__newsmap_pwned=2;alert(&#x27;link&#x27;)" in html


def test_popup_cannot_break_out_of_folium_template_literal():
    html = popup_html(_row(title="`); alert(1); $(`", snippet="${alert(1)} in Raqqa"))
    assert not set("`$\\") & set(html)


def test_popup_leaves_out_the_as_written_part_when_it_matches():
    html = popup_html(_row(name="ar raqqah"))
    assert "as written" not in html


def test_popup_copes_with_missing_values():
    row = _row(date=pd.NaT, date_precision="unknown", title=None, snippet=float("nan"), url=None)
    row.update(kind=None, killed=pd.NA, credit=None)
    html = popup_html(row)
    assert "date unknown" in html
    assert "(untitled article)" in html
    assert "blockquote" not in html and "href" not in html


def test_mentions_are_labelled_in_the_popup():
    assert "mentioned" in popup_html(_row(role="mention"))
    assert "mentioned" not in popup_html(_row(role="event"))


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


def test_tooltip_is_escaped_and_template_safe():
    tip = tooltip_html(_row(resolved_name="<b>`${x}`</b>"))
    assert re.fullmatch(r"&lt;b&gt;&#96;&#36;\{x\}&#96;&lt;/b&gt;", tip)
