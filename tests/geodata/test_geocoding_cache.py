"""The persistent SQLite cache in front of an online geocoder."""

from __future__ import annotations

import logging
import sqlite3
from concurrent.futures import ProcessPoolExecutor

import pytest

from geodata.geocoding import CachedGeocoder, GeocodeCacheError, GeocodeResult
from geodata.model import PRECISION_COUNTRY, PRECISION_TOWN
from tests.geodata.geocoding_helpers import make_nominatim

# --- cache ----------------------------------------------------------------------------------------


def test_second_identical_query_is_served_from_the_cache(fake, tmp_path):
    cached = CachedGeocoder(make_nominatim(fake), tmp_path / "cache.sqlite")
    first = cached.geocode("Aleppo", ["SY"])
    second = cached.geocode("  ALEPPO ", ["sy"])  # same after normalisation
    assert len(fake.requests) == 1
    assert first.source == "nominatim" and second.source == "cache"
    assert (second.name, second.lat, second.lon) == (first.name, first.lat, first.lon)
    assert (second.country_code, second.precision) == ("SY", PRECISION_TOWN)
    cached.geocode("Aleppo")  # other country codes: another key
    assert len(fake.requests) == 2


def test_cache_persists_across_instances(fake, tmp_path):
    path = tmp_path / "cache.sqlite"
    CachedGeocoder(make_nominatim(fake), path).geocode("Syria")
    again = CachedGeocoder(make_nominatim(fake), path).geocode("syria")
    assert again.source == "cache" and again.precision == PRECISION_COUNTRY
    assert len(fake.requests) == 1


def test_not_found_is_cached(fake, tmp_path):
    cached = CachedGeocoder(make_nominatim(fake), tmp_path / "cache.sqlite")
    assert cached.geocode("Atlantis") is None
    assert cached.geocode("atlantis") is None
    assert len(fake.requests) == 1


def test_corrupt_cache_file_is_moved_aside_with_a_warning(fake, tmp_path, caplog):
    path = tmp_path / "cache.sqlite"
    path.write_bytes(b"this is not an SQLite database, just some bytes" * 100)
    with caplog.at_level(logging.WARNING):
        result = CachedGeocoder(make_nominatim(fake), path).geocode("Aleppo")
    assert result.country_code == "SY"
    (aside,) = tmp_path.glob("cache.sqlite.corrupt-*")
    assert aside.read_bytes().startswith(b"this is not an SQLite")
    assert str(aside) in caplog.text
    assert CachedGeocoder(make_nominatim(fake), path).geocode("Aleppo").source == "cache"


def test_another_sqlite_database_is_never_used_as_the_cache(fake, tmp_path):
    path = tmp_path / "gazetteer.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE places (id INTEGER)")
    conn.close()
    with pytest.raises(GeocodeCacheError, match="gazetteer.sqlite"):
        CachedGeocoder(make_nominatim(fake), path).geocode("Aleppo")
    with sqlite3.connect(path) as conn:
        tables = conn.execute("SELECT name FROM sqlite_master").fetchall()
    conn.close()
    assert tables == [("places",)]


def test_a_tampered_cache_row_is_ignored_and_asked_again(fake, tmp_path, caplog):
    path = tmp_path / "cache.sqlite"
    cached = CachedGeocoder(make_nominatim(fake), path)
    cached.geocode("Aleppo")
    cached.close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE geocode_cache SET lat = 500")
    conn.close()
    with caplog.at_level(logging.WARNING):
        result = cached.geocode("Aleppo")
    assert result.source == "nominatim" and result.lat == pytest.approx(36.2021047)
    assert "bad row" in caplog.text and len(fake.requests) == 2


class StaticGeocoder:
    """An online stand-in for cache tests in other processes: answers every query but "Atlantis"."""

    def geocode(self, query, country_codes=()):
        if query == "Atlantis":
            return None
        return GeocodeResult(query, 1.0, 2.0, "SY", PRECISION_TOWN, None, "nominatim")


def fill_cache(path, worker):
    cached = CachedGeocoder(StaticGeocoder(), path)
    return [cached.geocode(f"place {worker}-{i}") is not None for i in range(50)]


def test_processes_creating_one_cache_at_once_share_it(tmp_path):
    path = tmp_path / "cache.sqlite"
    with ProcessPoolExecutor(4) as pool:
        answers = list(pool.map(fill_cache, [path] * 8, range(8)))
    assert all(all(found) for found in answers)
    assert list(tmp_path.iterdir()) == [path]  # nothing moved aside as "corrupt"
    cached = CachedGeocoder(StaticGeocoder(), path)
    assert cached.geocode("place 7-49").source == "cache"
    assert cached.geocode("Atlantis") is None and cached.geocode("atlantis") is None
