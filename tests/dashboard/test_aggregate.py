"""Server-side aggregation: places, screen cells, heat, country totals, days, animation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard import aggregate
from dashboard.filters import prepare


def _synthetic(n: int, seed: int = 1) -> pd.DataFrame:
    """n rows at up to n/3 random places (a prepared-frame lookalike)."""
    rng = np.random.default_rng(seed)
    places = max(1, n // 3)
    lat = rng.uniform(-50, 60, places).round(4)
    lon = rng.uniform(-170, 170, places).round(4)
    pick = rng.integers(0, places, n)
    return pd.DataFrame(
        {
            "lat": lat[pick],
            "lon": lon[pick],
            "resolved_name": [f"P{i}" for i in pick],
            "country_code": "SY",
            "role": np.where(rng.random(n) < 0.8, "event", "mention"),
            "casualties": rng.integers(0, 5, n),
            "kind_label": rng.choice(["air_strike", "protest"], n),
        }
    )


def test_places_collapse_rows_per_point_with_counts_and_the_main_kind(prepared):
    table = aggregate.places(prepared)
    assert len(table) == 7
    aleppo = table[table["name"] == "Aleppo"].iloc[0]
    assert (aleppo["events"], aleppo["mentions"], aleppo["total"]) == (2, 0, 2)
    assert aleppo["kind"] == "shelling"
    assert table.iloc[0]["name"] == "Aleppo"  # most rows first
    manbij = table[table["name"] == "Manbij"].iloc[0]
    assert manbij["casualties"] == 15 and manbij["kind"] == "air_strike"
    baghdad = table[table["name"] == "Baghdad"].iloc[0]
    assert baghdad["kind"] is None and baghdad["events"] == 0
    assert aggregate.places(prepared.iloc[0:0]).empty


def test_far_apart_places_stay_single_and_near_ones_become_a_bubble(prepared):
    table = aggregate.places(prepared)
    wide = aggregate.cells(table, zoom=3)
    # Aleppo, Manbij, Raqqa, Mosul and Baghdad share one 56-pixel (about 10 degree) cell
    assert len(wide.bubbles) == 1
    bubble = wide.bubbles.iloc[0]
    assert bubble["places"] == 5 and bubble["total"] == 6
    assert bubble["south"] == pytest.approx(33.34058) and bubble["east"] == pytest.approx(44.40088)
    assert 33.3 < bubble["lat"] < 36.6 and 37.1 < bubble["lon"] < 44.4
    assert set(wide.places["name"]) == {"Republic of Turkey", "Kabul"}
    closer = aggregate.cells(table, zoom=6)  # two of Syria's places still share a cell
    assert list(closer.bubbles["places"]) == [2] and len(closer.places) == 5
    close = aggregate.cells(table, zoom=12)
    assert close.bubbles.empty and len(close.places) == 7
    assert not wide.windowed and not close.windowed


def test_cells_stay_bounded_and_keep_every_event_at_low_zoom():
    frame = _synthetic(30_000)
    table = aggregate.places(frame)
    assert table["total"].sum() == 30_000
    for zoom in (2, 4, 6):
        grouped = aggregate.cells(table, zoom, view=aggregate.view_box(20, 0, zoom))
        rows = len(grouped.places) + len(grouped.bubbles)
        assert rows <= aggregate.MAX_ITEMS or grouped.windowed
        if not grouped.windowed:
            shown = grouped.places["total"].sum() + grouped.bubbles["total"].sum()
            assert shown == 30_000


def test_too_many_cells_are_windowed_around_the_view():
    table = aggregate.places(_synthetic(30_000))
    view = aggregate.view_box(20.0, 10.0, 9)
    grouped = aggregate.cells(table, 9, view=view, max_items=500)
    assert grouped.windowed
    south, west, north, east = view
    lat_pad, lon_pad = (north - south), (east - west)
    for frame in (grouped.places, grouped.bubbles):
        assert frame["lat"].between(south - lat_pad, north + lat_pad).all()
        assert frame["lon"].between(west - lon_pad, east + lon_pad).all()


def test_window_across_the_antimeridian_keeps_both_sides():
    table = pd.DataFrame(
        {
            "lat": [0.0, 0.0, 0.0],
            "lon": [179.9, -179.9, 0.0],
            "name": ["east", "west", "far"],
            "country": None,
            "events": 1,
            "mentions": 0,
            "total": 1,
            "casualties": 0,
            "kind": None,
        }
    )
    grouped = aggregate.cells(table, 8, view=aggregate.view_box(0.0, 180.0, 8), max_items=1)
    assert sorted(grouped.places["name"]) == ["east", "west"]


def test_view_box_is_centred_and_widens_as_zoom_falls():
    south, west, north, east = aggregate.view_box(10.0, 20.0, 6)
    assert south < 10 < north and west < 20 < east
    assert (east - west) == pytest.approx(1200 / (256 * 2**6) * 360)
    wider = aggregate.view_box(10.0, 20.0, 4)
    assert wider[3] - wider[1] > east - west


def test_heat_points_are_weighted_and_bounded():
    table = aggregate.places(_synthetic(20_000))
    points = aggregate.heat_points(table, 3, max_points=300)
    assert 0 < len(points) <= 300
    weights = [p[2] for p in points]
    assert weights == sorted(weights, reverse=True)


def test_country_totals(prepared):
    totals = aggregate.country_totals(prepared)
    assert list(totals["country"]) == ["SY", "IQ", "AF", "TR"]  # events, then mentions
    sy = totals.iloc[0]
    assert (sy["events"], sy["killed"], sy["injured"], sy["places"]) == (4, 12, 3, 3)
    iq = totals[totals["country"] == "IQ"].iloc[0]
    assert (iq["events"], iq["mentions"]) == (1, 1)


def test_daily_counts_events_by_kind_and_mentions_apart(prepared):
    per_day = aggregate.daily(prepared)
    assert per_day["count"].sum() == 7  # Kabul is undated
    july19 = per_day[per_day["day"] == pd.Timestamp("2016-07-19")]
    rows = list(zip(july19["role"], july19["kind"], july19["count"], strict=True))
    assert rows == [
        ("event", "air_strike", 1),
        ("event", "shelling", 1),
        ("mention", None, 1),  # Baghdad, named in passing: no event, of no kind
    ]
    raqqa = per_day[per_day["day"] == pd.Timestamp("2016-07-21")]
    assert list(raqqa["kind"]) == ["unspecified"]  # an event whose kind is not known


def test_animation_rows_index_days_and_fit_the_budget(prepared):
    days, rows = aggregate.animation(prepared, zoom=6)
    assert days[0] == "2016-06-03" and days[-1] == "2016-07-25"
    assert sum(r[3] for r in rows) == 7
    assert {r[2] for r in rows} <= set(range(len(days)))
    big = _synthetic(20_000).assign(day=pd.Timestamp("2016-01-01"))
    big["day"] = big["day"] + pd.to_timedelta(np.arange(20_000) % 60, unit="D")
    days, rows = aggregate.animation(big, zoom=8, max_rows=2_000)
    assert len(days) == 60 and len(rows) <= 2_000 and sum(r[3] for r in rows) <= 20_000


def test_prepared_frame_feeds_every_aggregate(events_frame):
    frame = prepare(events_frame)
    assert len(aggregate.places(frame)) == 7
    assert len(aggregate.daily(frame)) > 0


def test_a_click_is_matched_to_the_nearest_place_on_screen(prepared):
    table = aggregate.places(prepared)
    # 10 pixels east of Manbij at zoom 9 (Leaflet reports the mouse on big circles)
    east = 37.9549 + 10 * 360 / (256 * 2**9)
    assert aggregate.nearest_place(table, 36.5281, east, 9) == (36.5281, 37.9549)
    assert aggregate.nearest_place(table, 36.5281, east + 360, 9) == (36.5281, 37.9549)
    assert aggregate.nearest_place(table, 36.5281, east + 1, 9) is None  # 140 px away
    assert aggregate.nearest_place(table.iloc[0:0], 36.5, 38.0, 9) is None


def test_extent_holds_every_place_and_is_none_without_any(prepared):
    table = aggregate.places(prepared)
    south, west, north, east = aggregate.extent(table)
    assert (south, north) == (table["lat"].min(), table["lat"].max())
    assert (west, east) == (table["lon"].min(), table["lon"].max())
    syria = aggregate.places(prepared[prepared["country_code"] == "SY"])
    box = aggregate.extent(syria)
    assert box == pytest.approx((35.95283, 37.16117, 36.5281, 39.00788))
    assert aggregate.extent(table.iloc[0:0]) is None


def test_extent_goes_across_the_antimeridian_when_that_is_the_short_way():
    pacific = pd.DataFrame({"lat": [-18.1, -13.8, -21.1], "lon": [178.4, -171.8, -175.2]})
    south, west, north, east = aggregate.extent(pacific)
    assert (south, north) == (-21.1, -13.8)
    assert (west, east) == pytest.approx((178.4, 188.2))  # Fiji to Samoa, 10 degrees wide
    wide = pd.DataFrame({"lat": [0.0, 0.0, 0.0], "lon": [-120.0, 0.0, 120.0]})
    assert aggregate.extent(wide)[1::2] == (-120.0, 120.0)  # no shorter way round


def test_places_and_bubbles_count_the_events_of_each_kind(prepared):
    table = aggregate.places(prepared)
    aleppo = table[table["name"] == "Aleppo"].iloc[0]
    assert aleppo[aggregate.KIND_COUNT + "shelling"] == 2
    assert aleppo[aggregate.KIND_COUNT + "air_strike"] == 0
    (bubble,) = aggregate.cells(table, zoom=3).bubbles.to_dict("records")
    assert (bubble["events"], bubble["mentions"]) == (5, 1)
    kinds = {k: v for k, v in bubble.items() if k.startswith(aggregate.KIND_COUNT) and v}
    assert kinds == {
        "events:shelling": 2,
        "events:air_strike": 1,
        "events:armed_clash": 1,
        "events:unspecified": 1,
    }


def test_country_totals_read_the_sentences_once_per_load_with_the_same_result(prepared):
    from events.measure import tolls

    assert {tolls.MANY_PLACES, tolls.RUNNING} <= set(prepared.columns)  # added by prepare
    unread = prepared.drop(columns=[tolls.MANY_PLACES, tolls.RUNNING])
    expected = aggregate.country_totals(unread)
    assert expected["killed"].sum() > 0
    pd.testing.assert_frame_equal(aggregate.country_totals(prepared), expected)
