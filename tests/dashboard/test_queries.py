"""The dashboard's queries on the columnar engine (dashboard.queries) give what the frame path
(dashboard.filters, dashboard.aggregate, dashboard.data) gives on the same real stores."""

from __future__ import annotations

import dataclasses
import json
import shutil
from datetime import date

import pandas as pd
import pytest

from dashboard import aggregate, map_queries, queries, rollup
from dashboard.data import counts as frame_counts
from dashboard.data import table_view
from dashboard.filters import Filters, apply, funnel, prepare
from dashboard.synthetic import fill
from store.db import Store
from store.engine import EventsEngine
from store.mirror import sync
from tests.dashboard.conftest import REGIONS, add_uncertain_event
from tests.dashboard.test_synthetic import TOWNS

FILTERS = [
    Filters(),
    Filters(roles=("event", "mention")),
    Filters(roles=("event", "mention"), show_uncertain=True),
    Filters(countries=("sy",), roles=("event", "mention")),
    Filters(date_from=date(2016, 7, 1), date_to=date(2016, 7, 31)),
    Filters(date_from=date(2016, 7, 1), include_undated=False, roles=("event", "mention")),
    Filters(kinds=("air_strike", "unspecified")),
    Filters(min_casualties=1),
    Filters(precisions=("country",), roles=("mention",)),
    Filters(sources=("en.wikinews.org",), roles=("event", "mention")),
    Filters(text="ALEPPO", roles=("event", "mention")),
    Filters(regions=("SY.09",), roles=("event", "mention")),
]


def _region_ids() -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for gid, code in REGIONS.items():
        out.setdefault(code, []).append(gid)
    return out


@pytest.fixture(scope="module")
def small(tmp_path_factory, store_file):
    """The dashboard's fixture store plus one uncertain event: its engine and prepared frame."""
    path = tmp_path_factory.mktemp("queries") / "newsmap.sqlite"
    shutil.copy(store_file, path)
    add_uncertain_event(path)
    sync(path)
    with Store(path, readonly=True) as store:
        frame = prepare(store.events_frame(), REGIONS)
    with EventsEngine(path) as engine:
        yield engine, frame


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """A synthetic store of 1,500 events at four towns (dashboard.synthetic)."""
    path = tmp_path_factory.mktemp("synthetic") / "newsmap.sqlite"
    fill(path, 1500, TOWNS, seed=4)
    sync(path)
    with Store(path, readonly=True) as store:
        frame = prepare(store.events_frame())
    with EventsEngine(path) as engine:
        yield engine, frame


@pytest.mark.parametrize("chosen", FILTERS, ids=range(len(FILTERS)))
def test_funnel_and_counts_match_the_frame_filters(small, chosen):
    engine, frame = small
    found = queries.where(chosen, _region_ids())
    assert queries.funnel(engine, found) == funnel(frame, chosen)
    want = frame_counts(apply(frame, chosen))
    got = queries.counts(engine, found)
    assert (got.events, got.mentions, got.articles, got.places) == (
        want.events,
        want.mentions,
        want.articles,
        want.places,
    )


def test_the_uncertain_event_is_hidden_unless_asked_for(small):
    engine, _ = small
    hidden = queries.counts(engine, queries.where(Filters()))
    shown = queries.counts(engine, queries.where(Filters(show_uncertain=True)))
    assert shown.events == hidden.events + 1


@pytest.mark.parametrize("chosen", FILTERS[:6], ids=range(6))
def test_the_timeline_matches_the_daily_counts(small, chosen):
    engine, frame = small
    got = queries.timeline(engine, queries.where(chosen, _region_ids()))
    want = aggregate.daily(apply(frame, chosen))
    pd.testing.assert_frame_equal(got, want, check_dtype=False)


def test_timeline_bins_follow_the_span_and_weeks_sum_the_days(synthetic):
    engine, _ = synthetic
    assert queries.timeline_bin(date(2016, 1, 1), date(2016, 12, 31)) == "day"
    assert queries.timeline_bin(date(2010, 1, 1), date(2016, 12, 31)) == "week"
    assert queries.timeline_bin(date(1990, 1, 1), date(2016, 12, 31)) == "month"
    found = queries.where(Filters())
    days = queries.timeline(engine, found, "day")
    weeks = queries.timeline(engine, found, "week")
    months = queries.timeline(engine, found, "month")
    assert days["count"].sum() == weeks["count"].sum() == months["count"].sum()
    assert (weeks["day"].dt.dayofweek == 0).all() and (months["day"].dt.day == 1).all()
    assert len(months["day"].unique()) == 12
    with pytest.raises(ValueError, match="day, week or month"):
        queries.timeline(engine, found, "year")


