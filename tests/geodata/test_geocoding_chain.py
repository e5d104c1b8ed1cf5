"""Failing services and the chain: offline first, online on a miss, back-off, pickling."""

from __future__ import annotations

import logging
import pickle

import pytest

from geodata.geocoding import (
    CachedGeocoder,
    ChainGeocoder,
    NominatimGeocoder,
    OfflineGeocoder,
    default_geocoder,
    place_from_result,
)
from geodata.model import PRECISION_COUNTRY, PRECISION_REGION
from tests.geodata.geocoding_helpers import (
    GAZETTEER_ENTRIES,
    USER_AGENT,
    FakeClock,
    FakeGazetteer,
    free_port,
    make_nominatim,
)

GENEROUS = 30.0  # seconds: a loopback answer on a machine busy with other work

# --- failures and the chain -----------------------------------------------------------------------


def online_chain(fake, tmp_path, **kwargs):
    cached = CachedGeocoder(make_nominatim(fake, **kwargs), tmp_path / "cache.sqlite")
    return ChainGeocoder([cached], backoff_seconds=0)


@pytest.mark.parametrize(
    ("failure", "error_name"),
    [
        ({"status": 500}, "GeocoderServiceError"),
        ({"status": 429}, "GeocoderRateLimited"),
        ({"status": 503}, "GeocoderTimedOut"),
        ({"delay": 3600.0}, "GeocoderTimedOut"),  # answers only when the server stops
        ({"body": b"<html>not json</html>"}, "GeocoderParseError"),
        ({"body": b'"a string"'}, "GeocoderParseError"),
        pytest.param(
            {"body": b'[{"lat": "95.0", "lon": "1", "display_name": "X"}]'},
            "GeocoderParseError",
            marks=pytest.mark.filterwarnings("ignore:Latitude normalization"),
        ),
        ({"body": b'[{"lat": "35.0", "display_name": "no lon"}]'}, "GeocoderParseError"),
        ({"body": b'{"error": "Nothing to search for"}'}, "GeocoderQueryError"),
    ],
)
def test_failing_nominatim_gives_none_with_a_warning_and_is_not_cached(
    fake, tmp_path, caplog, failure, error_name
):
    # A timeout short enough to keep the test quick only where the server never answers; a
    # generous one elsewhere, so a busy machine answering late is no "timed out".
    timeout = 1.0 if "delay" in failure else GENEROUS
    chain = online_chain(fake, tmp_path, timeout=timeout)
    for attribute, value in failure.items():
        setattr(fake, attribute, value)
    with caplog.at_level(logging.WARNING):
        assert chain.geocode("Aleppo") is None
    assert error_name in caplog.text and "'Aleppo'" in caplog.text
    fake.status, fake.delay, fake.body = 200, 0.0, None
    again = online_chain(fake, tmp_path, timeout=GENEROUS)  # the same cache file
    assert again.geocode("Aleppo").source == "nominatim"  # asked again: the failure was not cached
    assert len(fake.requests) == 2


def test_refused_connection_gives_none_with_a_warning(tmp_path, caplog):
    geocoder = NominatimGeocoder(
        USER_AGENT, scheme="http", domain=f"127.0.0.1:{free_port()}", proxies={}, timeout=GENEROUS
    )
    chain = ChainGeocoder([CachedGeocoder(geocoder, tmp_path / "cache.sqlite")])
    with caplog.at_level(logging.WARNING):
        assert chain.geocode("Aleppo") is None
    assert "GeocoderUnavailable" in caplog.text


def test_chain_uses_offline_first_and_online_only_on_a_miss(fake, tmp_path):
    gazetteer = FakeGazetteer(GAZETTEER_ENTRIES)
    cached = CachedGeocoder(make_nominatim(fake), tmp_path / "cache.sqlite")
    chain = ChainGeocoder([OfflineGeocoder(gazetteer), cached])
    assert chain.geocode("Aleppo").source == "gazetteer"
    assert fake.requests == []
    assert chain.geocode("Euphrates").source == "nominatim"
    assert [r.params["q"] for r in fake.requests] == ["Euphrates"]
    assert chain.geocode("Euphrates").source == "cache"
    assert chain.geocode("Atlantis") is None
    assert gazetteer.asked == ["Aleppo", "Euphrates", "Euphrates", "Atlantis"]


