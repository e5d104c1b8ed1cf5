"""What the gazetteer knows about a name, as the recognizer asks it (cached per process)."""

from __future__ import annotations

from dataclasses import dataclass

from geodata.model import MATCH_LOOSE
from geodata.recognize_words import GENERIC_WORDS

# Place kinds strong enough that a bare gazetteer match (no NER support) is trusted.
STRONG_KINDS = frozenset({"country", "admin1", "continent", "region", "water"})
# A city found by the gazetteer alone needs this many people (and a locative word before it).
BARE_CITY_MIN_POPULATION = 100_000
# A name NER calls a person or an organisation is a place only if it is a country, or a
# division or region this prominent ("Texas", "Georgia"), and the article does not use it as
# a person's name elsewhere ("Michael Flores ... Flores, 26, ...").
MAJOR_POPULATION = 100_000


@dataclass(frozen=True)
class NameProfile:
    """What the gazetteer knows about a name, enough to decide whether it is a place."""

    known: bool  # some entry goes by this name, if only after loosening ("Raqqa")
    exact: bool  # some entry goes by exactly this name or alternate name
    strong: bool  # a country, region, admin1 division or water body goes by this name
    city_population: int  # the largest city of that name (0: none)
    strong_population: int = 0  # the largest such strong place (regions and seas count as big)
    generic: bool = False  # a word like "North" or "Central" that names places only in phrases
    division: bool = False  # an admin1 or admin2 division goes by exactly this name
    country: bool = False  # a country goes by exactly this name

    @property
    def major(self) -> bool:
        """A country, a region or a big division: news rarely uses such a name for a person."""
        return self.strong_population >= MAJOR_POPULATION


class NameLookup:
    """Cached gazetteer questions the recognizer asks (many per document)."""

    def __init__(self, gazetteer):
        self._gazetteer = gazetteer
        self._profiles: dict[str, NameProfile] = {}
        self._demonyms: dict[str, bool] = {}
        self._exact: dict[str, bool] = {}

    def profile(self, name: str) -> NameProfile:
        """Known/strong/city-population profile of a name (cached)."""
        cached = self._profiles.get(name)
        if cached is None:
            candidates = self._gazetteer.candidates(name) if _plausible(name) else []
            # Loosened (transliteration) matches may confirm what NER found, never more.
            exact = [c for c in candidates if c.match != MATCH_LOOSE]
            kinds = {c.place.kind for c in exact}
            cities = [c.place.population for c in exact if c.place.kind == "city"]
            strong = [_prominence(c.place) for c in exact if c.place.kind in STRONG_KINDS]
            cached = NameProfile(
                known=bool(candidates),
                exact=bool(exact),
                strong=bool(kinds & STRONG_KINDS),
                city_population=max(cities, default=0),
                strong_population=max(strong, default=0),
                generic=name.casefold() in GENERIC_WORDS,
                division=bool(kinds & {"admin1", "admin2"}),
                country="country" in kinds,
            )
            self._profiles[name] = cached
        return cached

    def exact(self, name: str) -> bool:
        """Whether some entry goes by exactly this name (one cheap query, cached)."""
        profile = self._profiles.get(name)
        if profile is not None:
            return profile.exact
        cached = self._exact.get(name)
        if cached is None:
            cached = _plausible(name) and self._gazetteer.has_name(name, loose=False)
            self._exact[name] = cached
        return cached

    def is_demonym(self, word: str) -> bool:
        """True when the word is a nationality or adjective of a country."""
        cached = self._demonyms.get(word)
        if cached is None:
            cached = self._gazetteer.demonym_country(word) is not None
            self._demonyms[word] = cached
        return cached


def _prominence(place) -> int:
    # Countries, curated regions, seas and continents are prominent whatever their population.
    return place.population if place.kind == "admin1" else MAJOR_POPULATION


def _plausible(name: str) -> bool:
    """Cheap filter before asking the gazetteer: a name has a letter and starts upper-case."""
    return len(name) >= 2 and name[0].isupper() and any(ch.isalpha() for ch in name)


def prominent(profile: NameProfile) -> bool:
    """Strong, or a big city: enough to overrule a non-place NER label or no label at all."""
    return not profile.generic and (
        profile.strong or profile.city_population >= BARE_CITY_MIN_POPULATION
    )
