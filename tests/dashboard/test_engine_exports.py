"""Exports streamed from the columnar engine (dashboard.engine_exports) write what the frame's
exports write, links across articles included, on a real store."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from datetime import date

import pandas as pd
import pyarrow.dataset as ds
import pytest

from dashboard import engine_exports
from dashboard.exports import to_kml
from pipeline.linking import frame_link_ids
from store.db import Store
from store.engine import EventsEngine
from store.export import to_csv, to_geojson
from store.mirror import sync
from tests.dashboard.conftest import MANBIJ, copy_with_one_event

# A second report of the Manbij air strike, a day later: it links with the first.
SECOND = (
    "Strikes near Manbij",
    "Air strikes near Manbij killed 12 civilians, officials said.",
    "https://news.example.org/manbij",
    date(2016, 7, 20),
)


@pytest.fixture(scope="module")
def linked(tmp_path_factory, store_file):
    """The fixture store plus a second report of one event: its engine (links prepared) and
    its events frame with links, as the frame's exports read it."""
    path = tmp_path_factory.mktemp("exports") / "newsmap.sqlite"
    copy_with_one_event(store_file, path, SECOND, MANBIJ, date(2016, 7, 19), 0.9)
    sync(path)
    with Store(path, readonly=True, linker=frame_link_ids) as store:
        frame = store.events_frame()
    with EventsEngine(path) as engine:
        assert engine_exports.prepare_links(engine, frame_link_ids) == 2
        yield engine, frame


def _streamed(writer, engine, **kw) -> str:
    out = io.StringIO()
    writer(engine_exports.batches(engine, **kw), out)
    return out.getvalue()


def test_streamed_csv_is_the_frame_csv_byte_for_byte(linked):
    engine, frame = linked
    assert frame["link_size"].max() == 2  # the two Manbij reports
    assert _streamed(engine_exports.write_csv, engine) == to_csv(frame)


def test_streamed_geojson_is_the_frame_geojson(linked):
    engine, frame = linked
    assert json.loads(_streamed(engine_exports.write_geojson, engine)) == to_geojson(frame)


def test_streamed_kml_holds_the_frame_kml_placemarks(linked):
    engine, frame = linked
    streamed = _streamed(engine_exports.write_kml, engine)
    ns = {"k": "http://www.opengis.net/kml/2.2"}

    def placemarks(text):
        root = ET.fromstring(text.encode())  # noqa: S314 - our own output
        return [ET.tostring(p, encoding="unicode") for p in root.iterfind(".//k:Placemark", ns)]

    def normalised(marks):  # the same elements, whatever the whitespace between them
        return [" ".join(m.split()).replace("> <", "><") for m in marks]

    assert normalised(placemarks(streamed)) == normalised(placemarks(to_kml(frame)))
    assert "<script>" not in streamed  # the hostile title's markup stays text


def test_a_condition_streams_only_its_rows_in_small_batches(linked, monkeypatch):
    engine, frame = linked
    monkeypatch.setattr(engine_exports, "BATCH_ROWS", 2)
    batches = list(engine_exports.batches(engine, "country_code = ?", ["SY"]))
    assert len(batches) > 1 and all(len(b) <= 2 for b in batches)
    rows = pd.concat(batches)
    assert (
        rows["event_id"].tolist() == frame.loc[frame["country_code"] == "SY", "event_id"].tolist()
    )


def test_parquet_is_partitioned_by_month_and_country(linked, tmp_path):
    engine, frame = linked
    written = engine_exports.write_parquet(engine, tmp_path / "events")
    assert written == len(frame)
    dataset = ds.dataset(tmp_path / "events", format="parquet", partitioning="hive")
    table = dataset.to_table().to_pandas()
    assert len(table) == len(frame)
    assert {"month", "country", "event_id", "link_size", "actors"} <= set(table.columns)
    folders = {p.relative_to(tmp_path / "events").parent.as_posix()
               for p in (tmp_path / "events").rglob("*.parquet")}  # fmt: skip
    assert "month=2016-07/country=SY" in folders and "month=undated/country=AF" in folders
    manbij = table[table["place_as_written"] == "Manbij"]
    assert set(manbij["link_size"]) == {2} and manbij["link_id"].nunique() == 1
    rebel = table[table["event_id"].isin(frame.loc[frame["actors"].map(len) > 0, "event_id"])]
    assert all(isinstance(list(a), list) for a in rebel["actors"])


def test_events_with_no_country_or_status_still_form_link_groups():
    # an event placed at sea, or in no country the gazetteer knows, has no country code
    from dashboard.engine_exports import _group_keys

    rows = pd.DataFrame(
        {
            "country_code": ["SY", None],
            "kind": ["bombing", "disaster"],
            "status": ["occurred", None],
        }
    )
    assert _group_keys(rows).tolist() == ["SY|bombing|occurred", "|disaster|"]
