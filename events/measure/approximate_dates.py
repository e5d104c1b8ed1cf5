"""Which event dates count from the publication date, for articles the ingest had to date.

An article that gives no publication date may be dated by the ingest (a date the operator
gave, or its file's modification time; see articles.published_fallback). Its events' dates
are then approximate when they come from that date: the publication date itself (the sentence
gives none), or a phrase read from it ("on Tuesday", "last week", "22 July" with no year).
A date the sentence gives in full ("22 July 2016", "in March 2015") does not depend on it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date

from events.measure.dating import find_date_phrases
from events.model import DATE_PUBLISHED, DATE_UNKNOWN, Event


def counts_from_publication(sentence: str, when: date | None, precision: str) -> bool:
    """Whether the date ``when`` (of ``precision``) found in ``sentence`` depends on the
    article's publication date: True for the publication date itself and for dates no phrase
    of the sentence gives without it."""
    if when is None or precision == DATE_UNKNOWN:
        return False
    if precision == DATE_PUBLISHED:
        return True
    # Resolved with no publication date, only the phrases that need none keep a date.
    in_full = {(p.date, p.precision) for p in find_date_phrases(sentence, None) if p.date}
    return (when, precision) not in in_full


def mark_approximate(events: Iterable[Event]) -> list[Event]:
    """``events`` of an article dated by the ingest's fallback, each whose date counts from
    that date marked ``date_approximate``."""
    return [
        dataclasses.replace(event, date_approximate=True)
        if counts_from_publication(event.snippet, event.date, event.date_precision)
        else event
        for event in events
    ]
