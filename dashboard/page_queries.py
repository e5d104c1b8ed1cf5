"""What the page needs besides :mod:`dashboard.queries`, as queries on the columnar engine:
the filter options, the events' extent, the rows a replay hides, the map's credits and legend,
the heat map's and the day-by-day layer's cells, and the rows of the side panel and the feed
(few each, with their links across articles).

Each function takes an engine (:class:`store.engine.EventsEngine`) and a
:class:`dashboard.queries.Where` and returns the shape the frame's own function returned
(:mod:`dashboard.aggregate`, :mod:`dashboard.filters`, :mod:`dashboard.feed`), so the views
draw either; the tests compare both on real stores.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np
import pandas as pd

from dashboard import (
    aggregate,
    engine_exports,
    engine_links,
    feed,
    filters,
    link_closure,
    map_queries,
    queries,
    rollup,
)
from dashboard.filters import Counts, Filters
from dashboard.queries import Where
from dashboard.sql_terms import CERTAIN, KIND_LABEL, LOCATED

MORE_FEED_ROWS = 4  # the feed reads this many rows a card at first (linked reports share one)
PANEL_TOLERANCE = 2e-5  # degrees: as dashboard.panel.place_events
_LINKED = engine_exports.LINKS


def region_ids(by_geonameid: Mapping[int, str]) -> dict[str, list[int]]:
    """Region code -> the geonameids in it (the inverse of Regions.by_geonameid)."""
    out: dict[str, list[int]] = {}
    for geonameid, code in by_geonameid.items():
        out.setdefault(code, []).append(int(geonameid))
    return out


def geonameids(engine) -> list[int]:
    """The GeoNames ids of the located rows' places (for the admin regions)."""
    rows = engine.rows(
        f"SELECT DISTINCT geonameid FROM events WHERE {LOCATED} AND geonameid IS NOT NULL"
    )
    return [int(row[0]) for row in rows]


def shown_rows(uncertain: bool = True, roles: Sequence[str] = ()) -> tuple[str, list]:
    """The condition for the rows the filters can show (see dashboard.data.choices)."""
    conditions, params = [LOCATED], []
    if not uncertain:
        conditions.append(CERTAIN)
    if roles:
        conditions.append(f"role IN ({', '.join('?' * len(roles))})")
        params.extend(roles)
    return " AND ".join(conditions), params


def options(engine, column: str, condition: str, params: Sequence) -> list[str]:
    """The distinct non-empty values of ``column`` (SQL) among the rows of ``condition``,
    most frequent first, then by value (filters.options)."""
    rows = engine.rows(
        f"SELECT CAST({column} AS VARCHAR) AS v, count(*) AS n FROM events "
        f"WHERE {condition} AND {column} IS NOT NULL AND trim(CAST({column} AS VARCHAR)) <> '' "
        "GROUP BY v",
        list(params),
    )
    return [value for value, _ in sorted(rows, key=lambda r: (-int(r[1]), r[0]))]


def region_options(
    engine, by_geonameid: Mapping[int, str], condition: str, params: Sequence
) -> list[str]:
    """The admin regions of the rows of ``condition``, most rows first (filters.options)."""
    rows = engine.rows(
        f"SELECT geonameid, count(*) FROM events WHERE {condition} AND geonameid IS NOT NULL "
        "GROUP BY geonameid",
        list(params),
    )
    counts: dict[str, int] = {}
    for geonameid, n in rows:
        code = by_geonameid.get(int(geonameid))
        if code:
            counts[code] = counts.get(code, 0) + int(n)
    return sorted(counts, key=lambda code: (-counts[code], code))


def all_counts(engine, condition: str, params: Sequence) -> Counts:
    """Counts (queries.counts) of the rows of ``condition``."""
    sql = f"""
        SELECT count(*) FILTER (WHERE role = 'event'), count(*) FILTER (WHERE role = 'mention'),
               count(DISTINCT article_rowid), count(DISTINCT point)
        FROM events WHERE {condition}
    """
    return Counts(*(int(v or 0) for v in engine.rows(sql, list(params))[0]))


