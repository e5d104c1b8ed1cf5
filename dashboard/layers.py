"""The map's data layers: places and bubbles, heat, country choropleth, animation, legend.

Each layer is a small folium element over a newsmap.js function (see dashboard/static/newsmap),
fed with server-side aggregates from :mod:`dashboard.aggregate` as JSON. Text from articles
(place names) travels as JSON strings that newsmap.js sets with textContent; :func:`script_json`
keeps them inert inside the script. :func:`overlay_groups` builds one feature group per active
layer for st_folium's ``feature_group_to_add``.
"""

from __future__ import annotations

import functools
import hashlib
import html
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import folium
import pandas as pd
from jinja2 import Template

from dashboard import aggregate, assets
from dashboard.filters import NO_KIND
from dashboard.maps import script_json
from events.classify import kind_icons
from events.classify.kind_table import Kind

MENTION_COLOUR = "#cbd5e1"  # light: apart from the grey of disasters (#78716c)
NO_KIND_COLOUR = "#ef4444"  # events whose kind is not known (NO_KIND)
# Kinds the table does not know (from a newer extractor, say) still get a steady colour.
_SPARE = ("#0f766e", "#be123c", "#1d4ed8", "#a21caf", "#15803d", "#b45309")
CHOROPLETH_COLOURS = ("#fef3c7", "#fcd34d", "#f59e0b", "#dc2626", "#7f1d1d")
# The heat map's colours from few to many (share of the highest, colour); its legend the same.
HEAT_STOPS = ((0.3, "#2563eb"), (0.55, "#06b6d4"), (0.7, "#84cc16"), (0.85, "#facc15"))
HEAT_STOPS += ((1.0, "#dc2626"),)
BUBBLE_NOTE = "Numbered bubble: that many events, ringed by their kinds (click: zoom in)"
FIT_MAX_ZOOM = 9  # fitting to one town shows its surroundings, not its streets
# Country totals when no layer draws them (the app sums them only for the choropleth).
NO_TOTALS = pd.DataFrame(columns=["country", "events", "mentions", "killed", "injured", "places"])


@functools.cache
def kind_label(kind: str | None) -> str:
    """People's name for an event kind ("Air/drone strike", from the kind table); the kind
    itself, readable, when unknown; "" for None (a mention is no event of any kind)."""
    if kind is None:
        return ""
    if kind == NO_KIND:
        return "Event (kind not known)"
    known = Kind.lookup(kind)
    return known.label if known else kind.replace("_", " ").capitalize()


def kind_colour(kind: str | None) -> str:
    """The marker colour of a kind (from the kind table; None: a place with mentions only)."""
    if kind is None:
        return MENTION_COLOUR
    if kind == NO_KIND:
        return NO_KIND_COLOUR
    known = Kind.lookup(kind)
    if known:
        return known.colour
    digest = int(hashlib.sha1(kind.encode("utf-8")).hexdigest(), 16)  # noqa: S324 - a colour
    return _SPARE[digest % len(_SPARE)]


def kind_icon(kind: str | None) -> str:
    """The pictogram of a kind (an SVG path in a 16 px box, from events/classify/kind_icons.py): a
    question mark for NO_KIND, a diamond for a kind the table does not know, "" for None (a
    place with mentions only has no kind to draw)."""
    if kind is None:
        return ""
    if kind == NO_KIND:
        return kind_icons.UNKNOWN_KIND_ICON
    known = Kind.lookup(kind)
    return kind_icons.ICONS[known] if known else kind_icons.SPARE_ICON


def known_kinds() -> frozenset[str]:
    """Every kind the dashboard can name: the table's and NO_KIND (share links may ask for
    any of them, shown or not)."""
    return frozenset(Kind) | {NO_KIND}


def place_radius(events: int, casualties: int) -> float:
    """Marker radius in pixels: small for mentions only, growing with casualties; a place
    with events is at least 9 px across its middle, room for its kind's pictogram."""
    if events <= 0:
        return 4.0
    return round(8.0 + min(4.0, math.log2(1 + events)) + min(10.0, 1.5 * math.sqrt(casualties)), 1)


