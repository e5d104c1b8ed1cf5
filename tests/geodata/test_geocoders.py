"""Geocoders behind one interface: the gazetteer, Nominatim (a local fake server), cache, chain."""

from __future__ import annotations

import logging
import pickle
import socket
import sqlite3
from concurrent.futures import ProcessPoolExecutor

import pytest
from geopy.exc import ConfigurationError

from geodata.geocoding import (
    CachedGeocoder,
    ChainGeocoder,
    GeocodeCacheError,
    Geocoder,
    GeocodeResult,
    NominatimGeocoder,
    OfflineGeocoder,
    best_candidate,
    default_geocoder,
    nominatim_from_env,
    place_from_result,
)
from geodata.geocoding.base import MAX_QUERY_CHARS, normalize_country_codes
from geodata.geocoding.nominatim import precision_from_nominatim
from geodata.model import (
    MATCH_ALT,
    MATCH_LOOSE,
    MATCH_NAME,
    PRECISION_ADMIN,
    PRECISION_COUNTRY,
    PRECISION_REGION,
    PRECISION_TOWN,
    Candidate,
    Place,
)
from tests.geodata.fake_nominatim import FakeNominatim, sample_places

USER_AGENT = "newsmap-tests/0.1 (tests@example.org)"


class FakeClock:
    """A clock whose sleep only records the request and moves time on."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


class FakeGazetteer:
    """Only what OfflineGeocoder uses of geodata.gazetteer.Gazetteer: candidates(name)."""

    def __init__(self, entries: dict[str, list[Candidate]]) -> None:
        self.entries = entries
        self.asked: list[str] = []

    def candidates(self, name: str) -> list[Candidate]:
        self.asked.append(name)
        return list(self.entries.get(name.casefold(), []))


def place(place_id, name, country, population, kind="city", lat=10.0, lon=20.0, geonameid=None):
    return Place(place_id, name, lat, lon, kind, country, None, population, geonameid)


ALEPPO = place(1, "Aleppo", "SY", 1_602_264, lat=36.20124, lon=37.16117, geonameid=170063)
GAZETTEER_ENTRIES = {
    "aleppo": [Candidate(ALEPPO, MATCH_NAME)],
    "syria": [Candidate(place(2, "Syria", "SY", 22_933_531, kind="country"), MATCH_NAME)],
}


@pytest.fixture
def fake():
    with FakeNominatim() as server:
        yield server


def make_nominatim(fake: FakeNominatim, clock: FakeClock | None = None, **kwargs):
    """A Nominatim client for the fake server with the default 1 s spacing on a fake clock."""
    clock = clock or FakeClock()
    kwargs = {"timeout": 5.0, **kwargs}
    return NominatimGeocoder(
        USER_AGENT,
        scheme="http",
        domain=fake.domain,
        proxies={},
        clock=clock,
        sleep=clock.sleep,
        **kwargs,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
        ({"delay": 2.0}, "GeocoderTimedOut"),
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
    chain = online_chain(fake, tmp_path, timeout=0.3)
    for attribute, value in failure.items():
        setattr(fake, attribute, value)
    with caplog.at_level(logging.WARNING):
        assert chain.geocode("Aleppo") is None
    assert error_name in caplog.text and "'Aleppo'" in caplog.text
    fake.status, fake.delay, fake.body = 200, 0.0, None
    assert chain.geocode("Aleppo").source == "nominatim"  # asked again: the failure was not cached
    assert len(fake.requests) == 2


def test_refused_connection_gives_none_with_a_warning(tmp_path, caplog):
    geocoder = NominatimGeocoder(
        USER_AGENT, scheme="http", domain=f"127.0.0.1:{free_port()}", proxies={}, timeout=2
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
