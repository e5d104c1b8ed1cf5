"""The ``newsmap`` command: the articles commands and ``serve`` under one name."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET

import pytest

from dashboard import __main__ as dashboard_cli
from newsmap import cli
from tests.dashboard.conftest import fill_store


def test_serve_hands_its_options_and_streamlits_to_the_dashboard(monkeypatch, tmp_path):
    calls = []
    monkeypatch.setattr(dashboard_cli, "serve", lambda *args: calls.append(args) or 0)
    store = tmp_path / "s.sqlite"
    argv = ["serve", "--store", str(store), "--port", "8600", "--server.address", "0.0.0.0"]
    assert cli.main(argv) == 0
    assert calls == [(store, 8600, ["--server.address", "0.0.0.0"])]
    assert cli.main(["serve"]) == 0
    assert calls[-1] == (None, None, [])


def test_other_commands_refuse_options_they_do_not_know(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["export", "--server.address", "0.0.0.0"])
    assert stop.value.code == 2
    assert "unrecognized arguments: --server.address 0.0.0.0" in capsys.readouterr().err


def test_export_writes_each_format_of_the_dashboards_downloads(tmp_path, capsys):
    store = fill_store(tmp_path / "s.sqlite")
    for fmt in ("geojson", "csv", "kml", "html"):
        out = tmp_path / f"events.{fmt}"
        assert cli.main(["export", "--store", str(store), "--format", fmt, "--out", str(out)]) == 0
        assert f"{out}: " in capsys.readouterr().err
    features = json.loads((tmp_path / "events.geojson").read_text("utf-8"))["features"]
    with open(tmp_path / "events.csv", encoding="utf-8", newline="") as rows:
        assert len(features) == len(list(csv.DictReader(rows))) > 0
    kml = ET.fromstring((tmp_path / "events.kml").read_bytes())  # noqa: S314 - our own output
    marks = kml.findall(".//{http://www.opengis.net/kml/2.2}Placemark")
    assert len(marks) == sum(1 for f in features if f["geometry"])
    page = (tmp_path / "events.html").read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and "L.Newsmap.places(" in page


def test_export_of_a_missing_store_says_to_ingest_first(tmp_path, capsys):
    assert cli.main(["export", "--store", str(tmp_path / "none.sqlite")]) == 1
    assert "no store here; ingest articles first" in capsys.readouterr().err


def test_export_parquet_writes_a_folder_partitioned_by_month_and_country(tmp_path, capsys):
    import pyarrow.dataset as ds

    store = fill_store(tmp_path / "s.sqlite")
    assert cli.main(["export", "--store", str(store), "--format", "parquet"]) == 2
    assert "give it with --out FOLDER" in capsys.readouterr().err
    out = tmp_path / "events"
    assert (
        cli.main(["export", "--store", str(store), "--format", "parquet", "--out", str(out)]) == 0
    )
    written = int(capsys.readouterr().err.split(": ")[1].split()[0])
    table = ds.dataset(out, format="parquet", partitioning="hive").to_table()
    assert table.num_rows == written > 0
    assert {"month", "country"} <= set(table.column_names)
    assert (out / "month=2016-07" / "country=SY").is_dir()


def test_export_parquet_refuses_a_folder_that_holds_files(tmp_path, capsys):
    store = fill_store(tmp_path / "s.sqlite")
    out = tmp_path / "events"
    out.mkdir()
    (out / "notes.txt").write_text("mine", "utf-8")
    assert (
        cli.main(["export", "--store", str(store), "--format", "parquet", "--out", str(out)]) == 1
    )
    assert "is not an empty folder" in capsys.readouterr().err
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
