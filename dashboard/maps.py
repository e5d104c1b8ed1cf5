"""Folium map builders: an offline base map, country outlines, and clustered event layers.

Pure functions over the events frame that return folium objects; nothing here touches
Streamlit, so tests render the result and assert on the HTML. Every script and stylesheet URL
points at the app's own static files (see :mod:`dashboard.assets`): no CDN is ever referenced.

The base map (:func:`base_map`) is kept apart from the event layers (:func:`event_layers`) so
that st_folium can keep the map mounted while filters swap the layers (``feature_group_to_add``).
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass

import folium
import pandas as pd
from branca.element import Element
from folium.elements import JSCSSMixin
from jinja2 import Template

from dashboard import assets
from dashboard.popups import article_html, js_template_safe, place_html, tooltip_html

MIN_ZOOM = 2
MAX_ZOOM = 18
WORLD_VIEW = (20.0, 10.0, MIN_ZOOM)

OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright" target="_blank" '
    'rel="noopener noreferrer">OpenStreetMap</a> contributors'
)
OUTLINES_ATTRIBUTION = "Outlines: Natural Earth (public domain)"
PLACES_ATTRIBUTION = "Places: GeoNames (CC BY 4.0)"
OUTLINES_NAME = "Country outlines (offline)"
OSM_NAME = "OpenStreetMap (online)"

# Leaflet path options: events red and larger, mentions small and grey.
EVENT_STYLE = {
    "color": "#7f1d1d",
    "fillColor": "#dc2626",
    "radius": 8,
    "weight": 2,
    "fillOpacity": 0.85,
}
MENTION_STYLE = {
    "color": "#4b5563",
    "fillColor": "#9ca3af",
    "radius": 5,
    "weight": 1,
    "fillOpacity": 0.8,
}

# Sea-coloured background (so land outlines read as a map without tiles), popup and
# mention-cluster styles. Static text: nothing from articles goes in here.
MAP_CSS = """
<style>
.leaflet-container { background: #d4e6f1; }
.newsmap-popup { font: 13px/1.35 system-ui, sans-serif; max-width: 340px; }
.newsmap-popup .newsmap-date, .newsmap-popup .newsmap-facts { color: #374151; }
.newsmap-popup .newsmap-role { color: #6b7280; font-size: 11px; text-transform: uppercase; }
.newsmap-popup blockquote { margin: .4em 0; padding-left: .5em; border-left: 3px solid #d1d5db; }
.newsmap-popup mark { background: #fde68a; padding: 0 1px; }
.marker-cluster.newsmap-mention-cluster { background-color: rgba(156, 163, 175, .55); }
.marker-cluster.newsmap-mention-cluster div { background-color: rgba(75, 85, 99, .8); color: #fff; }
</style>
"""

_MENTION_CLUSTER_ICON = """
function (cluster) {
    var n = cluster.getChildCount();
    return L.divIcon({
        html: '<div><span>' + n + '</span></div>',
        className: 'marker-cluster newsmap-mention-cluster',
        iconSize: new L.Point(36, 36)
    });
}
"""


class OfflineMap(folium.Map):
    """folium.Map whose Leaflet/jQuery come from the app's static files (no Bootstrap/icons)."""

    default_js = assets.MAP_JS
    default_css = assets.MAP_CSS


class EventCluster(JSCSSMixin, folium.map.Layer):
    """Clustered circle markers built in the browser from one JSON array (FastMarkerCluster-like).

    One folium object per marker costs seconds and megabytes at a few thousand events; this
    sends rows ``[lat, lon, place_html, tooltip_html, article index]`` and each article's HTML
    once. The HTML strings come from dashboard.popups (escaped there); :func:`script_json`
    keeps them inert inside a script, and Leaflet only sets them as popup/tooltip content.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.markerClusterGroup({{ this.options|tojson }});
            {%- if this.icon_create_function %}
            {{ this.get_name() }}.options.iconCreateFunction = {{ this.icon_create_function }};
            {%- endif %}
            (function (group) {
                var rows = {{ this.rows_json }};
                var articles = {{ this.articles_json }};
                var style = {{ this.style|tojson }};
                var markers = [];
                for (var i = 0; i < rows.length; i++) {
                    var row = rows[i];
                    var marker = L.circleMarker([row[0], row[1]], style);
                    marker.bindPopup(
                        '<div class="newsmap-popup">' + row[2] + articles[row[4]] + '</div>',
                        {maxWidth: 360}
                    );
                    marker.bindTooltip(row[3], {sticky: true});
                    markers.push(marker);
                }
                group.addLayers(markers);
            })({{ this.get_name() }});
        {% endmacro %}
        """
    )
    default_js = assets.MARKERCLUSTER_JS
    default_css = assets.MARKERCLUSTER_CSS

    def __init__(
        self,
        frame: pd.DataFrame,
        style: dict,
        options: dict,
        icon_create_function: str | None = None,
    ):
        super().__init__(name=None, overlay=True, control=False, show=True)
        self._name = "EventCluster"
        rows, articles, index = [], [], {}
        for record in frame.to_dict("records"):
            key = record.get("article_id")
            if key not in index:
                index[key] = len(articles)
                articles.append(article_html(record))
            rows.append(
                [
                    round(float(record["lat"]), 5),
                    round(float(record["lon"]), 5),
                    place_html(record),
                    tooltip_html(record),
                    index[key],
                ]
            )
        self.rows_json = script_json(rows)
        self.articles_json = script_json(articles)
        self.style = style
        self.options = options
        self.icon_create_function = icon_create_function


class OutlineLayer(folium.map.Layer):
    """Country outlines as a Leaflet GeoJSON layer that fetches its data from a URL.

    Fetching keeps the (large) outline data out of the map script that st_folium sends on
    every rerun, and lets the browser cache it. ``fill`` gives land a light fill for use without
    tiles; without it only borders are drawn (over tiles). Not interactive: clicks reach markers.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.geoJSON(null, {
                interactive: false,
                attribution: {{ this.attribution|tojson }},
                style: function () { return {{ this.style|tojson }}; }
            });
            fetch({{ this.url|tojson }})
                .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
                .then(function (data) { {{ this.get_name() }}.addData(data); })
                .catch(function (e) { console.warn("country outlines unavailable:", e); });
        {% endmacro %}
        """
    )

    def __init__(
        self,
        url: str = assets.OUTLINES_URL,
        name: str = OUTLINES_NAME,
        fill: bool = True,
        overlay: bool = False,
        control: bool = True,
        show: bool = True,
    ):
        super().__init__(name=name, overlay=overlay, control=control, show=show)
        self._name = "OutlineLayer"
        self.url = url
        self.attribution = OUTLINES_ATTRIBUTION
        self.style = {
            "color": "#6b7280",
            "weight": 0.8,
            "fill": fill,
            "fillColor": "#f8f5ec",
            "fillOpacity": 1.0 if fill else 0.0,
        }


@dataclass(frozen=True)
class MapParts:
    """What st_folium needs: the base map, the event layers to add, and the layer control."""

    base: folium.Map
    layers: tuple[folium.FeatureGroup, ...]
    control: folium.LayerControl


def base_map(lat: float, lon: float, zoom: int, outlines_url: str = assets.OUTLINES_URL):
    """The base map at a view: offline outlines (default) and OSM tiles as switchable bases.

    The outline base layer needs no network; the OSM base is a group of tiles plus outline
    borders, so the map stays readable when tiles fail to load.
    """
    zoom = max(MIN_ZOOM, min(MAX_ZOOM, int(zoom)))
    # tiles=None: folium would otherwise add OSM itself; MarkerCluster needs maxZoom set.
    m = OfflineMap(
        location=[lat, lon],
        zoom_start=zoom,
        tiles=None,
        maxZoom=MAX_ZOOM,
        minZoom=MIN_ZOOM,
        worldCopyJump=True,
    )
    m.get_root().header.add_child(Element(MAP_CSS), name="newsmap_css")
    OutlineLayer(url=outlines_url, name=OUTLINES_NAME, fill=True).add_to(m)
    online = folium.FeatureGroup(name=OSM_NAME, overlay=False, show=False)
    folium.TileLayer(
        tiles=OSM_TILES, attr=OSM_ATTRIBUTION, name="OpenStreetMap tiles", max_zoom=19
    ).add_to(online)
    OutlineLayer(url=outlines_url, name="borders", fill=False, control=False).add_to(online)
    online.add_to(m)
    return m


def event_layers(frame: pd.DataFrame) -> tuple[folium.FeatureGroup, ...]:
    """One clustered overlay per role present: "Events (n)" in colour, "Mentions (n)" grey.

    The same frame always renders the same script, so st_folium keeps the layers on reruns
    (a pan) instead of re-adding them.
    """
    layers = []
    for role, label, style in (
        ("event", "Events", EVENT_STYLE),
        ("mention", "Mentions", MENTION_STYLE),
    ):
        rows = frame[frame["role"] == role] if "role" in frame else frame.iloc[0:0]
        if rows.empty:
            continue
        group = folium.FeatureGroup(name=f"{label} ({len(rows)})", overlay=True)
        EventCluster(
            rows,
            style=style,
            # The attribution rides on the cluster: L.featureGroup takes no options.
            options={
                "showCoverageOnHover": False,
                "maxClusterRadius": 50,
                "attribution": _layer_attribution(rows.get("credit", ())),
            },
            icon_create_function=_MENTION_CLUSTER_ICON.strip() if role == "mention" else None,
        ).add_to(group)
        layers.append(group)
    return tuple(layers)


def build_map(frame: pd.DataFrame, lat: float, lon: float, zoom: int, **kwargs) -> MapParts:
    """Base map plus event layers and a layer control, for st_folium (layers added live)."""
    return MapParts(
        base=base_map(lat, lon, zoom, **kwargs),
        layers=event_layers(frame),
        control=folium.LayerControl(collapsed=True),
    )


def standalone_map(frame: pd.DataFrame, lat: float, lon: float, zoom: int, **kwargs):
    """The same map as one folium.Map (layers and control attached), e.g. to save as HTML."""
    parts = build_map(frame, lat, lon, zoom, **kwargs)
    for layer in parts.layers:
        layer.add_to(parts.base)
    parts.control.add_to(parts.base)
    return parts.base


def initial_view(frame: pd.DataFrame) -> tuple[float, float, int]:
    """A view (lat, lon, zoom) that shows every event in the frame; the world when empty."""
    if frame.empty:
        return WORLD_VIEW
    lats = frame["lat"].astype(float)
    lons = frame["lon"].astype(float)
    south, north, west, east = lats.min(), lats.max(), lons.min(), lons.max()
    span = max(north - south, (east - west) / 2, 0.5)
    # Roughly: the visible latitude span halves per zoom level; 180 degrees fits at zoom 1.
    zoom = int(math.floor(math.log2(180.0 / span)))
    zoom = max(MIN_ZOOM, min(10, zoom))
    return (round((south + north) / 2, 4), round((west + east) / 2, 4), zoom)


def script_json(value: object) -> str:
    """JSON safe inside a <script>: no "</" or "<!--" (HTML parsing), no U+2028/9 (old JS)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("</", "<\\/").replace("<!--", "\\u003c!--")
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _layer_attribution(credits: Iterable[object]) -> str:
    """GeoNames plus each distinct article credit shown (escaped: credits come from articles)."""
    seen = sorted({c.strip() for c in credits if isinstance(c, str) and c.strip()})
    parts = [PLACES_ATTRIBUTION] + [f"Articles: {c}" for c in seen[:5]]
    return js_template_safe(html.escape(" | ".join(parts)))
