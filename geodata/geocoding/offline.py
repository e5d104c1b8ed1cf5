"""The offline geocoder: the best gazetteer candidate for a name, no network."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from geodata.geocoding.base import (
    SOURCE_GAZETTEER,
    GeocodeResult,
    clean_query,
    normalize_country_codes,
)
from geodata.model import MATCH_ALT, MATCH_LOOSE, MATCH_NAME, Candidate, Place

# Lower is better; an unknown match kind ranks after all known ones.
_MATCH_RANK = {MATCH_NAME: 0, MATCH_ALT: 1, MATCH_LOOSE: 2}


class CandidateSource(Protocol):
    """What the offline geocoder needs from ``geodata.gazetteer.Gazetteer``."""

    def candidates(self, name: str) -> list[Candidate]:
        """Entries the name may refer to."""
        ...


def best_candidate(
    candidates: Sequence[Candidate], country_codes: Sequence[str] = ()
) -> Candidate | None:
    """The candidate in ``country_codes`` first (when given), then by match kind, then population.

    Candidates outside ``country_codes`` still win when no candidate is inside them: the codes
    are a preference, not a filter.
    """
    if not candidates:
        return None
    wanted = set(normalize_country_codes(country_codes))

    def key(candidate: Candidate) -> tuple[bool, int, int]:
        code = (candidate.place.country_code or "").upper()
        outside = bool(wanted) and code not in wanted
        match_rank = _MATCH_RANK.get(candidate.match, len(_MATCH_RANK))
        return (outside, match_rank, -candidate.place.population)

    return min(candidates, key=key)  # min is stable: ties keep the gazetteer's own order


def result_from_place(place: Place) -> GeocodeResult:
    """A gazetteer entry as a geocoder result."""
    return GeocodeResult(
        name=place.name,
        lat=place.lat,
        lon=place.lon,
        country_code=place.country_code.upper() if place.country_code else None,
        precision=place.precision,
        geonameid=place.geonameid,
        source=SOURCE_GAZETTEER,
    )


class OfflineGeocoder:
    """Geocodes with the local gazetteer (``geodata.gazetteer.Gazetteer`` or anything alike)."""

    def __init__(self, gazetteer: CandidateSource) -> None:
        self.gazetteer = gazetteer

    def geocode(self, query: str, country_codes: Sequence[str] = ()) -> GeocodeResult | None:
        """The best gazetteer entry for ``query``, or None when the gazetteer has no candidate."""
        cleaned = clean_query(query)
        if cleaned is None:
            return None
        best = best_candidate(self.gazetteer.candidates(cleaned), country_codes)
        return result_from_place(best.place) if best else None

    def __repr__(self) -> str:
        return f"OfflineGeocoder({self.gazetteer!r})"
