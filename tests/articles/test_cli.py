"""``python -m articles ingest|export`` and ``python -m geodata.geoparse`` as a user runs them."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from articles.__main__ import main
from articles.samples import sample_paths
from store.export import EXPORT_COLUMNS

SEED_NAME = "us-air-raids-northern-syria-2016-07-22.txt"


@pytest.fixture
def seed_copy(tmp_path):
    seed = next(p for p in sample_paths() if p.name == SEED_NAME)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / SEED_NAME).write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "empty.txt").write_text("")
    return folder


@pytest.fixture(autouse=True)
def no_online_geocoder(monkeypatch):
    monkeypatch.delenv("NEWSMAP_NOMINATIM_USER_AGENT", raising=False)


def test_ingest_then_export_geojson_and_csv(seed_copy, tmp_path, capsys, geoparser):
    store = tmp_path / "events.sqlite"
    assert main(["ingest", str(seed_copy), "--store", str(store), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "1 new, 0 duplicate(s), 1 skipped" in out
    assert "empty.txt" in out and "empty file" in out

    assert main(["export", "--store", str(store), "--format", "geojson"]) == 0
    collection = json.loads(capsys.readouterr().out)
    assert collection["type"] == "FeatureCollection"
    mosul = [f for f in collection["features"] if f["properties"]["place_as_written"] == "Mosul"]
    assert mosul and mosul[0]["geometry"]["type"] == "Point"
    lon, lat = mosul[0]["geometry"]["coordinates"]
    assert abs(lat - 36.34) < 0.2 and abs(lon - 43.12) < 0.2

    out_file = tmp_path / "events.csv"
    assert main(["export", "--store", str(store), "--format", "csv", "--out", str(out_file)]) == 0
    rows = list(csv.DictReader(io.StringIO(out_file.read_text(encoding="utf-8"))))
    assert rows and list(rows[0]) == list(EXPORT_COLUMNS)
    assert len(rows) == len(collection["features"])


def test_ingesting_twice_reports_duplicates(seed_copy, tmp_path, capsys, geoparser):
    store = tmp_path / "events.sqlite"
    main(["ingest", str(seed_copy), "--store", str(store), "--quiet"])
    capsys.readouterr()
    main(["ingest", str(seed_copy), "--store", str(store), "--quiet"])
    assert "0 new, 1 duplicate(s)" in capsys.readouterr().out


def test_store_from_the_environment(seed_copy, tmp_path, capsys, monkeypatch, geoparser):
    store = tmp_path / "env.sqlite"
    monkeypatch.setenv("NEWSMAP_STORE", str(store))
    assert main(["ingest", str(seed_copy), "--quiet"]) == 0
    assert store.exists()


def test_export_without_a_store_says_what_to_do(tmp_path, capsys):
    assert main(["export", "--store", str(tmp_path / "none.sqlite")]) == 1
    assert "ingest articles first" in capsys.readouterr().err


def test_a_store_that_is_not_a_database_is_a_clear_error(tmp_path, capsys, seed_copy):
    bogus = tmp_path / "notes.sqlite"
    bogus.write_text("these are my notes, not a database")
    assert main(["ingest", str(seed_copy), "--store", str(bogus), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert str(bogus) in err


def test_geoparse_command_writes_the_benchmark_format(tmp_path):
    docs = tmp_path / "docs.jsonl"
    docs.write_text(
        json.dumps({"id": "a", "text": "Shelling hit Mosul and Baghdad on Monday."})
        + "\n"
        + "not json\n"
        + json.dumps({"id": "c", "text": "Nothing here."})
        + "\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "geodata.geoparse", "--quiet", str(docs)],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["a", "line-2", "c"]
    assert f"{docs}:2" in result.stderr
    names = [(t["name"], t["country_code"], t["precision"]) for t in lines[0]["toponyms"]]
    assert names == [("Mosul", "IQ", "town"), ("Baghdad", "IQ", "town")]
    first = lines[0]["toponyms"][0]
    assert {"start", "end", "lat", "lon", "geonameid"} <= set(first)
    text = "Shelling hit Mosul and Baghdad on Monday."
    assert text[first["start"] : first["end"]] == "Mosul"
    assert lines[2]["toponyms"] == []
