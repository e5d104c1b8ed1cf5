"""Exports of an events frame (Store.events_frame, or a filtered slice of it) as CSV or GeoJSON.

Pure functions over the DataFrame, so the dashboard's download button can reuse them. Every text
cell comes from untrusted articles: CSV cells that a spreadsheet would run as a formula are
defused with a leading quote.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterator
from typing import Any, TextIO

import pandas as pd

# Export column -> events-frame column.
_SOURCE = {
    "event_id": "event_id",
    "article_id": "article_id",
    "title": "title",
    "url": "url",
    "published": "published",
    "event_date": "date",
    "date_precision": "date_precision",
    "role": "role",
    "place_as_written": "name",
    "resolved_name": "resolved_name",
    "geonameid": "geonameid",
    "country_code": "country_code",
    "lat": "lat",
    "lon": "lon",
    "precision": "precision",
    "kind": "kind",
    "killed": "killed",
    "injured": "injured",
    "actors": "actors",
    "snippet": "snippet",
    "status": "status",
    "trigger": "trigger",
    "killed_qualifier": "killed_qualifier",
    "injured_qualifier": "injured_qualifier",
    "killed_revisions": "killed_revisions",
    "victims": "victims",
    "link_id": "link_id",
    "link_size": "link_size",
    "confidence": "confidence",
    "kind_confidence": "kind_confidence",
    "background": "background",
    "place_source": "place_source",
    "killed_confidence": "killed_confidence",
    "injured_confidence": "injured_confidence",
    "published_fallback": "published_fallback",
    "date_approximate": "date_approximate",
}
_LISTS = ("actors", "killed_revisions")
# Columns of store schemas 2 to 5: frames built before them (or by hand) may lack them.
_OPTIONAL = frozenset(list(_SOURCE.values())[list(_SOURCE).index("status") :])
EXPORT_COLUMNS: tuple[str, ...] = tuple(_SOURCE)
EXPORT_SOURCE: dict[str, str] = dict(_SOURCE)  # export column -> events-frame column
FORMATS = ("csv", "geojson")

_DATE_COLUMNS = ("published", "event_date")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def export_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """One plain dict per event, keys EXPORT_COLUMNS: dates as ISO strings, missing as None."""
    missing = sorted({c for c in _SOURCE.values() if c not in frame.columns} - _OPTIONAL)
    if missing:
        raise ValueError(
            f"the events frame lacks columns {missing}: pass Store.events_frame() or a "
            "row-filtered slice of it"
        )
    records = []
    frame = frame.assign(**{c: None for c in _OPTIONAL if c not in frame.columns})
    for row in frame[list(_SOURCE.values())].itertuples(index=False, name=None):
        record = {
            column: _plain(value, is_date=column in _DATE_COLUMNS)
            for column, value in zip(EXPORT_COLUMNS, row, strict=True)
        }
        for column in _LISTS:
            record[column] = "; ".join(record[column] or ())
        records.append(record)
    return records


def to_csv(frame: pd.DataFrame) -> str:
    """The events as CSV text (header EXPORT_COLUMNS), with formula-like cells defused."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    writer.writerows(csv_rows(frame))
    return buffer.getvalue()


def csv_rows(frame: pd.DataFrame) -> Iterator[list[Any]]:
    """The CSV rows (no header) of the events, formula-like cells defused (a batch of a
    streamed export, or the whole frame)."""
    for record in export_records(frame):
        yield ["" if v is None else _defuse(v) for v in record.values()]


def to_geojson(frame: pd.DataFrame) -> dict[str, Any]:
    """The events as a GeoJSON FeatureCollection of Points [lon, lat] (null geometry if unknown)."""
    return {"type": "FeatureCollection", "features": list(geojson_features(frame))}


def geojson_features(frame: pd.DataFrame) -> Iterator[dict[str, Any]]:
    """One GeoJSON Feature per event: a Point [lon, lat], or a null geometry if unknown."""
    for record in export_records(frame):
        lat, lon = record.pop("lat"), record.pop("lon")
        geometry = (
            None if lat is None or lon is None else {"type": "Point", "coordinates": [lon, lat]}
        )
        yield {
            "type": "Feature",
            "id": record["event_id"],
            "geometry": geometry,
            "properties": record,
        }


def write_export(frame: pd.DataFrame, fmt: str, out: TextIO) -> None:
    """Write the events to ``out`` as ``fmt``, one of FORMATS ("csv" or "geojson")."""
    if fmt == "csv":
        out.write(to_csv(frame))
    elif fmt == "geojson":
        json.dump(to_geojson(frame), out, ensure_ascii=False, allow_nan=False)
        out.write("\n")
    else:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")


def _plain(value: Any, is_date: bool) -> Any:
    """A JSON-ready Python value: numpy scalars unwrapped, NaN/NaT/NA -> None, dates ISO."""
    if isinstance(value, tuple | list):
        return tuple(str(v) for v in value)
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if is_date:
        return pd.Timestamp(value).date().isoformat()
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _defuse(value: Any) -> Any:
    """Prefix text a spreadsheet would read as a formula with a quote (CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value
