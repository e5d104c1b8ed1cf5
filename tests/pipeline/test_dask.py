"""Ingest on Dask: a real scheduler and workers on 127.0.0.1 (TCP, as on a cluster), and a
LocalCluster; the store must hold what a one-process ingest stores, row for row."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.ingest import ingest_paths
from store.db import Store
from tests.pipeline.conftest import sample_corpus, store_rows

pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 180  # seconds for a worker to come up on a busy machine
INGEST_TIMEOUT = 600


def wait_until(condition, timeout: float, what: str, every: float = 0.1):
    """Poll ``condition`` until it returns something true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def _environment() -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("NEWSMAP_NOMINATIM_USER_AGENT", None)  # nothing leaves the machine
    env.pop("DASK_SCHEDULER_ADDRESS", None)
    return env


def start(*arguments: str, log: Path) -> subprocess.Popen:
    with open(log, "wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "dask", *arguments],
            cwd=ROOT,
            env=_environment(),
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A `dask scheduler` and two `dask worker` processes on 127.0.0.1; yields the address."""
    folder = tmp_path_factory.mktemp("cluster")
    address_file = folder / "scheduler.json"
    processes = [
        start(
            "scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--no-dashboard",
            "--scheduler-file",
            str(address_file),
            log=folder / "scheduler.log",
        )
    ]
    try:
        info = wait_until(
            lambda: address_file.exists() and json.loads(address_file.read_text() or "{}"),
            START_TIMEOUT,
            "the scheduler's address",
        )
        address = info["address"]
        for number in range(2):
            processes.append(
                start(
                    "worker",
                    address,
                    "--nthreads",
                    "1",
                    "--no-dashboard",
                    "--host",
                    "127.0.0.1",
                    log=folder / f"worker-{number}.log",
                )
            )
        with client_of(address) as client:
            client.wait_for_workers(2, timeout=START_TIMEOUT)
        yield address
    finally:
        for process in reversed(processes):
            stop(process)


def client_of(address: str):
    from distributed import Client

    return Client(address, timeout=START_TIMEOUT)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Nine articles: eight Wikinews samples in two JSON Lines files, and the seed article."""
    return sample_corpus(tmp_path_factory.mktemp("corpus"), articles=8, files=2)


@pytest.fixture(scope="module")
def reference(corpus, geoparser, tmp_path_factory):
    """The rows a one-process ingest of the corpus stores."""
    path = tmp_path_factory.mktemp("reference") / "one.sqlite"
    with Store(path) as store:
        report = ingest_paths(corpus, store, geoparser=geoparser, geocoder=None)
    assert (report.new, report.skipped) == (9, ())
    return store_rows(path)


def cli_ingest(corpus, store: Path, *options: str) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "articles",
        "ingest",
        *map(str, corpus),
        "--store",
        str(store),
        "--quiet",
        "--partition-size",
        "2",
        *options,
    ]
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finished(process: subprocess.Popen) -> str:
    out, err = process.communicate(timeout=INGEST_TIMEOUT)
    assert process.returncode == 0, err
    return out


def test_an_ingest_through_the_scheduler_stores_what_one_process_stores(
    cluster, corpus, reference, tmp_path
):
    store = tmp_path / "cluster.sqlite"
    out = finished(cli_ingest(corpus, store, "--scheduler", cluster))
    assert "read 9 article(s): 9 new, 0 duplicate(s), 0 skipped" in out
    assert f"on the Dask cluster at {cluster} (2 worker(s))" in out
    assert store_rows(store) == reference
    # Dedupe holds on a cluster too: again, nothing is new and nothing changes.
    out = finished(cli_ingest(corpus, store, "--scheduler", cluster))
    assert "9 duplicate(s)" in out and store_rows(store) == reference


def test_a_worker_killed_mid_ingest_costs_nothing(cluster, corpus, reference, tmp_path):
    victim = start(
        "worker",
        cluster,
        "--nthreads",
        "1",
        "--no-dashboard",
        "--no-nanny",
        "--name",
        "victim",
        "--host",
        "127.0.0.1",
        log=tmp_path / "victim.log",
    )
    try:
        with client_of(cluster) as client:
            client.wait_for_workers(3, timeout=START_TIMEOUT)
            [victim_address] = [
                address
                for address, info in client.scheduler_info()["workers"].items()
                if info["name"] == "victim"
            ]
            store = tmp_path / "killed.sqlite"
            ingest = cli_ingest(corpus, store, "--scheduler", cluster)
            # Kill the worker while it holds a partition (it is loading its models for it).
            wait_until(
                lambda: client.processing().get(victim_address),
                INGEST_TIMEOUT,
                "a partition on the victim worker",
                every=0.05,
            )
            victim.send_signal(signal.SIGKILL)
            out = finished(ingest)
        assert "9 new, 0 duplicate(s), 0 skipped" in out
        assert store_rows(store) == reference
    finally:
        stop(victim)


def test_two_local_workers_store_what_one_process_stores(corpus, reference, tmp_path):
    store_path = tmp_path / "local.sqlite"
    with Store(store_path) as store:
        report = ingest_paths(corpus, store, geocoder=None, workers=2, partition_size=3)
    assert report.where == "on 2 local Dask worker processes", report.runner_note
    assert (report.new, report.skipped) == (9, ())
    assert store_rows(store_path) == reference
