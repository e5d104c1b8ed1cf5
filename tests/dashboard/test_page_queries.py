"""The page's own queries on the columnar engine (dashboard.page_queries, page_exports) give
what the frame path (dashboard.data, aggregate, feed, panel, replay, the frame's exports)
gives on the same real store, links across articles included."""

from __future__ import annotations

import json
from datetime import date

import pytest

from dashboard import aggregate, engine_exports, feed, page_exports, page_queries, queries, replay
from dashboard.data import choices_of, in_view, sorted_codes, table_view
from dashboard.exports import to_kml
from dashboard.filters import Filters, apply, prepare
from dashboard.panel import place_events
from events.model import DATE_DAY
from pipeline.linking import frame_link_ids
from store.db import Store
from store.engine import EventsEngine
from store.export import to_csv, to_geojson
from store.mirror import sync
from tests.dashboard.conftest import (
    MANBIJ,
    REGIONS,
    Spot,
    _article,
    _events,
    add_uncertain_event,
    copy_with_one_event,
)

pytestmark = pytest.mark.unit

SECOND = (  # a second report of the Manbij air strike: it links with the first
    "Strikes near Manbij",
    "Air strikes near Manbij killed 12 civilians, officials said.",
    "https://news.example.org/manbij",
    date(2016, 7, 20),
)
# Country-level reports of an air strike killing 12 in Syria: the first joins the Manbij
# strike's link (same kind, country and toll, within two days), the second is too late to.
SYRIA = Spot(
    "Syria", "Syria", 35.0, 38.0, "SY", precision="country", geonameid=163843,
    kind="air_strike", killed=12,
)  # fmt: skip
COUNTRY_REPORTS = [
    (("Strike in Syria", "An air strike in Syria killed 12 people.",
      "https://news.example.org/syria", date(2016, 7, 21)), date(2016, 7, 20)),
    (("Later strike in Syria", "An air strike in Syria killed 12 people again.",
      "https://news.example.org/syria-later", date(2016, 8, 12)), date(2016, 8, 11)),
]  # fmt: skip
FILTERS = [
    Filters(),
    Filters(roles=("event", "mention"), show_uncertain=True),
    Filters(countries=("SY",), roles=("event", "mention")),
    Filters(date_from=date(2016, 7, 1), date_to=date(2016, 7, 31)),
    Filters(kinds=("air_strike",)),
    Filters(text="manbij", roles=("event", "mention")),
]


def _add_event(path, fields: tuple, spot: Spot, when: date) -> None:
    import dataclasses

    article = _article(*fields)
    (event,) = _events(article, [spot], when, DATE_DAY)
    with Store(path) as writing:
        assert writing.add_article(article, [dataclasses.replace(event, confidence=0.9)])


def _region_ids() -> dict[str, list[int]]:
    return page_queries.region_ids(REGIONS)


@pytest.fixture(scope="module")
def linked(tmp_path_factory, store_file):
    """The fixture store, a second report of one event and an uncertain event: its engine
    (links computed) and its prepared events frame with links, as the page read it."""
    path = tmp_path_factory.mktemp("page") / "newsmap.sqlite"
    copy_with_one_event(store_file, path, SECOND, MANBIJ, date(2016, 7, 19), 0.9)
    add_uncertain_event(path)
    for fields, when in COUNTRY_REPORTS:  # one joins the Manbij strike, one is too late to
        _add_event(path, fields, SYRIA, when)
    sync(path)
    with Store(path, readonly=True, linker=frame_link_ids) as store:
        frame = prepare(store.events_frame(), REGIONS)
    with EventsEngine(path) as engine:
        page_queries.ensure_links(engine)
        yield engine, frame


@pytest.mark.parametrize(("uncertain", "roles"), [(True, ()), (False, ("event",))])
def test_filter_options_are_those_of_the_frame(linked, uncertain, roles):
    engine, frame = linked
    rows = frame if uncertain else frame[frame["certain"]]
    rows = rows[rows["role"].isin(roles)] if roles else rows
    want = choices_of(rows)
    condition, params = page_queries.shown_rows(uncertain, roles)
    kinds = page_queries.options(
        engine, "CASE WHEN role = 'event' THEN COALESCE(NULLIF(trim(kind), ''), "
        "'unspecified') END", f"{condition} AND role = 'event'", params
    )  # fmt: skip
    assert kinds == want.kinds
    assert sorted_codes(page_queries.options(engine, "country_code", condition, params)) == (
        want.countries
    )
    assert page_queries.options(engine, "precision", condition, params) == want.precisions
    assert page_queries.region_options(engine, REGIONS, condition, params) == want.regions
    assert page_queries.all_counts(engine, condition, params) == want.total
    assert page_queries.date_bounds(engine, condition, params) == want.dates


@pytest.mark.parametrize("chosen", FILTERS, ids=range(len(FILTERS)))
def test_map_extent_legend_heat_and_replay_rows_match_the_frame(linked, chosen):
    engine, frame = linked
    rows = apply(frame, chosen)
    found = queries.where(chosen, _region_ids())
    places = aggregate.places(rows)
    assert page_queries.extent(engine, found) == aggregate.extent(places)
    assert page_queries.undated(engine, found) == replay.undated(rows)
    kinds, mentions_only = page_queries.legend_kinds(engine, found)
    assert sorted(kinds) == sorted(k for k in set(places["kind"]) if k is not None)
    assert mentions_only == bool((places["events"] == 0).any())
    for zoom in (3, 8):
        want = aggregate.heat_points(places, zoom)
        got = page_queries.heat_points(engine, found, zoom, None)
        assert sorted(map(tuple, got)) == sorted(map(tuple, want))
        days, cells = page_queries.animation(engine, found, zoom)
        want_days, want_cells = aggregate.animation(rows, zoom)
        assert days == want_days
        assert sorted(map(tuple, cells)) == sorted(map(tuple, want_cells))


