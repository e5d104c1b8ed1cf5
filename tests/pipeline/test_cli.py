"""Where ``ingest`` sends the work: --workers, --scheduler, DASK_SCHEDULER_ADDRESS."""

from __future__ import annotations

import os

import pytest

from pipeline import cli
from pipeline import ingest as ingest_module
from pipeline.ingest import IngestReport


@pytest.fixture
def calls(monkeypatch):
    """The keyword arguments each ingest was given (nothing is ingested)."""
    made = []

    def recorded(paths, store, **kwargs):
        made.append(kwargs)
        return IngestReport(0, 0, 0, (), where=kwargs.get("scheduler") or "in this process")

    monkeypatch.setattr(ingest_module, "ingest_paths", recorded)
    monkeypatch.delenv("DASK_SCHEDULER_ADDRESS", raising=False)
    return made


def ingest(tmp_path, *options):
    (tmp_path / "a.txt").write_text("Title\n\nText.\n", encoding="utf-8")
    argv = ["ingest", str(tmp_path / "a.txt"), "--store", str(tmp_path / "s.sqlite"), "--quiet"]
    return cli.main([*argv, *options])


def test_by_default_one_worker_a_core_on_this_machine(calls, tmp_path):
    assert ingest(tmp_path) == 0
    [call] = calls
    assert (call["workers"], call["scheduler"]) == (os.cpu_count() or 1, None)
    assert (call["partition_size"], call["gazetteer"]) == (64, None)


def test_a_gazetteer_every_worker_sees_is_handed_to_the_ingest(calls, tmp_path):
    ingest(tmp_path, "--gazetteer", "/shared/newsmap/gazetteer.sqlite")
    assert str(calls[0]["gazetteer"]) == "/shared/newsmap/gazetteer.sqlite"


def test_the_scheduler_comes_from_the_option_or_else_the_environment(calls, tmp_path, monkeypatch):
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", "tcp://10.0.0.5:8786")
    ingest(tmp_path)
    ingest(tmp_path, "--scheduler", "tcp://10.0.0.9:8786")
    ingest(tmp_path, "--workers", "3")  # on this machine, whatever the environment says
    assert [(c["scheduler"], c["workers"]) for c in calls] == [
        ("tcp://10.0.0.5:8786", os.cpu_count() or 1),
        ("tcp://10.0.0.9:8786", os.cpu_count() or 1),
        (None, 3),
    ]


def test_workers_and_scheduler_together_or_no_worker_are_refused(calls, tmp_path, capsys):
    for options in (["--workers", "2", "--scheduler", "tcp://h:8786"], ["--workers", "0"]):
        with pytest.raises(SystemExit) as stop:
            ingest(tmp_path, *options)
        assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "not allowed with argument" in err and "'0' is not a whole number of 1 or more" in err
    assert calls == []


def test_an_unreachable_scheduler_is_an_error_that_names_it(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("DASK_SCHEDULER_ADDRESS", raising=False)
    (tmp_path / "a.jsonl").write_text(
        "".join(
            f'{{"id": "{n}", "title": "T{n}", "text": "Rain in Paris {n}."}}\n' for n in range(3)
        ),
        encoding="utf-8",
    )
    argv = [
        "ingest",
        str(tmp_path / "a.jsonl"),
        "--store",
        str(tmp_path / "s.sqlite"),
        "--quiet",
        "--scheduler",
        "tcp://127.0.0.1:9",
        "--partition-size",
        "1",
    ]
    monkeypatch.setattr("pipeline.runners.CONNECT_TIMEOUT_SECONDS", 2)
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: cannot reach a Dask scheduler with workers at tcp://127.0.0.1:9")
    assert "dask scheduler" in err
