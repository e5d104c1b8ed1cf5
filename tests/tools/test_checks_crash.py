"""The crash campaign (python -m tools.checks crash): kill -9 an ingest at three points, the
store holds whole articles only and re-ingest gives the clean run's store; and its checks catch
a half-written article and a store that differs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tools.checks.crash import Snapshot, differences, half_written

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.model  # each ingest loads the spaCy model and the gazetteer
def test_three_kill_points_leave_whole_articles_and_reingest_gives_the_clean_store():
    done = subprocess.run(
        [sys.executable, "-m", "tools.checks", "crash", "--points", "3", "--seed", "20261207"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "seed 20261207: 3 kill -9 point(s)"
    assert sum(line.startswith("  ok   killed after ") for line in lines) == 3
    assert lines[-1].startswith("all 3 kill points left whole articles only")


REFERENCE = Snapshot(
    articles={"a1": ("a1", "x"), "a2": ("a2", "y")},
    events={"e1": ("e1", "a1"), "e2": ("e2", "a1"), "e3": ("e3", "a2")},
    places={"gn:1": ("gn:1",)},
    events_of={"a1": frozenset({"e1", "e2"}), "a2": frozenset({"e3"})},
)


def test_an_article_with_part_of_its_events_is_caught_as_half_written():
    left = Snapshot(
        articles={"a1": ("a1", "x")},
        events={"e1": ("e1", "a1")},
        places={},
        events_of={"a1": frozenset({"e1"})},
    )
    assert half_written(left, REFERENCE) == ["article a1 has 1 of its 2 events"]
    whole = Snapshot({"a2": ("a2", "y")}, {"e3": ("e3", "a2")}, {}, {"a2": frozenset({"e3"})})
    assert half_written(whole, REFERENCE) == []


def test_events_without_their_article_and_a_reingest_that_differs_are_caught():
    orphan = Snapshot({}, {"e3": ("e3", "a2")}, {}, {"a2": frozenset({"e3"})})
    assert half_written(orphan, REFERENCE) == ["events of a missing article a2"]
    assert differences(REFERENCE, REFERENCE) == []
    fewer = Snapshot(REFERENCE.articles, {"e1": ("e1", "a1")}, REFERENCE.places, {})
    assert differences(fewer, REFERENCE) == ["events: 2 missing, 0 extra"]
    changed = Snapshot(
        {"a1": ("a1", "x"), "a2": ("a2", "z")}, REFERENCE.events, {"gn:1": ("gn:1",)}, {}
    )
    assert differences(changed, REFERENCE) == ["articles: 1 row(s) differ"]
