"""The first start in the page: each stage named with its progress, never an article's title;
a second session waiting on the first start sees that progress too."""

from __future__ import annotations

import threading

from dashboard import data
from dashboard.first_start import PageProgress, SharedProgress, show_waiting
from newsmap.progress import ProgressEvent

from .conftest import XSS_TITLE


class Bar:
    """Records what st.progress would show: (value, text) per redraw."""

    def __init__(self) -> None:
        self.drawn: list[tuple[float, str]] = []

    def progress(self, value: float, text: str) -> None:
        self.drawn.append((value, text))


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_each_stage_is_named_in_the_bar_with_its_progress():
    bar = Bar()
    show = PageProgress(bar)
    show(ProgressEvent("Building the offline gazetteer", 45, 100, "reading GeoNames cities", 2, 4))
    show(ProgressEvent("Loading the language model"))
    show(ProgressEvent("Finding places and events", 120, 318, unit="articles", label="A title"))
    assert bar.drawn == [
        (0.45, "Building the offline gazetteer (2/4: reading GeoNames cities) 45%"),
        (0.0, "Loading the language model"),
        (120 / 318, "Finding places and events 120/318 articles"),
    ]


def test_an_articles_title_never_reaches_the_bar():
    bar = Bar()
    PageProgress(bar)(
        ProgressEvent("Finding places and events", 1, 2, unit="articles", label=XSS_TITLE)
    )
    assert bar.drawn == [(0.5, "Finding places and events 1/2 articles")]


class Slot:
    """Records what an st.empty() placeholder was given: (element, text) per redraw."""

    def __init__(self) -> None:
        self.drawn: list[tuple[str, str]] = []

    def text(self, body: str) -> None:
        self.drawn.append(("text", body))

    def markdown(self, body: str) -> None:  # never to be called with a title
        self.drawn.append(("markdown", body))


def test_an_ingest_from_the_page_shows_the_latest_title_as_plain_text_only():
    bar, latest = Bar(), Slot()
    show = PageProgress(bar, latest=latest)
    show(ProgressEvent("Loading the language model"))
    show(ProgressEvent("Finding places and events", 1, 2, unit="articles", label=XSS_TITLE))
    long_title = "A" * 500
    show(ProgressEvent("Finding places and events", 2, 2, unit="articles", label=long_title))
    assert [text for _, text in bar.drawn] == [
        "Loading the language model",
        "Finding places and events 1/2 articles",
        "Finding places and events 2/2 articles",
    ]
    assert latest.drawn[0] == ("text", "Just stored: " + XSS_TITLE)  # as it is, as text
    kind, shown = latest.drawn[1]
    assert kind == "text" and shown.endswith("…") and len(shown) < len(long_title)
    assert len(latest.drawn) == 2  # a stage without an article writes nothing there


def test_redraws_are_spaced_but_a_new_stage_and_a_finished_one_always_show():
    bar, clock = Bar(), Clock()
    show = PageProgress(bar, clock=clock)
    for done in range(0, 11):  # eleven events within the same instant
        show(ProgressEvent("Finding places and events", done, 10, unit="articles"))
    show(ProgressEvent("Next stage"))
    assert [text for _, text in bar.drawn] == [
        "Finding places and events 0/10 articles",
        "Finding places and events 10/10 articles",
        "Next stage",
    ]
    clock.now = 1.0
    show(ProgressEvent("Next stage", 1, 5))
    assert bar.drawn[-1] == (0.2, "Next stage 20%")


def test_a_session_waiting_on_the_first_start_shows_that_ingests_progress(store_file):
    shared, waiting_bar = SharedProgress(), Bar()
    running = PageProgress(Bar(), shared)  # the session that ingests
    running(ProgressEvent("Loading the language model"))
    seen = threading.Event()
    calls = []

    def waiting() -> None:
        calls.append(1)
        show_waiting(waiting_bar, shared)()
        if len(calls) >= 2:
            seen.set()

    lock = data._ingest_lock()
    holding = threading.Event()

    def hold_the_lock() -> None:  # another session's ingest, under way
        with lock:
            holding.set()
            seen.wait(timeout=60)

    other = threading.Thread(target=hold_the_lock)
    other.start()
    assert holding.wait(timeout=60)
    # the store is already filled: once the lock is free, nothing is ingested
    assert data.ingest_samples(store_file, waiting=waiting) is None
    other.join(timeout=60)
    assert len(calls) >= 2
    assert waiting_bar.drawn[-1] == (0.0, "Loading the language model")
