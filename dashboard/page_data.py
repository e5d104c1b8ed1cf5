"""The page's data: the engine's answers for the filters shown, cached per store stamp.

Every function takes the store's path and stamp (dashboard.data.store_stamp) and, for the
views, the filters; it answers with the few rows the view draws (dashboard.queries,
dashboard.map_queries, dashboard.page_queries), never the store's events: the page holds
no frame of them whatever the store's size. Answers are cached with ``st.cache_resource``
(shared by sessions, never modified by callers), keyed by the stamp, so an ingest makes
new ones.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import replace

import pandas as pd
import streamlit as st

from dashboard import (
    aggregate,
    engine_exports,
    feed,
    filters,
    map_queries,
    page_queries,
    queries,
    regions,
)
from dashboard.data import TABLE_ROWS, Choices, engine, sorted_codes
from dashboard.sql_terms import KIND_LABEL, SOURCE_LABEL

Stamp = tuple[int, int]
LINKS_WAIT_SECONDS = 3.0  # the feed waits this long at most for the store's links


@st.cache_resource(show_spinner=False, max_entries=4)
def load_regions(path: str, stamp: Stamp) -> regions.Regions:
    """The admin regions of the store's places (empty without a gazetteer)."""
    ids = page_queries.geonameids(engine(path, stamp))
    return regions.load_regions(ids, regions.gazetteer_path())


@st.cache_resource(show_spinner=False, max_entries=4)
def region_ids(path: str, stamp: Stamp) -> dict[str, list[int]]:
    """Admin region code -> the geonameids of the store's places in it."""
    return page_queries.region_ids(load_regions(path, stamp).by_geonameid)


@st.cache_resource(show_spinner=False, max_entries=8)
def choices(
    path: str, stamp: Stamp, uncertain: bool = True, roles: tuple[str, ...] = ()
) -> Choices:
    """The filter options of a store: of every row, or of the rows the filters can show:
    with ``uncertain`` False without the uncertain events, with ``roles`` those roles only
    (so no kind or date is offered that only a hidden event or mention has: a mention of
    1918 does not stretch the dates)."""
    found = engine(path, stamp)
    condition, params = page_queries.shown_rows(uncertain, roles)
    by_id = load_regions(path, stamp).by_geonameid
    events = f"{condition} AND role = 'event'"
    return Choices(
        countries=sorted_codes(page_queries.options(found, "country_code", condition, params)),
        regions=page_queries.region_options(found, by_id, condition, params),
        kinds=page_queries.options(found, KIND_LABEL, events, params),
        precisions=page_queries.options(found, "precision", condition, params),
        sources=page_queries.options(found, SOURCE_LABEL, condition, params),
        total=page_queries.all_counts(found, condition, params),
        dates=page_queries.date_bounds(found, condition, params),
    )


def where(path: str, stamp: Stamp, chosen: filters.Filters) -> queries.Where:
    """The SQL of the filters for the store's engine (its regions known)."""
    return queries.where_for(engine(path, stamp), chosen, region_ids(path, stamp))


# Queries of (engine, Where, *args), answered by one cached function (Streamlit keys a cache
# by the function's code: one function per query would need one definition each).
_QUERIES = {
    "counts": queries.counts,
    "funnel": queries.funnel,
    "hidden_mentions": page_queries.hidden_mentions,
    "totals": lambda found, where_now: queries.country_totals(
        found, where_now, engine_exports.LINKS
    ),
    "extent": page_queries.extent,
    "first_view": page_queries.first_view_box,
    "undated": page_queries.undated,
    "credits": page_queries.credits,
    "legend_kinds": page_queries.legend_kinds,
    "animation": page_queries.animation,
    "daily": lambda found, where_now: queries.timeline(found, where_now, "day"),
}


@st.cache_resource(show_spinner=False, max_entries=256)
def _answer(name: str, path: str, stamp: Stamp, chosen: filters.Filters, *args):
    return _QUERIES[name](engine(path, stamp), where(path, stamp, chosen), *args)


def counts(path: str, stamp: Stamp, chosen: filters.Filters) -> filters.Counts:
    """Events, mentions, articles and places of the filtered rows."""
    return _answer("counts", path, stamp, chosen)


