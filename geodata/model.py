"""Records for places: gazetteer entries, toponym spans found in text, and resolutions."""

from __future__ import annotations

from dataclasses import dataclass

# How precise a resolved location is, coarse to fine; modelled on ACLED's geo_precision.
PRECISION_TOWN = "town"  # a populated place, a point
PRECISION_ADMIN = "admin"  # a province/state/county (admin1 or admin2)
PRECISION_COUNTRY = "country"
PRECISION_REGION = "region"  # continents, macro-regions, seas, lakes, basins, borders
PRECISIONS = (PRECISION_TOWN, PRECISION_ADMIN, PRECISION_COUNTRY, PRECISION_REGION)


@dataclass(frozen=True)
class Place:
    """One gazetteer entry: a real place with a point.

    ``kind`` is the feature type: "city", "admin1", "admin2", "country", "continent",
    "region" (news/macro regions), "water" (seas, lakes, rivers), "border".
    ``geonameid`` is None for curated entries GeoNames has no id for.
    """

    place_id: int  # primary key inside our gazetteer
    name: str
    lat: float
    lon: float
    kind: str
    country_code: str | None = None
    admin1_code: str | None = None
    population: int = 0
    geonameid: int | None = None

    @property
    def precision(self) -> str:
        """The ACLED-like precision for this kind of place."""
        if self.kind == "city":
            return PRECISION_TOWN
        if self.kind in ("admin1", "admin2"):
            return PRECISION_ADMIN
        if self.kind == "country":
            return PRECISION_COUNTRY
        return PRECISION_REGION


@dataclass(frozen=True)
class Toponym:
    """A place name found in a text: ``text[start:end] == name``.

    ``source`` says what found it ("ner:GPE", "gazetteer", "abbreviation", ...).
    ``demonym`` is true for adjectives and nationalities ("Syrian" -> Syria): they give context
    and may be shown as mentions, never as event places.
    """

    start: int
    end: int
    name: str
    source: str = ""
    demonym: bool = False


@dataclass(frozen=True)
class ResolvedToponym:
    """A toponym and the place it was decided to mean (None when nothing fits)."""

    toponym: Toponym
    place: Place | None
    score: float = 0.0


# How a name matched a gazetteer entry, best first.
MATCH_NAME = "name"  # the entry's primary or ASCII name
MATCH_ALT = "alt"  # one of its alternate names / aliases
MATCH_LOOSE = "loose"  # only after loosening (transliteration: "Raqqa" ~ "Ar Raqqah")


@dataclass(frozen=True)
class Candidate:
    """A gazetteer entry that a name may refer to, with how the name matched it."""

    place: Place
    match: str
