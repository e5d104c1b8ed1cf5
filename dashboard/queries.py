"""The dashboard's views as queries on the columnar engine: only what the view needs comes back.

The SQL is built by pure functions from a :class:`dashboard.filters.Filters` (the same filters,
with the same meaning, as :func:`dashboard.filters.masks` applies to a frame); the functions
that run it take an engine with ``rows(sql, params)`` and ``frame(sql, params)``
(:class:`store.engine.EventsEngine`). Like the events frame, the views hold events with a
place (the map's), mentions only when the filters ask for them.

The map's layer is bounded whatever the store's size: single places when at most
``max_places`` are in (or near) the view, else cells of a grid whose size follows the zoom
(``cell_px`` screen pixels a side), at most ``max_objects`` of them, biggest first.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard import rollup
from dashboard.filters import MAX_TEXT, NO_KIND, ROLES, STEPS, Filters
from dashboard.sql_terms import (
    CASUALTIES,
    CERTAIN,
    KIND_LABEL,
    LOCATED,
    SEARCH,
    SOURCE_LABEL,
)
from events.casualties import VAGUE_QUALIFIERS
from store.duck import quoted

TILE = 256
CELL_PX = 56
MAX_PLACES = 4000  # single places sent at most; more in view and cells are sent instead
MAX_OBJECTS = 50_000  # cells sent at most (the biggest)
TABLE_PAGE = 500
KIND_COUNT = "events:"  # as dashboard.aggregate: the columns counting each kind's events


TABLE_COLUMNS = {  # as dashboard.data.table_view names them
    "date": "Date", "kind_label": "Kind", "role": "Role", "resolved_name": "Place",
    "country_code": "Country", "killed": "Killed", "injured": "Injured",
    "confidence": "Confidence", "precision": "Precision", "title": "Article",
    "snippet": "Sentence", "source_label": "Source", "url": "Link",
}  # fmt: skip


@dataclass(frozen=True)
class Where:
    """One SQL condition per filter step (STEPS order; "TRUE" where the filter is off) and
    the parameters of each, in order."""

    steps: tuple[tuple[str, str, tuple], ...]  # (step, condition, params)
    filters: Filters | None = None  # what they were built from (the rollup reads it)

    def sql(self, skip: Sequence[str] = ()) -> str:
        """The conjunction of every step but ``skip``, with the located-rows condition."""
        kept = [cond for step, cond, _ in self.steps if step not in skip and cond != "TRUE"]
        return " AND ".join([LOCATED, *kept])

    def params(self, skip: Sequence[str] = ()) -> list:
        """The parameters of :meth:`sql` with the same ``skip``."""
        out: list = []
        for step, cond, params in self.steps:
            if step not in skip and cond != "TRUE":
                out.extend(params)
        return out


def where_for(
    engine, filters: Filters, region_ids: Mapping[str, Sequence[int]] | None = None
) -> Where:
    """:func:`where` for the store the engine reads: when none of its rows is undated, a date
    range is one condition DuckDB can check against each row group's dates (skipping those
    outside), not that condition or "undated" (which it cannot)."""
    undated = rollup.undated(rollup.of(engine))
    return where(filters, region_ids, undated)


def where(
    filters: Filters, region_ids: Mapping[str, Sequence[int]] | None = None, undated: bool = True
) -> Where:
    """The SQL of each filter step. ``region_ids`` maps an admin region code ("SY.09") to the
    geonameids of the places in it (dashboard.regions); a region without any matches nothing.
    ``undated`` False says the store holds no undated row (:func:`where_for`)."""
    steps: dict[str, tuple[str, tuple]] = {step: ("TRUE", ()) for step in STEPS}
    if set(filters.roles) != set(ROLES):
        steps["roles"] = _in("role", filters.roles)
    if filters.date_from or filters.date_to or not filters.include_undated:
        low = filters.date_from or date.min
        high = filters.date_to or date.max
        if filters.include_undated and undated:
            steps["dates"] = ("(date BETWEEN ? AND ? OR date IS NULL)", (low, high))
        else:
            steps["dates"] = ("date BETWEEN ? AND ?", (low, high))
    if filters.countries:
        steps["countries"] = _in("country_code", [c.upper() for c in filters.countries])
    if filters.regions:
        ids = sorted({int(i) for r in filters.regions for i in (region_ids or {}).get(r, ())})
        steps["regions"] = _in("geonameid", ids) if ids else ("FALSE", ())
    if filters.kinds and NO_KIND in filters.kinds:
        steps["kinds"] = _in(KIND_LABEL, filters.kinds)
    elif filters.kinds:  # the same condition, cheaper: no event without a kind is wanted
        condition, params = _in("kind", filters.kinds)
        steps["kinds"] = (f"role = 'event' AND {condition}", params)
    if filters.min_casualties > 0:
        steps["casualties"] = (f"{CASUALTIES} >= ?", (int(filters.min_casualties),))
    if filters.precisions:
        steps["precisions"] = _in("precision", filters.precisions)
    if filters.sources:
        steps["sources"] = _in(SOURCE_LABEL, filters.sources)
    text = filters.text.strip().casefold()[:MAX_TEXT]
    if text:
        steps["text"] = (f"contains({SEARCH}, ?)", (text,))
    if not filters.show_uncertain:
        steps["uncertain"] = (CERTAIN, ())
    return Where(tuple((step, *steps[step]) for step in STEPS), filters)


def _in(column: str, values: Sequence) -> tuple[str, tuple]:
    values = tuple(values)
    if not values:
        return "FALSE", ()
    return f"{column} IN ({', '.join('?' * len(values))})", values


# -- counts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    """What the filtered rows hold: events and mentions, the articles and places behind them."""

    events: int
    mentions: int
    articles: int
    places: int


def counts(engine, found: Where) -> Counts:
    """Counts of events, mentions, distinct articles and distinct places (points)."""
    sql = f"""
        SELECT count(*) FILTER (WHERE role = 'event'), count(*) FILTER (WHERE role = 'mention'),
               count(DISTINCT article_rowid), count(DISTINCT point)
        FROM events WHERE {found.sql()}
    """
    return Counts(*(int(v or 0) for v in engine.rows(sql, found.params())[0]))


def funnel(engine, found: Where) -> dict[str, int]:
    """Rows left after each filter step, the steps applied in STEPS order (a step that is
    off leaves what the step before it left): from the rollup when it holds every filter
    set, else in one scan."""
    if found.filters is not None and rollup.covers(found.filters):
        return rollup.funnel(rollup.of(engine), found.filters)
    columns, params, conditions, so_far = [], [], [], []
    for _, condition, step_params in found.steps:
        if condition != "TRUE":
            conditions.append(condition)
            so_far.extend(step_params)
            columns.append(f"count(*) FILTER (WHERE {' AND '.join(conditions)})")
            params.extend(so_far)
    sql = f"SELECT {''.join(c + ', ' for c in columns)}count(*) FROM events WHERE {LOCATED}"
    row = engine.rows(sql, params)[0]
    left, at, previous = {}, 0, int(row[-1])
    for step, condition, _ in found.steps:
        if condition != "TRUE":
            previous, at = int(row[at]), at + 1
        left[step] = previous
    return left


# -- timeline, totals, table -----------------------------------------------------------------


def timeline_bin(first: date | None, last: date | None) -> str:
    """The timeline's bin for a span of dates: day up to two years, week up to ten, else month."""
    if first is None or last is None:
        return "day"
    days = (last - first).days
    return "day" if days <= 731 else "week" if days <= 3653 else "month"


