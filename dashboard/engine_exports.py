"""Exports streamed from the columnar engine: CSV, GeoJSON and KML written a batch of rows at
a time, Parquet partitioned by month and country written by DuckDB itself.

Whatever the store's size, no export holds all its events: the rows come from the engine in
batches (BATCH_ROWS) and each batch is written through the same record builders as the
frame's exports (store.export, dashboard.exports), with the same columns, the same escaping
and the same defused CSV cells. The rows come in the events frame's order (publication date,
article, offset).

Links across articles (``link_id``, ``link_size``) come from a table of the engine's own
(LINKS: only the events that do link), joined to the export and filled first: by the engine
in SQL (dashboard.engine_links.fill_links, what the exports and the page use), or by
:func:`prepare_links` with the pipeline's linker in Python, over the candidates of one
(country, kind, status) at a time (events link only within such a group, so the result is
the one the whole frame would give): the reference the tests and the benchmark compare with.
"""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TextIO

import pandas as pd

from dashboard.exports import KML_NS, kml_placemark, kml_text
from newsmap.errors import NewsmapError
from store.duck import quoted
from store.export import (
    EXPORT_COLUMNS,
    EXPORT_SOURCE,
    csv_rows,
    export_records,
    geojson_features,
)

BATCH_ROWS = 50_000


class ExportError(NewsmapError):
    """An export cannot be written where asked; the message says what to give instead."""


LINKS = "export_links"
Linker = Callable[[pd.DataFrame], Sequence[str]]
_FRAME_ORDER = "published NULLS FIRST, article_id, start, event_id"
_LINK_COLUMNS = "event_id, article_id, role, kind, status, place_key, date, country_code, "
_LINK_COLUMNS += "precision, killed"
_LOCATED = "lat IS NOT NULL AND lon IS NOT NULL"
_ROWS = f"""
    SELECT e.*, COALESCE(l.link_id, e.event_id) AS link_id, COALESCE(l.link_size, 1) AS link_size
    FROM events AS e LEFT JOIN {LINKS} AS l USING (event_id)
"""


_GROUP = ("country_code", "kind", "status")


def prepare_links(engine, linker: Linker | None) -> int:
    """Fill the engine's link table from ``linker`` (pipeline.linking.frame_link_ids), in
    Python; no links without one. Returns the events that link to another. (The page and
    the exports use dashboard.engine_links.fill_links: the same table, computed in SQL.)"""
    kept: list[pd.DataFrame] = []
    if linker is not None:
        sql = (
            f"SELECT {_LINK_COLUMNS} FROM events WHERE {_LOCATED} AND role = 'event' "
            "AND COALESCE(kind, '') <> '' AND date IS NOT NULL "
            "ORDER BY country_code, kind, status, date, event_id"
        )
        carry = pd.DataFrame()
        for batch in engine.batches(sql, rows=BATCH_ROWS):
            rows = pd.concat([carry, batch], ignore_index=True) if len(carry) else batch
            keys = _group_keys(rows)
            last = keys.iloc[-1]  # the last group may go on in the next batch
            carry = rows[keys == last]
            kept.extend(_linked(rows[keys != last], linker))
        kept.extend(_linked(carry, linker))
    empty = pd.DataFrame({"event_id": pd.Series(dtype=str), "link_id": pd.Series(dtype=str),
                          "link_size": pd.Series(dtype="int64")})  # fmt: skip
    table = pd.concat(kept, ignore_index=True) if kept else empty
    engine.load(LINKS, table)
    return len(table)


def _group_keys(rows: pd.DataFrame) -> pd.Series:
    """One text key per row for its country-kind-status group (an event with no country, or
    no status, has a key too: missing values are empty text, not NaN)."""
    parts = [rows[c].astype(object).where(rows[c].notna(), "").astype(str) for c in _GROUP]
    return parts[0].str.cat(parts[1:], sep="|")


def _linked(group: pd.DataFrame, linker: Linker) -> Iterator[pd.DataFrame]:
    """The rows of ``group`` (whole country-kind-status groups) that link to another, with
    their link id and size (the articles reporting the linked event)."""
    if group.empty:
        return
    frame = group.assign(date=pd.to_datetime(group["date"]))
    frame["link_id"] = list(linker(frame))
    frame["link_size"] = frame.groupby("link_id")["article_id"].transform("nunique")
    linked = frame[(frame["link_id"] != frame["event_id"]) | (frame["link_size"] > 1)]
    if not linked.empty:
        yield linked[["event_id", "link_id", "link_size"]].astype({"link_size": "int64"})


