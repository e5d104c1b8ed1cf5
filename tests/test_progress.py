"""Progress as data (newsmap.progress) and on the terminal (newsmap.terminal_progress)."""

from __future__ import annotations

import io

import pytest

from newsmap.progress import PERCENT_STEPS, ProgressEvent, Steps, fan_out
from newsmap.terminal_progress import TerminalProgress


def test_an_event_reads_as_its_stage_step_and_percentage_or_counts():
    building = ProgressEvent("Building the offline gazetteer", 45, 100, "reading cities", 2, 4)
    assert building.text() == "Building the offline gazetteer (2/4: reading cities) 45%"
    finding = ProgressEvent("Finding places and events", 120, 318, unit="articles", label="x")
    assert finding.text() == "Finding places and events 120/318 articles"
    assert ProgressEvent("Loading the language model").text() == "Loading the language model"
    assert ProgressEvent("Loading the language model").fraction is None
    assert ProgressEvent("s", 7, 5).fraction == 1.0  # never past the end


def test_steps_report_a_bounded_number_of_events_in_order_with_monotonic_counts():
    events: list[ProgressEvent] = []
    steps = Steps(events.append, "Stage", steps=2)
    steps.start("counted", total=1_000_003)
    for _ in range(1_000_003):
        steps.advance()
    steps.finish()
    steps.start("measured")
    for position in range(0, 80_000_001, 7_919):  # characters read, against a known size
        steps.set(position, 80_000_000)
    steps.finish()
    counted = [e for e in events if e.step == "counted"]
    measured = [e for e in events if e.step == "measured"]
    assert events == counted + measured  # one step after the other
    for step in (counted, measured):
        assert len(step) <= PERCENT_STEPS + 2  # the start, each percent, the end
        dones = [e.done for e in step]
        assert dones == sorted(dones) and dones[0] == 0
        assert step[-1].done == step[-1].total and step[-1].fraction == 1.0
    assert {(e.number, e.steps) for e in counted} == {(1, 2)}
    assert {(e.number, e.steps) for e in measured} == {(2, 2)}


def test_a_step_that_ends_on_a_threshold_is_not_reported_twice():
    events: list[ProgressEvent] = []
    steps = Steps(events.append, "Stage")
    steps.start("five", total=5, every=1)
    for _ in range(5):
        steps.advance()
    steps.finish()
    assert [e.done for e in events] == [0, 1, 2, 3, 4, 5]


def test_fan_out_gives_each_event_to_every_callback():
    first: list[ProgressEvent] = []
    second: list[ProgressEvent] = []
    event = ProgressEvent("Stage", 1, 2)
    fan_out(first.append, None, second.append)(event)
    assert first == second == [event]


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_log_gets_plain_lines_at_each_step_every_tenth_and_at_the_end():
    out, clock = io.StringIO(), FakeClock()
    show = TerminalProgress(out, interactive=False, clock=clock, every_seconds=1e9)
    steps = Steps(show, "Building the offline gazetteer", steps=2)
    steps.start("reading cities", total=1000)
    for _ in range(1000):
        steps.advance()
    steps.finish()
    steps.start("indexing")
    steps.finish()
    text = out.getvalue()
    assert "\r" not in text
    lines = text.splitlines()
    assert lines[0] == "Building the offline gazetteer (1/2: reading cities) 0%"
    percents = [int(line.rsplit(" ", 1)[1].rstrip("%")) for line in lines[:-1]]
    assert percents == list(range(0, 101, 10))
    assert lines[-1] == "Building the offline gazetteer (2/2: indexing)"


def test_a_log_also_gets_a_line_when_seconds_pass_without_a_tenth_more():
    out, clock = io.StringIO(), FakeClock()
    show = TerminalProgress(out, interactive=False, clock=clock, every_seconds=5.0)
    for done in range(0, 50):
        clock.now = done * 1.0  # one article a second: far from a tenth of the total
        show(ProgressEvent("Finding places and events", done, 100_000, unit="articles"))
    lines = out.getvalue().splitlines()
    assert [int(line.split()[-2].split("/")[0]) for line in lines] == [
        0,
        5,
        10,
        15,
        20,
        25,
        30,
        35,
        40,
        45,
    ]


def test_every_item_gives_a_line_per_count_and_titles_never_break_a_line():
    out = io.StringIO()
    show = TerminalProgress(out, interactive=False, every_item=True)
    for done in range(1, 4):
        show(ProgressEvent("Finding", done, 3, unit="articles", label="a\rtitle\nwith breaks"))
    assert out.getvalue() == "".join(f"Finding {n}/3 articles\n" for n in range(1, 4))


def test_a_terminal_gets_a_bar_per_step():
    out = io.StringIO()
    show = TerminalProgress(out, interactive=True)
    steps = Steps(show, "Building the offline gazetteer", steps=2)
    steps.start("reading cities", total=200)
    steps.advance(200)
    steps.start("indexing")
    steps.finish()
    show.close()
    text = out.getvalue()
    assert "Building the offline gazetteer (1/2: reading cities): 100%" in text
    assert "Building the offline gazetteer (2/2: indexing)" in text


@pytest.mark.parametrize("isatty", [True, False])
def test_the_stream_decides_bar_or_lines(isatty):
    class Stream(io.StringIO):
        def isatty(self) -> bool:
            return isatty

    assert TerminalProgress(Stream()).interactive is isatty