def timeline(engine, found: Where, bin: str = "day") -> pd.DataFrame:
    """Dated rows per bin (its first day), role and kind: columns day, role, kind, count, as
    :func:`dashboard.aggregate.daily` for one-day bins (a mention's kind is None)."""
    if bin not in ("day", "week", "month"):
        raise ValueError(f"timeline bin must be day, week or month, not {bin!r}")
    if found.filters is not None and rollup.covers(found.filters):
        return rollup.timeline(rollup.of(engine), found.filters, bin)
    sql = f"""
        SELECT CAST(date_trunc('{bin}', date) AS TIMESTAMP) AS day, role, {KIND_LABEL} AS kind,
               count(*) AS count
        FROM events WHERE {found.sql()} AND date IS NOT NULL
        GROUP BY ALL ORDER BY day, role, kind NULLS LAST
    """
    out = engine.frame(sql, found.params())
    out["day"] = out["day"].astype("datetime64[ns]")
    out["kind"] = out["kind"].astype(object).where(out["kind"].notna(), None)
    out["count"] = out["count"].astype("int64")
    return out


def date_bounds(engine, found: Where) -> tuple[date, date] | None:
    """The earliest and latest date of the filtered rows; None when none is dated."""
    low, high = engine.rows(f"SELECT min(date), max(date) FROM events WHERE {found.sql()}",
                            found.params())[0]  # fmt: skip
    return None if low is None else (low, high)