def test_country_totals_match_the_frame_totals(small):
    engine, frame = small
    chosen = Filters(roles=("event", "mention"))
    got = queries.country_totals(engine, queries.where(chosen))
    want = aggregate.country_totals(apply(frame, chosen))
    pd.testing.assert_frame_equal(got, want, check_dtype=False)


def test_country_totals_count_what_the_frame_counts_on_a_synthetic_store(synthetic):
    engine, frame = synthetic
    got = queries.country_totals(engine, queries.where(Filters())).set_index("country")
    want = aggregate.country_totals(apply(frame, Filters())).set_index("country")
    assert got[["events", "mentions", "places"]].equals(want[["events", "mentions", "places"]])
    # The same event reported by several articles counts once in the frame's totals (linked),
    # once per article here: never less.
    assert (got["killed"] >= want["killed"]).all() and got["killed"].sum() > 0


def test_the_table_page_is_the_frame_table(small):
    engine, frame = small
    chosen = Filters(roles=("event", "mention"), show_uncertain=True)
    got = queries.table_page(engine, queries.where(chosen))
    want = table_view(apply(frame, chosen))
    assert list(got.columns) == list(want.columns)
    # The same rows, newest first; on one date the engine keeps the order articles were stored.
    columns = ["Place", "Sentence", "Article", "Role", "Kind", "Source", "Link"]
    as_rows = lambda table: sorted(map(repr, table[columns].itertuples(index=False)))  # noqa: E731
    assert as_rows(got) == as_rows(want)
    assert [None if pd.isna(d) else d.date() for d in got["Date"]] == [
        None if pd.isna(d) else d for d in want["Date"]
    ]


def test_table_pages_follow_each_other_without_gaps(synthetic):
    engine, frame = synthetic
    found = queries.where(Filters())
    pages = [queries.table_page(engine, found, page, size=400) for page in range(4)]
    rows = pd.concat(pages, ignore_index=True)
    assert len(rows) == len(apply(frame, Filters()))
    assert rows["Date"].is_monotonic_decreasing
    assert queries.table_page(engine, found, 10, size=400).empty


def test_map_places_match_the_frame_places(synthetic):
    engine, frame = synthetic
    chosen = Filters(roles=("event", "mention"))
    layer = map_queries.map_layer(engine, queries.where(chosen), zoom=3)
    want = aggregate.places(apply(frame, chosen))
    got = layer.places
    assert layer.bubbles.empty and not layer.truncated
    key = ["lat", "lon"]
    got, want = (
        got.sort_values(key).reset_index(drop=True),
        want.sort_values(key).reset_index(drop=True),
    )
    assert sorted(got.columns) == sorted(want.columns)
    pd.testing.assert_frame_equal(got[want.columns], want, check_dtype=False)


def test_many_places_become_cells_whose_size_follows_the_zoom(synthetic):
    engine, frame = synthetic
    found = queries.where(Filters(roles=("event", "mention")))
    total = len(apply(frame, Filters(roles=("event", "mention"))))
    coarse = map_queries.map_layer(engine, found, zoom=1, max_places=2)
    fine = map_queries.map_layer(engine, found, zoom=9, max_places=2)
    assert not coarse.bubbles.empty
    for layer in (coarse, fine):
        assert layer.places["total"].sum() + layer.bubbles["total"].sum() == total
    # Baghdad and Mosul (about 350 km apart) share a cell at zoom 1, not at zoom 9.
    assert len(coarse.bubbles) + len(coarse.places) < len(fine.bubbles) + len(fine.places)
    bubble = coarse.bubbles.iloc[0]
    assert bubble["south"] <= bubble["lat"] <= bubble["north"] and bubble["places"] >= 2


