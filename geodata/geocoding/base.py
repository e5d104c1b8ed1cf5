"""The geocoder interface: one result record, one protocol, and the query normalisation they share.

Like geopy's ``geocoders/base.py``: every geocoder answers ``geocode(query, country_codes)`` with
one :class:`GeocodeResult` or None. Service failures use geopy's exception tree
(``geopy.exc.GeocoderServiceError`` and its subclasses) so callers catch one family.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from geodata.model import (
    PRECISION_ADMIN,
    PRECISION_COUNTRY,
    PRECISION_REGION,
    PRECISION_TOWN,
    PRECISIONS,
    Place,
)

SOURCE_GAZETTEER = "gazetteer"
SOURCE_NOMINATIM = "nominatim"
SOURCE_CACHE = "cache"
SOURCES = (SOURCE_GAZETTEER, SOURCE_NOMINATIM, SOURCE_CACHE)

# Toponyms are short; anything longer is not a place name and must not reach a web service.
MAX_QUERY_CHARS = 200
# A remote server's words in a log line or an error message are cut to this many characters.
MAX_QUOTED_CHARS = 200

_SPACES = re.compile(r"\s+")
_COUNTRY_CODE = re.compile(r"[A-Za-z]{2}")


def quoted(text: object, limit: int = MAX_QUOTED_CHARS) -> str:
    """``text`` from a remote server, fit for a log line or an error message: quoted with repr
    (a newline or a control character in it cannot forge another log line) and cut to
    ``limit`` characters, saying how long it was."""
    text = str(text)
    if len(text) <= limit:
        return repr(text)
    return f"{text[:limit]!r}… ({len(text):,} characters)"


@dataclass(frozen=True)
class GeocodeResult:
    """Where a query was found: a display name, a WGS84 point and how precise it is.

    ``precision`` is one of :data:`geodata.model.PRECISIONS`; ``geonameid`` is known only for
    gazetteer answers; ``source`` says who answered ("gazetteer", "nominatim" or "cache").
    """

    name: str
    lat: float
    lon: float
    country_code: str | None
    precision: str
    geonameid: int | None
    source: str

    def __post_init__(self) -> None:
        # Results may come from a web service or a cache file: refuse impossible ones here.
        if not (math.isfinite(self.lat) and -90.0 <= self.lat <= 90.0):
            raise ValueError(f"latitude {self.lat!r} is outside -90..90")
        if not (math.isfinite(self.lon) and -180.0 <= self.lon <= 180.0):
            raise ValueError(f"longitude {self.lon!r} is outside -180..180")
        if self.precision not in PRECISIONS:
            raise ValueError(f"precision {self.precision!r} is not one of {PRECISIONS}")
        if self.source not in SOURCES:
            raise ValueError(f"source {self.source!r} is not one of {SOURCES}")


@runtime_checkable
class Geocoder(Protocol):
    """Anything that turns a place name into at most one result."""

    def geocode(self, query: str, country_codes: Sequence[str] = ()) -> GeocodeResult | None:
        """The best place for ``query`` (preferring ``country_codes`` if given), or None."""
        ...


# The Place kind whose ``precision`` is the result's (Place.precision inverted).
_KIND_FOR_PRECISION = {
    PRECISION_TOWN: "city",
    PRECISION_ADMIN: "admin1",
    PRECISION_COUNTRY: "country",
    PRECISION_REGION: "region",
}


def place_from_result(result: GeocodeResult) -> Place:
    """A geocoder result as a :class:`Place`, for stages that work with places.

    ``place_id`` is 0 (the convention for places not taken from the gazetteer's rows);
    ``kind`` is chosen so that ``place.precision == result.precision``.
    """
    return Place(
        place_id=0,
        name=result.name,
        lat=result.lat,
        lon=result.lon,
        kind=_KIND_FOR_PRECISION[result.precision],
        country_code=result.country_code,
        geonameid=result.geonameid,
    )


def normalize_query(query: str) -> str:
    """The cache/comparison form of a query: NFKC, case-folded, white space collapsed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", query)).strip().casefold()


def clean_query(query: str) -> str | None:
    """The query to send (white space collapsed), or None when it is empty or too long."""
    if not isinstance(query, str):
        raise TypeError(f"query must be a str, not {type(query).__name__}")
    cleaned = _SPACES.sub(" ", query).strip()
    if not cleaned or len(cleaned) > MAX_QUERY_CHARS:
        return None
    return cleaned


def normalize_country_codes(country_codes: Sequence[str] | str) -> tuple[str, ...]:
    """Upper-case, de-duplicated, sorted ISO 3166-1 alpha-2 codes.

    A single string is one code ("SY"), not a sequence of letters.
    """
    if isinstance(country_codes, str):
        country_codes = (country_codes,)
    codes = set()
    for code in country_codes:
        if not isinstance(code, str) or not _COUNTRY_CODE.fullmatch(code.strip()):
            raise ValueError(
                f"country code {code!r} is not an ISO 3166-1 alpha-2 code (two letters, e.g. 'SY')"
            )
        codes.add(code.strip().upper())
    return tuple(sorted(codes))
