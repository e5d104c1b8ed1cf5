"""Data layers: JSON fed to newsmap.js, escaped text, stable scripts, colours and legends."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from streamlit_folium import _get_feature_group_string, generate_leaflet_string

from dashboard import aggregate, layers, maps
from dashboard.filters import NO_KIND, prepare
from events.classify import kind_icons
from events.classify.kind_table import Kind
from events.model import DATE_DAY
from store.db import Store
from tests.dashboard.conftest import Spot, _article, _events


@pytest.fixture
def layer_data(prepared):
    return layers.from_frame(
        frame=prepared,
        places=aggregate.places(prepared),
        totals=aggregate.country_totals(prepared),
        zoom=8,
        view=aggregate.view_box(36.0, 38.0, 8),
        selected=(36.20124, 37.16117),
    )


def _call_json(script: str, function: str) -> list:
    """The JSON arguments of ``L.Newsmap.<function>(...)`` in a script."""
    found = re.search(rf"L\.Newsmap\.{function}\((.*)\);\s*$", script, flags=re.M)
    assert found, script[:300]
    return json.loads(f"[{found.group(1)}]")


def _scripts(data, active):
    base = maps.base_map(36, 38, 8)
    base.get_root().render()
    generate_leaflet_string(base)
    groups = layers.overlay_groups(data, active)
    return "".join(_get_feature_group_string(g, base, n) for n, g in enumerate(groups))


def test_one_group_per_active_layer_choropleth_lowest_and_a_legend(layer_data):
    groups = layers.overlay_groups(layer_data, ("markers", "heat", "countries", "animation"))
    assert [g.layer_name for g in groups] == ["countries", "heat", "animation", "markers", "legend"]
    heat_only = layers.overlay_groups(layer_data, ("heat",))
    assert [g.layer_name for g in heat_only] == ["heat", "legend"]  # the heat map has one too
    assert layers.overlay_groups(layer_data, ()) == ()


def test_places_carry_counts_colours_radii_and_the_selection(layer_data):
    (data,) = _call_json(_scripts(layer_data, ("markers",)), "places")
    rows = {row[2]: row for row in data["places"]}
    assert set(rows) == {
        "Aleppo",
        "Manbij",
        "Mosul",
        "Baghdad",
        "Republic of Turkey",
        "Kabul",
        "Ar Raqqah",
    }
    manbij, baghdad = rows["Manbij"], rows["Baghdad"]
    assert manbij[3:6] == [1, 1, 15]  # total, events, casualties
    assert data["colours"][manbij[6]] == Kind.AIR_STRIKE.colour
    assert data["colours"][baghdad[6]] == layers.MENTION_COLOUR
    assert manbij[7] > rows["Mosul"][7] > baghdad[7]  # casualties make markers bigger
    # the kind's pictogram, sent once and named by index; a mentioned place has none
    assert data["icons"][manbij[9]] == kind_icons.ICONS[Kind.AIR_STRIKE]
    assert baghdad[9] == -1
    assert len(set(data["icons"])) == len(data["icons"])
    assert data["selected"] == [36.20124, 37.16117]
    assert data["token"].startswith("markers-")
    assert "Places: GeoNames (CC BY 4.0)" in data["attribution"]


def test_article_text_reaches_the_script_only_as_json_strings(layer_data, prepared):
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    frame = prepared.assign(resolved_name=hostile, credit="<b>credit</b>")
    data = layers.from_frame(
        frame=frame,
        places=aggregate.places(frame),
        totals=aggregate.country_totals(frame),
        zoom=8,
    )
    script = _scripts(data, ("markers",))
    assert "</" not in script  # nothing can end the page's <script> element
    (parsed,) = _call_json(script, "places")
    assert {row[2] for row in parsed["places"]} == {hostile}  # plain text for textContent
    assert "<b>" not in parsed["attribution"] and "&lt;b&gt;credit" in parsed["attribution"]


def test_layer_scripts_are_identical_for_the_same_inputs(layer_data):
    """st_folium re-adds layers whenever their script changes: it must not change by itself."""
    active = ("markers", "heat", "countries", "animation")
    assert _scripts(layer_data, active) == _scripts(layer_data, active)


def test_heat_choropleth_and_animation_carry_their_data(layer_data):
    script = _scripts(layer_data, ("heat", "countries", "animation"))
    points, options = _call_json(script, "heat")
    assert sum(p[2] for p in points) == 8 and options["token"].startswith("heat-")
    url, choropleth = _call_json(script, "choropleth")
    assert url.endswith("outlines.geojson")
    assert choropleth["counts"] == {"SY": 4, "IQ": 1, "AF": 1}  # countries with events
    assert choropleth["breaks"][0] == 1
    days, rows, anim = _call_json(script, "animation")
    assert days[0] == "2016-06-03" and sum(r[3] for r in rows) == 7
    assert 40 <= anim["interval"] <= 400


def test_a_bubble_is_ringed_by_the_kinds_of_its_events_and_its_mentions(prepared):
    # Aleppo, Manbij, Raqqa, Mosul, Baghdad in one bubble at zoom 3
    wide = layers.from_frame(prepared, aggregate.places(prepared), layers.NO_TOTALS, zoom=3)
    (data,) = _call_json(_scripts(wide, ("markers",)), "places")
    (bubble,) = data["bubbles"]
    assert bubble[2:4] == [6, 5] and bubble[8] == 5  # 6 rows at 5 places, 5 of them events
    ring = [(data["colours"][index], count) for index, count in bubble[9]]
    assert ring == [
        (Kind.SHELLING.colour, 2),  # Aleppo's two shellings first
        (Kind.AIR_STRIKE.colour, 1),
        (Kind.ARMED_CLASH.colour, 1),
        (layers.NO_KIND_COLOUR, 1),  # Raqqa's event of no known kind
        (layers.MENTION_COLOUR, 1),  # Baghdad, mentioned only: last
    ]
    # the ring's counts are the bubble's rows, and its colours those of the kind table
    assert sum(count for _, count in ring) == bubble[2]


def test_the_events_extent_and_a_fit_token_reach_the_map(layer_data):
    from dataclasses import replace

    extent = aggregate.extent(layer_data.cells.places)
    token = "abc-2"  # noqa: S105 - a fit request, no secret
    data = replace(layer_data, extent=extent, fit=token)
    groups = layers.overlay_groups(data, ("markers",))
    assert [g.layer_name for g in groups] == ["markers", "legend", "view"]
    (view,) = _call_json(_scripts(data, ("markers",)), "view")
    assert view["token"] == token and view["maxZoom"] == layers.FIT_MAX_ZOOM
    (south, west), (north, east) = view["bounds"]
    assert (south, west, north, east) == pytest.approx(extent, abs=1e-5)
    # no layer shown: the extent still goes (the fit button works), and no token, no fit
    (quiet,) = _call_json(_scripts(replace(data, fit=""), ()), "view")
    assert quiet["token"] == ""


def test_a_place_picked_in_the_feed_reaches_the_map_to_fly_to_once(layer_data):
    from dataclasses import replace

    assert "focus" not in [g.layer_name for g in layers.overlay_groups(layer_data, ("markers",))]
    data = replace(layer_data, focus=(36.528101, 37.954899, 9, "abc-f1"))
    groups = layers.overlay_groups(data, ("markers",))
    assert [g.layer_name for g in groups] == ["markers", "legend", "focus"]
    (focus,) = _call_json(_scripts(data, ("markers",)), "focus")
    assert focus == {"center": [36.5281, 37.9549], "zoom": 9, "token": "abc-f1"}


def test_the_heat_map_and_its_legend_share_their_colours(layer_data):
    script = _scripts(layer_data, ("heat",))
    _, options = _call_json(script, "heat")
    assert options["stops"] == [list(stop) for stop in layers.HEAT_STOPS]
    _, items = _call_json(script, "legend")
    (row,) = [item for item in items if item[2] == "gradient"]
    assert row[0].startswith("linear-gradient(to right, ")
    for share, colour in layers.HEAT_STOPS:
        assert f"{colour} {share * 100:.0f}%" in row[0]
    assert "Heat" in row[1]


def test_legend_lists_the_kinds_shown(layer_data):
    script = _scripts(layer_data, ("markers", "countries"))
    title, items = _call_json(script, "legend")
    labels = [item[1] for item in items]
    assert layers.kind_label("air_strike") in labels
    assert "Mentioned only" in labels
    assert "1+ events" in labels


def _store_with_every_kind(path):
    """A store with one article: one event of each kind of the table, each in its own town."""
    spots = [
        Spot(f"Town{chr(65 + n)}", f"Town{chr(65 + n)}", 30.0 + n, 40.0 + n, "SY", kind=kind)
        for n, kind in enumerate(Kind)
    ]
    text = " ".join(f"Something happened in {spot.name}." for spot in spots)
    article = _article("Everything at once", text, "https://example.org/all", date(2016, 7, 1))
    with Store(path) as store:
        store.add_article(article, _events(article, spots, date(2016, 7, 1), DATE_DAY))
    with Store(path, readonly=True) as store:
        return prepare(store.events_frame())


def test_legend_lists_exactly_the_kinds_of_the_table(tmp_path):
    frame = _store_with_every_kind(tmp_path / "all.sqlite")
    data = layers.from_frame(
        frame=frame,
        places=aggregate.places(frame),
        totals=aggregate.country_totals(frame),
        zoom=12,  # no bubbles: every place its own marker
    )
    title, items = _call_json(_scripts(data, ("markers",)), "legend")
    kind_rows = [
        tuple(item[:2] + item[3:])  # colour, label, pictogram
        for item in items
        if item[1] != "Bigger: more casualties" and item[2] != "note"
    ]
    expected = [(kind.colour, kind.label, kind_icons.ICONS[kind]) for kind in Kind]
    assert sorted(kind_rows) == sorted(expected)
    (places,) = _call_json(_scripts(data, ("markers",)), "places")
    assert set(places["colours"]) == {kind.colour for kind in Kind}
    # each place bears its kind's pictogram
    by_name = {row[2]: row for row in places["places"]}
    for n, kind in enumerate(Kind):
        assert places["icons"][by_name[f"Town{chr(65 + n)}"][9]] == kind_icons.ICONS[kind]


def test_kind_labels_and_colours_come_from_the_table():
    for kind in Kind:
        assert layers.kind_label(kind.value) == kind.label
        assert layers.kind_colour(kind.value) == kind.colour
    assert layers.known_kinds() == {kind.value for kind in Kind} | {NO_KIND}
    assert layers.kind_colour(NO_KIND) == layers.NO_KIND_COLOUR
    assert layers.kind_label(NO_KIND) == "Event (kind not known)"
    assert layers.kind_label("some_new_kind") == "Some new kind"
    assert layers.kind_colour(None) == layers.MENTION_COLOUR
    assert [layers.kind_icon(kind.value) for kind in Kind] == list(kind_icons.ICONS.values())
    assert layers.kind_icon(NO_KIND) == kind_icons.UNKNOWN_KIND_ICON
    assert layers.kind_icon("some_new_kind") == kind_icons.SPARE_ICON
    assert layers.kind_icon(None) == ""
    assert layers.kind_colour("some_new_kind") == layers.kind_colour("some_new_kind")
    assert re.fullmatch(r"#[0-9a-f]{6}", layers.kind_colour("some_new_kind"))


@pytest.mark.parametrize(
    ("values", "expected"),
    [([], []), ([1], [1]), ([1, 3], [1, 2]), ([100_000], [1, 10, 100, 1000, 10000])],
)
def test_class_breaks_are_log_spaced_from_one(values, expected):
    assert layers.class_breaks(values, classes=len(expected) or 5) == expected
