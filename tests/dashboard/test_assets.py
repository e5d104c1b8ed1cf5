"""Offline assets: copied from the installed XStatic packages, idempotently, at the URLs used."""

from __future__ import annotations

import json
import logging

import pytest

from dashboard import assets


def _no_outlines():
    raise FileNotFoundError("no shapefile here")


LABELS = {"countries": [["Syria", 35.0, 38.5, 3.0]], "capitals": []}


def test_prepare_static_copies_every_vendor_file_byte_for_byte(tmp_path):
    written = assets.prepare_static(
        tmp_path, outlines=lambda: {"type": "FeatureCollection"}, labels=lambda: LABELS
    )
    sources = assets.vendor_sources()
    assert len(written) == len(sources) + 2  # and the outlines and place names
    for source, dest in sources:
        assert (tmp_path / dest).read_bytes() == source.read_bytes()
    outlines = json.loads((tmp_path / assets.OUTLINES_FILE).read_text("utf-8"))
    assert outlines == {"type": "FeatureCollection"}


def test_prepare_static_is_idempotent_and_repairs_changed_files(tmp_path):
    outlines = {"type": "FeatureCollection", "features": []}
    assets.prepare_static(tmp_path, outlines=lambda: outlines, labels=lambda: LABELS)
    assert assets.prepare_static(tmp_path, outlines=lambda: outlines, labels=lambda: LABELS) == []
    damaged = tmp_path / "leaflet" / "leaflet.js"
    damaged.write_text("broken")
    again = assets.prepare_static(tmp_path, outlines=lambda: outlines, labels=lambda: LABELS)
    assert again == [damaged]
    assert damaged.stat().st_size > 100_000


def test_every_url_the_map_uses_is_a_prepared_file(tmp_path):
    assets.prepare_static(
        tmp_path, outlines=lambda: {"type": "FeatureCollection"}, labels=lambda: LABELS
    )
    urls = [
        url
        for links in (
            assets.MAP_JS,
            assets.MAP_CSS,
            assets.MARKERCLUSTER_JS,
            assets.MARKERCLUSTER_CSS,
        )
        for _, url in links
    ] + [assets.OUTLINES_URL, assets.LABELS_URL]
    for url in urls:
        assert url.startswith(assets.VENDOR_URL + "/")
        assert (tmp_path / url.removeprefix(assets.VENDOR_URL + "/")).is_file(), url


def test_leaflet_finds_its_images_next_to_its_css(tmp_path):
    assets.prepare_static(tmp_path, outlines=lambda: {}, labels=lambda: LABELS)
    css = (tmp_path / "leaflet" / "leaflet.css").read_text("utf-8")
    assert "images/layers.png" in css
    assert (tmp_path / "leaflet" / "images" / "layers.png").is_file()


def test_missing_outlines_cost_only_the_outline_file(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="dashboard.assets"):
        written = assets.prepare_static(tmp_path, outlines=_no_outlines, labels=_no_outlines)
    assert (tmp_path / "leaflet" / "leaflet.js").is_file()
    assert not (tmp_path / assets.OUTLINES_FILE).exists()
    assert not (tmp_path / assets.LABELS_FILE).exists()
    assert len(written) == len(assets.vendor_sources())
    assert "country outlines unavailable" in caplog.text
    assert "place names unavailable" in caplog.text


def test_the_real_outlines_are_a_feature_collection_of_countries(tmp_path):
    pytest.importorskip("shapely")
    assets.prepare_static(tmp_path)
    data = json.loads((tmp_path / assets.OUTLINES_FILE).read_text("utf-8"))
    assert data["type"] == "FeatureCollection"
    codes = {f["properties"].get("iso_a2") for f in data["features"]}
    assert {"SY", "IQ", "FR"} <= codes


def test_the_real_place_names_hold_countries_and_their_capitals(tmp_path):
    pytest.importorskip("shapely")
    assets.prepare_static(tmp_path)
    data = json.loads((tmp_path / assets.LABELS_FILE).read_text("utf-8"))
    countries = {row[0]: row for row in data["countries"]}
    capitals = {row[0]: row for row in data["capitals"]}
    assert len(countries) > 200 and len(capitals) > 200
    name, lat, lon, zoom = countries["Syria"]
    assert 32 < lat < 37.5 and 35.5 < lon < 42.5 and 2 <= zoom <= 5  # inside Syria
    assert capitals["Damascus"][1:3] == pytest.approx([33.51, 36.29], abs=0.05)
    # a capital shows after its country's name, and never before zoom 4
    assert capitals["Damascus"][3] >= max(4, zoom)
    assert min(row[3] for row in data["capitals"]) >= 4
    # no name written over another: Jerusalem once (East Jerusalem is a few km away)
    rows = data["capitals"]
    for n, a in enumerate(rows):
        assert all(abs(a[1] - b[1]) >= 0.2 or abs(a[2] - b[2]) >= 0.2 for b in rows[n + 1 :]), a
