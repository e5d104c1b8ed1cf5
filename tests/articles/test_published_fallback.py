"""Articles that give no publication date: dated by the ingest's fallback, marked, counted."""

from __future__ import annotations

import os
from datetime import date, datetime

import pytest

from articles.model import FALLBACK_DEFAULT, FALLBACK_MTIME
from articles.published_fallback import (
    PublishedFallback,
    apply_fallback,
    dating_summary,
    parse_default_date,
)
from articles.readers import read_file

UNDATED = "Floods cut off villages\n\nHeavy rain flooded the south of Bogota on Tuesday.\n"
DATED = '{"id": "a", "text": "Rain hit Bogota.", "published": "2024-03-05"}\n'


def _touch(path, day: date) -> None:
    stamp = datetime(day.year, day.month, day.day, 12, 0).timestamp()
    os.utime(path, (stamp, stamp))


def test_an_undated_article_takes_the_default_day_and_is_marked(write):
    path = write("floods.txt", UNDATED)
    (article,) = read_file(path).articles
    assert article.published is None
    (dated,) = apply_fallback([article], path, PublishedFallback.default(date(2026, 12, 1)))
    assert dated.published == date(2026, 12, 1)
    assert dated.published_fallback == FALLBACK_DEFAULT


def test_an_undated_article_takes_its_files_modification_day(write):
    path = write("floods.txt", UNDATED)
    _touch(path, date(2025, 2, 14))
    (article,) = read_file(path).articles
    (dated,) = apply_fallback([article], path, PublishedFallback.file_mtime())
    assert (dated.published, dated.published_fallback) == (date(2025, 2, 14), FALLBACK_MTIME)


def test_an_article_with_its_own_date_keeps_it_unmarked(write):
    path = write("mixed.jsonl", DATED + '{"id": "b", "text": "Rain hit Lima."}\n')
    _touch(path, date(2025, 2, 14))
    own, undated = apply_fallback(read_file(path).articles, path, PublishedFallback.file_mtime())
    assert (own.published, own.published_fallback) == (date(2024, 3, 5), None)
    assert (undated.published, undated.published_fallback) == (date(2025, 2, 14), "mtime")


def test_without_a_fallback_nothing_changes(write):
    path = write("floods.txt", UNDATED)
    articles = read_file(path).articles
    assert apply_fallback(articles, path, None) == articles


def test_a_file_whose_date_cannot_be_read_leaves_its_articles_undated(write):
    path = write("floods.txt", UNDATED)
    (article,) = read_file(path).articles
    path.unlink()
    assert apply_fallback([article], path, PublishedFallback.file_mtime()) == (article,)


@pytest.mark.parametrize(
    ("text", "problem"),
    [("1 December", "YYYY-MM-DD"), ("2026-13-01", "YYYY-MM-DD"), ("3000-01-01", "outside")],
)
def test_a_default_date_that_is_no_usable_date_is_refused_with_the_reason(text, problem):
    with pytest.raises(ValueError, match=problem):
        parse_default_date(text)
    assert parse_default_date(" 2026-12-01 ") == date(2026, 12, 1)


def test_a_fallback_is_either_a_day_or_the_file_date():
    with pytest.raises(ValueError):
        PublishedFallback(FALLBACK_DEFAULT)
    with pytest.raises(ValueError):
        PublishedFallback(FALLBACK_MTIME, date(2026, 1, 1))
    with pytest.raises(ValueError):
        PublishedFallback("yesterday")


def test_the_summary_line_says_how_many_had_no_date_and_what_dated_them():
    default = PublishedFallback.default(date(2026, 12, 1))
    assert dating_summary(0, default, ()) is None
    assert dating_summary(41, default, (date(2026, 12, 1),) * 41) == (
        "41 article(s) had no publication date: dated 2026-12-01 (--published-default)"
    )
    days = (date(2026, 11, 28), date(2026, 12, 1), date(2026, 11, 30))
    assert dating_summary(4, PublishedFallback.file_mtime(), days) == (
        "4 article(s) had no publication date: dated 2026-11-28 to 2026-12-01 "
        "(--published-from-mtime), 1 left undated"
    )
    assert dating_summary(3, None) == "3 article(s) had no publication date: left undated"
