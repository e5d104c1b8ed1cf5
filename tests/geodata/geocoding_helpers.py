"""Shared stand-ins for the geocoder tests: a fake clock and gazetteer, a Nominatim client for
the local fake server (tests/geodata/fake_nominatim.py)."""

from __future__ import annotations

import socket

from geodata.geocoding import NominatimGeocoder
from geodata.model import MATCH_NAME, Candidate, Place
from tests.geodata.fake_nominatim import FakeNominatim

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