def date_bounds(engine, condition: str, params: Sequence):
    """(earliest, latest) date of the rows of ``condition``; None when none is dated."""
    low, high = engine.rows(
        f"SELECT min(date), max(date) FROM events WHERE {condition}", list(params)
    )[0]
    return None if low is None else (low, high)


def uncertain_events(
    engine, chosen: Filters, regions: Mapping[str, Sequence[int]] | None = None
) -> int:
    """Uncertain events passing every other filter (filters.uncertain_events)."""
    hidden = queries.where_for(engine, replace(chosen, show_uncertain=False), regions)
    left = queries.funnel(engine, hidden)  # the page's own funnel while they are hidden
    return left["text"] - left["uncertain"]


def hidden_mentions(engine, found: Where) -> int:
    """Mentions passing every other filter while mentions are not shown (0 when they are)."""
    if found.filters is None or "mention" in found.filters.roles:
        return 0
    sql = f"SELECT count(*) FROM events WHERE role = 'mention' AND {found.sql(('roles',))}"
    return int(engine.rows(sql, found.params(("roles",)))[0][0])


def in_view(view: tuple[float, float, float, float]) -> tuple[str, list]:
    """The condition for rows inside (south, west, north, east), as dashboard.data.in_view:
    west > east means across the antimeridian."""
    south, west, north, east = view
    if east - west >= 360:
        return "lat BETWEEN ? AND ?", [south, north]
    west = ((west + 180) % 360) - 180
    east = ((east + 180) % 360) - 180
    if west <= east:
        return "lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?", [south, north, west, east]
    return "lat BETWEEN ? AND ? AND (lon >= ? OR lon <= ?)", [south, north, west, east]


def store_places(engine) -> int:
    """How many places the store's events have (once per state of its mirror)."""
    return engine.memo("places", lambda: int(engine.rows("SELECT count(*) FROM places")[0][0]))


def row_count(engine, found: Where, extra: tuple[str, list] = ("TRUE", [])) -> int:
    """How many rows pass the filters (and ``extra``, a condition and its parameters)."""
    sql = f"SELECT count(*) FROM events WHERE {found.sql()} AND {extra[0]}"
    return int(engine.rows(sql, found.params() + list(extra[1]))[0][0])


def extent(engine, found: Where) -> tuple[float, float, float, float] | None:
    """(south, west, north, east) of the filtered places, as aggregate.extent (the shortest
    way round in longitude): read from each one-degree band's extremes, which keep every
    gap between bands."""
    rows = engine.frame(
        f"SELECT min(lat) AS s, max(lat) AS n, min(lon) AS w, max(lon) AS e FROM events "
        f"WHERE {found.sql()} GROUP BY floor(lon)",
        found.params(),
    )
    if rows.empty:
        return None
    ends = pd.DataFrame(
        {
            "lat": np.concatenate([rows["s"], rows["n"]]),
            "lon": np.concatenate([rows["w"], rows["e"]]),
        }
    )
    return aggregate.extent(ends)


def first_view_box(engine, found: Where) -> pd.DataFrame:
    """The corners of the filtered rows (lat, lon: two rows), for maps.initial_view."""
    low_lat, high_lat, low_lon, high_lon = engine.rows(
        f"SELECT min(lat), max(lat), min(lon), max(lon) FROM events WHERE {found.sql()}",
        found.params(),
    )[0]
    if low_lat is None:
        return pd.DataFrame({"lat": [], "lon": []})
    return pd.DataFrame({"lat": [low_lat, high_lat], "lon": [low_lon, high_lon]})


def undated(engine, found: Where) -> tuple[int, int]:
    """(events, mentions) without a date among the filtered rows (replay.undated)."""
    events, mentions = engine.rows(
        "SELECT count(*) FILTER (WHERE role = 'event'), count(*) FILTER (WHERE role <> 'event') "
        f"FROM events WHERE {found.sql()} AND date IS NULL",
        found.params(),
    )[0]
    return int(events or 0), int(mentions or 0)


