"""Server-side aggregation: what the map draws, bounded whatever the number of events.

The browser never receives one object per event. Events collapse to places (one row per
point), places to screen cells at the current zoom (a cell with one place is drawn as that
place, a cell with several as a numbered bubble), and when even the cells are too many only
those around the current view are sent. Heat, choropleth and animation data are aggregated the
same way. Pure functions over the (filtered) events frame, so they are unit-tested and cached.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from events.measure import tolls

TILE = 256  # Web Mercator tile size in pixels
CELL_PX = 56  # cluster cell size on screen
HEAT_CELL_PX = 12
ANIMATION_CELL_PX = 24
MAX_ITEMS = 4000  # markers/bubbles sent at most (then only around the view)
MAX_HEAT = 6000
MAX_ANIMATION = 15000
MAX_LAT = 85.05


KIND_COUNT = "events:"  # prefix of the columns counting each kind's events (places, bubbles)


@dataclass(frozen=True)
class Cells:
    """Map-ready rows: single places and multi-place bubbles, and whether they were windowed."""

    places: pd.DataFrame  # lat, lon, name, country, events, mentions, casualties, kind, ...
    # lat, lon, total, places, south, west, north, east, events, mentions and the kind counts
    bubbles: pd.DataFrame
    windowed: bool


def places(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per point: name, country, event and mention counts, casualties, dominant kind,
    and the events of each kind (a column ``KIND_COUNT + kind`` per kind present).

    ``kind`` is the most frequent kind among the place's events (None when it has none; a
    tie goes to the first kind by name). Rows come most events first.
    """
    columns = ["lat", "lon", "name", "country", "events", "mentions", "total", "casualties"]
    if frame.empty:
        return pd.DataFrame(columns=[*columns, "kind"])
    keys = ["lat", "lon"]
    is_event = (frame["role"] == "event").astype("int64")
    work = pd.DataFrame(
        {
            "lat": frame["lat"].to_numpy(),
            "lon": frame["lon"].to_numpy(),
            "name": frame["resolved_name"].astype(str).to_numpy(),
            "country": frame["country_code"].astype(object).to_numpy(),
            "events": is_event.to_numpy(),
            "casualties": frame["casualties"].to_numpy(),
        }
    )
    work["mentions"] = 1 - work["events"]
    grouped = work.groupby(keys, sort=False).agg(
        name=("name", "first"),
        country=("country", "first"),
        events=("events", "sum"),
        mentions=("mentions", "sum"),
        casualties=("casualties", "sum"),
    )
    grouped["total"] = grouped["events"] + grouped["mentions"]
    kinds = frame.loc[frame["role"] == "event", ["lat", "lon", "kind_label"]]
    counted: list[str] = []
    if not kinds.empty:
        wide = kinds.groupby(["lat", "lon", "kind_label"], sort=False).size().unstack(fill_value=0)
        wide = wide[sorted(wide.columns)]  # idxmax takes the first of equals: by name
        grouped["kind"] = wide.idxmax(axis=1).reindex(grouped.index)
        wide = wide.reindex(grouped.index, fill_value=0).astype("int64")
        counted = [KIND_COUNT + str(kind) for kind in wide.columns]
        grouped[counted] = wide.to_numpy()
    else:
        grouped["kind"] = None
    grouped["kind"] = grouped["kind"].astype(object).where(grouped["kind"].notna(), None)
    out = grouped.reset_index()
    return out.sort_values(["total", "name"], ascending=[False, True], kind="stable").reset_index(
        drop=True
    )[[*columns, "kind", *counted]]


def pixels(lat: np.ndarray, lon: np.ndarray, zoom: int) -> tuple[np.ndarray, np.ndarray]:
    """Web Mercator pixel coordinates of points at a zoom level."""
    scale = TILE * 2.0**zoom
    x = (np.asarray(lon, dtype=float) + 180.0) / 360.0 * scale
    phi = np.radians(np.clip(np.asarray(lat, dtype=float), -MAX_LAT, MAX_LAT))
    y = (1.0 - np.log(np.tan(phi) + 1.0 / np.cos(phi)) / math.pi) / 2.0 * scale
    return x, y


