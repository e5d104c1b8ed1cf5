"""Map builders: local assets only, escaped popups, distinct events/mentions, attributions."""

from __future__ import annotations

import json
import re

import folium
import folium.plugins
import pytest
from streamlit_folium import _get_feature_group_string, generate_leaflet_string

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


def _arrays(script: str, name: str) -> list:
    """The JSON arrays (``var rows = [...];``) every EventCluster in a script carries, joined."""
    found = re.findall(rf"var {name} = (\[.*\]);$", script, flags=re.M)
    return [item for text in found for item in json.loads(text)]


def _rows(script: str) -> list:
    return _arrays(script, "rows")


@pytest.fixture
def full_map(events_frame):
    return maps.standalone_map(events_frame, *maps.initial_view(events_frame))


def test_rendered_map_loads_scripts_and_styles_only_from_the_app(full_map):
    page = full_map.get_root().render()
    srcs = re.findall(r"<script[^>]*\bsrc=\"([^\"]+)\"", page)
    hrefs = re.findall(r"<link[^>]*\bhref=\"([^\"]+)\"", page)
    assert srcs and hrefs
    assert all(u.startswith(assets.VENDOR_URL + "/") for u in srcs + hrefs), srcs + hrefs
    assert not re.search(r"(cdn|jsdelivr|cloudflare|jquery\.com|bootstrap|fontawesome)", page)


def test_streamlit_folium_would_load_only_local_assets(full_map):
    urls = _asset_urls(full_map)
    assert any(u.endswith("leaflet.js") for u in urls)
    assert any(u.endswith("jquery.min.js") for u in urls)
    assert any(u.endswith("leaflet.markercluster.js") for u in urls)
    assert all(u.startswith("/app/static/vendor/") for u in urls), urls


def test_local_assets_do_not_change_folium_globally():
    assert folium.Map.default_js[0][1].startswith("https://")
    assert folium.plugins.MarkerCluster.default_js[0][1].startswith("https://")


def test_article_script_never_reaches_the_map_as_markup(full_map, events_frame):
    page = full_map.get_root().render()
    plain = events_frame.assign(title="t", snippet="s", name="n", resolved_name="r", url=None)
    harmless = maps.standalone_map(plain, *maps.initial_view(plain)).get_root().render()
    assert page.count("<script") == harmless.count("<script")
    assert "javascript:" not in re.sub(r"Source: javascript:", "", page)
    # marker rows and articles are JSON; every piece of article text in them is escaped
    rows, articles = _rows(page), _arrays(page, "articles")
    assert len(rows) == 8
    raqqa = next(row for row in rows if "Raqqa" in row[2])
    assert "</mark>" not in page and "<\\/mark>" in page  # "</" escaped in the script
    assert "<mark>Raqqa</mark>" in raqqa[2] and "&lt;script&gt;window" in raqqa[2]
    hostile = next(a for a in articles if "Raid report" in a)
    assert "&lt;script&gt;window.__newsmap_pwned = 1" in hostile and "href" not in hostile


def test_events_and_mentions_are_separate_differently_styled_layers(events_frame):
    layers = maps.event_layers(events_frame)
    assert [layer.layer_name for layer in layers] == ["Events (6)", "Mentions (2)"]
    events_js = generate_leaflet_string(layers[0])
    mentions_js = generate_leaflet_string(layers[1])
    assert len(_rows(events_js)) == 6 and len(_rows(mentions_js)) == 2
    assert maps.EVENT_STYLE["fillColor"] in events_js
    assert maps.MENTION_STYLE["fillColor"] in mentions_js
    assert maps.EVENT_STYLE["fillColor"] not in mentions_js
    assert "newsmap-mention-cluster" in mentions_js
    assert "L.markerClusterGroup(" in events_js


def test_only_roles_present_get_a_layer(events_frame):
    layers = maps.event_layers(events_frame[events_frame["role"] == "mention"])
    assert [layer.layer_name for layer in layers] == ["Mentions (2)"]
    assert maps.event_layers(events_frame.iloc[0:0]) == ()


def test_layer_script_is_identical_for_the_same_frame(events_frame):
    """st_folium re-adds layers whenever their script changes: it must not change by itself."""
    scripts = []
    for _ in range(2):
        parts = maps.build_map(events_frame, 30, 40, 4)
        parts.base.get_root().render()
        generate_leaflet_string(parts.base)
        scripts.append(
            "".join(
                _get_feature_group_string(layer, parts.base, n)
                for n, layer in enumerate(parts.layers)
            )
        )
    assert scripts[0] == scripts[1]
    assert "Raqqa" in scripts[0]


def test_base_map_has_offline_outlines_and_osm_with_attributions(full_map):
    page = full_map.get_root().render()
    assert f'fetch("{assets.OUTLINES_URL}")' in page
    assert "tile.openstreetmap.org" in page
    assert "OpenStreetMap\\u003c/a\\u003e contributors" in page  # JSON-escaped markup
    assert maps.OUTLINES_ATTRIBUTION in page
    assert "Places: GeoNames (CC BY 4.0)" in page
    assert "Articles: Wikinews, CC BY 2.5" in page
    assert '"maxZoom": 18' in page and '"minZoom": 2' in page
    control = re.search(r"base_layers : \{(.*?)\}", page, flags=re.S).group(1)
    assert maps.OUTLINES_NAME in control and maps.OSM_NAME in control


def test_article_credits_in_the_attribution_are_escaped(events_frame):
    hostile = events_frame.assign(credit="<img src=x onerror=alert(1)>")
    layers = maps.event_layers(hostile)
    script = generate_leaflet_string(layers[0])
    assert "<img" not in script
    assert "\\u0026lt;img src=x" in script  # "&lt;img" as JSON with "&" escaped


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