def credits(engine, found: Where, limit: int = 50) -> list[str]:
    """The first ``limit`` distinct article credits of the filtered rows (the attribution)."""
    rows = engine.rows(
        f"SELECT credit FROM events WHERE {found.sql()} AND credit IS NOT NULL "
        f"GROUP BY credit ORDER BY min(rowid) LIMIT {int(limit)}",
        found.params(),
    )
    return [row[0] for row in rows]


def legend_kinds(engine, found: Where) -> tuple[list[str], bool]:
    """The dominant kind of each filtered place (its most frequent; ties: first by name), as
    the legend lists them, and whether some place has mentions only (one scan)."""
    rows = engine.rows(
        f"""
        WITH per AS (
            SELECT point, {KIND_LABEL} AS k, count(*) AS n FROM events
            WHERE {found.sql()} GROUP BY ALL
        )
        SELECT DISTINCT first(k ORDER BY n DESC, k) FILTER (WHERE k IS NOT NULL) AS kind
        FROM per GROUP BY point
        """,
        found.params(),
    )
    kinds = [row[0] for row in rows if row[0] is not None]
    return kinds, any(row[0] is None for row in rows)


def heat_points(
    engine, found: Where, zoom: int, view, max_points: int = aggregate.MAX_HEAT
) -> list[list[float]]:
    """[lat, lon, weight] per heat cell (aggregate.heat_points' cells of HEAT_CELL_PX)."""
    layer = map_queries.map_layer(
        engine, found, zoom, view, cell_px=aggregate.HEAT_CELL_PX, max_places=0,
        max_objects=max_points,
    )  # fmt: skip
    rows = [[p.lat, p.lon, int(p.total)] for p in layer.places.itertuples()]
    rows += [[b.lat, b.lon, int(b.total)] for b in layer.bubbles.itertuples()]
    rows.sort(key=lambda r: -r[2])
    return [[round(a, 4), round(b, 4), w] for a, b, w in rows[:max_points]]


def animation(
    engine, found: Where, zoom: int, max_rows: int = aggregate.MAX_ANIMATION
) -> tuple[list[str], list[list[float]]]:
    """Days and rows [lat, lon, day index, events] per screen cell and day, as
    aggregate.animation: cells of ANIMATION_CELL_PX doubled until the rows fit."""
    cell = aggregate.ANIMATION_CELL_PX
    condition = f"{found.sql()} AND date IS NOT NULL"
    while True:
        cells = 2.0**zoom * aggregate.TILE / cell
        key = f"floor(mx * {cells})::BIGINT, floor(my * {cells})::BIGINT, date"
        count = engine.rows(
            f"SELECT count(*) FROM (SELECT 1 FROM events WHERE {condition} GROUP BY {key})",
            found.params(),
        )[0][0]
        if count <= max_rows or cell >= aggregate.TILE * 4:
            break
        cell *= 2
    grouped = engine.frame(
        f"SELECT date AS d, avg(lat) AS lat, avg(lon) AS lon, count(*) AS n FROM events "
        f"WHERE {condition} GROUP BY {key} ORDER BY d, n DESC LIMIT {int(max_rows)}",
        found.params(),
    )
    days = engine.rows(
        f"SELECT DISTINCT date FROM events WHERE {condition} ORDER BY date", found.params()
    )
    index = {pd.Timestamp(row[0]).date(): i for i, row in enumerate(days)}
    out = [
        [round(r.lat, 4), round(r.lon, 4), index[pd.Timestamp(r.d).date()], int(r.n)]
        for r in grouped.itertuples(index=False)
    ]
    return [row[0].isoformat() for row in days], out


# -- rows with their text: the side panel and the feed -----------------------------------------


def ensure_links(engine) -> None:
    """Links across articles for every event, computed once per state of the mirror by the
    engine itself (dashboard.engine_links: pipeline.linking's answer, in SQL)."""
    engine.memo("links", lambda: engine_links.fill_links(engine))


