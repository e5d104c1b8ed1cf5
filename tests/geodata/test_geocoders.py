"""Geocoders behind one interface: the result record, shared helpers, the offline gazetteer."""

from __future__ import annotations

import sqlite3

import pytest

from geodata.geocoding import Geocoder, GeocodeResult, OfflineGeocoder, best_candidate
from geodata.geocoding.base import MAX_QUERY_CHARS, normalize_country_codes
from geodata.model import (
    MATCH_ALT,
    MATCH_LOOSE,
    MATCH_NAME,
    PRECISION_COUNTRY,
    PRECISION_TOWN,
    Candidate,
)
from tests.geodata.geocoding_helpers import GAZETTEER_ENTRIES, FakeGazetteer, place

# --- the result record and shared helpers -------------------------------------------------------


@pytest.mark.parametrize(
    ("lat", "lon", "precision", "source"),
    [
        (91.0, 0.0, PRECISION_TOWN, "nominatim"),
        (0.0, -180.5, PRECISION_TOWN, "nominatim"),
        (float("nan"), 0.0, PRECISION_TOWN, "nominatim"),
        (0.0, 0.0, "street", "nominatim"),
        (0.0, 0.0, PRECISION_TOWN, "google"),
    ],
)
def test_geocode_result_refuses_impossible_values(lat, lon, precision, source):
    with pytest.raises(ValueError):
        GeocodeResult("X", lat, lon, None, precision, None, source)


def test_country_codes_are_normalized_and_a_single_string_is_one_code():
    assert normalize_country_codes("sy") == ("SY",)
    assert normalize_country_codes(["iq", " SY", "IQ"]) == ("IQ", "SY")
    with pytest.raises(ValueError, match="'SYR'"):
        normalize_country_codes(["SYR"])


# --- offline --------------------------------------------------------------------------------------


def test_best_candidate_prefers_wanted_country_then_match_kind_then_population():
    big_alt = Candidate(place(1, "Tripoli", "LY", 1_150_989), MATCH_ALT)
    small_name = Candidate(place(2, "Tripoli", "LB", 229_398), MATCH_NAME)
    loose_us = Candidate(place(3, "Tripoli", "US", 1_300), MATCH_LOOSE)
    other_name = Candidate(place(4, "Tripoli", "GR", 30_000), MATCH_NAME)
    candidates = [big_alt, small_name, loose_us, other_name]
    assert best_candidate(candidates) is small_name  # name match beats alt, then population
    assert best_candidate(candidates, ["LY"]) is big_alt
    assert best_candidate(candidates, ["us", "gr"]) is other_name
    assert best_candidate(candidates, ["FR"]) is small_name  # a preference, not a filter
    assert best_candidate([]) is None


def test_offline_geocoder_answers_from_the_gazetteer_with_its_geonameid():
    gazetteer = FakeGazetteer(GAZETTEER_ENTRIES)
    result = OfflineGeocoder(gazetteer).geocode("  Aleppo ")
    assert result == GeocodeResult(
        "Aleppo", 36.20124, 37.16117, "SY", PRECISION_TOWN, 170063, "gazetteer"
    )
    assert gazetteer.asked == ["Aleppo"]
    assert OfflineGeocoder(gazetteer).geocode("Atlantis") is None
    assert isinstance(OfflineGeocoder(gazetteer), Geocoder)


def test_offline_geocoder_skips_empty_and_overlong_queries_without_asking():
    gazetteer = FakeGazetteer(GAZETTEER_ENTRIES)
    geocoder = OfflineGeocoder(gazetteer)
    assert geocoder.geocode("   ") is None
    assert geocoder.geocode("a" * (MAX_QUERY_CHARS + 1)) is None
    assert gazetteer.asked == []


@pytest.mark.model
def test_offline_geocoder_with_the_real_gazetteer():
    gazetteer_module = pytest.importorskip("geodata.gazetteer")
    try:
        gazetteer = gazetteer_module.Gazetteer.open()
    except (OSError, RuntimeError, ValueError, sqlite3.Error) as error:
        pytest.skip(f"the gazetteer is not built here: {error}")
    geocoder = OfflineGeocoder(gazetteer)
    aleppo = geocoder.geocode("Aleppo")
    assert aleppo is not None and aleppo.country_code == "SY"
    assert abs(aleppo.lat - 36.2) < 0.5 and abs(aleppo.lon - 37.15) < 0.5
    syria = geocoder.geocode("Syria")
    assert syria is not None and syria.precision == PRECISION_COUNTRY
    assert geocoder.geocode("Tripoli").country_code == "LY"  # the larger one by default
    assert geocoder.geocode("Tripoli", ["LB"]).country_code == "LB"
    assert geocoder.geocode("Qzxwvkjh") is None
