"""The map's layer as a query on the columnar engine: bounded whatever the store's size.

Single places when at most ``max_places`` lie in (or near) the view, else cells of a grid whose
size follows the zoom (``cell_px`` screen pixels a side), at most ``max_objects`` of them,
biggest first; the rows and columns as :func:`dashboard.aggregate.places` and
:func:`dashboard.aggregate.cells` give them, so the map's layers draw either.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from dashboard.queries import Where
from dashboard.sql_terms import CASUALTIES, KIND_LABEL

TILE = 256
CELL_PX = 56
MAX_PLACES = 4000  # single places sent at most; more in view and cells are sent instead
MAX_OBJECTS = 50_000  # cells sent at most (the biggest)
KIND_COUNT = "events:"  # as dashboard.aggregate: the columns counting each kind's events

# The places table's points in the mirror's Web Mercator x/y (as store.mirror derives them).
_PLACES_XY = """
    SELECT (lon + 180.0) / 360.0 AS mx,
           (1.0 - ln(tan(radians(greatest(least(lat, 85.05), -85.05)))
                 + 1.0 / cos(radians(greatest(least(lat, 85.05), -85.05)))) / pi()) / 2.0 AS my
    FROM places
"""


@dataclass(frozen=True)
class MapLayer:
    """What the map draws: single places, or cells of several places (bubbles), and whether
    it was cut to the view (``windowed``) or to the biggest MAX_OBJECTS cells (``truncated``)."""

    places: pd.DataFrame  # lat, lon, name, country, events, mentions, total, casualties, kind
    bubbles: pd.DataFrame  # lat, lon, total, places, south, west, north, east, events, mentions
    windowed: bool
    truncated: bool
    grid: bool = False  # cells of the grid (else one row per place, in ``places``)

    def features(self) -> dict:
        """The layer as a GeoJSON FeatureCollection (what a browser receives)."""
        out = []
        for kind, rows in (("place", self.places), ("cell", self.bubbles)):
            for record in rows.to_dict("records"):
                props = {k: _plain(v) for k, v in record.items() if k not in ("lat", "lon")}
                props = {k: v for k, v in props.items() if v not in (0, None)}
                point = [round(float(record["lon"]), 5), round(float(record["lat"]), 5)]
                geometry = {"type": "Point", "coordinates": point}
                out.append(
                    {"type": "Feature", "geometry": geometry, "properties": {**props, "type": kind}}
                )
        return {"type": "FeatureCollection", "features": out}


def map_layer(
    engine,
    found: Where,
    zoom: int,
    view: tuple[float, float, float, float] | None = None,
    cell_px: int = CELL_PX,
    max_places: int = MAX_PLACES,
    max_objects: int = MAX_OBJECTS,
) -> MapLayer:
    """The map's layer for the filtered rows at ``zoom``, near ``view`` (south, west, north,
    east; the view widened by half its size each way): places, or grid cells (see the module
    notes)."""
    box, box_params = _window(view)
    base = f"{found.sql()} AND {box}"
    params = found.params() + box_params
    # Whether the places near the view are few is read from the places table (one row per
    # place, small): the events are scanned once, grouped by place or by cell.
    near = engine.rows(f"SELECT count(*) FROM ({_PLACES_XY}) WHERE {box}", box_params)[0][0]
    if near <= max_places:
        places = _grouped(engine, "point", base, params, max_places + 1)
        places["lat"], places["lon"] = places["south"], places["west"]  # one point each
        return MapLayer(_places(places), _bubbles(places.iloc[0:0]), view is not None, False)
    cells = 2.0**zoom * TILE / cell_px
    key = f"(floor(mx * {cells})::BIGINT, floor(my * {cells})::BIGINT)"
    grouped = _grouped(engine, key, base, params, max_objects + 1)
    truncated = len(grouped) > max_objects
    grouped = grouped.head(max_objects)
    single = grouped["places"] == 1
    return MapLayer(
        _places(grouped[single]), _bubbles(grouped[~single]), view is not None, truncated, True
    )


def _grouped(engine, key: str, condition: str, params: list, limit: int) -> pd.DataFrame:
    """One row per group of ``key`` (over ``point``, ``mx`` and ``my``; the biggest
    ``limit``): sums, extent, centre, name, and the events of each kind (a dict in ``kinds``).

    The scan only counts rows per point, role and kind (numbers, no text); names come from the
    places table and everything else is summed over those few rows."""
    sql = f"""
        WITH per_point AS (
            SELECT point, role, kind, min(lat) AS lat, min(lon) AS lon, min(mx) AS mx,
                   min(my) AS my, count(*) AS n, sum({CASUALTIES}) AS casualties
            FROM events WHERE {condition} GROUP BY point, role, kind
        ),
        named AS (
            SELECT hash(lat, lon) AS point, min(name) AS name, min(country_code) AS country
            FROM places GROUP BY 1
        ),
        parts AS (
            SELECT {key} AS g, {KIND_LABEL} AS kind_label, sum(lat * n) AS lat_sum,
                   sum(lon * n) AS lon_sum, min(name) AS name, min(country) AS country,
                   sum(n) FILTER (WHERE role = 'event') AS events,
                   sum(n) FILTER (WHERE role = 'mention') AS mentions, sum(n) AS total,
                   sum(casualties) AS casualties, min(lat) AS south, min(lon) AS west,
                   max(lat) AS north, max(lon) AS east, list(DISTINCT point) AS points
            FROM per_point LEFT JOIN named USING (point)
            GROUP BY g, kind_label
        )
        SELECT sum(lat_sum) / sum(total) AS lat, sum(lon_sum) / sum(total) AS lon,
               min(name) AS name, min(country) AS country, COALESCE(sum(events), 0) AS events,
               COALESCE(sum(mentions), 0) AS mentions, sum(total) AS total,
               sum(casualties) AS casualties,
               length(list_distinct(flatten(list(points)))) AS places,
               min(south) AS south, min(west) AS west, max(north) AS north, max(east) AS east,
               map_from_entries(list((kind_label, events)) FILTER (WHERE kind_label IS NOT NULL))
                   AS kinds
        FROM parts GROUP BY g ORDER BY total DESC, name LIMIT {int(limit)}
    """
    return engine.frame(sql, params)


def _kind_columns(rows: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """A column per kind (its events) and the dominant kind (ties: the first by name)."""
    counts = [_as_dict(k) for k in rows["kinds"]]
    kinds = sorted({kind for found in counts for kind in found})
    out = rows.drop(columns=["kinds"]).reset_index(drop=True)
    for kind in kinds:
        out[KIND_COUNT + kind] = [int(found.get(kind, 0)) for found in counts]
    out["kind"] = [min(found, key=lambda k: (-found[k], k)) if found else None for found in counts]
    return out, [KIND_COUNT + kind for kind in kinds]


def _as_dict(value) -> dict:
    """A DuckDB MAP as pandas receives it (a dict, or keys and values) as a dict."""
    if value is None or (not isinstance(value, dict) and pd.isna(value)):
        return {}
    if "key" in value and isinstance(value["key"], list | tuple):
        return dict(zip(value["key"], value["value"], strict=True))
    return dict(value)


def _places(rows: pd.DataFrame) -> pd.DataFrame:
    columns = ["lat", "lon", "name", "country", "events", "mentions", "total", "casualties"]
    out, counted = _kind_columns(rows)
    for column in ("events", "mentions", "total", "casualties"):
        out[column] = out[column].astype("int64")
    out["kind"] = out["kind"].astype(object).where(out["kind"].notna(), None)  # not NaN
    return out[[*columns, "kind", *counted]]


def _bubbles(rows: pd.DataFrame) -> pd.DataFrame:
    columns = ["lat", "lon", "total", "places", "south", "west", "north", "east", "events"]
    out, counted = _kind_columns(rows)
    return out[[*columns, "mentions", *counted]]


def _window(view: tuple[float, float, float, float] | None) -> tuple[str, list]:
    """The condition for rows in the view widened by half its size on each side (longitudes
    wrap across the antimeridian), in the mirror's Web Mercator x/y."""
    if view is None:
        return "TRUE", []
    south, west, north, east = view
    x0, y0 = _mercator(north, west)
    x1, y1 = _mercator(south, east)
    pad_x, pad_y = (x1 - x0) / 2, (y1 - y0) / 2
    lo_y, hi_y = y0 - pad_y, y1 + pad_y
    if x1 - x0 + 2 * pad_x >= 1.0:
        return "my BETWEEN ? AND ?", [lo_y, hi_y]
    lo_x, hi_x = (x0 - pad_x) % 1.0, (x1 + pad_x) % 1.0
    across = "OR" if lo_x > hi_x else "AND"  # the widened view straddles the antimeridian
    return f"my BETWEEN ? AND ? AND (mx >= ? {across} mx <= ?)", [lo_y, hi_y, lo_x, hi_x]


def _mercator(lat: float, lon: float) -> tuple[float, float]:
    lat = max(-85.05, min(85.05, lat))
    phi = math.radians(lat)
    x = (lon + 180.0) / 360.0
    y = (1.0 - math.log(math.tan(phi) + 1.0 / math.cos(phi)) / math.pi) / 2.0
    return x, y


def _plain(value):
    if hasattr(value, "item"):
        return value.item()
    return value
