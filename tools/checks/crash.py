"""The crash campaign: kill -9 an ingest at random points; the store must stay whole.

One clean run ingests the bundled samples (``python -m articles ingest``) into a fresh store:
that store is the reference. Then, for each point, a fresh ingest of the same files into a new
store is killed with SIGKILL right after it reports its k-th article (k drawn at random; the
pipeline writes a chunk of articles back to back, so the kill usually lands inside the next
article's transaction), and the store left behind must:

- pass ``PRAGMA integrity_check`` and ``PRAGMA foreign_key_check``;
- hold whole articles only: each stored article with exactly the events (same ids, same rows)
  the reference stores for it, and no event, place or article the reference lacks;
- once ingested again to the end, be the reference store (same article and event ids, same
  rows), so a killed ingest costs nothing but the time to run it again.

The kill point is a condition, not a time: the runner reads the ingest's progress from its
stderr (one "k/total articles" line a stored article: ``--every-article``) and kills on the
line it waits for.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from articles.samples import sample_paths
from pipeline.ingest import FINDING

ROOT = Path(__file__).resolve().parents[2]
# The ingest's line after each stored article: "Finding places and events 12/318 articles"
_PROGRESS = re.compile(re.escape(FINDING) + r" (\d+)/(\d+) articles")
# What a store holds, row by row, without what differs between two runs of the same ingest.
_SNAPSHOT = {
    "articles": "SELECT id, url, content_hash, title, byline, published, source, credit, text "
    "FROM articles",
    "events": "SELECT * FROM events",
    "places": "SELECT * FROM places",
}


@dataclass(frozen=True)
class Snapshot:
    """A store's rows: articles, events (by article) and places, keyed by id."""

    articles: dict[str, tuple]
    events: dict[str, tuple]
    places: dict[str, tuple]
    events_of: dict[str, frozenset[str]]


@dataclass(frozen=True)
class Point:
    """What one kill did: where it landed and what the store held then and after re-ingest."""

    target: int  # kill after this many articles were reported stored
    reported: int  # the last count reported before the kill
    articles_left: int  # articles in the store after the kill
    whole: bool  # the killed store held whole articles only, and passed the integrity checks
    same_after_reingest: bool
    why: str
    seconds: float

    @property
    def held(self) -> bool:
        return self.whole and self.same_after_reingest


def ingest_command(store: Path, quiet: bool) -> list[str]:
    """The CLI ingest of the bundled samples into ``store`` (a progress line an article)."""
    command = [sys.executable, "-m", "articles", "ingest", *map(str, sample_paths())]
    return command + ["--store", str(store)] + (["--quiet"] if quiet else ["--every-article"])


def clean_ingest(store: Path) -> None:
    """Ingest the samples into ``store`` to the end (raises if the ingest fails)."""
    subprocess.run(  # noqa: S603 - our own command
        ingest_command(store, quiet=True), cwd=ROOT, check=True, capture_output=True, timeout=1800
    )


def killed_ingest(store: Path, target: int) -> int:
    """Start an ingest into ``store`` and kill -9 it once it reports ``target`` articles
    stored (or at its first report when ``target`` is 0); the last count it reported."""
    process = subprocess.Popen(  # noqa: S603 - our own command
        ingest_command(store, quiet=False),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    reported = -1
    segment = b""
    try:
        while True:
            byte = process.stderr.read(1)  # blocks until the ingest writes: no polling
            if not byte:
                break  # it ended before the target: nothing left to kill
            if byte not in (b"\r", b"\n"):
                segment += byte
                continue
            found = _PROGRESS.search(segment.decode("utf-8", "replace"))
            segment = b""
            if found:
                reported = int(found.group(1))
                if reported >= target:
                    process.send_signal(signal.SIGKILL)
                    break
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=60)
        process.stderr.close()
    return reported


def snapshot(store: Path) -> Snapshot:
    """The rows of ``store`` (read-only; an empty or missing store gives no rows)."""
    if not store.exists() or store.stat().st_size == 0:
        return Snapshot({}, {}, {}, {})
    with contextlib.closing(sqlite3.connect(store)) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        rows = {
            name: {r[0]: tuple(r) for r in conn.execute(sql)} if name in tables else {}
            for name, sql in _SNAPSHOT.items()
        }
        events_of: dict[str, set[str]] = {}
        if "events" in tables:
            for event_id, article_id in conn.execute("SELECT id, article_id FROM events"):
                events_of.setdefault(article_id, set()).add(event_id)
    frozen = {k: frozenset(v) for k, v in events_of.items()}
    return Snapshot(rows["articles"], rows["events"], rows["places"], frozen)