@pytest.mark.parametrize("chosen", FILTERS, ids=range(len(FILTERS)))
def test_feed_cards_and_panel_rows_match_the_frame_with_links(linked, chosen):
    engine, frame = linked
    rows = apply(frame, chosen)
    found = queries.where(chosen, _region_ids())
    for limit in (1, 2, 30):
        items = page_queries.feed_cards(engine, found, limit, REGIONS, frame_link_ids)
        assert items == feed.feed_items(rows, limit)
    assert page_queries.feed_total(engine, found) == feed.count_events(rows)
    for lat, lon in rows[["lat", "lon"]].drop_duplicates().itertuples(index=False):
        got = page_queries.place_rows(engine, found, lat, lon, REGIONS, frame_link_ids)
        want = place_events(rows, lat, lon)
        assert list(got["event_id"]) == list(want["event_id"])
        assert list(got["link_id"]) == list(want["link_id"])
        assert list(got["link_size"]) == list(want["link_size"])


def test_the_manbij_reports_make_one_feed_card_reported_three_times(linked):
    engine, frame = linked
    items = page_queries.feed_cards(engine, queries.where(Filters()), 30, REGIONS, frame_link_ids)
    manbij = [item for item in items if item.place == MANBIJ.resolved]
    assert len(manbij) == 0  # shown from its newest report: the one placed in Syria
    syria = [item for item in items if item.place == SYRIA.resolved]
    assert sorted(item.reports for item in syria) == [1, 3]  # two articles on Manbij, one on Syria


def test_each_row_alone_gets_the_link_of_the_whole_store(linked):
    from dashboard import link_closure

    engine, frame = linked
    assert (frame["precision"] == "country").any() and frame["link_size"].max() == 3
    whole = frame.set_index("event_id")
    rows = engine.frame("SELECT * FROM events")
    for at in range(len(rows)):
        got = link_closure.links_for(engine, rows.iloc[at : at + 1], frame_link_ids)
        (event_id, link_id, size) = got.iloc[0]
        assert (link_id, size) == (whole.at[event_id, "link_id"], whole.at[event_id, "link_size"])


@pytest.mark.parametrize("chosen", FILTERS, ids=range(len(FILTERS)))
def test_downloads_have_the_frame_exports_bytes(linked, chosen):
    engine, frame = linked
    rows = apply(frame, chosen)
    found = queries.where(chosen, _region_ids())

    def batches():
        return engine_exports.batches(engine, found.sql(), found.params())

    assert page_exports.csv_text(batches()) == to_csv(rows)
    assert page_exports.geojson_text(batches()) == json.dumps(to_geojson(rows), ensure_ascii=False)
    assert page_exports.kml_document(batches()) == to_kml(rows)


def test_the_table_inside_the_view_is_the_frame_rows_in_view(linked):
    engine, frame = linked
    chosen = Filters(roles=("event", "mention"))
    found = queries.where(chosen)
    for view in [(30.0, 30.0, 40.0, 45.0), (35.0, 170.0, 40.0, -170.0), (-80, -400, 80, 400)]:
        inside = in_view(apply(frame, chosen), view)
        boxed = queries.Where((*found.steps, ("view", *page_queries.in_view(view))), None)
        assert page_queries.row_count(engine, boxed) == len(inside)
        page = queries.table_page(engine, boxed)
        assert list(page["Sentence"]) == list(table_view(inside)["Sentence"])


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """A synthetic store of 3,000 events at four towns, many reported by several articles:
    its engine (links computed) and its prepared frame with links."""
    from dashboard.synthetic import fill
    from tests.dashboard.test_synthetic import TOWNS

    path = tmp_path_factory.mktemp("synthetic") / "newsmap.sqlite"
    fill(path, 3000, TOWNS, seed=4)
    sync(path)
    with Store(path, readonly=True, linker=frame_link_ids) as store:
        frame = prepare(store.events_frame())
    assert (frame["link_size"] > 1).sum() > 100  # many events reported more than once
    with EventsEngine(path) as engine:
        page_queries.ensure_links(engine)
        yield engine, frame


def test_links_of_a_few_rows_are_those_of_linking_the_whole_store(synthetic):
    from dashboard import link_closure

    engine, frame = synthetic
    whole = frame.set_index("event_id")[["link_id", "link_size"]]
    for offset in (0, 700, 2000):
        rows = engine.frame(f"SELECT * FROM events ORDER BY rowid LIMIT 80 OFFSET {offset}")
        got = link_closure.links_for(engine, rows, frame_link_ids).set_index("event_id")
        want = whole.loc[got.index]
        assert list(got["link_id"]) == list(want["link_id"])
        assert list(got["link_size"]) == list(want["link_size"])


@pytest.mark.parametrize("chosen", FILTERS[:5], ids=range(5))
def test_country_tolls_count_a_linked_event_once_as_the_frame_does(synthetic, chosen):
    engine, frame = synthetic
    found = queries.where(chosen)
    got = queries.country_totals(engine, found, engine_exports.LINKS).set_index("country")
    want = aggregate.country_totals(apply(frame, chosen)).set_index("country")
    assert got.equals(want.astype("int64"))
    per_article = queries.country_totals(engine, found).set_index("country")
    if len(want):
        assert (per_article["killed"] >= got["killed"]).all()
