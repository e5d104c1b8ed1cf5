"""What the whole ingest costs on 1, 2... workers: ``python -m articles.bench_ingest CORPUS...``.

    python -m articles.bench_ingest LGL.jsonl GeoVirus.jsonl --workers 1 2 [--rounds 1]

For each worker count, ingests the corpora (JSON Lines of ``{"id", "text"}``, or any files
the ingest reads) into a fresh store with ``python -m articles ingest --workers N``, events
included, models loaded and Dask workers started within the time, and prints one JSON object
a line: ``workers``, ``docs`` (articles stored), ``seconds`` (wall clock), ``docs_per_s``,
``peak_rss_mb`` (the largest peak resident memory of one process that ran the models:
this process's ingest with one worker, each Dask worker with more), ``worker_peak_rss_mb``
(each of them), ``client_peak_rss_mb`` (the process that reads and writes the store),
``cpu_s`` (CPU seconds of all its processes), ``busiest_cpu_s`` (those of the busiest
process: on an idle machine with a core per worker the run cannot take less),
``client_cpu_s`` and ``worker_cpu_s`` (the ingest process's, each other's), ``load`` (the
machine's load average at the start: other work on a shared machine slows every run, and its
CPU figures are steadier).
With ``--rounds R`` the counts run R times each, alternating, and the median is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_SECONDS = 0.1
MODEL_PROCESS_MB = 150  # a process smaller than this ran no model (Dask's helpers)
_STORED = re.compile(r"(\d+) new")


@dataclass(frozen=True)
class Run:
    """One ingest's figures."""

    workers: int
    docs: int
    seconds: float
    docs_per_s: float
    peak_rss_mb: float
    worker_peak_rss_mb: list[float]
    client_peak_rss_mb: float
    cpu_s: float
    busiest_cpu_s: float
    client_cpu_s: float
    worker_cpu_s: list[float]
    load: float


def ingest_once(corpora: list[Path], workers: int, folder: Path, partition_size: int) -> Run:
    """Ingest ``corpora`` into a fresh store on ``workers`` workers, sampling memory."""
    import psutil

    store = folder / f"bench-{workers}-{time.monotonic_ns()}.sqlite"
    command = [
        sys.executable,
        "-m",
        "articles",
        "ingest",
        *map(str, corpora),
        "--store",
        str(store),
        "--quiet",
        "--workers",
        str(workers),
        "--partition-size",
        str(partition_size),
    ]
    load = os.getloadavg()[0]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)  # noqa: S603
    client = psutil.Process(process.pid)
    peaks: dict[int, float] = {}
    cpu: dict[int, float] = {}
    while process.poll() is None:
        _sample(client, peaks, cpu)
        time.sleep(SAMPLE_SECONDS)
    seconds = time.perf_counter() - started
    output = process.stdout.read() if process.stdout else ""
    if process.returncode != 0:
        raise SystemExit(f"the ingest failed ({process.returncode}): {' '.join(command)}")
    docs = int(_STORED.search(output).group(1))
    client_mb = peaks.pop(process.pid, 0.0)
    model_mb = sorted((mb for mb in peaks.values() if mb >= MODEL_PROCESS_MB), reverse=True)
    workers_mb = [client_mb] if workers == 1 else model_mb
    for leftover in store.parent.glob(store.name + "*"):
        leftover.unlink()
    return Run(
        workers,
        docs,
        round(seconds, 1),
        round(docs / seconds, 2),
        max(workers_mb, default=0.0),
        workers_mb,
        client_mb,
        round(sum(cpu.values()), 1),
        round(max(cpu.values(), default=0.0), 1),
        round(cpu.get(process.pid, 0.0), 1),
        [round(c, 1) for pid, c in sorted(cpu.items()) if pid != process.pid and c >= 1.0],
        round(load, 1),
    )


def _sample(client, peaks: dict[int, float], cpu: dict[int, float]) -> None:
    import psutil

    try:
        processes = [client, *client.children(recursive=True)]
    except psutil.NoSuchProcess:
        return
    for process in processes:
        try:
            mb = round(process.memory_info().rss / 1e6, 1)
            times = process.cpu_times()
        except psutil.Error:
            continue
        peaks[process.pid] = max(peaks.get(process.pid, 0.0), mb)
        cpu[process.pid] = times.user + times.system  # the last sample before it ends


def median_run(runs: list[Run]) -> dict:
    """The median of each figure over rounds (the memory: the largest)."""
    middle = sorted(runs, key=lambda r: r.docs_per_s)[len(runs) // 2]
    figures = asdict(middle)
    figures["docs_per_s"] = round(statistics.median(r.docs_per_s for r in runs), 2)
    figures["seconds"] = round(statistics.median(r.seconds for r in runs), 1)
    figures["cpu_s"] = round(statistics.median(r.cpu_s for r in runs), 1)
    figures["busiest_cpu_s"] = round(statistics.median(r.busiest_cpu_s for r in runs), 1)
    figures["peak_rss_mb"] = max(r.peak_rss_mb for r in runs)
    figures["rounds"] = len(runs)
    figures["load"] = [r.load for r in runs]
    return figures


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m articles.bench_ingest``."""
    parser = argparse.ArgumentParser(
        prog="python -m articles.bench_ingest",
        description="Time the whole ingest of a corpus into a fresh store on 1, 2... workers.",
    )
    parser.add_argument(
        "corpora",
        nargs="+",
        type=Path,
        metavar="CORPUS",
        help="JSON Lines files (or any article files and folders)",
    )
    parser.add_argument(
        "--workers",
        nargs="+",
        type=int,
        default=[1, 2],
        metavar="N",
        help="the worker counts to time (default: 1 2)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        metavar="R",
        help="time each count R times, alternating; print the medians",
    )
    parser.add_argument(
        "--partition-size",
        type=int,
        default=64,
        metavar="N",
        help="articles handed to a worker at a time (default 64)",
    )
    args = parser.parse_args(argv)
    for corpus in args.corpora:
        if not corpus.exists():
            parser.error(f"{corpus}: no such file or folder")
    runs: dict[int, list[Run]] = {n: [] for n in args.workers}
    with tempfile.TemporaryDirectory(prefix="newsmap-bench-") as folder:
        for _ in range(max(1, args.rounds)):
            for workers in args.workers:
                runs[workers].append(
                    ingest_once(args.corpora, workers, Path(folder), args.partition_size)
                )
    for workers in args.workers:
        print(json.dumps(median_run(runs[workers])), flush=True)
    return 0
