"""Live updates: the page shows what an ingest adds to the store while it is open.

Every ``NEWSMAP_REFRESH_SECONDS`` (default :data:`DEFAULT_SECONDS`; 0 turns live updates off
for every visitor) a small fragment of the page asks whether the store changed since the page
was drawn: first the store file's and its write-ahead log's size and time of change (a few
``stat`` calls), and only when those moved, the store's counts of articles and events (the
stamp every run of the app reads). Only when the stamp changed is the whole page drawn again,
as any rerun is: the map keeps its view (it is not reloaded, only its layers change), and the
open panel, the filters and the link stay as they were. Each visitor can pause it with the
sidebar's "Live updates" switch.

Why on by default: a check costs microseconds when nothing changed, a page is only redrawn
when the store did, and a reader who keeps the map open beside the feed (the Liveuamap way)
expects the new events to come in; a reader comparing views can switch it off.
"""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Callable, Mapping
from pathlib import Path

import streamlit as st

log = logging.getLogger(__name__)

ENV_REFRESH = "NEWSMAP_REFRESH_SECONDS"
DEFAULT_SECONDS = 30.0
MIN_SECONDS = 1.0  # a shorter interval is read as this (each check is a request per visitor)
MAX_SECONDS = 3600.0
TOGGLE_KEY = "f_live"

Stamp = tuple[int, int]


def refresh_seconds(environ: Mapping[str, str] | None = None) -> float | None:
    """The operator's interval between checks, in seconds; None when live updates are off
    (``NEWSMAP_REFRESH_SECONDS=0``). A value that is no number is logged and the default kept."""
    environ = os.environ if environ is None else environ
    text = environ.get(ENV_REFRESH, "").strip()
    if not text:
        return DEFAULT_SECONDS
    try:
        seconds = float(text)
    except ValueError:
        log.warning(
            "%s=%r is not a number of seconds: using %g", ENV_REFRESH, text, DEFAULT_SECONDS
        )
        return DEFAULT_SECONDS
    if not math.isfinite(seconds):
        return DEFAULT_SECONDS
    if seconds <= 0:
        return None
    return min(max(seconds, MIN_SECONDS), MAX_SECONDS)


def file_version(path: Path) -> tuple:
    """Size and time of change of the store file and its write-ahead log (missing: zeros):
    any commit by any process changes it, and reading it costs two ``stat`` calls."""
    version = []
    for part in (path, Path(f"{path}-wal")):
        try:
            info = part.stat()
        except OSError:
            version += [0, 0]
        else:
            version += [info.st_size, info.st_mtime_ns]
    return tuple(version)


def store_changed(
    path: Path, shown: Stamp, seen: tuple | None, stamp: Callable[[], Stamp]
) -> tuple[bool, tuple]:
    """Whether the store now holds other counts than the page ``shown``, and the file version
    to remember for the next check. ``stamp()`` (the counts) is only asked when the file
    version differs from the one ``seen`` at the last check."""
    version = file_version(path)
    if seen is not None and version == seen:
        return False, version
    return stamp() != shown, version


def toggle() -> None:
    """The sidebar's switch (on unless the visitor turned it off)."""
    st.toggle(
        "Live updates",
        value=True,
        key=TOGGLE_KEY,
        help="On: the page checks the store now and then and shows what an ingest added "
        "(the map keeps its view, the filters and the open panel stay). Off: the page stays "
        "as it is until you change something.",
    )


def watch(path: Path, shown: Stamp, seconds: float | None, stamp: Callable[[], Stamp]) -> None:
    """Check the store every ``seconds`` while the visitor's switch is on; redraw the page
    when it changed since it was drawn with ``shown``. Nothing when ``seconds`` is None."""
    if seconds is None or not st.session_state.get(TOGGLE_KEY, True):
        return
    st.fragment(run_every=seconds)(_check)(path, shown, stamp)


def _check(path: Path, shown: Stamp, stamp: Callable[[], Stamp]) -> None:
    """One check (a fragment: a run of its own, which draws nothing)."""
    ss = st.session_state
    changed, ss.live_seen = store_changed(path, shown, ss.get("live_seen"), stamp)
    if changed:
        st.rerun(scope="app")