def integrity_problems(store: Path) -> list[str]:
    """What PRAGMA integrity_check and foreign_key_check find wrong (none: an empty list)."""
    if not store.exists() or store.stat().st_size == 0:
        return []  # killed before the schema was written: nothing to check
    with contextlib.closing(sqlite3.connect(store)) as conn:
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [f"foreign key: {r}" for r in conn.execute("PRAGMA foreign_key_check")]
    return problems


def half_written(left: Snapshot, reference: Snapshot) -> list[str]:
    """How the killed store ``left`` differs from whole articles of ``reference``."""
    problems = []
    for article_id, row in left.articles.items():
        if reference.articles.get(article_id) != row:
            problems.append(f"article {article_id} is not the reference's")
        elif left.events_of.get(article_id, frozenset()) != reference.events_of.get(
            article_id, frozenset()
        ):
            have = len(left.events_of.get(article_id, ()))
            want = len(reference.events_of.get(article_id, ()))
            problems.append(f"article {article_id} has {have} of its {want} events")
    problems += [
        f"event {e} differs" for e, r in left.events.items() if reference.events.get(e) != r
    ]
    problems += [
        f"place {p} differs" for p, r in left.places.items() if reference.places.get(p) != r
    ]
    orphans = set(left.events_of) - set(left.articles)
    problems += [f"events of a missing article {a}" for a in sorted(orphans)]
    return problems


def differences(got: Snapshot, reference: Snapshot) -> list[str]:
    """How a re-ingested store differs from the reference (ids first, then rows)."""
    problems = []
    for name in ("articles", "events", "places"):
        mine, theirs = getattr(got, name), getattr(reference, name)
        if set(mine) != set(theirs):
            missing, extra = len(set(theirs) - set(mine)), len(set(mine) - set(theirs))
            problems.append(f"{name}: {missing} missing, {extra} extra")
        elif mine != theirs:
            changed = sum(mine[k] != theirs[k] for k in mine)
            problems.append(f"{name}: {changed} row(s) differ")
    return problems


def run_point(target: int, reference: Snapshot, folder: Path) -> Point:
    """Kill an ingest after ``target`` articles, check the store, ingest again, compare."""
    start = time.monotonic()
    store = folder / f"killed-{target}.sqlite"
    reported = killed_ingest(store, target)
    left = snapshot(store)
    problems = integrity_problems(store) + half_written(left, reference)
    clean_ingest(store)
    after = differences(snapshot(store), reference) + integrity_problems(store)
    why = "; ".join((problems + after)[:4]) or "whole articles only; re-ingest = clean run"
    return Point(
        target, reported, len(left.articles), not problems, not after, why, time.monotonic() - start
    )


def run(points: int, seed: int | None = None) -> tuple[list[Point], int]:
    """The reference run, then ``points`` killed ingests at random article counts; the points
    and the seed that drew them."""
    seed = random.randrange(1 << 30) if seed is None else seed  # noqa: S311 - not security
    draw = random.Random(seed)  # noqa: S311
    with tempfile.TemporaryDirectory(prefix="newsmap-crash-") as tmp:
        folder = Path(tmp)
        reference_store = folder / "clean.sqlite"
        clean_ingest(reference_store)
        reference = snapshot(reference_store)
        total = len(reference.articles)
        targets = [draw.randrange(total) for _ in range(points)]
        return [run_point(t, reference, folder) for t in targets], seed


def report(points: list[Point], seed: int) -> str:
    """One line a kill point, then the verdict."""
    lines = [f"seed {seed}: {len(points)} kill -9 point(s)"]
    for p in points:
        mark = "ok  " if p.held else "FAIL"
        lines.append(
            f"  {mark} killed after {p.reported} reported (target {p.target}): "
            f"{p.articles_left} article(s) left; {p.why} ({p.seconds:.0f} s)"
        )
    bad = [p for p in points if not p.held]
    if bad:
        lines.append(f"{len(bad)} of {len(points)} kill points left a broken or different store")
    else:
        lines.append(
            f"all {len(points)} kill points left whole articles only, and re-ingest gave the "
            "clean run's store"
        )
    return "\n".join(lines)
