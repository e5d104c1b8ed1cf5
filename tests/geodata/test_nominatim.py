"""Nominatim through geopy, against a local fake server: parsing, requests, rate limit, settings."""

from __future__ import annotations

import pytest
from geopy.exc import ConfigurationError

from geodata.geocoding import GeocodeResult, NominatimGeocoder, nominatim_from_env
from geodata.geocoding.nominatim import precision_from_nominatim
from geodata.model import PRECISION_ADMIN, PRECISION_COUNTRY, PRECISION_REGION, PRECISION_TOWN
from tests.geodata.fake_nominatim import sample_places
from tests.geodata.geocoding_helpers import USER_AGENT, FakeClock, make_nominatim

# --- Nominatim ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "precision"),
    [
        ("aleppo", PRECISION_TOWN),
        ("aleppo governorate", PRECISION_ADMIN),
        ("syria", PRECISION_COUNTRY),
        ("mediterranean sea", PRECISION_REGION),
        ("euphrates", PRECISION_REGION),
        ("springfield", PRECISION_TOWN),
    ],
)
def test_precision_from_nominatim_places(query, precision):
    assert precision_from_nominatim(sample_places()[query][0]) == precision


@pytest.mark.parametrize(
    ("raw", "precision"),
    [
        ({"category": "boundary", "type": "administrative", "addresstype": "state"}, "admin"),
        ({"category": "natural", "type": "peak", "addresstype": "peak"}, "town"),
        ({"class": "boundary", "type": "administrative", "place_rank": 12}, "admin"),
        ({"class": "boundary", "type": "administrative", "place_rank": 4}, "country"),
        ({"class": "amenity", "type": "hospital", "addresstype": "amenity"}, "town"),
    ],
)
def test_precision_from_jsonv2_fields_and_place_rank(raw, precision):
    assert precision_from_nominatim(raw) == precision


def test_nominatim_hit_is_parsed_to_our_result(fake):
    result = make_nominatim(fake).geocode("Aleppo")
    assert result == GeocodeResult(
        name="Aleppo, Mount Simeon Subdistrict, Mount Simeon District, Aleppo Governorate, Syria",
        lat=36.2021047,
        lon=37.1342603,
        country_code="SY",
        precision=PRECISION_TOWN,
        geonameid=None,
        source="nominatim",
    )


def test_nominatim_request_is_a_search_with_our_user_agent_and_parameters(fake):
    make_nominatim(fake).geocode("Springfield", country_codes=["NZ"])
    (request,) = fake.requests
    assert request.path == "/search"
    assert request.headers["User-Agent"] == USER_AGENT
    assert request.params == {
        "q": "Springfield",
        "format": "json",
        "limit": "1",
        "countrycodes": "nz",
        "addressdetails": "1",
        "accept-language": "en",
    }


def test_nominatim_country_codes_restrict_the_answer(fake):
    geocoder = make_nominatim(fake)
    assert geocoder.geocode("Springfield").country_code == "US"
    assert geocoder.geocode("Springfield", ["nz"]).country_code == "NZ"
    assert geocoder.geocode("Aleppo", ["IQ"]) is None


def test_rate_limiter_spaces_requests_one_second_apart_without_waiting(fake):
    clock = FakeClock()
    geocoder = make_nominatim(fake, clock)
    geocoder.geocode("Aleppo")
    clock.now += 0.25
    geocoder.geocode("Syria")
    assert clock.sleeps == [pytest.approx(0.75)]
    clock.now += 5.0
    geocoder.geocode("Euphrates")
    assert clock.sleeps == [pytest.approx(0.75)]  # long after the last one: no wait
    assert len(fake.requests) == 3


def test_public_nominatim_refuses_faster_than_one_request_per_second():
    with pytest.raises(ConfigurationError, match="1 request/s"):
        NominatimGeocoder(USER_AGENT, min_delay_seconds=0.5)
    with pytest.raises(ConfigurationError, match="NEWSMAP_NOMINATIM_USER_AGENT"):
        NominatimGeocoder("  ")


def test_nominatim_from_env_is_off_without_a_user_agent():
    assert nominatim_from_env({}) is None
    assert nominatim_from_env({"NEWSMAP_NOMINATIM_URL": "http://127.0.0.1:1"}) is None


def test_nominatim_from_env_reads_user_agent_and_url():
    env = {
        "NEWSMAP_NOMINATIM_USER_AGENT": USER_AGENT,
        "NEWSMAP_NOMINATIM_URL": "http://127.0.0.1:8080/nominatim/search",
    }
    geocoder = nominatim_from_env(env)
    assert geocoder.api_url == "http://127.0.0.1:8080/nominatim/search"
    assert geocoder.user_agent == USER_AGENT
    public = nominatim_from_env({"NEWSMAP_NOMINATIM_USER_AGENT": USER_AGENT})
    assert public.api_url == "https://nominatim.openstreetmap.org/search"
    assert public.min_delay_seconds == 1.0 and public.timeout == 10.0


def test_nominatim_from_env_names_a_bad_url_variable():
    env = {"NEWSMAP_NOMINATIM_USER_AGENT": USER_AGENT, "NEWSMAP_NOMINATIM_URL": "ftp://x.org"}
    with pytest.raises(ConfigurationError, match="NEWSMAP_NOMINATIM_URL"):
        nominatim_from_env(env)
