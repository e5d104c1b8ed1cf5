"""The cities a gazetteer build keeps in memory to place subdivisions and countries.

Compact per-city columns (lists indexed by the order cities were added), the cities of each
subdivision, each country's capital and largest city. See geodata.gazetteer_build for how
subdivisions and countries take their points from them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from geodata.gazetteer_points import middle_member
from geodata.gazetteer_sources import CityRecord


class CityIndex:
    """Per-city columns kept during the build to place subdivisions and countries.

    ``capitals`` maps a country code to the exact key of its capital's name; ``key`` holds each
    city's exact name key (given by the caller, who folded it already).
    """

    def __init__(self, capitals: dict[str, str]):
        self.key: list[str] = []
        self.place_id: list[int] = []
        self.lat: list[float] = []
        self.lon: list[float] = []
        self.pop: list[int] = []
        self.by_subdivision: dict[int, list[int]] = defaultdict(list)
        self._capitals = capitals
        self._capital: dict[str, int] = {}
        self._largest: dict[str, int] = {}

    def add(
        self, city: CityRecord, key: str, place_id: int, subdivision_ids: Iterable[int]
    ) -> None:
        """Keep ``city`` (whose name's exact key is ``key``), written as ``place_id``."""
        index = len(self.key)
        population = city.population
        self.key.append(key)
        self.place_id.append(place_id)
        self.lat.append(city.lat)
        self.lon.append(city.lon)
        self.pop.append(population)
        for sub_id in subdivision_ids:
            self.by_subdivision[sub_id].append(index)
        code = city.country_code
        largest = self._largest.get(code)
        if largest is None or population > self.pop[largest]:
            self._largest[code] = index
        if self._capitals.get(code) == key:
            capital = self._capital.get(code)
            if capital is None or population > self.pop[capital]:
                self._capital[code] = index

    def pick(
        self, members: Iterable[int], keys: set[str], require_name: bool = False
    ) -> int | None:
        """The most populous member named like ``keys``, else (unless required) the largest."""
        members = list(members)
        named = [i for i in members if self.key[i] in keys]
        pool = named if named or require_name else members
        return max(pool, key=self.pop.__getitem__) if pool else None

    def middle(self, members: Iterable[int]) -> int | None:
        """The member nearest to the middle of the members' bounding box (see gazetteer_points)."""
        members = list(members)
        if not members:
            return None
        lats = [self.lat[i] for i in members]
        lons = [self.lon[i] for i in members]
        return members[middle_member(lats, lons)]

    def capital_place_ids(self) -> dict[str, int]:
        """country code -> place_id of its capital city (the most populous city so named)."""
        return {code: self.place_id[index] for code, index in self._capital.items()}

    def country_point(self, code: str) -> tuple[float, float] | None:
        """The capital's point, else the largest city's, else None."""
        index = self._capital.get(code, self._largest.get(code))
        return None if index is None else (self.lat[index], self.lon[index])