class _DataLayer(folium.map.Layer):
    """A layer whose script is ``var <name> = <call>;`` (added to its parent by folium)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = {{ this.call }};
        {% endmacro %}
        """
    )

    def __init__(self, call: str, name: str):
        super().__init__(name=name, overlay=True, control=False, show=True)
        self._name = name
        self.call = call


def places_layer(
    cells: aggregate.Cells, selected=None, token: str = "", credits: Iterable[object] = ()
) -> _DataLayer:
    """Places (coloured by dominant kind and bearing its pictogram, sized by casualties) and
    numbered bubbles, each ringed by the kinds of its events (a share of the ring per kind,
    mentions in grey). Colours and pictograms are sent once each, rows name them by index
    (-1: a place with mentions only has no pictogram)."""
    colours: list[str] = []
    index: dict[str, int] = {}
    icons: list[str] = []
    icon_index: dict[str, int] = {}

    def colour_of(kind: str | None) -> int:
        colour = kind_colour(kind)
        if colour not in index:
            index[colour] = len(colours)
            colours.append(colour)
        return index[colour]

    def icon_of(kind: str | None) -> int:
        icon = kind_icon(kind)
        if not icon:
            return -1
        if icon not in icon_index:
            icon_index[icon] = len(icons)
            icons.append(icon)
        return icon_index[icon]

    rows = []
    for p in cells.places.itertuples(index=False):
        colour = colour_of(p.kind)
        casualties = int(p.casualties)
        rows.append(
            [
                round(float(p.lat), 5),
                round(float(p.lon), 5),
                str(p.name),
                int(p.total),
                int(p.events),
                casualties,
                colour,
                place_radius(int(p.events), casualties),
                kind_label(p.kind) if p.kind else "",
                icon_of(p.kind) if int(p.events) > 0 else -1,
            ]
        )
    rings = _rings(cells.bubbles, colour_of)
    bubbles = [
        [round(b.lat, 5), round(b.lon, 5), int(b.total), int(b.places)]
        + [round(float(v), 5) for v in (b.south, b.west, b.north, b.east)]
        + [int(b.events), ring]
        for b, ring in zip(cells.bubbles.itertuples(index=False), rings, strict=True)
    ]
    data = {
        "places": rows,
        "bubbles": bubbles,
        "colours": colours,
        "icons": icons,
        "selected": list(selected) if selected else None,
        "attribution": attribution(credits),
    }
    data["token"] = token or content_token("markers", data)
    return _DataLayer(f"L.Newsmap.places({script_json(data)})", "NewsmapPlaces")


def _rings(bubbles: pd.DataFrame, colour_of) -> list[list[list[int]]]:
    """Per bubble, [colour index, count] per kind of its events, most first (then by kind),
    then its mentions."""
    columns = [c for c in bubbles.columns if str(c).startswith(aggregate.KIND_COUNT)]
    kinds = [str(c)[len(aggregate.KIND_COUNT) :] for c in columns]
    counts = bubbles[columns].to_numpy(dtype="int64")
    mentions = bubbles["mentions"].to_numpy(dtype="int64")
    rings = []
    for row, mentioned in zip(counts, mentions, strict=True):
        present = sorted((-int(n), kinds[i]) for i, n in enumerate(row) if n > 0)
        ring = [[colour_of(kind), -n] for n, kind in present]
        if mentioned:
            ring.append([colour_of(None), int(mentioned)])
        rings.append(ring)
    return rings


def heat_layer(points: list[list[float]], token: str = "") -> _DataLayer:
    """The canvas heat map of [lat, lon, weight] points."""
    options = {
        "token": token or content_token("heat", points),
        "stops": [list(stop) for stop in HEAT_STOPS],
    }
    return _DataLayer(
        f"L.Newsmap.heat({script_json(points)}, {script_json(options)})", "NewsmapHeat"
    )


def choropleth_layer(
    totals: pd.DataFrame, column: str = "events", url: str = assets.OUTLINES_URL, token: str = ""
) -> _DataLayer:
    """Countries filled by their count in ``totals[column]`` (Natural Earth outlines)."""
    counts = {
        str(c): int(n) for c, n in zip(totals["country"], totals[column], strict=True) if int(n) > 0
    }
    breaks = class_breaks(counts.values())
    data = {
        "counts": counts,
        "breaks": breaks,
        "colours": list(CHOROPLETH_COLOURS[: len(breaks)]),
        "unit": column,
    }
    data["token"] = token or content_token("countries", data)
    call = f"L.Newsmap.choropleth({script_json(url)}, {script_json(data)})"
    return _DataLayer(call, "NewsmapChoropleth")


