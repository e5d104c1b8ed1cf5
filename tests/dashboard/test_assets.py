"""Offline assets: copied from the installed XStatic packages, idempotently, at the URLs used."""

from __future__ import annotations

import json
import logging

import pytest

from dashboard import assets


def _no_outlines():
    raise FileNotFoundError("no shapefile here")


def test_prepare_static_copies_every_vendor_file_byte_for_byte(tmp_path):
    written = assets.prepare_static(tmp_path, outlines=lambda: {"type": "FeatureCollection"})
    sources = assets.vendor_sources()
    assert len(written) == len(sources) + 1
    for source, dest in sources:
        assert (tmp_path / dest).read_bytes() == source.read_bytes()
    outlines = json.loads((tmp_path / assets.OUTLINES_FILE).read_text("utf-8"))
    assert outlines == {"type": "FeatureCollection"}


def test_prepare_static_is_idempotent_and_repairs_changed_files(tmp_path):
    outlines = {"type": "FeatureCollection", "features": []}
    assets.prepare_static(tmp_path, outlines=lambda: outlines)
    assert assets.prepare_static(tmp_path, outlines=lambda: outlines) == []
    damaged = tmp_path / "leaflet" / "leaflet.js"
    damaged.write_text("broken")
    assert assets.prepare_static(tmp_path, outlines=lambda: outlines) == [damaged]
    assert damaged.stat().st_size > 100_000


def test_every_url_the_map_uses_is_a_prepared_file(tmp_path):
    assets.prepare_static(tmp_path, outlines=lambda: {"type": "FeatureCollection"})
    urls = [
        url
        for links in (
            assets.MAP_JS,
            assets.MAP_CSS,
            assets.MARKERCLUSTER_JS,
            assets.MARKERCLUSTER_CSS,
        )
        for _, url in links
    ] + [assets.OUTLINES_URL]
    for url in urls:
        assert url.startswith(assets.VENDOR_URL + "/")
        assert (tmp_path / url.removeprefix(assets.VENDOR_URL + "/")).is_file(), url


def test_leaflet_finds_its_images_next_to_its_css(tmp_path):
    assets.prepare_static(tmp_path, outlines=lambda: {})
    css = (tmp_path / "leaflet" / "leaflet.css").read_text("utf-8")
    assert "images/layers.png" in css
    assert (tmp_path / "leaflet" / "images" / "layers.png").is_file()


def test_missing_outlines_cost_only_the_outline_file(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="dashboard.assets"):
        written = assets.prepare_static(tmp_path, outlines=_no_outlines)
    assert (tmp_path / "leaflet" / "leaflet.js").is_file()
    assert not (tmp_path / assets.OUTLINES_FILE).exists()
    assert len(written) == len(assets.vendor_sources())
    assert "country outlines unavailable" in caplog.text


def test_the_real_outlines_are_a_feature_collection_of_countries(tmp_path):
    pytest.importorskip("shapely")
    assets.prepare_static(tmp_path)
    data = json.loads((tmp_path / assets.OUTLINES_FILE).read_text("utf-8"))
    assert data["type"] == "FeatureCollection"
    codes = {f["properties"].get("iso_a2") for f in data["features"]}
    assert {"SY", "IQ", "FR"} <= codes