def batches(engine, condition: str = "TRUE", params: Sequence = ()) -> Iterator[pd.DataFrame]:
    """The located events matching ``condition`` (SQL over the events' columns, with
    ``params``), as events-frame batches in the frame's order (fill the link table first)."""
    sql = f"SELECT * FROM ({_ROWS}) WHERE {_LOCATED} AND ({condition}) ORDER BY {_FRAME_ORDER}"
    for batch in engine.batches(sql, list(params), BATCH_ROWS):
        yield _as_frame(batch)


def _as_frame(batch: pd.DataFrame) -> pd.DataFrame:
    """A batch of mirror rows with the events frame's types where exports read them."""
    out = batch.copy()
    for column in ("date", "published"):
        out[column] = pd.to_datetime(out[column])
    for column in ("actors", "killed_revisions", "injured_revisions"):
        parsed = {text: tuple(json.loads(text)) for text in set(out[column].dropna())}
        out[column] = [parsed.get(text, ()) for text in out[column]]
    for column in ("killed", "injured", "geonameid"):
        out[column] = out[column].astype("Int64")
    return out


def write_csv(rows: Iterator[pd.DataFrame], out: TextIO) -> int:
    """CSV (header EXPORT_COLUMNS) of every batch; returns the rows written."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    written = 0
    for batch in rows:
        writer.writerows(csv_rows(batch))
        written += len(batch)
    return written


def write_geojson(rows: Iterator[pd.DataFrame], out: TextIO) -> int:
    """One GeoJSON FeatureCollection of every batch, written feature by feature."""
    out.write('{"type": "FeatureCollection", "features": [')
    written = 0
    for batch in rows:
        for feature in geojson_features(batch):
            out.write(",\n" if written else "\n")
            json.dump(feature, out, ensure_ascii=False, allow_nan=False)
            written += 1
    out.write("\n]}\n")
    return written


def write_kml(rows: Iterator[pd.DataFrame], out: TextIO, name: str = "Newsmap events") -> int:
    """A KML 2.2 document of every batch, a Placemark at a time (as dashboard.exports)."""
    ET.register_namespace("", KML_NS)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(f'<kml xmlns="{KML_NS}">\n<Document>\n<name>{kml_text(name)}</name>\n')
    written = 0
    for batch in rows:
        for record in export_records(batch):
            if record["lat"] is None or record["lon"] is None:
                continue
            out.write(ET.tostring(kml_placemark(record), encoding="unicode") + "\n")
            written += 1
    out.write("</Document>\n</kml>\n")
    return written


def write_parquet(engine, folder: Path, condition: str = "TRUE", params: Sequence = ()) -> int:
    """Parquet files under ``folder``, Hive-partitioned by month and country
    (``month=2016-07/country=SY/…``; ``month=undated``, ``country=none`` where unknown), one
    row per located event with the export columns; DuckDB writes them as it reads. Returns
    the rows written. Readable by DuckDB, pandas/pyarrow and Spark as one dataset."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ExportError(
            f"{folder} is not an empty folder: give a new folder for the Parquet export (files "
            "of an earlier export there would mix with this one)"
        )
    columns = _parquet_columns()
    sql = f"""
        COPY (
            SELECT {columns},
                   COALESCE(strftime(date, '%Y-%m'), 'undated') AS month,
                   COALESCE(NULLIF(country_code, ''), 'none') AS country
            FROM ({_ROWS}) WHERE {_LOCATED} AND ({condition}) ORDER BY {_FRAME_ORDER}
        ) TO '{quoted(str(folder))}'
        (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (month, country), OVERWRITE_OR_IGNORE)
    """
    folder.mkdir(parents=True, exist_ok=True)
    engine.execute(sql, list(params))
    counted = f"SELECT count(*) FROM ({_ROWS}) WHERE {_LOCATED} AND ({condition})"
    return int(engine.rows(counted, list(params))[0][0])


def _parquet_columns() -> str:
    """The export columns (store.export's names) from the mirror's columns; lists as lists."""
    out = []
    for name, column in EXPORT_SOURCE.items():
        if column in ("actors", "killed_revisions"):
            kind = "VARCHAR[]" if column == "actors" else "BIGINT[]"
            out.append(f"CAST({column} AS JSON)::{kind} AS {name}")
        else:
            out.append(f'"{column}" AS "{name}"')
    return ", ".join(out)
