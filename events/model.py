"""The Event record: something that happened (or a place merely mentioned) in an article."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

ROLE_EVENT = "event"  # the article says something happened (here, when a place is given)
ROLE_MENTION = "mention"  # the place is only named in passing

DATE_DAY = "day"
DATE_WEEK = "week"
DATE_MONTH = "month"
DATE_YEAR = "year"  # "in 1998": a background event's date, January 1 of that year
DATE_PUBLISHED = "published"  # no date in the text: fell back to the publication date
DATE_UNKNOWN = "unknown"  # neither the text nor the article gives a date (or: planned, undated)

STATUS_OCCURRED = "occurred"
STATUS_PLANNED = "planned"  # prepared, announced or threatened: not (yet) happened


class PlaceSource(StrEnum):
    """Where an event's place comes from: its own sentence, or, when that names none, the
    article (events/locate/article_place.py): the event it goes on about, the dateline, or the
    article's focus. Stored, exported and written as its value ("dateline")."""

    SENTENCE = "sentence"
    PREVIOUS = "previous"
    DATELINE = "dateline"
    FOCUS = "focus"


@dataclass(frozen=True)
class Event:
    """One event at one place in one article, or one place mentioned in passing.

    Offsets are into the article text; ``snippet`` is the sentence (``sentence_start`` to
    ``sentence_end``), and ``name_start``/``name_end`` locate the place name inside the
    snippet (for highlighting).

    Events (``role == "event"``) carry what happened: ``kind`` (events/classify/kind_table.py), the
    ``trigger`` words, ``status`` (occurred or planned), casualties and actors. An event
    whose sentence names no place where it happened has ``lat``/``lon`` None, an empty
    ``name`` and ``start``/``end``/``name_start``/``name_end`` at its trigger. ``precision``
    is ACLED-like (town, admin, country, region) and may be coarser than the place's own
    kind ("the province of Aleppo" resolved through the city named Aleppo is "admin").

    Casualties: ``killed``/``injured`` are the highest figure the article gives for this
    event (None: not reported, which is not zero); ``*_qualifier`` is its hedge as written
    ("as many as", "at least", "between"; empty when exact); ``*_revisions`` the other figures
    for the same event, in the order the article gives them (e.g. 56 first reported, later
    212). ``victims`` says who ("civilians").
    """

    id: str
    article_id: str
    role: str
    name: str  # the place as written
    resolved_name: str
    lat: float | None
    lon: float | None
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
    status: str = STATUS_OCCURRED
    trigger: str = ""
    trigger_start: int | None = None
    trigger_end: int | None = None
    sentence_start: int | None = None
    sentence_end: int | None = None
    killed_qualifier: str = ""
    injured_qualifier: str = ""
    killed_revisions: tuple[int, ...] = ()
    injured_revisions: tuple[int, ...] = ()
    victims: str = ""
    confidence: float = 1.0  # that it is a real event, calibrated (events/classify)
    kind_confidence: float = 1.0  # that its kind is right
    # That the killed and injured figures are the event's (None: no figure; events/classify)
    killed_confidence: float | None = None
    injured_confidence: float | None = None
    background: bool = False  # told as history ("in 1998 a flood..."), not news of the day
    # Where the place comes from: its own sentence, or (named elsewhere) an event it goes on
    # about ("previous"), the dateline or the article's focus (events/locate/article_place.py).
    place_source: PlaceSource = PlaceSource.SENTENCE
    # The date counts from a publication date the ingest supplied for an undated article
    # (articles.published_fallback): the publication date itself, or "on Tuesday" read from it.
    date_approximate: bool = False

    @property
    def located(self) -> bool:
        """Whether the event has a point on the map."""
        return self.lat is not None and self.lon is not None
