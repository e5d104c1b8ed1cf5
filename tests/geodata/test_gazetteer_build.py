"""The gazetteer build: the same rows as before it was made faster, progress as events in
order, and never a half-built gazetteer under its name (an exception, a kill -9)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from geodata import gazetteer_build
from geodata.bench_gazetteer import differences, digest, dump
from geodata.gazetteer import Gazetteer
from geodata.gazetteer_build import STAGE, STEPS, TEMP_INFIX, build_gazetteer
from newsmap.progress import ProgressEvent

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).with_name("small_build_digest.json")


@pytest.fixture(scope="module")
def small_build(small_sources, tmp_path_factory):
    """The gazetteer built from the small real source, and the progress events it gave."""
    events: list[ProgressEvent] = []
    out = tmp_path_factory.mktemp("small-build") / "gazetteer.sqlite"
    build_gazetteer(out, sources=small_sources, progress=events.append)
    return out, events


def test_the_small_real_source_gives_the_rows_the_build_gave_before_it_was_made_faster(
    small_build,
):
    out, _ = small_build
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))["digest"]
    got = digest(out)
    assert got["places"]["rows"] == 1288 and got["names"]["rows"] == 8746
    assert differences(got, expected) == []


def test_the_build_reports_its_four_steps_in_order_with_counts_that_only_grow(small_build):
    _, events = small_build
    assert {e.stage for e in events} == {STAGE}
    steps = [e.step for e in events]
    assert list(dict.fromkeys(steps)) == list(STEPS)
    assert [e.number for e in events] == sorted(e.number for e in events)
    assert {e.steps for e in events} == {4}
    for number in range(1, 5):
        step = [e for e in events if e.number == number]
        assert [e.done for e in step] == sorted(e.done for e in step)
        assert all(0 <= e.done <= e.total for e in step if e.total)
        assert step[-1].done == step[-1].total  # each step ends at its total
        assert len(step) <= 102  # a bounded number of events, whatever the count


class Stop(Exception):
    pass


def test_a_build_stopped_by_an_exception_leaves_no_file_and_the_next_open_builds_again(
    tmp_path, mini_sources, monkeypatch
):
    out = tmp_path / "gaz" / "gazetteer.sqlite"

    def stop_at_the_divisions(event: ProgressEvent) -> None:
        if event.step == STEPS[2]:
            raise Stop("interrupted")

    with pytest.raises(Stop):
        build_gazetteer(out, sources=mini_sources, progress=stop_at_the_divisions)
    assert list(out.parent.iterdir()) == []  # neither the gazetteer nor its temporary file
    monkeypatch.setattr(gazetteer_build.Sources, "installed", classmethod(lambda cls: mini_sources))
    events: list[ProgressEvent] = []
    with Gazetteer.open(out, progress=events.append) as gaz:
        assert gaz.candidates("Aleppo")
    assert events[-1].step == STEPS[-1] and events[-1].done == events[-1].total


def test_a_killed_build_leaves_no_gazetteer_and_the_next_open_clears_its_leftovers(
    tmp_path, mini_sources, monkeypatch
):
    out = tmp_path / "gazetteer.sqlite"
    build = subprocess.Popen(
        [sys.executable, "-m", "geodata.build_gazetteer", "--out", str(out)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        for line in build.stderr:  # a log, not a terminal: whole lines, no redraws
            assert "\r" not in line
            if STEPS[1] in line:  # reading the cities: the temporary file is being filled
                build.send_signal(signal.SIGKILL)
                break
    finally:
        build.kill()
        build.wait(timeout=60)
        build.stderr.close()
    assert build.returncode == -signal.SIGKILL
    assert not out.exists()
    leftovers = list(tmp_path.glob(f"{out.name}{TEMP_INFIX}*.tmp"))
    assert len(leftovers) == 1
    monkeypatch.setattr(gazetteer_build.Sources, "installed", classmethod(lambda cls: mini_sources))
    with Gazetteer.open(out, progress=lambda event: None) as gaz:
        assert gaz.candidates("Raqqa")
    assert not leftovers[0].exists()


def test_the_digest_tells_a_changed_row_and_ignores_when_and_where_a_file_was_built(
    small_build, tmp_path
):
    out, _ = small_build
    copy = tmp_path / "copy.sqlite"
    shutil.copy(out, copy)
    with contextlib.closing(sqlite3.connect(copy)) as conn:
        conn.execute("UPDATE meta SET value = 'elsewhere' WHERE key IN ('built_at', 'regions_csv')")
        conn.commit()
    assert differences(digest(copy), digest(out)) == []
    with contextlib.closing(sqlite3.connect(copy)) as conn:
        conn.execute("UPDATE places SET lat = lat + 1e-9 WHERE place_id = 1")
        conn.commit()
    assert differences(digest(copy), digest(out)) == [
        "places: 1,288 rows, expected 1,288 rows (rows differ)"
    ]
    dumped = dump(copy, tmp_path / "rows")
    places = (tmp_path / "rows" / "places.txt").read_text(encoding="utf-8").splitlines()
    assert len(places) == 1288 and places == sorted(places) and len(dumped) == 7