def test_the_map_keeps_to_the_view_and_to_its_bounds(synthetic):
    engine, _ = synthetic
    found = queries.where(Filters(roles=("event", "mention")))
    kabul = map_queries.map_layer(engine, found, zoom=8, view=(34.0, 68.5, 35.0, 70.0))
    assert set(kabul.places["name"]) == {"Kabul"} and kabul.windowed
    capped = map_queries.map_layer(engine, found, zoom=12, max_places=1, max_objects=2)
    assert capped.truncated and len(capped.places) + len(capped.bubbles) == 2
    features = capped.features()["features"]
    assert len(features) == 2 and all(f["geometry"]["type"] == "Point" for f in features)
    assert len(json.dumps(capped.features())) < 2000


def test_the_view_across_the_antimeridian_wraps(synthetic):
    engine, _ = synthetic
    found = queries.where(Filters(roles=("event", "mention")))
    # 170E to 170W: the Pacific, widened to 155E..155W; the towns are all in Asia.
    pacific = map_queries.map_layer(engine, found, zoom=5, view=(30.0, 170.0, 40.0, 190.0))
    assert pacific.places.empty and pacific.bubbles.empty
    condition, params = map_queries._window((30.0, 170.0, 40.0, 190.0))
    assert " OR " in condition and params[2] > params[3]  # from x 0.93 round to 0.07
    # The same width of view, west of the antimeridian, over Aleppo and Kabul's longitudes.
    asia = map_queries.map_layer(engine, found, zoom=5, view=(30.0, 40.0, 40.0, 60.0))
    assert {"Aleppo", "Kabul"} <= set(asia.places["name"])


def test_hostile_text_is_data_in_the_query_not_sql(small):
    engine, _ = small
    found = queries.where(Filters(text="'); DROP VIEW events; --", sources=("x' OR '1'='1",)))
    assert queries.counts(engine, found).events == 0
    assert queries.counts(engine, queries.where(Filters())).events > 0


@pytest.mark.parametrize("chosen", FILTERS, ids=range(len(FILTERS)))
def test_the_rollup_and_the_scan_give_the_same_funnel(small, chosen):
    engine, frame = small
    found = queries.where(chosen, _region_ids())
    scanned = dataclasses.replace(found, filters=None)  # no filters to read: the scan
    assert queries.funnel(engine, scanned) == queries.funnel(engine, found) == funnel(frame, chosen)


@pytest.mark.parametrize("bin", ["day", "week", "month"])
def test_the_rollup_and_the_scan_give_the_same_timeline(synthetic, bin):
    engine, _ = synthetic
    chosen = Filters(countries=("IQ", "AF"), roles=("event", "mention"), date_from=date(2016, 3, 9))
    found = queries.where(chosen)
    assert rollup.covers(chosen)
    scanned = queries.timeline(engine, dataclasses.replace(found, filters=None), bin)
    pd.testing.assert_frame_equal(queries.timeline(engine, found, bin), scanned, check_dtype=False)


def test_the_rollup_is_computed_once_per_state_of_the_mirror(synthetic):
    engine, _ = synthetic
    first = rollup.of(engine)
    assert rollup.of(engine) is first
    assert (
        first["n"].sum()
        == engine.rows(f"SELECT count(*) FROM events WHERE {queries.LOCATED}")[0][0]
    )
    assert not rollup.covers(Filters(text="aleppo")) and rollup.covers(Filters(kinds=("riot",)))


@pytest.mark.parametrize("page", [0, 1, 3])
def test_a_table_page_read_from_its_newest_days_is_the_page_of_every_row(synthetic, page):
    engine, _ = synthetic
    found = queries.where(Filters(countries=("SY", "IQ")))
    scanned = dataclasses.replace(found, filters=None)  # no rollup: every row is sorted
    pd.testing.assert_frame_equal(
        queries.table_page(engine, found, page, size=150),
        queries.table_page(engine, scanned, page, size=150),
    )


def test_a_store_without_undated_rows_gets_a_plain_date_range(small, synthetic):
    chosen = Filters(date_from=date(2016, 7, 1), date_to=date(2016, 7, 31))
    for (engine, frame), undated in ((small, True), (synthetic, False)):
        found = queries.where_for(engine, chosen)
        condition = dict((step, c) for step, c, _ in found.steps)["dates"]
        assert ("IS NULL" in condition) is undated
        assert queries.funnel(engine, dataclasses.replace(found, filters=None)) == funnel(
            frame, chosen
        )
