"""Benchmark: ``python -m geodata.bench_gazetteer`` builds the offline gazetteer into a temporary
folder and prints JSON: the seconds of each build, their median, and a digest of every table.

    python -m geodata.bench_gazetteer --runs 3
    python -m geodata.bench_gazetteer --reference old.sqlite   # also: same rows as old.sqlite?
    python -m geodata.bench_gazetteer --digest some.sqlite      # digest a built file, no build
    python -m geodata.bench_gazetteer --keep new.sqlite --dump rows/   # keep it, dump its rows

A digest is, per table, the number of rows and a SHA-256 of its rows sorted, so two builds hold
the same gazetteer when their digests are equal; what only says when and where a file was built
(``meta``'s ``built_at`` and ``regions_csv``) is left out. The schema (every CREATE statement)
and SQLite's planner statistics (``sqlite_stat1``, written by ANALYZE) are digested too.
``--dump`` writes each table's sorted rows as text, one row a line, for ``diff``.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsmap.progress import ProgressEvent

# meta rows that say when and where a file was built, not what it holds
_UNCOMPARED_META = ("built_at", "regions_csv")
_TABLES = ("places", "names", "demonyms", "capitals", "meta", "sqlite_stat1")


def table_rows(path: Path, table: str) -> Iterator[str]:
    """The rows of ``table`` in the gazetteer at ``path``, as sorted text lines (``repr`` of
    each row, so floats keep every digit). ``schema`` gives the CREATE statements."""
    if table == "schema":
        sql = "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
    elif table == "meta":
        skipped = ", ".join(f"'{key}'" for key in _UNCOMPARED_META)
        sql = f"SELECT * FROM meta WHERE key NOT IN ({skipped})"
    elif table in _TABLES:
        sql = f"SELECT * FROM {table}"
    else:
        raise ValueError(f"not a gazetteer table: {table!r}")
    uri = f"{Path(path).resolve().as_uri()}?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
        lines = [repr(tuple(row)) for row in conn.execute(sql)]
    lines.sort()
    yield from lines


def digest(path: Path) -> dict[str, dict[str, int | str]]:
    """Per table (and ``schema``): ``{"rows": n, "sha256": hex}`` of its sorted rows."""
    out: dict[str, dict[str, int | str]] = {}
    for table in ("schema", *_TABLES):
        hashed, count = hashlib.sha256(), 0
        for line in table_rows(path, table):
            hashed.update(line.encode("utf-8") + b"\n")
            count += 1
        out[table] = {"rows": count, "sha256": hashed.hexdigest()}
    return out


def differences(got: dict, expected: dict) -> list[str]:
    """Tables whose digests differ, in words ("names: 1,202,540 rows, expected 1,202,541")."""
    found = []
    for table in sorted(set(got) | set(expected)):
        a, b = got.get(table), expected.get(table)
        if a != b:
            rows = f"{a['rows']:,} rows" if a else "missing"
            wanted = f"{b['rows']:,} rows" if b else "nothing"
            found.append(f"{table}: {rows}, expected {wanted} (rows differ)")
    return found


def dump(path: Path, folder: Path) -> list[Path]:
    """Write each table's sorted rows to ``folder/TABLE.txt``; the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in ("schema", *_TABLES):
        target = folder / f"{table}.txt"
        with target.open("w", encoding="utf-8") as handle:
            for line in table_rows(path, table):
                handle.write(line + "\n")
        written.append(target)
    return written


class StageClock:
    """A progress callback that notes when each step of a build starts, by the wall clock and
    by the process's CPU time (for the benchmark)."""

    def __init__(self, wall=time.perf_counter, cpu=time.process_time):
        self._wall, self._cpu = wall, cpu
        self.starts: list[tuple[str, float, float]] = []

    def __call__(self, event: ProgressEvent) -> None:
        name = event.step or event.stage
        if not self.starts or self.starts[-1][0] != name:
            self.starts.append((name, self._wall(), self._cpu()))

    def seconds(self, end: float, end_cpu: float) -> dict[str, dict[str, float]]:
        """Per step, ``{"seconds", "cpu_seconds"}``; the last step ends at ``end``/``end_cpu``."""
        ends = [(wall, cpu) for _, wall, cpu in self.starts[1:]] + [(end, end_cpu)]
        return {
            name: {"seconds": round(stop - wall, 2), "cpu_seconds": round(stop_cpu - cpu, 2)}
            for (name, wall, cpu), (stop, stop_cpu) in zip(self.starts, ends, strict=True)
        }


def timed_build(out: Path) -> dict:
    """Build the gazetteer at ``out``; its seconds (wall clock, and CPU time of the process:
    steadier on a shared machine), each step's seconds and its counts."""
    from geodata.gazetteer_build import build_gazetteer

    clock = StageClock()
    started, cpu = time.perf_counter(), time.process_time()
    stats = build_gazetteer(out, progress=clock)
    ended, ended_cpu = time.perf_counter(), time.process_time()
    return {
        "seconds": round(ended - started, 2),
        "cpu_seconds": round(ended_cpu - cpu, 2),
        "steps": clock.seconds(ended, ended_cpu),
        "places": stats.places,
        "names": stats.names,
        "loose_names": stats.loose_names,
        "demonyms": stats.demonyms,
    }


def main(argv: Iterable[str] | None = None) -> int:
    """Parse arguments, build (or digest), print JSON; return the exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m geodata.bench_gazetteer",
        description="Time builds of the offline gazetteer (in a temporary folder) and print, as "
        "JSON, their seconds and a digest of every table, to compare two builds' rows.",
    )
    parser.add_argument("--runs", type=int, default=1, metavar="N", help="builds to time (1)")
    parser.add_argument(
        "--reference", type=Path, metavar="FILE", help="a gazetteer whose rows the build must hold"
    )
    parser.add_argument("--keep", type=Path, metavar="FILE", help="keep the last build here")
    parser.add_argument(
        "--dump", type=Path, metavar="DIR", help="write each table's rows, sorted, to DIR"
    )
    parser.add_argument(
        "--digest", type=Path, metavar="FILE", help="digest this gazetteer instead of building"
    )
    args = parser.parse_args(None if argv is None else list(argv))
    result: dict = {}
    with tempfile.TemporaryDirectory(prefix="newsmap-gazetteer-bench-") as tmp:
        if args.digest:
            built = args.digest
        else:
            built = args.keep or Path(tmp) / "gazetteer.sqlite"
            runs = [timed_build(built) for _ in range(max(1, args.runs))]
            result["runs"] = runs
            result["median_seconds"] = statistics.median(r["seconds"] for r in runs)
            result["median_cpu_seconds"] = statistics.median(r["cpu_seconds"] for r in runs)
        result["digest"] = digest(built)
        if args.reference:
            found = differences(result["digest"], digest(args.reference))
            result["same_as_reference"] = not found
            result["differences"] = found
        if args.dump:
            result["dumped"] = [str(p) for p in dump(built, args.dump)]
    print(json.dumps(result, indent=2))
    return 1 if result.get("differences") else 0


if __name__ == "__main__":
    sys.exit(main())
