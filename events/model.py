"""The Event record: something that happened (or a place merely mentioned) in an article."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

ROLE_EVENT = "event"  # the article says something happened here
ROLE_MENTION = "mention"  # the place is only named in passing

DATE_DAY = "day"
DATE_WEEK = "week"
DATE_MONTH = "month"
DATE_PUBLISHED = "published"  # no date in the text: fell back to the publication date
DATE_UNKNOWN = "unknown"  # neither the text nor the article gives a date


@dataclass(frozen=True)
class Event:
    """One place in one sentence of one article.

    Offsets are into the article text; ``snippet`` is the sentence, and ``name_start``/
    ``name_end`` locate the place name inside the snippet (for highlighting).
    ``kind``, ``killed``, ``injured`` and ``actors`` are filled by the event extractor when it
    knows them (a later stage); None means "not extracted", not zero.
    """

    id: str
    article_id: str
    role: str
    name: str  # the place as written
    resolved_name: str
    lat: float
    lon: float
    precision: str
    country_code: str | None
    geonameid: int | None
    start: int
    end: int
    snippet: str
    name_start: int
    name_end: int
    date: date | None
    date_precision: str
    kind: str | None = None
    killed: int | None = None
    injured: int | None = None
    actors: tuple[str, ...] = ()