def funnel(path: str, stamp: Stamp, chosen: filters.Filters) -> dict[str, int]:
    """Rows left after each filter step."""
    return _answer("funnel", path, stamp, chosen)


def hidden_mentions(path: str, stamp: Stamp, chosen: filters.Filters) -> int:
    """Mentions passing the other filters while mentions are not shown."""
    return _answer("hidden_mentions", path, stamp, chosen)


def totals(path: str, stamp: Stamp, chosen: filters.Filters) -> pd.DataFrame:
    """Per-country totals of the filtered rows (the Countries tab and the choropleth): an
    event reported by several articles counted once, so they wait for the store's links."""
    job = links_job(path, stamp)
    if not job.done():
        with st.spinner("Linking the reports of one event across articles…"):
            job.result()
    job.result()  # raises what the job raised
    return _answer("totals", path, stamp, chosen)


def extent(path: str, stamp: Stamp, chosen: filters.Filters):
    """(south, west, north, east) of the filtered places; None when there is none."""
    return _answer("extent", path, stamp, chosen)


def first_view(path: str, stamp: Stamp, chosen: filters.Filters) -> pd.DataFrame:
    """The corners of the filtered rows (for maps.initial_view)."""
    return _answer("first_view", path, stamp, chosen)


def undated(path: str, stamp: Stamp, chosen: filters.Filters) -> tuple[int, int]:
    """(events, mentions) without a date among the filtered rows."""
    return _answer("undated", path, stamp, chosen)


def credits(path: str, stamp: Stamp, chosen: filters.Filters) -> list[str]:
    """The filtered rows' first article credits (the map's attribution)."""
    return _answer("credits", path, stamp, chosen)


def legend_kinds(path: str, stamp: Stamp, chosen: filters.Filters) -> tuple[list[str], bool]:
    """The places' dominant kinds, and whether a place has mentions only (the legend)."""
    return _answer("legend_kinds", path, stamp, chosen)


def animation(path: str, stamp: Stamp, chosen: filters.Filters, zoom: int):
    """Days and cells of the day-by-day layer at ``zoom``."""
    return _answer("animation", path, stamp, chosen, zoom)


def daily(path: str, stamp: Stamp, chosen: filters.Filters) -> pd.DataFrame:
    """Events per day and kind of the filtered rows (aggregate.daily's columns)."""
    return _answer("daily", path, stamp, chosen)


def uncertain(path: str, stamp: Stamp, chosen: filters.Filters) -> int:
    """Uncertain events passing the other filters (filters.uncertain_events): from the
    funnel with them hidden, the page's own funnel unless they are shown (cached)."""
    left = funnel(path, stamp, replace(chosen, show_uncertain=False))
    return left["text"] - left["uncertain"]


@st.cache_resource(show_spinner=False, max_entries=32)
def table(path: str, stamp: Stamp, chosen: filters.Filters, view=None) -> tuple[pd.DataFrame, int]:
    """The events table's newest TABLE_ROWS rows and how many rows there are, of the
    filtered rows (inside ``view``, (south, west, north, east), when given)."""
    found = where(path, stamp, chosen)
    if view is not None:  # one more condition; the rollup's shortcuts do not know of it
        found = queries.Where((*found.steps, ("view", *page_queries.in_view(view))), None)
    rows = page_queries.row_count(engine(path, stamp), found)
    page = queries.table_page(engine(path, stamp), found, 0, TABLE_ROWS)
    page["Date"] = pd.to_datetime(page["Date"]).dt.date
    return page, rows


@st.cache_resource(show_spinner=False, max_entries=32)
def map_cells(
    path: str, stamp: Stamp, chosen: filters.Filters, zoom: int, view
) -> tuple[aggregate.Cells, pd.DataFrame]:
    """The markers' places and bubbles for the view, and the places a click may pick: the
    filtered places grouped in screen cells (aggregate.cells) when the store has few, else
    the engine's grid cells around the view (map_queries.map_layer), bounded either way."""
    found = engine(path, stamp)
    few = page_queries.store_places(found) <= map_queries.MAX_PLACES
    layer = map_queries.map_layer(found, where(path, stamp, chosen), zoom, None if few else view)
    if not layer.grid:
        return aggregate.cells(layer.places, zoom, view), layer.places
    return aggregate.Cells(layer.places, layer.bubbles, layer.windowed), layer.places