def cells(
    place_rows: pd.DataFrame,
    zoom: int,
    view: tuple[float, float, float, float] | None = None,
    cell_px: int = CELL_PX,
    max_items: int = MAX_ITEMS,
) -> Cells:
    """Places grouped into screen cells of ``cell_px`` at ``zoom``.

    A cell holding one place keeps it as a place; a cell holding several becomes a bubble at
    their event-weighted centre, with the bounding box to zoom to and the sums of their event,
    mention and kind counts. When there are more than
    ``max_items`` rows and a ``view`` (south, west, north, east) is given, only cells inside
    the view widened by half its size on each side are kept.
    """
    counted = [c for c in place_rows.columns if str(c).startswith(KIND_COUNT)]
    empty_bubbles = pd.DataFrame(
        columns=["lat", "lon", "total", "places", "south", "west", "north", "east", "events"]
        + ["mentions", *counted]
    )
    if place_rows.empty:
        return Cells(place_rows, empty_bubbles, False)
    x, y = pixels(place_rows["lat"].to_numpy(), place_rows["lon"].to_numpy(), zoom)
    work = place_rows.assign(cx=(x // cell_px).astype("int64"), cy=(y // cell_px).astype("int64"))
    windowed = False
    if view is not None and _rows_estimate(work) > max_items:
        work = work[_inside(work, view, zoom, cell_px)]
        windowed = True
    sizes = work.groupby(["cx", "cy"], sort=False)["total"].transform("size")
    singles = work[sizes == 1]
    multi = work[sizes > 1]
    bubbles = empty_bubbles
    if not multi.empty:
        weight = multi["total"].clip(lower=1).astype(float)
        agg = (
            multi.assign(wlat=multi["lat"] * weight, wlon=multi["lon"] * weight, w=weight)
            .groupby(["cx", "cy"], sort=False)
            .agg(
                wlat=("wlat", "sum"),
                wlon=("wlon", "sum"),
                w=("w", "sum"),
                total=("total", "sum"),
                places=("total", "size"),
                south=("lat", "min"),
                west=("lon", "min"),
                north=("lat", "max"),
                east=("lon", "max"),
                events=("events", "sum"),
                mentions=("mentions", "sum"),
                **{column: (column, "sum") for column in counted},
            )
        )
        agg["lat"] = agg["wlat"] / agg["w"]
        agg["lon"] = agg["wlon"] / agg["w"]
        bubbles = agg.reset_index()[list(empty_bubbles.columns)]
        bubbles = bubbles.sort_values("total", ascending=False, kind="stable")
    kept = singles.drop(columns=["cx", "cy"]).reset_index(drop=True)
    return Cells(kept, bubbles.reset_index(drop=True), windowed)


def heat_points(
    place_rows: pd.DataFrame, zoom: int, view=None, max_points: int = MAX_HEAT
) -> list[list[float]]:
    """[lat, lon, weight] per small screen cell (weight: events and mentions there)."""
    if place_rows.empty:
        return []
    grouped = cells(place_rows, zoom, view, cell_px=HEAT_CELL_PX, max_items=max_points)
    rows = [[p.lat, p.lon, int(p.total)] for p in grouped.places.itertuples()]
    rows += [[b.lat, b.lon, int(b.total)] for b in grouped.bubbles.itertuples()]
    rows.sort(key=lambda r: -r[2])
    return [[round(a, 4), round(b, 4), w] for a, b, w in rows[:max_points]]


def country_totals(frame: pd.DataFrame) -> pd.DataFrame:
    """Per country code: events, mentions, killed, injured, places; most events first.

    Killed and injured count each death once (events/measure/tolls.py): one event at several places
    or reported by several articles once, planned events and history not at all.
    """
    columns = ["country", "events", "mentions", "killed", "injured", "places"]
    rows = frame[frame["country_code"].notna() & (frame["country_code"].astype(str) != "")]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    work = pd.DataFrame(
        {
            "country": rows["country_code"].astype(str).to_numpy(),
            "events": (rows["role"] == "event").astype("int64").to_numpy(),
            "lat": rows["lat"].to_numpy(),
            "lon": rows["lon"].to_numpy(),
        }
    )
    work["mentions"] = 1 - work["events"]
    out = work.groupby("country").agg(events=("events", "sum"), mentions=("mentions", "sum"))
    for column, counted in tolls.per_country_each(rows, tolls.COUNTED).items():
        out[column] = counted.reindex(out.index).fillna(0).astype("int64")
    out["places"] = work.drop_duplicates(["country", "lat", "lon"]).groupby("country").size()
    out = out.reset_index().sort_values(["events", "mentions", "country"], ascending=[0, 0, 1])
    return out.reset_index(drop=True)[columns]


def daily(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows per day (dated rows only): columns day, role, kind, count; one row per day and
    kind for events, one per day for mentions (their kind None: a mention is no event)."""
    rows = frame[frame["day"].notna()]
    columns = ["day", "role", "kind", "count"]
    if rows.empty:
        empty = {"day": pd.Series(dtype="datetime64[ns]"), "role": [], "kind": [], "count": []}
        return pd.DataFrame(empty)[columns]
    keys = [rows["day"].dt.normalize(), rows["role"], rows["kind_label"]]
    out = rows.groupby(keys, dropna=False).size().reset_index()
    out.columns = columns
    out["kind"] = out["kind"].astype(object).where(out["role"] == "event", None)
    out = out.sort_values(["day", "role", "kind"], na_position="last", kind="stable")
    return out.reset_index(drop=True)


def animation(
    frame: pd.DataFrame, zoom: int, max_rows: int = MAX_ANIMATION
) -> tuple[list[str], list[list[float]]]:
    """Days (ISO) and rows [lat, lon, day index, events] per screen cell per day.

    Cells start at ANIMATION_CELL_PX and double until the rows fit in ``max_rows``.
    """
    rows = frame[frame["day"].notna()]
    if rows.empty:
        return [], []
    day = rows["day"].dt.normalize()
    days = sorted(day.unique())
    index = {d: i for i, d in enumerate(days)}
    x, y = pixels(rows["lat"].to_numpy(), rows["lon"].to_numpy(), zoom)
    cell = ANIMATION_CELL_PX
    while True:
        work = pd.DataFrame(
            {
                "cx": (x // cell).astype("int64"),
                "cy": (y // cell).astype("int64"),
                "d": day.map(index).to_numpy(),
                "lat": rows["lat"].to_numpy(),
                "lon": rows["lon"].to_numpy(),
            }
        )
        grouped = work.groupby(["cx", "cy", "d"], sort=False).agg(
            lat=("lat", "mean"), lon=("lon", "mean"), n=("lat", "size")
        )
        if len(grouped) <= max_rows or cell >= TILE * 4:
            break
        cell *= 2
    grouped = grouped.reset_index().sort_values(["d", "n"], ascending=[True, False])
    out = [
        [round(r.lat, 4), round(r.lon, 4), int(r.d), int(r.n)]
        for r in grouped.head(max_rows).itertuples()
    ]
    return [pd.Timestamp(d).date().isoformat() for d in days], out


def nearest_place(
    place_rows: pd.DataFrame, lat: float, lon: float, zoom: int, max_px: float = 24.0
) -> tuple[float, float] | None:
    """The (lat, lon) of the place drawn nearest a clicked point, within ``max_px`` on screen.

    Leaflet reports the mouse position for a click on a larger circle, not its centre, so a
    click is matched to a place by screen distance at the current zoom.
    """
    if place_rows.empty:
        return None
    lon = ((lon + 180.0) % 360.0) - 180.0
    x, y = pixels(place_rows["lat"].to_numpy(), place_rows["lon"].to_numpy(), zoom)
    cx, cy = pixels(np.array([lat]), np.array([lon]), zoom)
    world = TILE * 2.0**zoom
    dx = np.abs(x - cx[0])
    dx = np.minimum(dx, world - dx)  # across the antimeridian
    distance = np.hypot(dx, y - cy[0])
    best = int(np.argmin(distance))
    if distance[best] > max_px:
        return None
    row = place_rows.iloc[best]
    return float(row["lat"]), float(row["lon"])


def extent(place_rows: pd.DataFrame) -> tuple[float, float, float, float] | None:
    """(south, west, north, east) of every place; None when there is none.

    Longitudes take the shortest way round: places on both sides of the antimeridian (Fiji
    and Samoa) give a box from west to east across it, with ``east`` over 180 (Leaflet fits
    such a box), rather than one round the whole world.
    """
    if place_rows.empty:
        return None
    lats = place_rows["lat"].to_numpy(dtype=float)
    lons = place_rows["lon"].to_numpy(dtype=float)
    outside = (lons < -180.0) | (lons > 180.0)
    lons = np.unique(np.where(outside, ((lons + 180.0) % 360.0) - 180.0, lons))
    west, east = float(lons[0]), float(lons[-1])
    if len(lons) > 1:
        gaps = np.diff(lons)
        widest = int(np.argmax(gaps))
        if gaps[widest] > 360.0 - (east - west):  # the open sea is inside, not round the back
            west, east = float(lons[widest + 1]), float(lons[widest]) + 360.0
    return float(lats.min()), west, float(lats.max()), east


def view_box(
    lat: float, lon: float, zoom: int, width: int = 1200, height: int = 600
) -> tuple[float, float, float, float]:
    """(south, west, north, east) of a map of ``width`` x ``height`` pixels at a view."""
    x, y = pixels(np.array([lat]), np.array([lon]), zoom)
    scale = TILE * 2.0**zoom
    west = (x[0] - width / 2) / scale * 360.0 - 180.0
    east = (x[0] + width / 2) / scale * 360.0 - 180.0
    north = _lat_of(y[0] - height / 2, scale)
    south = _lat_of(y[0] + height / 2, scale)
    return south, max(west, -540.0), north, min(east, 540.0)


def _lat_of(y: float, scale: float) -> float:
    n = math.pi * (1 - 2 * y / scale)
    return max(-MAX_LAT, min(MAX_LAT, math.degrees(math.atan(math.sinh(n)))))


def _rows_estimate(work: pd.DataFrame) -> int:
    return int(work[["cx", "cy"]].drop_duplicates().shape[0])


def _inside(work: pd.DataFrame, view, zoom: int, cell_px: int) -> pd.Series:
    """Cells within the view widened by half its size each way (longitudes wrap)."""
    south, west, north, east = view
    x0, y0 = pixels(np.array([north]), np.array([west]), zoom)
    x1, y1 = pixels(np.array([south]), np.array([east]), zoom)
    pad_x, pad_y = (x1[0] - x0[0]) / 2, (y1[0] - y0[0]) / 2
    span = TILE * 2.0**zoom / cell_px
    lo_x, hi_x = (x0[0] - pad_x) / cell_px, (x1[0] + pad_x) / cell_px
    lo_y, hi_y = (y0[0] - pad_y) / cell_px, (y1[0] + pad_y) / cell_px
    inside_y = (work["cy"] >= math.floor(lo_y)) & (work["cy"] <= math.ceil(hi_y))
    if hi_x - lo_x >= span:
        return inside_y
    cx = work["cx"].astype(float)
    inside_x = pd.Series(False, index=work.index)
    for shift in (-span, 0.0, span):  # the view may straddle the antimeridian
        inside_x |= (cx + shift >= math.floor(lo_x)) & (cx + shift <= math.ceil(hi_x))
    return inside_x & inside_y