def _frame_rows(
    engine, condition: str, params: Sequence, order: str, limit: int | None, linker
) -> pd.DataFrame:
    """Mirror rows (few) with their links across articles (link_closure.links_for)."""
    if limit is None:
        rows = engine.frame(f"SELECT * FROM events WHERE {condition} ORDER BY {order}", params)
    else:  # the rows by their sort keys alone first, then their columns (as table_page)
        keys = engine.rows(
            f"SELECT rowid, date FROM events WHERE {condition} ORDER BY {order} LIMIT {int(limit)}",
            list(params),
        )
        dates = [row[1] for row in keys if row[1] is not None]
        within = "(date BETWEEN ? AND ? OR date IS NULL)" if dates else "TRUE"
        marks = ", ".join("?" * len(keys)) or "NULL"
        rows = engine.frame(
            f"SELECT * FROM events WHERE {within} AND rowid IN ({marks}) ORDER BY {order}",
            [*([min(dates), max(dates)] if dates else []), *(row[0] for row in keys)],
        )
    links = link_closure.links_for(engine, rows, linker)
    return rows.assign(link_id=links["link_id"].to_numpy(), link_size=links["link_size"].to_numpy())


def prepared(rows: pd.DataFrame, by_geonameid: Mapping[int, str]) -> pd.DataFrame:
    """Mirror rows as the events frame (types, derived columns) for the panel and the feed."""
    return filters.prepare(engine_exports._as_frame(rows), by_geonameid)


def place_rows(
    engine, found: Where, lat: float, lon: float, by_geonameid: Mapping[int, str], linker
) -> pd.DataFrame:
    """The filtered rows at one point (panel.place_events' rows: events first, newest
    first), with their links."""
    from dashboard import panel

    near = "abs(lat - ?) <= ? AND abs(lon - ?) <= ?"
    params = [*found.params(), lat, PANEL_TOLERANCE, lon, PANEL_TOLERANCE]
    order = "published NULLS FIRST, article_id, start, event_id"  # the frame's order
    rows = _frame_rows(engine, f"{found.sql()} AND {near}", params, order, None, linker)
    return panel.place_events(prepared(rows, by_geonameid), lat, lon)


def feed_cards(
    engine, found: Where, limit: int, by_geonameid: Mapping[int, str], linker
) -> list[feed.FeedItem]:
    """The feed's newest ``limit`` cards (feed.feed_items over the filtered rows): the
    newest rows read until ``limit`` distinct linked events are among them."""
    condition = f"{found.sql()} AND role = 'event'"
    # Newest first: by date, then publication, then the frame's order backwards.
    order = (
        "date DESC NULLS LAST, published DESC NULLS LAST, article_id DESC, start DESC, "
        "event_id DESC"
    )
    wanted = max(limit, 1) * MORE_FEED_ROWS
    while True:
        newest, params = condition, found.params()
        if found.filters is not None and rollup.covers(found.filters):
            # The newest ``wanted`` events lie within the newest days holding that many.
            events = replace(found.filters, roles=("event",))
            first = rollup.newest_day(rollup.of(engine), events, wanted)
            if first is not None:
                newest, params = f"{condition} AND date >= ?", [*params, first]
        rows = _frame_rows(engine, newest, params, order, wanted, linker)
        # feed_items reads the frame's order (oldest first): give it the rows so.
        frame = prepared(rows.iloc[::-1].reset_index(drop=True), by_geonameid)
        items = feed.feed_items(frame, limit)
        if len(items) >= limit or len(rows) < wanted:
            return items
        wanted *= 4


def feed_total(engine, found: Where) -> int:
    """How many cards the whole feed holds (feed.count_events: linked reports once); reads
    the link table of every event (:func:`ensure_links`)."""
    total = engine.rows(
        f"SELECT count(DISTINCT COALESCE(l.link_id, e.event_id)) FROM events AS e "
        f"LEFT JOIN {_LINKED} AS l USING (event_id) WHERE {found.sql()} AND role = 'event'",
        found.params(),
    )[0][0]
    return int(total or 0)
