"""The base map: offline outlines with country and capital names, or online tiles, with
fit-to-events, fullscreen, mini-map and scale.

Pure builders returning folium objects; nothing here touches Streamlit, so tests render the
result and assert on the HTML. Every script and stylesheet URL points at the app's own static
files (see :mod:`dashboard.assets`): no CDN is ever referenced.

The base map is kept apart from the data layers (:mod:`dashboard.layers`) so that st_folium
keeps the map mounted while filters swap the layers (``feature_group_to_add``); it changes
only when the base style does.
"""

from __future__ import annotations

import json
import math
import secrets
from dataclasses import dataclass

import folium
import pandas as pd
from jinja2 import Template

from dashboard import assets

MIN_ZOOM = 2
MAX_ZOOM = 18
WORLD_VIEW = (20.0, 10.0, MIN_ZOOM)
# The map's height before the page's style sets it to the window's (dashboard/static/newsmap/
# page.css); also what a page without that style shows.
MAP_HEIGHT = 640

OSM_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright" target="_blank" '
    'rel="noopener noreferrer">OpenStreetMap</a> contributors'
)
CARTO_ATTRIBUTION = (
    OSM_ATTRIBUTION + ' &copy; <a href="https://carto.com/attributions" target="_blank" '
    'rel="noopener noreferrer">CARTO</a>'
)
OUTLINES_ATTRIBUTION = "Outlines: Natural Earth (public domain)"
PLACES_ATTRIBUTION = "Places: GeoNames (CC BY 4.0)"


@dataclass(frozen=True)
class Base:
    """One base style: a label, tile URL (None: offline outlines only) and border colour."""

    label: str
    tiles: str | None
    attribution: str
    borders: str = "#6b7280"
    dark: bool = False


BASES: dict[str, Base] = {
    "outlines": Base("Offline", None, ""),
    "osm": Base("OpenStreetMap", "https://tile.openstreetmap.org/{z}/{x}/{y}.png", OSM_ATTRIBUTION),
    "light": Base(
        "Light",
        "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}.png",
        CARTO_ATTRIBUTION,
    ),
    "dark": Base(
        "Dark",
        "https://{s}.basemaps.cartocdn.com/dark_all/{z}/{x}/{y}.png",
        CARTO_ATTRIBUTION,
        borders="#9ca3af",
        dark=True,
    ),
}


class OfflineMap(folium.Map):
    """folium.Map whose scripts come from the app's static files (no Bootstrap/icons/CDN)."""

    default_js = assets.MAP_JS + assets.NEWSMAP_JS
    default_css = assets.MAP_CSS + assets.MARKERCLUSTER_CSS + assets.NEWSMAP_CSS


class OutlineLayer(folium.map.Layer):
    """Country outlines fetched from a URL (kept out of the map script; cached by the browser).

    ``fill`` gives land a light fill for use without tiles; without it only borders are drawn
    (over tiles). Drawn in a pane below every data layer; not interactive.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.Newsmap.outlineLayer(
                {{ this.url|tojson }}, {{ this.style|tojson }}, {{ this.attribution|tojson }}
            );
        {% endmacro %}
        """
    )

    def __init__(self, url: str = assets.OUTLINES_URL, fill: bool = True, borders: str = "#6b7280"):
        super().__init__(name="outlines", overlay=False, control=False, show=True)
        self._name = "OutlineLayer"
        self.url = url
        self.attribution = OUTLINES_ATTRIBUTION
        self.style = {
            "color": borders,
            "weight": 0.8,
            "fill": fill,
            "fillColor": "#f8f5ec",
            "fillOpacity": 1.0 if fill else 0.0,
        }


