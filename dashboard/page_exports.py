"""The page's downloads, written from the engine's batches of rows (dashboard.engine_exports)
with the same bytes as the frame's exports (store.export.to_csv, json.dumps of
store.export.to_geojson, dashboard.exports.to_kml), so a download does not depend on where
its rows came from. Each returns the file's text: what a download button sends."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable

import pandas as pd

from dashboard.engine_exports import write_csv
from dashboard.exports import KML_NS, kml_placemark
from store.export import export_records, geojson_features

_NS_ATTRIBUTE = f' xmlns="{KML_NS}"'


def csv_text(batches: Iterable[pd.DataFrame]) -> str:
    """The rows as CSV (store.export.to_csv's bytes)."""
    out = io.StringIO()
    write_csv(iter(batches), out)
    return out.getvalue()


def geojson_text(batches: Iterable[pd.DataFrame]) -> str:
    """The rows as one FeatureCollection, as ``json.dumps(to_geojson(frame),
    ensure_ascii=False)`` writes it."""
    features = (
        json.dumps(feature, ensure_ascii=False)
        for batch in batches
        for feature in geojson_features(batch)
    )
    return '{"type": "FeatureCollection", "features": [' + ", ".join(features) + "]}"


def kml_document(batches: Iterable[pd.DataFrame], name: str = "Newsmap events") -> str:
    """The rows as a KML 2.2 document, as dashboard.exports.to_kml writes it (indented)."""
    ET.register_namespace("", KML_NS)
    root = ET.Element(f"{{{KML_NS}}}kml")
    document = ET.SubElement(root, f"{{{KML_NS}}}Document")
    ET.SubElement(document, f"{{{KML_NS}}}name").text = name
    ET.SubElement(document, f"{{{KML_NS}}}Placemark")  # where the placemarks go
    ET.indent(root)
    head, tail = ET.tostring(root, encoding="unicode").split("<Placemark />")
    marks = []
    for batch in batches:
        for record in export_records(batch):
            if record["lat"] is None or record["lon"] is None:
                continue
            mark = kml_placemark(record)
            ET.indent(mark, level=2)
            # Written alone, a placemark declares the namespace its document declares.
            marks.append(ET.tostring(mark, encoding="unicode").replace(_NS_ATTRIBUTE, "", 1))
    if not marks:
        head = head.rstrip(" \n")
    body = head + "\n    ".join(marks) + tail
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
