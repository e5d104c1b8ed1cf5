"""Share links: parse and encode round-trip; tampered parameters fall back with a named problem."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

from dashboard.filters import Filters
from dashboard.urlstate import (
    ROLES,
    Known,
    ViewState,
    encode_query,
    map_bounds,
    map_view,
    parse_query,
    resolve_view,
    share_url,
)

KNOWN = Known(
    countries={"SY", "IQ", "TR", "AF", "FR"},
    regions={"SY.09", "IQ.18"},
    kinds={"air_strike", "protest", "unspecified"},
    sources={"en.wikinews.org", "example.org"},
)


def _parse(params):
    return parse_query(params, KNOWN)


def _state(**changes):
    """A ViewState with the given filter fields (and view fields) changed."""
    view = {k: changes.pop(k) for k in list(changes) if k in ViewState.__dataclass_fields__}
    return ViewState(filters=Filters(**changes), **view)


FULL = _state(
    date_from=date(2016, 7, 1),
    date_to=date(2016, 7, 31),
    include_undated=False,
    countries=("SY", "IQ"),
    regions=("SY.09",),
    kinds=("air_strike", "unspecified"),
    min_casualties=5,
    precisions=("town", "admin"),
    sources=("en.wikinews.org",),
    text="convoy attack",
    roles=("event",),
    show_uncertain=True,
    lat=36.2021,
    lon=37.1343,
    zoom=6,
    place=(36.20124, 37.16117),
    layers=("markers", "heat"),
    base="dark",
    step="week",
)


@pytest.mark.parametrize(
    "state",
    [
        FULL,
        ViewState(),
        _state(countries=("TR",), roles=("mention",)),
        _state(date_to=date(2016, 1, 31), lat=-33.8688, lon=151.2093, zoom=18),
        _state(lat=0.0, lon=-179.9999, zoom=2),
        _state(lat=0.0, lon=-179.9999, zoom=2, follow=False),
        _state(follow=False),
        _state(countries=("SY",), lat=35.0, lon=38.0, zoom=6, follow=True),
        _state(layers=(), base="osm"),
        _state(layers=("countries", "animation"), text="ça & <b>"),
        _state(date_to=date(2016, 6, 4), step="day"),
    ],
)
def test_encoded_state_parses_back_to_the_same_state(state):
    parsed = _parse(encode_query(state))
    assert parsed.problems == ()
    assert parsed.state == state


def test_the_example_link_from_the_module_docstring_parses():
    query = (
        "from=2016-07-01&countries=SY,IQ&kinds=air_strike&minc=5&q=convoy&uncertain=1&lat=36.2"
        "&lon=37.1&z=6&place=36.20124,37.16117&layers=markers,heat&base=light&step=week"
    )
    parsed = _parse(parse_qs(query))
    assert parsed.problems == ()
    f = parsed.state.filters
    assert f.date_from == date(2016, 7, 1) and f.countries == ("SY", "IQ")
    assert f.kinds == ("air_strike",) and f.min_casualties == 5 and f.text == "convoy"
    assert f.show_uncertain
    assert parsed.state.place == (36.20124, 37.16117)
    assert parsed.state.layers == ("markers", "heat") and parsed.state.base == "light"
    assert parsed.state.step == "week"


def test_share_url_carries_the_encoded_state_and_drops_an_old_query():
    url = share_url("http://localhost:8501/?old=1", FULL)
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "http://localhost:8501/"
    assert "countries=SY,IQ" in parts.query
    params = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    assert _parse(params).state == FULL


def test_share_url_of_the_default_state_is_the_bare_address():
    assert share_url("http://localhost:8501/", ViewState()) == "http://localhost:8501/"


def test_default_state_encodes_to_no_parameters():
    assert encode_query(ViewState()) == {}


def test_coordinates_are_rounded_to_four_decimals_and_places_to_five():
    state = ViewState(lat=36.123456789, lon=-0.00001, zoom=5, place=(1.123456, 2.0), follow=False)
    params = encode_query(state)
    assert params == {"lat": "36.1235", "lon": "0", "z": "5", "place": "1.12346,2"}


def test_a_link_with_a_view_keeps_it_unless_it_says_the_map_follows_the_filters():
    # an older link (or one written by hand) with a view: that view stays on filter changes
    assert not _parse({"lat": "36.2", "lon": "37.1", "z": "6"}).state.follow
    assert _parse({"lat": "36.2", "lon": "37.1", "z": "6", "fit": "1"}).state.follow
    # no view in the link: the map fits to the events, and follows them unless told not to
    assert _parse({"countries": "SY"}).state.follow
    assert not _parse({"fit": "0"}).state.follow
    # what the app writes for each
    assert encode_query(ViewState(lat=36.2, lon=37.1, zoom=6))["fit"] == "1"
    assert "fit" not in encode_query(ViewState(lat=36.2, lon=37.1, zoom=6, follow=False))
    assert encode_query(ViewState(follow=False)) == {"fit": "0"}


@pytest.mark.parametrize("value", ["yes please", "2", "<b>", ""])
def test_a_tampered_fit_parameter_is_named_and_the_link_view_decides(value):
    parsed = _parse({"lat": "36.2", "lon": "37.1", "fit": value})
    assert parsed.problems == ("Ignored the link parameter `fit`: use 1 or 0.",)
    assert not parsed.state.follow  # a view was given: kept
    assert _parse({"fit": value}).state.follow  # none given: the map fits


def test_no_layer_at_all_is_a_state_of_its_own():
    params = encode_query(ViewState(layers=()))
    assert params == {"layers": "none"}
    assert _parse(params).state.layers == ()


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"from": "2016-13-01"}, "`from`"),
        ({"to": "yesterday"}, "`to`"),
        ({"from": "2016-7-1"}, "`from`"),
        ({"z": "99"}, "`z`"),
        ({"z": "1"}, "`z`"),
        ({"z": "6.5"}, "`z`"),
        ({"z": "-3"}, "`z`"),
        ({"lat": "abc", "lon": "10"}, "`lat`"),
        ({"lat": "91", "lon": "10"}, "`lat`"),
        ({"lat": "10", "lon": "nan"}, "`lon`"),
        ({"lat": "10", "lon": "inf"}, "`lon`"),
        ({"lat": "10"}, "`lon`"),
        ({"countries": "SY,XX"}, "`countries`"),
        ({"roles": "events,bombs"}, "`roles`"),
        ({"roles": "nothing"}, "`roles`"),
        ({"undated": "maybe"}, "`undated`"),
        ({"uncertain": "all"}, "`uncertain`"),
        ({"uncertain": "<b>1</b>"}, "`uncertain`"),
        ({"utm_source": "x"}, "`utm_source`"),
        ({"from": "2016-07-31", "to": "2016-07-01"}, "`from`"),
        ({"countries": "SY," * 5000}, "`countries`"),
        ({"regions": "SY.09,ZZ.99"}, "`regions`"),
        ({"kinds": "air_strike,<script>"}, "`kinds`"),
        ({"minc": "-1"}, "`minc`"),
        ({"minc": "lots"}, "`minc`"),
        ({"precision": "street"}, "`precision`"),
        ({"sources": "evil.example"}, "`sources`"),
        ({"q": "x" * 201}, "`q`"),
        ({"q": "a\nb"}, "`q`"),
        ({"place": "36.2"}, "`place`"),
        ({"place": "100,10"}, "`place`"),
        ({"place": "nan,1"}, "`place`"),
        ({"layers": "markers,3d"}, "`layers`"),
        ({"base": "satellite"}, "`base`"),
        ({"step": "fortnight"}, "`step`"),
    ],
)
def test_bad_parameters_fall_back_with_a_problem_naming_them(params, named):
    parsed = _parse(params)
    assert len(parsed.problems) == 1, parsed.problems
    assert named in parsed.problems[0]
    good = {k: v for k, v in encode_query(parsed.state).items() if k in params}
    # what survives is only what was valid (a good code, a valid role or layer)
    assert set(good) <= {"countries", "roles", "regions", "kinds", "layers"}


def test_a_bad_parameter_leaves_the_good_ones_alone():
    parsed = _parse({"from": "garbage", "to": "2016-07-31", "countries": "sy,XX,iq", "z": "99"})
    assert parsed.state.filters.date_from is None
    assert parsed.state.filters.date_to == date(2016, 7, 31)
    assert parsed.state.filters.countries == ("SY", "IQ")
    assert parsed.state.zoom is None
    assert len(parsed.problems) == 3


def test_bad_values_fall_back_to_the_defaults():
    parsed = _parse({"z": "99", "roles": "zzz", "layers": "zzz", "base": "zzz"})
    assert parsed.state.zoom is None
    assert parsed.state.filters.roles == ("event",)  # events alone
    assert parsed.state.layers == ("markers",) and parsed.state.base == "outlines"


def test_unknown_keys_with_odd_names_are_not_echoed():
    parsed = _parse({"<script>alert(1)</script>": "1", "a" * 200: "2"})
    assert len(parsed.problems) == 2
    assert all("<" not in p and "aaaa" not in p for p in parsed.problems)


def test_rejected_country_codes_are_echoed_only_when_plain():
    parsed = _parse({"countries": "XX,<b>,[link](javascript:x)"})
    assert parsed.state.filters.countries == ()
    (problem,) = parsed.problems
    assert "`XX`" in problem and "<b>" not in problem and "javascript" not in problem


def test_lists_of_values_use_the_last_one():
    parsed = _parse({"z": ["3", "7"], "countries": ["AF"]})
    assert parsed.state.zoom == 7
    assert parsed.state.filters.countries == ("AF",)


def test_mentions_are_off_unless_the_link_asks_for_them():
    assert _parse({}).state.filters.roles == ("event",)
    assert encode_query(_state(roles=ROLES)) == {"roles": "event,mention"}
    assert "roles" not in encode_query(_state(roles=("event",)))


def test_roles_accept_plurals_and_any_case():
    assert _parse({"roles": "Events,MENTIONS"}).state.filters.roles == ROLES
    assert _parse({"roles": "mentions"}).state.filters.roles == ("mention",)


@pytest.mark.parametrize(("value", "expected"), [("0", False), ("false", False), ("1", True)])
def test_undated_flag(value, expected):
    assert _parse({"undated": value}).state.filters.include_undated is expected


def test_uncertain_events_are_hidden_unless_the_link_shows_them():
    assert encode_query(_state(show_uncertain=True)) == {"uncertain": "1"}
    assert encode_query(_state(show_uncertain=False)) == {}
    assert _parse({}).state.filters.show_uncertain is False
    for value, expected in (("1", True), ("on", True), ("0", False), ("FALSE", False)):
        assert _parse({"uncertain": value}).state.filters.show_uncertain is expected


def test_a_tampered_uncertain_flag_keeps_them_hidden_and_is_not_echoed():
    parsed = _parse({"uncertain": "<script>alert(1)</script>", "countries": "SY"})
    assert parsed.state.filters.show_uncertain is False
    assert parsed.state.filters.countries == ("SY",)
    (problem,) = parsed.problems
    assert "`uncertain`" in problem and "<script>" not in problem


def test_overlong_values_are_refused():
    parsed = _parse({"from": "2016-07-01" + " " * 5000})
    assert parsed.state.filters.date_from is None
    assert "`from`" in parsed.problems[0]


def test_resolve_view_takes_the_link_view_where_given():
    fit = (30.0, 40.0, 4)
    assert resolve_view(ViewState(), fit) == fit
    assert resolve_view(ViewState(lat=1.5, lon=2.5), fit) == (1.5, 2.5, 4)
    assert resolve_view(ViewState(zoom=9), fit) == (30.0, 40.0, 9)
    assert resolve_view(ViewState(lat=1.5, lon=2.5, zoom=9), fit) == (1.5, 2.5, 9)


@pytest.mark.parametrize(
    ("reported", "expected"),
    [
        (None, (30.0, 40.0, 4)),
        ({"zoom": 4}, (30.0, 40.0, 4)),
        ({"center": {"lat": 36.2, "lng": 37.1}, "zoom": 7}, (36.2, 37.1, 7)),
        ({"center": {"lat": 10.0, "lng": 190.0}, "zoom": 3}, (10.0, -170.0, 3)),
        ({"center": {"lat": 10.0, "lng": -540.0}, "zoom": 3}, (10.0, -180.0, 3)),
        ({"center": {"lat": 95.0, "lng": 0.0}, "zoom": 30}, (90.0, 0.0, 18)),
        ({"center": {"lat": "x"}, "zoom": "7"}, (30.0, 40.0, 4)),
        ({"center": {"lat": float("nan"), "lng": 1.0}, "zoom": float("inf")}, (30.0, 40.0, 4)),
    ],
)
def test_map_view_makes_the_reported_view_valid_for_a_link(reported, expected):
    assert map_view(reported, (30.0, 40.0, 4)) == pytest.approx(expected)


def test_map_bounds_reads_the_reported_box_or_gives_none():
    box = {"_southWest": {"lat": 30, "lng": 35}, "_northEast": {"lat": 37.5, "lng": 45}}
    assert map_bounds({"bounds": box}) == (30.0, 35.0, 37.5, 45.0)
    assert map_bounds({"bounds": {"_southWest": {"lat": None, "lng": None}}}) is None
    assert map_bounds({}) is None and map_bounds(None) is None
    flipped = {"_southWest": {"lat": 40, "lng": 35}, "_northEast": {"lat": 30, "lng": 45}}
    assert map_bounds({"bounds": flipped}) is None