class LabelLayer(folium.map.Layer):
    """Country names and capitals fetched from a URL (geodata.labels), for the offline base
    (tile styles carry their own names); each name shows from its zoom on."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.Newsmap.labelLayer({{ this.url|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, url: str = assets.LABELS_URL):
        super().__init__(name="labels", overlay=False, control=False, show=True)
        self._name = "LabelLayer"
        self.url = url


class MapControls(folium.MacroElement):
    """Fit-to-events and fullscreen buttons, mini-map and scale bar (newsmap.js), added to
    the map once."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            L.Newsmap.fitControl().addTo({{ this._parent.get_name() }});
            L.Newsmap.fullscreen().addTo({{ this._parent.get_name() }});
            L.control.scale({imperial: false}).addTo({{ this._parent.get_name() }});
            {%- if this.minimap %}
            L.Newsmap.miniMap(
                {url: {{ this.url|tojson }}, dark: {{ this.dark|tojson }}}
            ).addTo({{ this._parent.get_name() }});
            {%- endif %}
            {%- if this.dark %}
            {{ this._parent.get_name() }}.getContainer().classList.add("newsmap-dark");
            {%- endif %}
        {% endmacro %}
        """
    )

    def __init__(self, url: str = assets.OUTLINES_URL, minimap: bool = True, dark: bool = False):
        super().__init__()
        self._name = "MapControls"
        self.url = url
        self.minimap = minimap
        self.dark = dark


def base_map(
    lat: float,
    lon: float,
    zoom: int,
    base: str = "outlines",
    outlines_url: str = assets.OUTLINES_URL,
    minimap: bool = True,
    labels_url: str = assets.LABELS_URL,
) -> folium.Map:
    """The map at a view with one base style; the outlines are drawn in every style.

    ``base`` is a key of BASES: "outlines" needs no network and names countries and capitals
    itself; the tile styles draw country borders over the tiles, so the map stays readable
    when tiles fail to load.
    """
    style = BASES.get(base, BASES["outlines"])
    zoom = max(MIN_ZOOM, min(MAX_ZOOM, int(zoom)))
    m = OfflineMap(
        location=[lat, lon],
        zoom_start=zoom,
        tiles=None,
        maxZoom=MAX_ZOOM,
        minZoom=MIN_ZOOM,
        worldCopyJump=True,
    )
    if style.tiles:
        folium.TileLayer(
            tiles=style.tiles,
            attr=style.attribution,
            name=style.label,
            max_zoom=19,
            subdomains="abcd",
        ).add_to(m)
    OutlineLayer(url=outlines_url, fill=style.tiles is None, borders=style.borders).add_to(m)
    if style.tiles is None:  # tiles carry their own place names
        LabelLayer(url=labels_url).add_to(m)
    MapControls(url=outlines_url, minimap=minimap, dark=style.dark).add_to(m)
    return m


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


@dataclass
class FitRequests:
    """When the map should fit itself to the filtered events, as tokens (layers.view_layer).

    One per session (kept in session state): a fit is asked for on opening without a view,
    by :meth:`ask` (the "Fit map to filters" toggle turned on) and by :meth:`filters_now` on a
    filter change while the map follows the filters. :attr:`token` names the latest request;
    the browser applies each token once. The session part keeps a new session's first token
    apart from an old one's in the same browser tab.
    """

    session: str
    count: int = 0
    filters: object = None  # the filters of the last run

    @classmethod
    def start(cls, fit_now: bool) -> FitRequests:
        """A new session's requests; ``fit_now`` asks for a fit on the first map."""
        return cls(session=secrets.token_hex(4), count=1 if fit_now else 0)

    def ask(self) -> None:
        """Ask for a fit to the events now."""
        self.count += 1

    def filters_now(self, filters: object, follow: bool) -> None:
        """Note this run's filters; when they changed and ``follow``, ask for a fit."""
        changed = self.filters is not None and filters != self.filters
        self.filters = filters
        if changed and follow:
            self.ask()

    @property
    def token(self) -> str:
        """The latest request's token ("" before any)."""
        return f"{self.session}-{self.count}" if self.count else ""


def script_json(value: object) -> str:
    """JSON safe inside a <script>: no "</" or "<!--" (HTML parsing), no U+2028/9 (old JS)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    text = text.replace("</", "<\\/").replace("<!--", "\\u003c!--")
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
