"""The base map: local assets only, offline outlines, tile styles with attribution, controls."""

from __future__ import annotations

import re

import folium
import folium.plugins
import pytest

from dashboard import assets, maps


def _walk(element):
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def _asset_urls(m: folium.Map) -> list[str]:
    """Every JS/CSS URL the elements carry: what streamlit-folium loads into its iframe."""
    urls = []
    for element in _walk(m):
        urls += [url for _, url in getattr(element, "default_js", [])]
        urls += [url for _, url in getattr(element, "default_css", [])]
    return urls


@pytest.mark.parametrize("base", list(maps.BASES))
def test_every_base_style_loads_scripts_and_styles_only_from_the_app(base):
    m = maps.base_map(30, 40, 4, base=base)
    page = m.get_root().render()
    srcs = re.findall(r"<script[^>]*\bsrc=\"([^\"]+)\"", page)
    hrefs = re.findall(r"<link[^>]*\bhref=\"([^\"]+)\"", page)
    assert srcs and hrefs
    assert all(u.startswith(assets.STATIC_URL + "/") for u in srcs + hrefs), srcs + hrefs
    assert not re.search(r"(jsdelivr|cloudflare|unpkg|jquery\.com|bootstrap|fontawesome)", page)
    urls = _asset_urls(m)
    assert any(u.endswith("newsmap.js") for u in urls)
    assert all(u.startswith("/app/static/") for u in urls), urls


def test_local_assets_do_not_change_folium_globally():
    assert folium.Map.default_js[0][1].startswith("https://")
    assert folium.plugins.MarkerCluster.default_js[0][1].startswith("https://")


def test_offline_base_draws_filled_outlines_and_no_tiles():
    page = maps.base_map(30, 40, 4).get_root().render()
    assert "L.Newsmap.outlineLayer(" in page and assets.OUTLINES_URL in page
    assert '"fillOpacity": 1.0' in page
    assert "L.tileLayer" not in page
    assert maps.OUTLINES_ATTRIBUTION in page


@pytest.mark.parametrize(
    ("base", "host", "credit"),
    [
        ("osm", "tile.openstreetmap.org", "OpenStreetMap"),
        ("light", "basemaps.cartocdn.com/light_all", "CARTO"),
        ("dark", "basemaps.cartocdn.com/dark_all", "CARTO"),
    ],
)
def test_tile_styles_draw_borders_over_tiles_with_attribution(base, host, credit):
    page = maps.base_map(30, 40, 4, base=base).get_root().render()
    assert host in page and "L.tileLayer" in page
    assert credit in page and "contributors" in page
    assert '"fillOpacity": 0.0' in page  # borders only, so tiles show
    assert ("newsmap-dark" in page) is (base == "dark")


def test_controls_fullscreen_scale_and_minimap():
    page = maps.base_map(30, 40, 4).get_root().render()
    assert "L.Newsmap.fullscreen()" in page
    assert "L.control.scale(" in page
    assert "L.Newsmap.miniMap(" in page
    assert "L.Newsmap.miniMap(" not in maps.base_map(30, 40, 4, minimap=False).get_root().render()


def test_base_map_has_zoom_limits_for_clusters():
    page = maps.base_map(30, 40, 4).get_root().render()
    assert '"maxZoom": 18' in page and '"minZoom": 2' in page


def test_initial_view_fits_the_events(events_frame):
    lat, lon, zoom = maps.initial_view(events_frame)
    assert 33 < lat < 37 and 37 < lon < 70 and 2 <= zoom <= 5
    syria = events_frame[events_frame["country_code"] == "SY"]
    s_lat, s_lon, s_zoom = maps.initial_view(syria)
    assert 35.9 < s_lat < 36.6 and 37.1 < s_lon < 39.1 and s_zoom > zoom
    assert maps.initial_view(events_frame.iloc[0:0]) == maps.WORLD_VIEW
    one = maps.initial_view(events_frame.iloc[0:1])
    assert one[2] <= 10


@pytest.mark.parametrize(("zoom", "expected"), [(0, 2), (99, 18), (7, 7)])
def test_base_map_clamps_zoom(zoom, expected):
    assert maps.base_map(0, 0, zoom).options["zoom"] == expected


def test_script_json_cannot_end_the_script_element():
    text = maps.script_json(["</script><script>alert(1)</script>", "<!--", "\u2028"])
    assert "</" not in text and "<!--" not in text and "\u2028" not in text
    assert text.startswith('["<\\/script>')


def test_fit_requests_ask_on_opening_and_on_filter_changes_while_following():
    fits = maps.FitRequests.start(fit_now=True)
    first = fits.token
    assert first
    fits.filters_now("filters A", follow=True)  # the first run: no change
    assert fits.token == first
    fits.filters_now("filters A", follow=True)  # a rerun (a pan, a click): no change
    assert fits.token == first
    fits.filters_now("filters B", follow=True)
    second = fits.token
    assert second != first
    fits.filters_now("filters C", follow=False)  # a fixed view stays
    assert fits.token == second
    fits.ask()  # "Fit map to filters" turned on again
    assert fits.token not in (first, second)


def test_fit_requests_from_a_link_with_a_view_ask_nothing_until_the_filters_change():
    fits = maps.FitRequests.start(fit_now=False)
    assert fits.token == ""
    fits.filters_now("filters A", follow=True)
    assert fits.token == ""
    fits.filters_now("filters B", follow=True)
    assert fits.token != ""
    # each session's tokens are its own (a new session in the same tab fits again)
    assert maps.FitRequests.start(True).token != maps.FitRequests.start(True).token


def test_the_map_has_a_fit_to_events_button():
    page = maps.base_map(30, 40, 4).get_root().render()
    assert "L.Newsmap.fitControl()" in page


def test_the_offline_base_names_countries_and_capitals_and_tile_styles_do_not():
    page = maps.base_map(30, 40, 4).get_root().render()
    assert "L.Newsmap.labelLayer(" in page and assets.LABELS_URL in page
    for base in ("osm", "light", "dark"):
        assert (
            "L.Newsmap.labelLayer(" not in maps.base_map(30, 40, 4, base=base).get_root().render()
        )


def test_the_dark_base_keeps_a_dark_mini_map():
    dark = maps.base_map(30, 40, 4, base="dark").get_root().render()
    light = maps.base_map(30, 40, 4, base="light").get_root().render()
    assert re.search(r"L\.Newsmap\.miniMap\(\s*\{url: [^}]*, dark: true\}", dark)
    assert re.search(r"L\.Newsmap\.miniMap\(\s*\{url: [^}]*, dark: false\}", light)