@st.cache_resource(show_spinner=False, max_entries=32)
def heat_points(path: str, stamp: Stamp, chosen: filters.Filters, zoom: int, view) -> list:
    """The heat map's cells (aggregate.heat_points), around the view in a large store."""
    found = engine(path, stamp)
    few = page_queries.store_places(found) <= aggregate.MAX_HEAT
    return page_queries.heat_points(found, where(path, stamp, chosen), zoom, None if few else view)


@st.cache_resource(show_spinner=False, max_entries=8)
def place_rows(
    path: str, stamp: Stamp, chosen: filters.Filters, lat: float, lon: float
) -> pd.DataFrame:
    """The filtered rows at one place, with their links (the side panel's)."""
    by_id = load_regions(path, stamp).by_geonameid
    found = where(path, stamp, chosen)
    return page_queries.place_rows(engine(path, stamp), found, lat, lon, by_id, _linker())


@st.cache_resource(show_spinner=False, max_entries=32)
def _feed_cards(path: str, stamp: Stamp, chosen: filters.Filters, limit: int) -> list:
    by_id = load_regions(path, stamp).by_geonameid
    found = where(path, stamp, chosen)
    return page_queries.feed_cards(engine(path, stamp), found, limit, by_id, _linker())


@st.cache_resource(show_spinner=False, max_entries=32)
def _feed_total(path: str, stamp: Stamp, chosen: filters.Filters) -> int:
    return page_queries.feed_total(engine(path, stamp), where(path, stamp, chosen))


def feed_cards(
    path: str, stamp: Stamp, chosen: filters.Filters, limit: int
) -> tuple[list[feed.FeedItem], int | None]:
    """The feed's newest ``limit`` cards of the filtered rows, and how many it holds in all
    (None while the store's links are still being computed: see :func:`links_job`)."""
    items = _feed_cards(path, stamp, chosen, limit)
    job = links_job(path, stamp)
    # A small store's links take milliseconds: worth waiting for, not a large store's.
    if not wait([job], timeout=LINKS_WAIT_SECONDS).done:
        return items, None
    return items, _feed_total(path, stamp, chosen)


def export_rows(path: str, stamp: Stamp, chosen: filters.Filters):
    """The filtered rows for a download, in batches (engine_exports.batches), once the
    store's links are known."""
    links_job(path, stamp).result()
    where_now = where(path, stamp, chosen)
    return engine_exports.batches(engine(path, stamp), where_now.sql(), where_now.params())


@st.cache_resource(show_spinner=False, max_entries=2)
def links_job(path: str, stamp: Stamp) -> Future:
    """The links across articles of every event, computed by the engine in the background
    once per stamp (dashboard.engine_links; a few seconds at 10^6 events here): the feed's
    total, the country totals and the downloads read them; the cards and the panel link
    their own rows at once (dashboard.link_closure)."""
    found = engine(path, stamp)
    pool = ThreadPoolExecutor(1, thread_name_prefix="newsmap-links")
    job = pool.submit(page_queries.ensure_links, found)
    pool.shutdown(wait=False)  # its thread ends with the job
    return job


def _linker():
    from pipeline.linking import frame_link_ids

    return frame_link_ids


def clear_caches() -> None:
    """Forget every cached answer (after an ingest from the page)."""
    for cached in (load_regions, region_ids, choices, _answer, table, map_cells,
                   heat_points, place_rows, _feed_cards, _feed_total, links_job):  # fmt: skip
        cached.clear()


def warm(path: str, stamp: Stamp) -> None:
    """Fill the caches a first visit reads (regions, filter options)."""
    links_job(path, stamp)  # in the background
    load_regions(path, stamp)
    choices(path, stamp)
    choices(path, stamp, False, filters.DEFAULT_ROLES)  # what a first visit is offered
