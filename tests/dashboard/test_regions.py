"""Admin regions of stored places, read from a gazetteer file (a small one built here)."""

from __future__ import annotations

import sqlite3

import pytest

from dashboard import regions


@pytest.fixture
def gazetteer(tmp_path):
    path = tmp_path / "gazetteer.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute(
            "CREATE TABLE places (place_id INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT,"
            " lat REAL, lon REAL, kind TEXT, country_code TEXT, admin1_code TEXT,"
            " population INTEGER)"
        )
        conn.executemany(
            "INSERT INTO places VALUES (?, ?, ?, 0, 0, ?, ?, ?, 0)",
            [
                (1, 170063, "Aleppo", "city", "SY", "09"),
                (2, 170062, "Aleppo Governorate", "admin1", "SY", "09"),
                (3, 99072, "Mosul", "city", "IQ", "15"),
                (4, 298795, "Turkey", "country", "TR", None),
                (5, 1, "Elsewhere", "city", "FR", "11"),
            ],
        )
    return path


def test_regions_of_the_ids_in_use_with_names(gazetteer):
    found = regions.load_regions([170063, 99072, 298795, 170062], gazetteer)
    assert found.by_geonameid == {170063: "SY.09", 170062: "SY.09", 99072: "IQ.15"}
    assert found.names == {"SY.09": "Aleppo Governorate"}  # IQ.15 has no admin1 row here
    assert found.label("SY.09") == "Aleppo Governorate (SY)"
    assert found.label("IQ.15") == "IQ.15"


def test_no_gazetteer_or_no_ids_means_no_regions(gazetteer, tmp_path):
    assert regions.load_regions([170063], None) == regions.Regions()
    assert regions.load_regions([], gazetteer) == regions.Regions()
    broken = tmp_path / "broken.sqlite"
    broken.write_text("not a database")
    assert regions.load_regions([170063], broken) == regions.Regions()


def test_a_missing_gazetteer_is_never_built_by_the_dashboard(tmp_path, monkeypatch):
    import geodata.gazetteer_build

    missing = tmp_path / "none.sqlite"
    monkeypatch.setattr(geodata.gazetteer_build, "DEFAULT_PATH", missing)
    assert regions.gazetteer_path() is None
    assert not missing.exists()