def country_totals(engine, found: Where) -> pd.DataFrame:
    """Per country: events, mentions, killed, injured and places; most events first.

    Killed and injured follow events/tolls.py where a query can: only events that happened
    and are news of the day, a figure where its own sentence puts it and not a vague one
    ("dozens"), one event once per country with its highest figure, and a running total
    ("has risen to") counted once, its highest. Unlike events/tolls.py they count the same
    event reported by several articles once per article, and read no disease names.
    """
    vague = {c: f"COALESCE({c}_qualifier, '') NOT IN ({_VAGUE})" for c in ("killed", "injured")}
    sql = f"""
        WITH rows AS (
            SELECT country_code, role, point, article_rowid, trigger_start, rowid, kind,
                   killed, injured, killed_qualifier, injured_qualifier, running_total,
                   status, background, place_source
            FROM events WHERE {found.sql()} AND COALESCE(country_code, '') <> ''
        ),
        per_event AS (  -- one event at several places of a country: once, its highest figure
            SELECT country_code, {KIND_LABEL} AS kind_label, bool_or(running_total) AS running,
                   max(killed) FILTER (WHERE {vague["killed"]}) AS killed,
                   max(injured) FILTER (WHERE {vague["injured"]}) AS injured
            FROM rows
            WHERE role = 'event' AND (killed IS NOT NULL OR injured IS NOT NULL)
              AND COALESCE(status, 'occurred') = 'occurred' AND NOT COALESCE(background, false)
              AND COALESCE(place_source, 'sentence') = 'sentence'
            GROUP BY country_code, article_rowid, COALESCE(trigger_start, -rowid), kind_label
        ),
        figures AS (  -- a running total counts once, its highest
            SELECT country_code, sum(killed) AS killed, sum(injured) AS injured FROM (
                SELECT country_code, killed, injured FROM per_event WHERE NOT running
                UNION ALL
                SELECT country_code, max(killed), max(injured) FROM per_event WHERE running
                GROUP BY country_code, kind_label
            ) GROUP BY country_code
        ),
        counted AS (
            SELECT country_code, count(*) FILTER (WHERE role = 'event') AS events,
                   count(*) FILTER (WHERE role = 'mention') AS mentions,
                   count(DISTINCT point) AS places
            FROM rows GROUP BY country_code
        )
        SELECT counted.country_code AS country, events, mentions,
               COALESCE(figures.killed, 0) AS killed, COALESCE(figures.injured, 0) AS injured,
               places
        FROM counted LEFT JOIN figures USING (country_code)
        ORDER BY events DESC, mentions DESC, country
    """
    params = found.params()
    out = engine.frame(sql, params)
    for column in ("events", "mentions", "killed", "injured", "places"):
        out[column] = out[column].astype("int64")
    return out


def table_page(engine, found: Where, page: int = 0, size: int = TABLE_PAGE) -> pd.DataFrame:
    """One page of the events table, newest first (undated last; the same date in the order
    the articles were stored, then as their text tells), columns named for people as
    :func:`dashboard.data.table_view` names them."""
    columns = dict(TABLE_COLUMNS, kind_label=KIND_LABEL, source_label=SOURCE_LABEL)
    select = ", ".join(
        f'{columns[c] if c in ("kind_label", "source_label") else c} AS "{label}"'
        for c, label in TABLE_COLUMNS.items()
    )
    # Two steps: the page's rows by their sort keys alone, then their columns, read from
    # the row groups of the page's dates only (the parts are sorted by date).
    order = "date DESC NULLS LAST, published, article_rowid, start, rowid"
    newest, newest_params = "TRUE", []
    if found.filters is not None and rollup.covers(found.filters):
        # The page lies within the newest days holding enough rows: read only those.
        first = rollup.newest_day(rollup.of(engine), found.filters, (page + 1) * size)
        if first is not None:
            newest, newest_params = "date >= ?", [first]
    keys = engine.rows(
        f"SELECT rowid, date FROM events WHERE {found.sql()} AND {newest} ORDER BY {order} "
        f"LIMIT {int(size)} OFFSET {int(page) * int(size)}",
        found.params() + newest_params,
    )
    rowids = [row[0] for row in keys]
    dates = [row[1] for row in keys if row[1] is not None]
    within = "(date BETWEEN ? AND ? OR date IS NULL)" if dates else "TRUE"
    span = [min(dates), max(dates)] if dates else []
    marks = ", ".join("?" * len(rowids)) or "NULL"
    out = engine.frame(
        f"SELECT {select} FROM events WHERE {within} AND rowid IN ({marks}) ORDER BY {order}",
        [*span, *rowids],
    )
    out["Kind"] = out["Kind"].astype(object).where(out["Kind"].notna(), None)
    out["Confidence"] = pd.to_numeric(out["Confidence"]).where(out["Role"] == "event")
    return out


# -- the map ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MapLayer:
    """What the map draws: single places, or cells of several places (bubbles), and whether
    it was cut to the view (``windowed``) or to the biggest MAX_OBJECTS cells (``truncated``)."""

    places: pd.DataFrame  # lat, lon, name, country, events, mentions, total, casualties, kind
    bubbles: pd.DataFrame  # lat, lon, total, places, south, west, north, east, events, mentions
    windowed: bool
    truncated: bool

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
        _places(grouped[single]), _bubbles(grouped[~single]), view is not None, truncated
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


# The places table's points in the mirror's Web Mercator x/y (as store.mirror derives them).
_PLACES_XY = """
    SELECT (lon + 180.0) / 360.0 AS mx,
           (1.0 - ln(tan(radians(greatest(least(lat, 85.05), -85.05)))
                 + 1.0 / cos(radians(greatest(least(lat, 85.05), -85.05)))) / pi()) / 2.0 AS my
    FROM places
"""
_VAGUE = ", ".join(f"'{quoted(q)}'" for q in sorted(VAGUE_QUALIFIERS))
