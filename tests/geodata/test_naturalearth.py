"""Tests for geodata/naturalearth.py on the real Natural Earth shapes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from shapely.geometry import Point, shape

from geodata import naturalearth as ne

ROOT = Path(__file__).resolve().parents[2]
KM_PER_DEGREE = 111.0


@pytest.fixture(scope="module")
def outlines_file(tmp_path_factory):
    """Outlines built once into a temporary cache file, with the time it took."""
    path = tmp_path_factory.mktemp("outlines") / "outlines.geojson"
    started = time.perf_counter()
    ne.country_outlines_geojson(path)
    return path, time.perf_counter() - started


@pytest.fixture(scope="module")
def outlines(outlines_file):
    return ne.country_outlines_geojson(outlines_file[0])


def _full_shape(code: str):
    return [c.geometry for c in ne.countries() if c.iso_a2 == code]


def test_outlines_cover_the_world_in_a_small_file(outlines, outlines_file):
    path, seconds = outlines_file
    assert outlines["type"] == "FeatureCollection"
    assert len(outlines["features"]) >= 200
    assert path.stat().st_size < 1.5e6
    assert seconds < 10
    assert not list(path.parent.glob("*.tmp"))  # the atomic write left no temporary file


def test_outlines_give_iso_codes_where_natural_earth_says_minus_99(outlines):
    pairs = {(f["properties"]["iso_a2"], f["properties"]["name"]) for f in outlines["features"]}
    assert {("FR", "France"), ("NO", "Norway"), ("XK", "Kosovo"), ("TW", "Taiwan")} <= pairs
    codes = {code for code, _ in pairs}
    assert "-99" not in codes and len(codes - {None}) >= 200


def test_outline_coordinates_are_rounded_and_still_contain_their_capitals(outlines):
    by_name = {f["properties"]["name"]: f for f in outlines["features"]}
    numbers = re.findall(r"-?\d+(?:\.\d+)?", json.dumps(by_name["Norway"]["geometry"]))
    assert len(numbers) > 100
    assert all(round(float(n), 3) == float(n) for n in numbers)
    assert shape(by_name["Syria"]["geometry"]).contains(Point(36.29, 33.51))  # Damascus
    assert shape(by_name["France"]["geometry"]).contains(Point(2.35, 48.85))  # Paris
    assert {f["geometry"]["type"] for f in outlines["features"]} <= {"Polygon", "MultiPolygon"}


def test_outlines_are_read_back_from_the_cache_file(outlines_file):
    path, _ = outlines_file
    data = json.loads(path.read_text())
    data["features"][0]["properties"]["name"] = "Read from the cache"
    path.write_text(json.dumps(data))
    ne._outlines_text.cache_clear()
    assert ne.country_outlines_geojson(path)["features"][0]["properties"]["name"] == (
        "Read from the cache"
    )


@pytest.mark.parametrize(
    "stale", ["{ not json", json.dumps({"type": "FeatureCollection", "features": []})]
)
def test_a_corrupt_or_outdated_cache_is_rebuilt(tmp_path, stale):
    path = tmp_path / "outlines.geojson"
    path.write_text(stale)
    outlines = ne.country_outlines_geojson(path)
    assert len(outlines["features"]) >= 200
    assert json.loads(path.read_text())["newsmap"]["version"] == ne.OUTLINES_VERSION


def test_each_call_returns_a_fresh_dict(tmp_path):
    path = tmp_path / "outlines.geojson"
    first = ne.country_outlines_geojson(path)
    first["features"].clear()
    assert len(ne.country_outlines_geojson(path)["features"]) >= 200


@pytest.mark.parametrize(
    ("record", "code"),
    [
        ({"ISO_A2": "SY", "ISO_A2_EH": "SY", "ADM0_A3": "SYR"}, "SY"),
        ({"ISO_A2": "-99", "ISO_A2_EH": "FR", "ADM0_A3": "FRA"}, "FR"),
        ({"ISO_A2": "CN-TW", "ISO_A2_EH": "TW", "ADM0_A3": "TWN"}, "TW"),
        ({"ISO_A2": "-99", "ADM0_A3": "NOR"}, "NO"),
        ({"ISO_A2": "-99", "ISO_A2_EH": "-99", "ADM0_A3": "BRT"}, None),
    ],
)
def test_iso_a2_of_fixes_minus_99_codes(record, code):
    assert ne.iso_a2_of(record) == code


def test_border_point_of_syria_and_iraq_lies_on_their_border():
    lat, lon = ne.border_point("SY", "IQ")
    assert 34.0 <= lat <= 36.5 and 40.0 <= lon <= 42.5
    point = Point(lon, lat)
    for code in ("SY", "IQ"):
        km = min(g.distance(point) for g in _full_shape(code)) * KM_PER_DEGREE
        assert km < 30, code


def test_border_point_ignores_order_and_case():
    assert ne.border_point("iq", "sy ") == ne.border_point("SY", "IQ")


@pytest.mark.parametrize(("a", "b"), [("FR", "JP"), ("SY", "SY"), ("SY", "ZZ"), ("", "IQ")])
def test_border_point_is_none_without_a_shared_border(a, b):
    assert ne.border_point(a, b) is None


def test_border_point_bridges_a_hairline_gap():
    # Natural Earth draws China and Macao 0.0007° apart; the border is still found.
    lat, lon = ne.border_point("CN", "MO")
    assert 22.1 < lat < 22.3 and 113.5 < lon < 113.6


@pytest.mark.parametrize(
    ("lat", "lon", "code"),
    [
        (36.2, 37.16, "SY"),  # Aleppo
        (48.85, 2.35, "FR"),  # Paris
        (59.91, 10.75, "NO"),  # Oslo
        (42.66, 21.16, "XK"),  # Pristina
        (-33.87, 151.21, "AU"),  # Sydney
        (0.0, -30.0, None),  # mid-Atlantic
        (35.0, 18.0, None),  # Ionian Sea
    ],
)
def test_country_at_finds_the_country_around_a_point(lat, lon, code):
    assert ne.country_at(lat, lon) == code


def test_importing_reads_no_shapes():
    script = "import sys, geodata.naturalearth; print('shapefile' in sys.modules)"
    command = [sys.executable, "-c", script]  # our own one-liner, run by our own interpreter
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)  # noqa: S603
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_countries_carry_their_label_point_and_zoom():

    syria = next(c for c in ne.countries() if c.iso_a2 == "SY")
    lat, lon = syria.label
    assert syria.geometry.contains(Point(lon, lat))  # the name stands inside the country
    assert 1 <= syria.min_label <= 6