def animation_layer(days: list[str], rows: list[list[float]], token: str = "") -> _DataLayer:
    """Events appearing day by day, with a player control."""
    interval = max(40, min(400, 12000 // max(len(days), 1)))
    options = {"interval": interval, "token": token or content_token("animation", [days, rows])}
    call = f"L.Newsmap.animation({script_json(days)}, {script_json(rows)}, {script_json(options)})"
    return _DataLayer(call, "NewsmapAnimation")


def view_layer(
    extent: tuple[float, float, float, float], fit: str = "", max_zoom: int = FIT_MAX_ZOOM
) -> _DataLayer:
    """The filtered events' extent, for the map's "fit to events" button; with a ``fit`` token
    the map fits to it once (the browser remembers the tokens it has applied, so a rerun or a
    remount of the same map does not move it again)."""
    south, west, north, east = (round(float(v), 5) for v in extent)
    data = {"bounds": [[south, west], [north, east]], "maxZoom": max_zoom, "token": fit}
    return _DataLayer(f"L.Newsmap.view({script_json(data)})", "NewsmapView")


def focus_layer(lat: float, lon: float, zoom: int, token: str) -> _DataLayer:
    """A place picked outside the map (the feed): a new ``token`` flies the map to it once,
    at ``zoom`` or closer (newsmap.js keeps a closer view when the place is in it)."""
    data = {"center": [round(float(lat), 5), round(float(lon), 5)], "zoom": int(zoom)}
    data["token"] = token
    return _DataLayer(f"L.Newsmap.focus({script_json(data)})", "NewsmapFocus")


def legend_layer(title: str, items: Sequence[tuple[str, ...]]) -> _DataLayer:
    """A legend control: (colour, label, shape[, pictogram]) per row; shape "" (a dot),
    "square", "gradient" (a strip; the colour is a CSS gradient) or "note" (a line of text,
    no swatch); a kind's row carries its pictogram (an SVG path, see kind_icon)."""
    call = f"L.Newsmap.legend({script_json(title)}, {script_json([list(i) for i in items])})"
    return _DataLayer(call, "NewsmapLegend")


def heat_gradient() -> str:
    """The heat map's colours as a CSS gradient, for its legend (HEAT_STOPS, no text)."""
    stops = ", ".join(f"{colour} {share * 100:.0f}%" for share, colour in HEAT_STOPS)
    return f"linear-gradient(to right, {stops})"


def attribution(credits: Iterable[object]) -> str:
    """GeoNames plus each distinct article credit (escaped HTML: credits come from articles)."""
    seen = sorted({c.strip() for c in credits if isinstance(c, str) and c.strip()})
    parts = ["Places: GeoNames (CC BY 4.0)"] + [f"Articles: {c}" for c in seen[:5]]
    return html.escape(" | ".join(parts))


def class_breaks(values: Iterable[int], classes: int = len(CHOROPLETH_COLOURS)) -> list[int]:
    """Lower bounds of up to ``classes`` log-spaced classes from 1 to the largest value."""
    top = max(values, default=0)
    if top <= 0:
        return []
    breaks = sorted({max(1, round(top ** (i / classes))) for i in range(classes)})
    return breaks


@dataclass(frozen=True)
class LayerData:
    """What the overlays are drawn from, already aggregated for the view (by the engine's
    queries on the page, :func:`from_frame` for a frame): each layer's rows are bounded."""

    zoom: int
    cells: aggregate.Cells | None = None  # places and bubbles (the markers)
    legend_kinds: tuple[str, ...] = ()  # the places' dominant kinds (the legend's rows)
    mentions_only: bool = False  # some place has mentions only
    credits: tuple[str, ...] = ()  # article credits, for the attribution
    heat: tuple[tuple[float, float, int], ...] = ()  # [lat, lon, weight] (aggregate.heat_points)
    animation: tuple[tuple[str, ...], tuple[tuple[float, ...], ...]] = ((), ())  # days, rows
    totals: pd.DataFrame = field(default_factory=lambda: NO_TOTALS)
    view: tuple[float, float, float, float] | None = None
    selected: tuple[float, float] | None = None
    extent: tuple[float, float, float, float] | None = None  # of the filtered places
    fit: str = ""  # a new token asks the map to fit to ``extent`` (see view_layer)
    focus: tuple[float, float, int, str] | None = None  # (lat, lon, zoom, token): fly there


def from_frame(
    frame: pd.DataFrame,
    places: pd.DataFrame,
    totals: pd.DataFrame,
    zoom: int,
    view: tuple[float, float, float, float] | None = None,
    **options,
) -> LayerData:
    """The layers' data from a (filtered, prepared) events frame and its places
    (aggregate.places): what the standalone map of a store and the tests draw."""
    days, rows = aggregate.animation(frame, zoom)
    kinds = tuple(k for k in dict.fromkeys(places["kind"]) if k is not None)
    return LayerData(
        zoom=zoom,
        cells=aggregate.cells(places, zoom, view),
        legend_kinds=kinds,
        mentions_only=bool((places["events"] == 0).any()),
        credits=tuple(frame["credit"].drop_duplicates().head(50)),
        heat=tuple(map(tuple, aggregate.heat_points(places, zoom, view))),
        animation=(tuple(days), tuple(map(tuple, rows))),
        totals=totals,
        view=view,
        **options,
    )


def overlay_groups(data: LayerData, active: Sequence[str]) -> tuple[folium.FeatureGroup, ...]:
    """One feature group per active layer (choropleth first, so it lies lowest), plus legend,
    plus the events' extent when known (fit to events), plus the place to fly to when one
    was picked outside the map.

    The same inputs always give the same script, so st_folium keeps the layers on reruns
    that change nothing (a pan at low zoom) instead of re-adding them.
    """
    groups = []
    legend: list[tuple[str, ...]] = []
    order = [x for x in ("countries", "heat", "animation", "markers") if x in active]
    for name in order:
        group = folium.FeatureGroup(name=name, overlay=True, control=False)
        if name == "countries":
            choropleth_layer(data.totals).add_to(group)
            breaks = class_breaks(data.totals["events"].astype(int)) if len(data.totals) else []
            legend += [
                (colour, f"{low}+ events", "square")
                for colour, low in zip(CHOROPLETH_COLOURS, breaks, strict=False)
            ]
        elif name == "heat":
            heat_layer([list(p) for p in data.heat]).add_to(group)
            legend.append((heat_gradient(), "Heat: few to many events nearby", "gradient"))
        elif name == "animation":
            days, rows = data.animation
            animation_layer(list(days), [list(r) for r in rows]).add_to(group)
        elif data.cells is not None:
            places_layer(data.cells, data.selected, credits=data.credits).add_to(group)
            legend += _kind_legend(data.legend_kinds, data.mentions_only)
        groups.append(group)
    if legend:
        group = folium.FeatureGroup(name="legend", overlay=True, control=False)
        legend_layer("Legend", legend).add_to(group)
        groups.append(group)
    if data.extent is not None:
        group = folium.FeatureGroup(name="view", overlay=True, control=False)
        view_layer(data.extent, data.fit).add_to(group)
        groups.append(group)
    if data.focus is not None:
        group = folium.FeatureGroup(name="focus", overlay=True, control=False)
        focus_layer(*data.focus).add_to(group)
        groups.append(group)
    return tuple(groups)


def _kind_legend(kinds: Sequence[str], mentions_only: bool) -> list[tuple[str, ...]]:
    ordered = sorted(kinds, key=kind_label)
    items: list[tuple[str, ...]] = [
        (kind_colour(k), kind_label(k), "", kind_icon(k)) for k in ordered
    ]
    if mentions_only:
        items.append((MENTION_COLOUR, "Mentioned only", ""))
    if len(items):
        items.append(("#ffffff", "Bigger: more casualties", ""))
        items.append(("", BUBBLE_NOTE, "note"))
        items.append(("", "Click a place for its events", "note"))
    return items


def content_token(name: str, data: object) -> str:
    """A short id of what a layer shows (the browser records the last one drawn): the same
    data gives the same token, so an unchanged layer keeps an unchanged script."""
    text = script_json(data)
    return f"{name}-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:10]}"  # noqa: S324 - an id