def test_chain_backs_off_a_failing_service_and_honours_retry_after(fake, tmp_path):
    clock = FakeClock()
    gazetteer = FakeGazetteer(GAZETTEER_ENTRIES)
    online = CachedGeocoder(make_nominatim(fake), tmp_path / "cache.sqlite")
    chain = ChainGeocoder([OfflineGeocoder(gazetteer), online], backoff_seconds=60, clock=clock)
    fake.status, fake.retry_after = 429, "120"
    assert chain.geocode("Euphrates") is None
    fake.status = 200
    clock.now += 100  # past the backoff, not past Retry-After
    assert chain.geocode("Euphrates") is None
    assert chain.geocode("Aleppo").source == "gazetteer"  # offline answers are never lost
    assert len(fake.requests) == 1
    clock.now += 21
    assert chain.geocode("Euphrates").source == "nominatim"
    assert len(fake.requests) == 2


def test_default_geocoder_is_offline_unless_nominatim_is_configured(tmp_path):
    gazetteer = FakeGazetteer(GAZETTEER_ENTRIES)
    assert isinstance(default_geocoder(gazetteer, environ={}), OfflineGeocoder)
    env = {"NEWSMAP_NOMINATIM_USER_AGENT": USER_AGENT, "NEWSMAP_NOMINATIM_URL": "http://h:1"}
    chain = default_geocoder(gazetteer, environ=env, cache_path=tmp_path / "c.sqlite")
    offline, online = chain.geocoders
    assert isinstance(offline, OfflineGeocoder) and offline.gazetteer is gazetteer
    assert isinstance(online, CachedGeocoder) and online.cache_path == tmp_path / "c.sqlite"
    assert online.inner.api_url == "http://h:1/search"
    assert chain.geocode("Syria").precision == PRECISION_COUNTRY  # offline: nothing contacted


def test_default_geocoder_without_a_gazetteer_is_the_online_fallback_or_none(fake, tmp_path):
    assert default_geocoder(environ={}) is None
    env = {
        "NEWSMAP_NOMINATIM_USER_AGENT": USER_AGENT,
        "NEWSMAP_NOMINATIM_URL": f"http://{fake.domain}",
    }
    fallback = default_geocoder(environ=env, cache_path=tmp_path / "c.sqlite")
    assert fallback.geocode("Euphrates").source == "nominatim"
    fake.status = 500
    assert fallback.geocode("Aleppo") is None  # failures are caught by the chain inside


@pytest.mark.parametrize("query", ["aleppo", "aleppo governorate", "syria", "mediterranean sea"])
def test_place_from_result_keeps_point_country_and_precision(fake, query):
    result = make_nominatim(fake).geocode(query)
    place = place_from_result(result)
    assert (place.name, place.lat, place.lon) == (result.name, result.lat, result.lon)
    assert place.country_code == result.country_code and place.precision == result.precision
    assert place.place_id == 0 and place.geonameid is None


def test_chain_pickles_for_worker_processes(fake, tmp_path):
    gazetteer = FakeGazetteer(GAZETTEER_ENTRIES)
    cached = CachedGeocoder(make_nominatim(fake), tmp_path / "cache.sqlite")
    chain = ChainGeocoder([OfflineGeocoder(gazetteer), cached])
    assert chain.geocode("Euphrates").source == "nominatim"
    copy = pickle.loads(pickle.dumps(chain))  # noqa: S301 (our own object)
    assert copy.geocode("Euphrates").source == "cache"
    assert copy.geocode("Syria").source == "gazetteer"
    assert copy.geocode("Mediterranean Sea").precision == PRECISION_REGION
    assert len(fake.requests) == 2


def test_a_servers_raw_answer_reaches_the_log_quoted_and_cut(fake, tmp_path, caplog):
    """geopy puts an unparsable answer's whole body in its error: one line in the log, not a
    forged line or ten kilobytes."""
    chain = online_chain(fake, tmp_path)
    fake.body = b"<html>\n2026-01-01 WARNING admin logged in from 10.0.0.1\n" + b"x" * 10_000
    with caplog.at_level(logging.WARNING):
        assert chain.geocode("Aleppo") is None
    (record,) = [r for r in caplog.records if r.name == "geodata.geocoding.chain"]
    line = record.getMessage()
    assert "\n" not in line
    assert "\\n2026-01-01 WARNING admin logged in" in line  # quoted, so it reads as data
    assert len(line) < 600 and "characters)" in line
