"""Tests for store/export.py over frames read back from a real store."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from datetime import date

import pytest

from store.export import EXPORT_COLUMNS, to_csv, to_geojson, write_export
from tests.store.conftest import PLACES, make_article, make_events


@pytest.fixture
def frame(filled_store):
    return filled_store.events_frame()


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_has_one_record_per_event_with_iso_dates(frame):
    rows = _csv_rows(to_csv(frame))
    assert list(rows[0]) == list(EXPORT_COLUMNS)
    assert len(rows) == len(PLACES)
    aleppo = next(r for r in rows if r["place_as_written"] == "Aleppo")
    assert aleppo["published"] == "2016-11-23" and aleppo["event_date"] == "2016-11-22"
    assert aleppo["geonameid"] == "170063" and aleppo["country_code"] == "SY"
    assert (float(aleppo["lat"]), float(aleppo["lon"])) == (36.20124, 37.16117)
    assert aleppo["actors"] == "rebels" and aleppo["killed"] == "12" and aleppo["injured"] == ""
    border = next(r for r in rows if r["place_as_written"] == "Syrian-Iraqi border")
    assert border["geonameid"] == "" and border["country_code"] == ""


@pytest.mark.parametrize("attack", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tx"])
def test_csv_defuses_formula_like_text(store, attack):
    article = make_article("Aleppo. " + attack, url=None, title=attack)
    events = make_events(article, PLACES[:1])
    events = [dataclasses.replace(e, snippet=attack + " Aleppo") for e in events]
    store.add_article(article, events)
    row = _csv_rows(to_csv(store.events_frame()))[0]
    assert row["title"] == "'" + attack and row["snippet"] == "'" + attack + " Aleppo"
    assert float(row["lon"]) > 0  # numbers are never quoted


def test_negative_coordinates_stay_numbers(store):
    article = make_article("Rain hit Lima today.", url=None)
    lima = [("Lima", "Lima", -12.04318, -77.02824, "town", "PE", 3936456, "event")]
    store.add_article(article, make_events(article, lima))
    row = _csv_rows(to_csv(store.events_frame()))[0]
    assert (row["lat"], row["lon"]) == ("-12.04318", "-77.02824")


def test_geojson_is_a_feature_collection_of_lon_lat_points(frame):
    collection = to_geojson(frame)
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == len(PLACES)
    feature = next(
        f for f in collection["features"] if f["properties"]["resolved_name"] == "Aleppo"
    )
    assert feature["geometry"] == {"type": "Point", "coordinates": [37.16117, 36.20124]}
    props = feature["properties"]
    assert set(props) == set(EXPORT_COLUMNS) - {"lat", "lon"}
    assert props["published"] == "2016-11-23" and props["event_date"] == "2016-11-22"
    assert props["geonameid"] == 170063 and props["injured"] is None
    json.dumps(collection, allow_nan=False)  # NaN would make this raise


def test_geojson_turns_missing_values_into_null(frame):
    mention = next(f for f in to_geojson(frame)["features"] if f["properties"]["role"] == "mention")
    props = mention["properties"]
    assert props["kind"] is None and props["killed"] is None and props["actors"] == ""


def test_a_filtered_slice_exports_only_its_rows(frame):
    events_only = frame[frame["role"] == "event"]
    assert len(to_geojson(events_only)["features"]) == 1
    assert len(_csv_rows(to_csv(events_only))) == 1
    assert to_geojson(frame.iloc[0:0]) == {"type": "FeatureCollection", "features": []}


@pytest.mark.parametrize("fmt", ["csv", "geojson"])
def test_write_export_writes_the_same_as_the_pure_functions(frame, fmt):
    out = io.StringIO()
    write_export(frame, fmt, out)
    if fmt == "csv":
        assert out.getvalue() == to_csv(frame)
    else:
        assert json.loads(out.getvalue()) == to_geojson(frame)


def test_unknown_format_and_foreign_frames_are_refused(frame):
    with pytest.raises(ValueError, match="csv, geojson"):
        write_export(frame, "xlsx", io.StringIO())
    with pytest.raises(ValueError, match="lacks columns"):
        to_csv(frame.drop(columns=["snippet"]))


def test_dates_outside_nanoseconds_are_exported_as_stored(store):
    # A store written before ingest refused such dates (or by hand): read back, never wrapped.
    article = make_article(published=date(2999, 5, 1))
    events = [
        dataclasses.replace(event, date=date(1200, 3, 4) if n == 0 else event.date)
        for n, event in enumerate(make_events(article))
    ]
    assert store.add_article(article, events)
    frame = store.events_frame()
    assert set(frame["published"].dt.year) == {2999}
    rows = _csv_rows(to_csv(frame))
    assert {row["published"] for row in rows} == {"2999-05-01"}
    assert {row["event_date"] for row in rows} == {"1200-03-04", "2999-05-01"}
    features = to_geojson(frame)["features"]
    assert {f["properties"]["event_date"] for f in features} == {"1200-03-04", "2999-05-01"}
