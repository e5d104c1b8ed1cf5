"""Geocoders in order: the offline gazetteer first, an online service only when it finds nothing."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping, Sequence
from timeit import default_timer
from typing import Any

from geopy.exc import GeocoderRateLimited, GeocoderServiceError

from geodata.geocoding.base import Geocoder, GeocodeResult, quoted
from geodata.geocoding.cache import DEFAULT_CACHE_PATH, CachedGeocoder
from geodata.geocoding.nominatim import nominatim_from_env
from geodata.geocoding.offline import CandidateSource, OfflineGeocoder

logger = logging.getLogger(__name__)

DEFAULT_BACKOFF_SECONDS = 60.0


class ChainGeocoder:
    """Asks each geocoder in turn and returns the first answer.

    A geocoder that fails (``geopy.exc.GeocoderServiceError``: timeout, HTTP 429/5xx, refused
    connection, unparsable answer) is logged as a warning and skipped for this query, and
    for ``backoff_seconds`` after (longer if a 429 asks so), so a dead or throttling service costs
    one timeout, not one per query. Earlier answers are never lost to a later failure.
    """

    def __init__(
        self,
        geocoders: Sequence[Geocoder],
        *,
        backoff_seconds: float = DEFAULT_BACKOFF_SECONDS,
        clock: Callable[[], float] = default_timer,
    ) -> None:
        self.geocoders = tuple(geocoders)
        self.backoff_seconds = backoff_seconds
        self.clock = clock
        self._resume_at = [0.0] * len(self.geocoders)

    def geocode(self, query: str, country_codes: Sequence[str] = ()) -> GeocodeResult | None:
        """The first geocoder's answer that is not None; None when none can answer."""
        for index, geocoder in enumerate(self.geocoders):
            if self.clock() < self._resume_at[index]:
                continue
            try:
                result = geocoder.geocode(query, country_codes)
            except GeocoderServiceError as error:
                self._back_off(index, error)
                logger.warning(
                    "%r failed for %r (%s: %s); skipping it for %.0f s",
                    geocoder,
                    query,
                    type(error).__name__,
                    quoted(error),  # geopy puts the server's raw answer in some messages
                    self._resume_at[index] - self.clock(),
                )
                continue
            if result is not None:
                return result
        return None

    def _back_off(self, index: int, error: GeocoderServiceError) -> None:
        pause = self.backoff_seconds
        if isinstance(error, GeocoderRateLimited) and error.retry_after:
            pause = max(pause, float(error.retry_after))
        self._resume_at[index] = self.clock() + pause

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_resume_at"] = [0.0] * len(self.geocoders)  # clocks differ between processes
        return state

    def __repr__(self) -> str:
        return f"ChainGeocoder({list(self.geocoders)!r})"


def default_geocoder(
    gazetteer: CandidateSource | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    cache_path: str | os.PathLike[str] = DEFAULT_CACHE_PATH,
) -> Geocoder | None:
    """The geocoder to use, given what is configured.

    With a gazetteer: the gazetteer alone, or the gazetteer then cached Nominatim when Nominatim
    is configured. Without one (for callers whose resolver has already asked the gazetteer): the
    cached Nominatim fallback alone, or None when Nominatim is not configured.
    Nominatim is configured by ``NEWSMAP_NOMINATIM_USER_AGENT`` (and optionally
    ``NEWSMAP_NOMINATIM_URL``); see :func:`geodata.geocoding.nominatim.nominatim_from_env`.
    """
    online = nominatim_from_env(environ)
    geocoders: list[Geocoder] = [] if gazetteer is None else [OfflineGeocoder(gazetteer)]
    if online is not None:
        geocoders.append(CachedGeocoder(online, cache_path))
    if not geocoders:
        return None
    if len(geocoders) == 1 and gazetteer is not None:
        return geocoders[0]  # the gazetteer alone raises nothing worth catching
    return ChainGeocoder(geocoders)
