"""Fixtures for the gazetteer tests: the real built gazetteer and small real-data sources."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from geodata.gazetteer import Gazetteer
from geodata.gazetteer_sources import Sources

# Real cities500 records used by the small builds: Aleppo, Ar Raqqah, Paris, N'Djamena.
MINI_CITY_IDS = ("170063", "172955", "2988507", "2427123")
# Countries whose every cities500 record makes the "small real source" (633 cities): states and
# districts with seats and middles, capitals, a country across the antimeridian (Fiji).
SMALL_COUNTRIES = ("SY", "TD", "FJ", "LU")
# One cities500 member: "id": {...} (records hold lists, never objects)
_CITY_MEMBER = re.compile(r'"(\d+)": (\{[^{}]*"countrycode": "([A-Z]{2})"[^{}]*\})')


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    """The real gazetteer: geodata's built file, built first by Gazetteer.open when missing or
    of an older schema; the geoparser fixture opens the same file, so a run builds it once."""
    gaz = Gazetteer.open()
    yield gaz
    gaz.close()


@pytest.fixture(scope="session")
def mini_cities_text() -> str:
    """A cities500.json holding a handful of real records (fast builds)."""
    text = Sources.installed().cities_json.read_text(encoding="utf-8")
    decoder = json.JSONDecoder()
    records = {}
    for key in MINI_CITY_IDS:  # decode just these members instead of the 80 MB object
        start = text.index(f'"{key}": {{') + len(f'"{key}": ')
        records[key] = decoder.raw_decode(text, start)[0]
    return json.dumps(records)


@pytest.fixture(scope="session")
def small_sources(tmp_path_factory) -> Sources:
    """Installed sources, except cities500.json cut down to every city of SMALL_COUNTRIES."""
    text = Sources.installed().cities_json.read_text(encoding="utf-8")
    kept = [f'"{m[1]}": {m[2]}' for m in _CITY_MEMBER.finditer(text) if m[3] in SMALL_COUNTRIES]
    folder = tmp_path_factory.mktemp("small-sources")
    cities = folder / "cities500.json"
    cities.write_text("{" + ", ".join(kept) + "}", encoding="utf-8")
    return replace(Sources.installed(), cities_json=cities)


@pytest.fixture
def mini_sources(tmp_path: Path, mini_cities_text: str) -> Sources:
    """Installed sources, except a small cities file and a two-row regions table."""
    cities = tmp_path / "cities500.json"
    cities.write_text(mini_cities_text, encoding="utf-8")
    regions = tmp_path / "regions.csv"
    regions.write_text(
        "# test table\nname,aliases,kind,lat,lon,geonameid,country_code\n"
        "Lake Chad,Lac Tchad,water,13.0,14.5,,\nSahel,,region,15.0,1.0,,\n",
        encoding="utf-8",
    )
    return replace(Sources.installed(), cities_json=cities, regions_csv=regions)


@pytest.fixture
def fake():
    """A local HTTP server answering like Nominatim (tests/geodata/fake_nominatim.py)."""
    from tests.geodata.fake_nominatim import FakeNominatim

    with FakeNominatim() as server:
        yield server
