"""The records the event steps hand each other before events are written.

Detection reads a sentence's events as :class:`Draft` records; classification gives each its
kind and confidence, location its :class:`Place` records, measurement its casualty
:class:`Figure` records and date, and assembly merges the drafts of one article and writes them
as :class:`events.model.Event` records. Every step imports these from here, and none imports
another step for them, so the steps' imports run one way (tests/test_layers.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from events.model import PlaceSource

KILLED = "killed"  # a Figure's kind: people killed
INJURED = "injured"  # people injured


class FigurePattern(StrEnum):
    """How a casualty figure was read: which pattern of events/measure/casualties.py, or the
    parse naming lone victims (events/measure/lone_victims.py). The figure gate weighs it
    (events/classify/figure_features.py)."""

    VERB = "verb"  # "killed as many as 212 civilians"
    FIGURE = "figure"  # "at least 56 people were killed"
    TO_DEATH = "to_death"  # "police shot two people to death"
    TOLL = "toll"  # "the death toll rose to 40"
    DEATHS = "deaths"  # "63 deaths"
    LEFT = "left"  # "left 25 dead"
    OTHERS = "others"  # "killing the district head and 11 others"
    LONE = "lone"  # "An Afghan policeman was killed": no number, one person


@dataclass(frozen=True)
class Figure:
    """One casualty figure: ``sentence[start:end]`` says ``value`` people were ``kind``.

    ``qualifier`` is the hedge as written ("as many as", "at least", "between", "several"),
    empty for an exact figure; ``high`` is the top of a range (== value otherwise).
    """

    kind: str
    value: int
    high: int
    qualifier: str
    who: str
    start: int
    end: int
    text: str
    running: bool = False  # a running total ("bringing the death toll to 16"), not this event's own
    pattern: FigurePattern | None = None  # how it was read (None: not said, as in tests)
    confidence: float = 1.0  # that it is this event's right figure (events/classify/judge.py)


@dataclass(frozen=True)
class Place:
    """Where a draft happened: ``ref`` indexes the article's resolved toponyms (None: a name
    the gazetteer does not know); ``start``/``end`` are article offsets of the name."""

    ref: int | None
    start: int
    end: int
    name: str
    key: str  # identity for merging: geonameid, else the name
    level: float | None = None  # the place noun's rank ("province of X" -> 1.5)
    rank: float = 0.0  # precision, finer is lower (town 0, admin 1, country 2, region 3)
    country: str | None = None
    # For a name the gazetteer does not know, the known place named inside its phrase, which
    # stands in for it on the map ("the Mukuru slums in Nairobi": Nairobi's toponym index).
    within: int | None = None
    probability: float = 1.0  # how sure the place ranker is of it (events/locate/attach_model.py)


@dataclass(frozen=True)
class Draft:
    """An event as read from one sentence, before merging."""

    sentence: int
    sentence_start: int
    sentence_end: int
    trigger_start: int
    trigger_end: int
    trigger: str
    kind: str
    generic: bool  # told only in generic words ("carnage", "killed")
    status: str
    places: tuple[Place, ...]
    date: date | None
    date_precision: str
    date_loose: bool = False  # only the date of a report or of publication: a bound
    figures: tuple[Figure, ...] = ()
    actors: tuple[str, ...] = ()
    anaphoric: bool = False
    headline: bool = False  # the article's title
    hints: frozenset[str] = frozenset()  # of its trigger words (events/detect/triggers.py)
    confidence: float = 1.0  # that it is a real event (events/classify/judge.py)
    kind_from_article: bool = False  # its kind comes from the article's other events
    # No place in its sentence: where the article says it happened (events/locate/article_place.py)
    inherited: Place | None = None
    place_source: PlaceSource = PlaceSource.SENTENCE
    kind_confidence: float = 1.0
