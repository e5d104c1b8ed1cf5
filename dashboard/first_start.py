"""First start: an empty store is filled with the bundled sample articles, in view.

The page names each stage with its progress as it runs ("Building the offline gazetteer (2/4:
reading GeoNames cities) 45%", "Loading the language model", "Finding places and events
120/318 articles"), and the server's log gets the same as lines. A second visitor arriving
meanwhile waits for that ingest and sees its progress too (the latest event is shared).

Only our own stage names and counts reach the page: an event's label (an article's title,
untrusted) is never shown, and st.progress would read it as Markdown.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import streamlit as st

from dashboard import data
from dashboard.notices import cut, notice
from newsmap.progress import ProgressEvent

INTRO = "First start: reading the bundled sample articles into the store (this happens once)…"
MIN_REDRAW_SECONDS = 0.25  # the bar is redrawn at most this often (a new stage always)
LATEST = "Just stored: "  # before the latest article's title, under the bar
MAX_LABEL = 160  # characters of a title shown there


class PageProgress:
    """A progress callback drawing events on a Streamlit progress bar, and keeping the latest
    event in ``shared`` (for other sessions waiting on this ingest).

    With ``latest`` (an ``st.empty()``), the item just done (an article's title: untrusted)
    is written there with ``st.text``, never read as Markdown or HTML (the bar's text would
    be, so it holds our own words and counts only)."""

    def __init__(
        self, bar, shared: SharedProgress | None = None, clock=time.monotonic, latest=None
    ):
        self._bar = bar
        self._shared = shared
        self._clock = clock
        self._latest = latest
        self.last_label = ""  # the last item done (untrusted: show it as text only)
        self._heading = ""
        self._drawn_at = float("-inf")
        self.heard = False

    def __call__(self, event: ProgressEvent) -> None:
        self.heard = True
        if event.label:
            self.last_label = event.label
        if self._shared is not None:
            self._shared.latest = event
        now = self._clock()
        heading = event.heading()
        finished = event.total > 0 and event.done >= event.total
        if heading == self._heading and not finished and now - self._drawn_at < MIN_REDRAW_SECONDS:
            return
        self._heading, self._drawn_at = heading, now
        draw(self._bar, event)
        if self._latest is not None and event.label:
            self._latest.text(f"{LATEST}{cut(event.label, MAX_LABEL)}")


class SharedProgress:
    """The latest event of the first start under way in this server process (any session)."""

    def __init__(self) -> None:
        self.latest: ProgressEvent | None = None


@st.cache_resource(show_spinner=False)
def shared_progress() -> SharedProgress:
    """One holder per server process (shared by all sessions)."""
    return SharedProgress()


def draw(bar, event: ProgressEvent) -> None:
    """Show ``event`` on ``bar``: its stage, step and count as text, its fraction as the bar
    (an empty bar while the total is unknown)."""
    bar.progress(event.fraction or 0.0, text=event.text())


def show_waiting(bar, shared: SharedProgress) -> Callable[[], None]:
    """A ``waiting`` callback: draws the other session's latest event on this session's bar."""

    def waiting() -> None:
        if shared.latest is not None:
            draw(bar, shared.latest)

    return waiting


def ingest_samples(path) -> None:
    """Fill the empty store at ``path`` with the samples, showing each stage in the page;
    a toast says what was ingested, or a notice why the samples could not be."""
    bar = st.progress(0.0, text=INTRO)
    shared = shared_progress()
    progress = PageProgress(bar, shared)
    try:
        report = data.ingest_samples(path, progress=progress, waiting=show_waiting(bar, shared))
    except ImportError as exc:
        notice("info", "The store is empty and the sample ingest is unavailable:", str(exc))
        return
    finally:
        bar.empty()
        if progress.heard:  # this session ran the ingest: nobody waits on it any more
            shared.latest = None
    if report is not None:
        st.toast(f"Ingested {report.new} sample articles ({len(report.skipped)} skipped).")
