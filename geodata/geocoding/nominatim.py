"""Nominatim (OpenStreetMap) through geopy, rate limited to its usage policy; off unless configured.

geopy's ``Nominatim`` builds the request and raises geopy's exceptions (timeouts, HTTP 429/5xx,
refused connections); geopy's ``RateLimiter`` wraps it (1 request/s by default, as the public
server's policy asks). This module only maps Nominatim's answer to a :class:`GeocodeResult`.
Policy: https://operations.osmfoundation.org/policies/nominatim/
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from timeit import default_timer
from typing import Any
from urllib.parse import urlsplit

from geopy.adapters import RequestsAdapter
from geopy.exc import ConfigurationError, GeocoderParseError, GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim

from geodata.geocoding.base import (
    SOURCE_NOMINATIM,
    GeocodeResult,
    clean_query,
    normalize_country_codes,
)
from geodata.model import PRECISION_ADMIN, PRECISION_COUNTRY, PRECISION_REGION, PRECISION_TOWN

ENV_USER_AGENT = "NEWSMAP_NOMINATIM_USER_AGENT"
ENV_URL = "NEWSMAP_NOMINATIM_URL"
PUBLIC_DOMAIN = "nominatim.openstreetmap.org"
DEFAULT_TIMEOUT = 10.0
MAX_NAME_CHARS = 300

# Nominatim's addresstype / type values, by our precision. Anything else falls back to
# place_rank (4 country, 5-12 states/regions/counties, 13+ settlements and below).
_REGION_TYPES = frozenset({"continent", "ocean", "sea", "bay", "strait", "gulf", "archipelago"})
_ADMIN_TYPES = frozenset({"state", "province", "region", "state_district", "county"})
_TOWN_TYPES = frozenset(
    {"city", "town", "village", "hamlet", "isolated_dwelling", "farm", "municipality"}
    | {"city_district", "borough", "suburb", "quarter", "neighbourhood", "locality", "square"}
)
_AREA_CLASSES = frozenset({"natural", "waterway", "water"})  # areas and lines, except points:
_POINT_NATURAL = frozenset({"peak", "volcano", "hill", "saddle", "spring", "cave_entrance"})


def precision_from_nominatim(raw: Mapping[str, Any]) -> str:
    """Our precision for one Nominatim place (``format=json`` or ``jsonv2`` fields)."""
    osm_class = raw.get("class") or raw.get("category")  # jsonv2 calls it "category"
    osm_type = raw.get("type")
    addresstype = raw.get("addresstype")
    kinds = {addresstype, osm_type if osm_class in ("place", "boundary") else None}
    if "country" in kinds:
        return PRECISION_COUNTRY
    if kinds & _REGION_TYPES or osm_type in _REGION_TYPES:
        return PRECISION_REGION
    if osm_class in _AREA_CLASSES:
        return PRECISION_TOWN if osm_type in _POINT_NATURAL else PRECISION_REGION
    if kinds & _ADMIN_TYPES:
        return PRECISION_ADMIN
    if kinds & _TOWN_TYPES:
        return PRECISION_TOWN
    try:
        rank = int(raw.get("place_rank"))
    except (TypeError, ValueError):
        return PRECISION_TOWN  # a point Nominatim found: treat as a place
    if rank <= 3:
        return PRECISION_REGION
    if rank == 4:
        return PRECISION_COUNTRY
    return PRECISION_ADMIN if rank <= 12 else PRECISION_TOWN


def result_from_nominatim(raw: Any) -> GeocodeResult:
    """One Nominatim place as a result; ``GeocoderParseError`` when it is not a usable place."""
    if not isinstance(raw, Mapping):
        raise GeocoderParseError(f"Nominatim place is not a JSON object: {raw!r:.200}")
    name = raw.get("display_name") or raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise GeocoderParseError(f"Nominatim place has no display_name: {dict(raw)!r:.200}")
    address = raw.get("address")
    code = address.get("country_code") if isinstance(address, Mapping) else None
    code = code.upper() if isinstance(code, str) and len(code) == 2 and code.isalpha() else None
    try:
        return GeocodeResult(
            name=name.strip()[:MAX_NAME_CHARS],
            lat=float(raw["lat"]),
            lon=float(raw["lon"]),
            country_code=code,
            precision=precision_from_nominatim(raw),
            geonameid=None,
            source=SOURCE_NOMINATIM,
        )
    except (KeyError, TypeError, ValueError) as error:
        raise GeocoderParseError(f"Nominatim place has no usable lat/lon: {error}") from error


class InjectableRateLimiter(RateLimiter):
    """geopy's RateLimiter with its clock and sleep replaceable (geopy's own tests patch these)."""

    def __init__(
        self,
        func: Callable[..., Any],
        *,
        clock: Callable[[], float] = default_timer,
        sleep: Callable[[float], None] = time.sleep,
        **kwargs: Any,
    ) -> None:
        super().__init__(func, **kwargs)
        self._clock_fn = clock
        self._sleep_fn = sleep

    def _clock(self) -> float:
        return self._clock_fn()

    def _sleep(self, seconds: float) -> None:
        self._sleep_fn(seconds)


class NominatimGeocoder:
    """A Nominatim /search client with a required user agent, one request per ``min_delay_seconds``.

    Failures are raised as geopy exceptions (``GeocoderServiceError`` and subclasses) and never
    swallowed here, so a cache above can tell "not found" (None) from "could not ask".
    ``max_retries`` is 0 by default: a failed query is simply asked again next time.
    """

    def __init__(
        self,
        user_agent: str,
        *,
        domain: str = PUBLIC_DOMAIN,
        scheme: str = "https",
        timeout: float = DEFAULT_TIMEOUT,
        language: str | None = "en",
        min_delay_seconds: float = 1.0,
        max_retries: int = 0,
        proxies: Mapping[str, str] | None = None,
        clock: Callable[[], float] = default_timer,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not isinstance(user_agent, str) or not user_agent.strip():
            raise ConfigurationError(
                f"Nominatim needs a user agent naming this application and a contact; "
                f"set {ENV_USER_AGENT} (e.g. 'newsmap/0.1 (you@example.org)')"
            )
        if scheme not in ("http", "https"):
            raise ConfigurationError(f"Nominatim scheme must be http or https, not {scheme!r}")
        if domain.strip("/") == PUBLIC_DOMAIN and min_delay_seconds < 1.0:
            raise ConfigurationError("the public Nominatim server allows at most 1 request/s")
        self.user_agent = user_agent.strip()
        self.domain = domain.strip("/")
        self.scheme = scheme
        self.timeout = timeout
        self.language = language
        self.min_delay_seconds = min_delay_seconds
        self.max_retries = max_retries
        self.proxies = dict(proxies) if proxies is not None else None
        self.clock = clock
        self.sleep = sleep
        self._geocode = self._build()

    def _build(self) -> InjectableRateLimiter:
        nominatim = Nominatim(
            user_agent=self.user_agent,
            domain=self.domain,
            scheme=self.scheme,
            timeout=self.timeout,
            proxies=self.proxies,
            # No hidden connection/read retries below the rate limiter: one query, one request.
            adapter_factory=partial(RequestsAdapter, max_retries=0),
        )
        return InjectableRateLimiter(
            nominatim.geocode,
            min_delay_seconds=self.min_delay_seconds,
            max_retries=self.max_retries,
            error_wait_seconds=max(5.0, self.min_delay_seconds),
            swallow_exceptions=False,
            clock=self.clock,
            sleep=self.sleep,
        )

    @property
    def api_url(self) -> str:
        """The /search endpoint this geocoder asks."""
        return f"{self.scheme}://{self.domain}/search"

    def geocode(self, query: str, country_codes: Sequence[str] = ()) -> GeocodeResult | None:
        """Nominatim's first hit for ``query`` (restricted to ``country_codes``), or None.

        Raises ``geopy.exc.GeocoderServiceError`` (or a subclass) when Nominatim cannot answer.
        """
        cleaned = clean_query(query)
        if cleaned is None:
            return None
        codes = [code.lower() for code in normalize_country_codes(country_codes)]
        try:
            location = self._geocode(
                cleaned,
                exactly_one=True,
                addressdetails=True,
                language=self.language or False,
                country_codes=codes or None,
            )
        except GeopyError:
            raise
        except (AttributeError, IndexError, KeyError, TypeError, ValueError) as error:
            # geopy's parser trips over JSON that is not a list of places.
            message = f"{self.api_url} answered something that is not a place: {error}"
            raise GeocoderParseError(message) from error
        return None if location is None else result_from_nominatim(location.raw)

    # The rate limiter holds a lock: rebuild it after unpickling (one limiter per process).
    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        del state["_geocode"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._geocode = self._build()

    def __repr__(self) -> str:
        return f"NominatimGeocoder({self.api_url!r}, user_agent={self.user_agent!r})"


def nominatim_from_env(
    environ: Mapping[str, str] | None = None, **kwargs: Any
) -> NominatimGeocoder | None:
    """A Nominatim geocoder when ``NEWSMAP_NOMINATIM_USER_AGENT`` is set, else None (offline only).

    ``NEWSMAP_NOMINATIM_URL`` (optional) points at another server, e.g. ``http://127.0.0.1:8080``
    or ``https://nominatim.example.org/nominatim``; the default is the public server.
    Other keyword arguments go to :class:`NominatimGeocoder`.
    """
    environ = os.environ if environ is None else environ
    user_agent = environ.get(ENV_USER_AGENT, "").strip()
    if not user_agent:
        return None
    url = environ.get(ENV_URL, "").strip()
    if url:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigurationError(
                f"{ENV_URL}={url!r} is not an http(s) URL; set it like https://nominatim.example.org"
            )
        path = parts.path.rstrip("/").removesuffix("/search")
        kwargs = {"scheme": parts.scheme, "domain": parts.netloc + path, **kwargs}
    return NominatimGeocoder(user_agent, **kwargs)
