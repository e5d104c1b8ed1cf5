"""The Streamlit app, run by AppTest on a temporary store (NEWSMAP_STORE)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from store.db import Store

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


@pytest.fixture
def app(store_file, monkeypatch):
    """A fresh AppTest session (no query parameters yet) on the filled test store."""
    monkeypatch.setenv("NEWSMAP_STORE", str(store_file))
    return AppTest.from_file(APP, default_timeout=60)


def _summary(at) -> str:
    return at.sidebar.markdown[0].value


def _map_args(at) -> dict:
    """The st_folium component's arguments (AppTest shows it as an UnknownElement)."""
    (element,) = [e for e in at.main if type(e).__name__ == "UnknownElement"]
    return json.loads(element.proto.json_args)


def test_app_runs_and_shows_filters_counts_map_and_downloads(app):
    at = app.run()
    assert not at.exception
    assert [d.label for d in at.date_input] == ["Event dates"]
    assert at.date_input[0].value == (date(2016, 6, 3), date(2016, 7, 25))
    assert [c.label for c in at.checkbox][0] == "Include undated"
    assert [m.label for m in at.multiselect] == ["Countries"]
    assert "**6** events and **2** mentions at **7** places from **5** articles" in _summary(at)
    assert len(at.get("download_button")) == 2
    assert not at.warning
    args = _map_args(at)
    assert "Events (6)" in args["layer_control"] and "Mentions (2)" in args["layer_control"]
    assert args["returned_objects"] == ["center", "zoom", "last_object_clicked"]


def test_map_component_loads_nothing_from_a_cdn(app):
    args = _map_args(app.run())
    links = args["js_links"] + args["css_links"]
    assert links and all(link.startswith("/app/static/vendor/") for link in links), links
    everything = json.dumps(args)
    assert not re.search(r"https?://[^\"' ]*\.(js|css)\b", everything)


def test_article_script_reaches_the_component_only_escaped(app):
    args = _map_args(app.run())
    layers = args["feature_group"]
    assert "Raqqa" in layers
    assert "<script" not in layers.lower()
    assert "window.__newsmap_pwned = 1" in layers  # present, but only as escaped text
    assert "javascript:" not in layers.replace("Source: javascript:", "")


def test_query_params_restore_the_filters(app):
    app.query_params.update(
        {
            "from": "2016-07-01",
            "to": "2016-07-21",
            "countries": "SY",
            "roles": "event",
            "undated": "0",
        }
    )
    at = app.run()
    assert not at.exception and not at.warning
    assert at.date_input[0].value == (date(2016, 7, 1), date(2016, 7, 21))
    assert at.multiselect[0].value == ["SY"]
    assert at.checkbox(key="f_undated").value is False
    assert at.checkbox(key="f_event").value is True
    assert at.checkbox(key="f_mention").value is False
    assert "**3** events and **0** mentions" in _summary(at)  # Manbij, Aleppo, Raqqa in July


def test_query_params_restore_the_map_view(app):
    app.query_params.update({"lat": "36.5", "lon": "38.25", "z": "7"})
    at = app.run()
    script = _map_args(at)["script"]
    assert "center: [36.5, 38.25]" in script
    assert '"zoom": 7' in script
    assert at.query_params["lat"] == "36.5" and at.query_params["z"] == "7"


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"from": "2016-02-30"}, "`from`"),
        ({"z": "99"}, "`z`"),
        ({"lat": "abc", "lon": "10"}, "`lat`"),
        ({"countries": "SY,QQ"}, "`countries`"),
        ({"colour": "red"}, "`colour`"),
    ],
)
def test_a_bad_parameter_shows_a_warning_and_the_app_still_works(app, params, named):
    app.query_params.update(params)
    at = app.run()
    assert not at.exception
    assert len(at.warning) == 1 and named in at.warning[0].value
    assert "events and" in _summary(at)
    assert set(at.query_params) <= {
        "from",
        "to",
        "undated",
        "countries",
        "roles",
        "lat",
        "lon",
        "z",
    }


def test_changing_a_filter_updates_the_url(app):
    at = app.run()
    at.checkbox(key="f_mention").uncheck().run()
    assert at.query_params["roles"] == "event"
    assert "**6** events and **0** mentions" in _summary(at)
    at.multiselect[0].select("IQ").run()
    assert at.query_params["countries"] == "IQ"
    at.date_input[0].set_value((date(2016, 7, 19), date(2016, 7, 25))).run()
    assert at.query_params["from"] == "2016-07-19"
    assert "to" not in at.query_params  # the last date in the store: an open end
    assert "**1** events" in _summary(at)  # Mosul


def test_share_link_shows_the_current_state(app):
    app.query_params.update({"countries": "IQ,TR", "z": "5", "lat": "35", "lon": "40"})
    at = app.run()
    link = at.code[0].value
    assert "countries=IQ,TR" in link and "z=5" in link and "lat=35" in link


def test_first_start_ingests_a_sample_into_an_empty_store(tmp_path, monkeypatch):
    """A real ingest of the bundled single-article sample (patched down from the full set)."""
    pytest.importorskip("articles.pipeline")
    import articles.samples

    sample = articles.samples.sample_paths()[0]
    monkeypatch.setattr(articles.samples, "sample_paths", lambda: [sample])
    store = tmp_path / "fresh.sqlite"
    monkeypatch.setenv("NEWSMAP_STORE", str(store))
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception, at.exception
    with Store(store, readonly=True) as written:
        assert written.article_count() == 1 and written.event_count() > 0
        events = len(written.events_frame())  # located rows: what the map can show
    shown = [int(n) for n in re.findall(r"\*\*(\d+)\*\*", _summary(at))]
    assert shown[0] + shown[1] == events and shown[3] == 1  # events + mentions; one article


def test_a_broken_store_shows_an_error_not_a_traceback(tmp_path, monkeypatch):
    bad = tmp_path / "not-a-store.sqlite"
    bad.write_text("this is not sqlite")
    monkeypatch.setenv("NEWSMAP_STORE", str(bad))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert str(bad) in at.error[0].value
