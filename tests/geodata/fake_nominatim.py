"""A local stand-in for Nominatim's /search endpoint, for tests (no internet).

It answers like https://nominatim.openstreetmap.org/search?format=json&addressdetails=1 (field
names and types from Nominatim's "Place Output" documentation: lat/lon as strings, class/type,
addresstype, place_rank, address with country_code) and records every request it gets.
"""

from __future__ import annotations

import contextlib
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

# Answers keyed by the case-folded query, best first, in Nominatim's format=json shape.
PLACES_JSON = r"""
{
 "aleppo": [
  {"place_id": 247683513, "licence": "Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright",
   "osm_type": "relation", "osm_id": 6638893, "lat": "36.2021047", "lon": "37.1342603",
   "class": "boundary", "type": "administrative", "place_rank": 16, "importance": 0.7345,
   "addresstype": "city", "name": "Aleppo",
   "display_name":
     "Aleppo, Mount Simeon Subdistrict, Mount Simeon District, Aleppo Governorate, Syria",
   "address": {"city": "Aleppo", "county": "Mount Simeon District", "state": "Aleppo Governorate",
               "ISO3166-2-lvl4": "SY-HL", "country": "Syria", "country_code": "sy"},
   "boundingbox": ["36.1200000", "36.2900000", "37.0400000", "37.2700000"]}
 ],
 "aleppo governorate": [
  {"place_id": 247810402, "licence": "Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright",
   "osm_type": "relation", "osm_id": 184832, "lat": "36.2400000", "lon": "37.5300000",
   "class": "boundary", "type": "administrative", "place_rank": 8, "importance": 0.6112,
   "addresstype": "state", "name": "Aleppo Governorate",
   "display_name": "Aleppo Governorate, Syria",
   "address": {"state": "Aleppo Governorate", "ISO3166-2-lvl4": "SY-HL", "country": "Syria",
               "country_code": "sy"},
   "boundingbox": ["35.5500000", "36.8300000", "36.4700000", "38.6800000"]}
 ],
 "syria": [
  {"place_id": 247900001, "licence": "Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright",
   "osm_type": "relation", "osm_id": 184840, "lat": "34.6401861", "lon": "39.0494106",
   "class": "boundary", "type": "administrative", "place_rank": 4, "importance": 0.8634,
   "addresstype": "country", "name": "Syria", "display_name": "Syria",
   "address": {"country": "Syria", "country_code": "sy"},
   "boundingbox": ["32.3106680", "37.3190586", "35.6148300", "42.3745687"]}
 ],
 "mediterranean sea": [
  {"place_id": 1024, "licence": "Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright",
   "osm_type": "node", "osm_id": 2179201271, "lat": "35.0000000", "lon": "18.0000000",
   "class": "place", "type": "sea", "place_rank": 2, "importance": 0.7002,
   "addresstype": "sea", "name": "Mediterranean Sea", "display_name": "Mediterranean Sea",
   "address": {"sea": "Mediterranean Sea"},
   "boundingbox": ["34.9900000", "35.0100000", "17.9900000", "18.0100000"]}
 ],
 "euphrates": [
  {"place_id": 250001, "licence": "Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright",
   "osm_type": "relation", "osm_id": 1372456, "lat": "35.9500000", "lon": "39.0100000",
   "class": "waterway", "type": "river", "place_rank": 22, "importance": 0.6401,
   "addresstype": "river", "name": "Euphrates",
   "display_name": "Euphrates, Raqqa Governorate, Syria",
   "address": {"river": "Euphrates", "state": "Raqqa Governorate", "country": "Syria",
               "country_code": "sy"},
   "boundingbox": ["29.9000000", "39.0000000", "38.2000000", "48.5000000"]}
 ],
 "springfield": [
  {"place_id": 300101, "licence": "Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright",
   "osm_type": "relation", "osm_id": 123110, "lat": "39.7990175", "lon": "-89.6439575",
   "class": "boundary", "type": "administrative", "place_rank": 16, "importance": 0.6225,
   "addresstype": "city", "name": "Springfield",
   "display_name": "Springfield, Sangamon County, Illinois, United States",
   "address": {"city": "Springfield", "county": "Sangamon County", "state": "Illinois",
               "ISO3166-2-lvl4": "US-IL", "country": "United States", "country_code": "us"},
   "boundingbox": ["39.6573000", "39.8736000", "-89.7749000", "-89.5704000"]},
  {"place_id": 300202, "licence": "Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright",
   "osm_type": "node", "osm_id": 152734, "lat": "-43.3298000", "lon": "171.9290000",
   "class": "place", "type": "village", "place_rank": 19, "importance": 0.3011,
   "addresstype": "village", "name": "Springfield",
   "display_name": "Springfield, Selwyn District, Canterbury, New Zealand",
   "address": {"village": "Springfield", "county": "Selwyn District", "state": "Canterbury",
               "ISO3166-2-lvl4": "NZ-CAN", "country": "New Zealand", "country_code": "nz"},
   "boundingbox": ["-43.3498000", "-43.3098000", "171.9090000", "171.9490000"]}
 ]
}
"""


