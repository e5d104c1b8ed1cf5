"""Event dates that count from a publication date the ingest supplied are approximate."""

from __future__ import annotations

from datetime import date

import pytest

from events.measure.approximate_dates import counts_from_publication, mark_approximate
from tests.store.conftest import make_article, make_events


@pytest.mark.parametrize(
    ("sentence", "when", "precision", "approximate"),
    [
        ("Jets struck Aleppo.", date(2016, 7, 22), "published", True),
        ("Jets struck Aleppo on Tuesday.", date(2016, 7, 19), "day", True),
        ("Jets struck Aleppo last week.", date(2016, 7, 11), "week", True),
        ("Jets struck Aleppo on 19 July.", date(2016, 7, 19), "day", True),  # the year is read
        ("Jets struck Aleppo on 19 July 2016.", date(2016, 7, 19), "day", False),
        ("Jets struck Aleppo on 2016-07-19.", date(2016, 7, 19), "day", False),
        ("In March 2015 jets struck Aleppo.", date(2015, 3, 1), "month", False),
        ("In 1998 a flood left 4,000 dead.", date(1998, 1, 1), "year", False),
        # A full date elsewhere in the sentence does not vouch for a relative one.
        ("On 1 May 2016 talks began; on Tuesday jets struck.", date(2016, 7, 19), "day", True),
        ("Jets struck Aleppo.", None, "unknown", False),
    ],
)
def test_which_dates_count_from_the_publication_date(sentence, when, precision, approximate):
    assert counts_from_publication(sentence, when, precision) is approximate


def test_marking_touches_only_the_events_whose_date_counts_from_publication():
    article = make_article()  # Aleppo: "on Tuesday" (day); the mentions: the publication date
    events = make_events(article)
    marked = mark_approximate(events)
    assert [e.date_approximate for e in marked] == [True] * len(events)
    full = make_article(text=article.text.replace("on Tuesday", "on 22 November 2016"))
    (aleppo, *mentions) = mark_approximate(make_events(full))
    assert aleppo.date_precision == "day" and aleppo.date_approximate is False
    assert all(m.date_approximate for m in mentions)  # dated by the publication date
