"""Dating the articles that give no publication date, when the operator asks for it.

Many article files carry no date (a plain-text body, a feed entry without one): their events
can then be dated only by what their sentences say in full, and a corpus of such files shows
mostly undated events. The ingest may date them instead, always visibly: with a date the
operator gives (``--published-default``) or with each file's modification time
(``--published-from-mtime``). Such an article is stored with ``published_fallback`` saying
which, and its events whose dates count from that date are marked approximate
(events.measure.approximate_dates). Without a fallback they stay undated, and the ingest says
how many.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from articles.model import FALLBACK_DEFAULT, FALLBACK_MTIME, Article, date_in_range

# How the ingest's summary names each fallback (the options that choose them).
FALLBACK_OPTIONS = {
    FALLBACK_DEFAULT: "--published-default",
    FALLBACK_MTIME: "--published-from-mtime",
}


@dataclass(frozen=True)
class PublishedFallback:
    """What dates an article that gives no publication date: ``day`` for every such article
    (FALLBACK_DEFAULT), or the modification time of the file it was read from
    (FALLBACK_MTIME, ``day`` None)."""

    kind: str
    day: date | None = None

    def __post_init__(self) -> None:
        if self.kind not in FALLBACK_OPTIONS:
            raise ValueError(f"unknown fallback {self.kind!r}: use one of {list(FALLBACK_OPTIONS)}")
        if (self.kind == FALLBACK_DEFAULT) != (self.day is not None):
            raise ValueError("a default publication date needs its day, and only it has one")

    @classmethod
    def default(cls, day: date) -> PublishedFallback:
        """Date every undated article ``day``."""
        return cls(FALLBACK_DEFAULT, day)

    @classmethod
    def file_mtime(cls) -> PublishedFallback:
        """Date every undated article by its file's modification time (local date)."""
        return cls(FALLBACK_MTIME)

    @property
    def option(self) -> str:
        """The command-line option that chooses this fallback."""
        return FALLBACK_OPTIONS[self.kind]

    def date_for(self, path: Path) -> date | None:
        """The date this fallback gives an undated article read from ``path`` (None when the
        file's modification time cannot be read, or lies outside what newsmap can show)."""
        if self.day is not None:
            return self.day
        try:
            day = date.fromtimestamp(Path(path).stat().st_mtime)
        except (OSError, OverflowError, ValueError):
            return None
        return day if date_in_range(day) else None


def apply_fallback(
    articles: Sequence[Article], path: Path, fallback: PublishedFallback | None
) -> tuple[Article, ...]:
    """``articles`` read from ``path``, those without a publication date dated by
    ``fallback`` and marked with its kind; unchanged without a fallback."""
    if fallback is None or all(article.published is not None for article in articles):
        return tuple(articles)
    day = fallback.date_for(path)
    if day is None:
        return tuple(articles)
    return tuple(
        article
        if article.published is not None
        else dataclasses.replace(article, published=day, published_fallback=fallback.kind)
        for article in articles
    )


def parse_default_date(text: str) -> date:
    """The day of ``--published-default`` (YYYY-MM-DD); ValueError says what is wrong."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"{text!r} is not a date: give it as YYYY-MM-DD, e.g. 2026-12-01"
        ) from None
    if not date_in_range(day):
        raise ValueError(f"{day.isoformat()} is outside the dates newsmap can show")
    return day


def dating_summary(
    undated: int, fallback: PublishedFallback | None, days: Sequence[date] = ()
) -> str | None:
    """The summary line about articles without a publication date of their own (None when
    there were none): ``undated`` new articles, of which those dated got ``days``."""
    if undated == 0:
        return None
    head = f"{undated} article(s) had no publication date"
    if fallback is None or not days:
        reason = "" if fallback is None else " (their file dates could not be read)"
        return f"{head}: left undated{reason}"
    first, last = min(days), max(days)
    span = first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"
    how = f"dated {span} ({fallback.option})"
    left = undated - len(days)
    return f"{head}: {how}" + (f", {left} left undated" if left else "")