def sample_places() -> dict[str, list[dict[str, Any]]]:
    """A fresh copy of the canned answers (tests may edit theirs)."""
    return json.loads(PLACES_JSON)


@dataclass(frozen=True)
class Request:
    """One request as the server saw it."""

    path: str
    params: dict[str, str]
    headers: dict[str, str]


@dataclass
class FakeNominatim:
    """A threaded HTTP server on 127.0.0.1 (random port) answering like Nominatim /search.

    Set ``status`` (e.g. 500, 429) to fail every request, ``delay`` to answer late (seconds),
    ``body`` to send raw bytes instead of places. Use as a context manager.
    """

    places: dict[str, list[dict[str, Any]]] = field(default_factory=sample_places)
    status: int = 200
    delay: float = 0.0
    body: bytes | None = None
    retry_after: str | None = None
    requests: list[Request] = field(default_factory=list)

    def __enter__(self) -> FakeNominatim:
        self._release = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._server.block_on_close = False
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._release.set()  # wake any request still sleeping in ``delay``
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    @property
    def domain(self) -> str:
        """host:port, for ``NominatimGeocoder(domain=..., scheme="http")``."""
        host, port = self._server.server_address[:2]
        return f"{host}:{port}"

    def answer(self, params: dict[str, str]) -> list[dict[str, Any]]:
        """The places Nominatim would send for these query parameters."""
        found = self.places.get(params.get("q", "").casefold(), [])
        if codes := params.get("countrycodes"):
            wanted = set(codes.lower().split(","))
            found = [p for p in found if p.get("address", {}).get("country_code") in wanted]
        if params.get("addressdetails") != "1":
            found = [{k: v for k, v in p.items() if k != "address"} for p in found]
        return found[: int(params.get("limit", 10))]


def _handler_for(fake: FakeNominatim) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            parts = urlsplit(self.path)
            params = dict(parse_qsl(parts.query, keep_blank_values=True))
            fake.requests.append(Request(parts.path, params, dict(self.headers.items())))
            if fake.delay and fake._release.wait(fake.delay):
                return  # shutting down: drop the request
            if parts.path != "/search":
                self._send(404, b'{"error": "not found"}')
            elif fake.status != 200:
                self._send(
                    fake.status, b"<html><body>Service unavailable</body></html>", "text/html"
                )
            elif fake.body is not None:
                self._send(200, fake.body)
            else:
                self._send(200, json.dumps(fake.answer(params)).encode("utf-8"))

        def _send(self, status: int, body: bytes, kind: str = "application/json") -> None:
            self.send_response(status)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            if fake.retry_after and status == 429:
                self.send_header("Retry-After", fake.retry_after)
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)  # the client may have given up (timeout test)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass  # keep test output clean

    return Handler
