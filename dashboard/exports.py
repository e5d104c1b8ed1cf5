"""Exports of the filtered view: KML (beside store.export's CSV and GeoJSON) and the map as one
standalone HTML file with every script, stylesheet and the country outlines inlined.

KML is written with the standard library's ElementTree, which escapes all text; characters
XML 1.0 forbids are dropped first. A Placemark's description is HTML to KML viewers (Google
Earth renders it in the balloon), so the snippet is HTML-escaped before ElementTree escapes it
for XML: a viewer shows "<script>" as those characters, never runs or formats it.

The standalone page needs no server and no network (tiles aside, when an online base style
was chosen).
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET

import pandas as pd

from dashboard import aggregate, assets, filters, layers, maps
from store.export import export_records

KML_NS = "http://www.opengis.net/kml/2.2"
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_KML_DATA = (
    "event_id",
    "role",
    "kind",
    "killed",
    "injured",
    "precision",
    "country_code",
    "place_as_written",
    "date_precision",
    "title",
    "url",
    "published",
    "published_fallback",
    "date_approximate",
)
_SCRIPT_TAG = re.compile(r'<script src="(/app/static/[^"]+)"></script>')
_CSS_TAG = re.compile(r'<link rel="stylesheet" href="(/app/static/[^"]+)"\s*/?>')


def to_kml(frame: pd.DataFrame, name: str = "Newsmap events") -> str:
    """The events as a KML 2.2 document: one Placemark (Point, TimeStamp, data) per event."""
    ET.register_namespace("", KML_NS)
    root = ET.Element(f"{{{KML_NS}}}kml")
    document = ET.SubElement(root, f"{{{KML_NS}}}Document")
    _sub(document, "name", name)
    for record in export_records(frame):
        if record["lat"] is not None and record["lon"] is not None:
            document.append(kml_placemark(record))
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def kml_placemark(record: dict) -> ET.Element:
    """One export record (store.export.export_records) as a KML Placemark: a Point, its
    TimeStamp and its data; every text escaped, the description HTML-escaped first."""
    mark = ET.Element(f"{{{KML_NS}}}Placemark", id=_clean(record["event_id"]))
    _sub(mark, "name", record["resolved_name"] or "")
    _sub(mark, "description", html.escape(_clean(record["snippet"] or ""), quote=False))
    if record["event_date"]:
        stamp = ET.SubElement(mark, f"{{{KML_NS}}}TimeStamp")
        _sub(stamp, "when", record["event_date"])
    extended = ET.SubElement(mark, f"{{{KML_NS}}}ExtendedData")
    for key in _KML_DATA:
        value = record.get(key)
        if value is None or value == "":
            continue
        data = ET.SubElement(extended, f"{{{KML_NS}}}Data", name=key)
        _sub(data, "value", str(value))
    point = ET.SubElement(mark, f"{{{KML_NS}}}Point")
    _sub(point, "coordinates", f"{record['lon']},{record['lat']}")
    return mark


def kml_text(text: str) -> str:
    """Text as KML character data: characters XML forbids dropped, markup escaped."""
    return html.escape(_clean(text), quote=False)


def standalone_html(
    data: layers.LayerData,
    active: tuple[str, ...],
    view: tuple[float, float, int],
    base: str = "outlines",
    outlines: dict | None = None,
    labels: dict | None = None,
) -> str:
    """The map with its layers as one HTML page; assets, outlines and place names inlined.

    ``outlines`` is the outline FeatureCollection and ``labels`` the place names (defaults:
    the app's prepared files; a page without the names still works, unnamed).
    """
    lat, lon, zoom = view
    m = maps.base_map(lat, lon, zoom, base=base)
    for group in layers.overlay_groups(data, active):
        group.add_to(m)
    page = m.get_root().render()
    page = _SCRIPT_TAG.sub(lambda match: _inline_script(match.group(1)), page)
    page = _CSS_TAG.sub(lambda match: _inline_css(match.group(1)), page)
    if outlines is None:
        outlines = json.loads(assets.static_file(assets.OUTLINES_URL).read_text("utf-8"))
    preload = (
        "<script>L.Newsmap.preload("
        f"{maps.script_json(assets.OUTLINES_URL)}, {maps.script_json(outlines)});</script>"
    )
    names = _labels(labels)
    if names is not None:  # the offline base's place names, inlined like the outlines
        preload += (
            "<script>L.Newsmap.preload("
            f"{maps.script_json(assets.LABELS_URL)}, {maps.script_json(names)});</script>"
        )
    return page.replace("</head>", preload + "\n</head>", 1)


def map_page(
    frame: pd.DataFrame, active: tuple[str, ...] = ("markers",), base: str = "outlines"
) -> str:
    """The events of a store's frame (Store.events_frame) on one standalone HTML map, as the
    dashboard first shows them: default filters (uncertain events hidden), the view fitted
    to every place, ``active`` layers over the ``base`` style. Needs the prepared static
    files (dashboard.assets.prepare_static)."""
    rows = first_view(frame)
    lat, lon, zoom = maps.initial_view(rows)
    data = layers.from_frame(
        frame=rows,
        places=aggregate.places(rows),
        totals=aggregate.country_totals(rows),
        zoom=zoom,
    )
    return standalone_html(data, active, (lat, lon, zoom), base)


def first_view(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of an events frame that the dashboard shows before any filter is touched
    (uncertain events hidden), prepared for the map's layers."""
    return filters.apply(filters.prepare(frame), filters.Filters())


def _labels(labels: dict | None) -> dict | None:
    """The place names to inline: given, else the app's prepared file; None without one."""
    if labels is not None:
        return labels
    try:
        return json.loads(assets.static_file(assets.LABELS_URL).read_text("utf-8"))
    except (assets.AssetError, OSError, ValueError):
        return None


def _inline_script(url: str) -> str:
    code = assets.static_file(url).read_text("utf-8").replace("</script", "<\\/script")
    return f"<script>/* {url} */\n{code}\n</script>"


def _inline_css(url: str) -> str:
    css = assets.static_file(url).read_text("utf-8").replace("</style", "<\\/style")
    return f"<style>/* {url} */\n{css}\n</style>"


def _sub(parent: ET.Element, tag: str, text: str) -> ET.Element:
    child = ET.SubElement(parent, f"{{{KML_NS}}}{tag}")
    child.text = _clean(text)
    return child


def _clean(text: object) -> str:
    return _XML_BAD.sub("", str(text))
