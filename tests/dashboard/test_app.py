"""The Streamlit app, run by AppTest on a temporary store (NEWSMAP_STORE)."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import urlstate
from store.db import Store

from .conftest import add_uncertain_event, open_tab

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


@pytest.fixture(autouse=True)
def _regions(gazetteer_file, monkeypatch):
    """Admin regions from the fixture's own small gazetteer."""
    monkeypatch.setenv("NEWSMAP_GAZETTEER", str(gazetteer_file))


@pytest.fixture
def app(store_file, monkeypatch, loopback):
    """A fresh AppTest session (no query parameters yet) on the filled test store, as served
    on 127.0.0.1 (the page's ingest on, no token)."""
    monkeypatch.setenv("NEWSMAP_STORE", str(store_file))
    monkeypatch.delenv("NEWSMAP_READONLY", raising=False)
    return AppTest.from_file(APP, default_timeout=60)


def _summary(at) -> str:
    return next(m.value for m in at.sidebar.markdown if "in the store" in m.value)


def _left(at) -> list[int]:
    """The funnel captions under the filters, in sidebar order."""
    texts = [c.value for c in at.sidebar.caption if c.value.startswith("→")]
    return [int(re.sub(r"\D", "", t)) for t in texts]


def _map_args(at) -> dict:
    """The st_folium component's arguments (AppTest shows it as an UnknownElement)."""
    found = []
    for element in at.main:
        if type(element).__name__ == "UnknownElement":
            with contextlib.suppress(AttributeError):  # charts are unknown elements too
                args = json.loads(element.proto.json_args)
                if "script" in args:
                    found.append(args)
    (args,) = found
    return args


def _panel(at) -> str:
    found = [h.proto.body for h in at.get("html") if "newsmap-panel" in h.proto.body]
    return found[0] if found else ""


def test_app_runs_and_shows_filters_counts_map_tabs_and_downloads(app):
    at = app.run()
    assert not at.exception
    labels = [m.label for m in at.multiselect]
    assert labels == ["Countries", "Admin regions", "Event kinds", "Location precision", "Sources"]
    assert [s.label for s in at.slider] == ["Event dates"]
    assert at.date_input[0].value == (date(2016, 6, 3), date(2016, 7, 25))
    assert at.number_input[0].label.startswith("Minimum casualties")
    assert at.text_input(key="f_text").label == "Search titles and sentences"
    summary = _summary(at)
    assert "**6** events at **5** places from **5** articles" in summary  # no mention counted
    assert "2 mentions (places named in passing) not shown" in summary
    assert _left(at) == [6] * 10  # events are counted first: no count holds the mentions
    assert "0 uncertain events hidden" in [c.value for c in at.sidebar.caption]
    assert [t.label for t in at.tabs] == [
        "Timeline",
        "Events table",
        "Countries",
        "Share & export",
        "Add articles",
    ]
    assert not at.get("download_button") and not at.dataframe  # only the open tab is drawn
    assert not at.warning
    args = _map_args(at)
    assert "last_object_clicked_count" in args["returned_objects"]
    assert "L.Newsmap.places(" in args["feature_group"]
    assert "L.Newsmap.heat(" not in args["feature_group"]
    at = open_tab(at, "Share & export")
    assert [d.label for d in at.get("download_button")] == ["CSV", "GeoJSON", "KML", "Map (HTML)"]
    assert not at.get("vega_lite_chart")  # the timeline is drawn only while its tab is open
    at = open_tab(at, "Countries")
    assert list(at.dataframe[0].value["Country"]) != [] and not at.exception


def test_the_events_table_leaves_empty_cells_empty(app):
    at = open_tab(app.run(), "Events table")
    table = at.dataframe[0]
    assert table.proto.placeholder == ""  # not the word "None" in every missing figure
    assert "Confidence" in table.value.columns


def test_map_component_loads_nothing_from_a_cdn(app):
    args = _map_args(app.run())
    links = args["js_links"] + args["css_links"]
    assert links and all(link.startswith("/app/static/") for link in links), links
    assert not re.search(r"https?://[^\"' ]*\.(js|css)\b", json.dumps(args))


def test_article_script_reaches_the_component_only_as_inert_data(app):
    app.query_params.update({"lat": "35.95", "lon": "39.0", "z": "10"})  # Raqqa, unclustered
    layers = _map_args(app.run())["feature_group"]
    assert "Ar Raqqah" in layers
    assert "</" not in layers and "javascript:" not in layers


@pytest.mark.parametrize(
    ("params", "summary", "check"),
    [
        ({"from": "2016-07-01", "to": "2016-07-21", "undated": "0"}, "**3** events", "f_dates"),
        (
            {"countries": "SY", "roles": "event,mention"},
            "**4** events and **0** mentions",
            "f_countries",
        ),
        ({"kinds": "shelling"}, "**2** events at", "f_kinds"),
        ({"minc": "10"}, "**1** events", "f_minc"),
        (
            {"precision": "country", "roles": "event,mention"},
            "**0** events and **1** mentions",
            "f_precisions",
        ),
        ({"sources": "en.wikinews.org"}, "**5** events at", "f_sources"),
        ({"q": "raid report"}, "**1** events at", "f_text"),
        ({"uncertain": "1"}, "**6** events at", "f_uncertain"),
    ],
)
def test_query_params_restore_each_filter(app, params, summary, check):
    app.query_params.update(params)
    at = app.run()
    assert not at.exception and not at.warning
    assert summary in _summary(at)
    assert at.session_state[check] not in (None, [], "", 0)
    view = {k: at.query_params[k] for k in ("lat", "lon", "z")}
    assert at.query_params == params | view | {"fit": "1"}  # no view in the link: follows


def test_query_params_restore_view_place_layers_and_base(app):
    app.query_params.update(
        {
            "lat": "36.5",
            "lon": "38.25",
            "z": "7",
            "place": "36.5281,37.9549",
            "layers": "markers,countries",
            "base": "dark",
        }
    )
    at = app.run()
    args = _map_args(at)
    assert "center: [36.5, 38.25]" in args["script"] and '"zoom": 7' in args["script"]
    assert "dark_all" in args["script"]
    assert "L.Newsmap.choropleth(" in args["feature_group"]
    assert '"selected":[36.5281,37.9549]' in args["feature_group"]
    assert at.segmented_control[0].value == ["markers", "countries"]
    assert at.segmented_control[1].value == "dark"
    assert "<mark>Manbij</mark>" in _panel(at) and "12 killed" in _panel(at)
    assert at.query_params["place"] == "36.5281,37.9549" and at.query_params["base"] == "dark"


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"from": "2016-02-30"}, "`from`"),
        ({"z": "99"}, "`z`"),
        ({"lat": "abc", "lon": "10"}, "`lat`"),
        ({"countries": "SY,QQ"}, "`countries`"),
        ({"kinds": "teleportation"}, "`kinds`"),
        ({"place": "nowhere"}, "`place`"),
        ({"layers": "3d"}, "`layers`"),
        ({"colour": "red"}, "`colour`"),
    ],
)
def test_a_bad_parameter_shows_a_warning_and_the_app_still_works(app, params, named):
    app.query_params.update(params)
    at = app.run()
    assert not at.exception
    assert len(at.warning) == 1 and named in at.warning[0].value
    assert "events at" in _summary(at)
    assert set(at.query_params) <= set(urlstate.KEYS)


def test_changing_filters_updates_counts_funnel_and_url(app):
    at = app.run()
    at.checkbox(key="f_mention").check().run()
    assert at.query_params["roles"] == "event,mention"
    assert "**6** events and **2** mentions" in _summary(at)
    at.checkbox(key="f_event").uncheck().run()
    assert at.query_params["roles"] == "mention"
    assert "**0** events and **2** mentions" in _summary(at)
    at.checkbox(key="f_mention").uncheck().run()  # the last one: events come back
    assert at.checkbox(key="f_event").value and "roles" not in at.query_params
    assert "**6** events at" in _summary(at)
    at.multiselect(key="f_countries").select("SY").run()
    assert at.query_params["countries"] == "SY"
    at.multiselect(key="f_regions").select("SY.09").run()
    assert at.query_params["regions"] == "SY.09"
    at.multiselect(key="f_kinds").select("air_strike").run()
    at.number_input(key="f_minc").set_value(5).run()
    assert at.query_params["kinds"] == "air_strike" and at.query_params["minc"] == "5"
    assert _left(at) == [6, 6, 4, 3, 1, 1, 1, 1, 1, 1]
    at.text_input(key="f_text").input("nothing like this").run()
    assert at.query_params["q"] == "nothing like this"
    assert "**0** events" in _summary(at)


def test_slider_and_calendar_move_together(app):
    at = app.run()
    at.slider(key="f_dates_slider").set_value((date(2016, 7, 19), date(2016, 7, 25))).run()
    assert at.date_input(key="f_dates").value == (date(2016, 7, 19), date(2016, 7, 25))
    assert at.query_params["from"] == "2016-07-19" and "to" not in at.query_params
    at.date_input(key="f_dates").set_value((date(2016, 6, 10), date(2016, 7, 20))).run()
    assert at.slider(key="f_dates_slider").value == (date(2016, 6, 10), date(2016, 7, 20))
    assert at.query_params["to"] == "2016-07-20"


def test_a_stale_report_of_the_date_widgets_does_not_undo_a_clear(app):
    at = app.run()
    brushed = (date(2016, 7, 19), date(2016, 7, 25))
    at.slider(key="f_dates_slider").set_value(brushed).run()
    assert at.query_params["from"] == "2016-07-19"
    at.button(key="f_clear").click().run()
    assert "from" not in at.query_params
    # the map's report of its new view may reach the app with the dates of before the Clear
    at.slider(key="f_dates_slider").set_value(brushed).run()
    assert "from" not in at.query_params
    assert at.date_input(key="f_dates").value == (date(2016, 6, 3), date(2016, 7, 25))
    # once the page holds the cleared dates, the reader's moves count again
    at.slider(key="f_dates_slider").set_value((date(2016, 7, 20), date(2016, 7, 25))).run()
    assert at.query_params["from"] == "2016-07-20"


def test_clear_all_resets_every_filter(app):
    app.query_params.update({"countries": "IQ", "kinds": "armed_clash", "q": "mosul"})
    at = app.run()
    assert "**1** events" in _summary(at)
    at.button(key="f_clear").click().run()
    assert "**6** events at" in _summary(at)
    assert not {"countries", "kinds", "q"} & set(at.query_params)


def test_the_uncertain_toggle_shows_the_doubted_event_and_goes_in_the_url(
    store_file, tmp_path, monkeypatch, loopback
):
    store = tmp_path / "judged.sqlite"
    shutil.copy(store_file, store)
    add_uncertain_event(store)
    monkeypatch.setenv("NEWSMAP_STORE", str(store))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "**6** events at" in _summary(at)  # Homs hidden
    assert "1 uncertain event hidden" in [c.value for c in at.sidebar.caption]
    assert _left(at)[-2:] == [7, 6]  # the step says what it took away
    assert "uncertain" not in at.query_params
    at.checkbox(key="f_uncertain").check().run()
    assert "**7** events at" in _summary(at)
    assert "1 of them uncertain" in [c.value for c in at.sidebar.caption]
    assert at.query_params["uncertain"] == "1"
    at.button(key="f_clear").click().run()
    assert "**6** events" in _summary(at) and "uncertain" not in at.query_params


def test_filters_offer_no_kind_or_date_that_only_a_hidden_event_has(
    store_file, tmp_path, monkeypatch, loopback
):
    from .conftest import Spot, copy_with_one_event

    article = ("A protest in Homs?", "Thousands protested in Homs.", "https://example.org/homs",
               date(2015, 3, 1))  # fmt: skip
    spot = Spot("Homs", "Homs", 34.72682, 36.72339, "SY", kind="protest")
    store = copy_with_one_event(
        store_file, tmp_path / "doubted-protest.sqlite", article, spot, date(2015, 3, 1), 0.3
    )
    monkeypatch.setenv("NEWSMAP_STORE", str(store))
    at = AppTest.from_file(APP, default_timeout=60).run()

    def first_day() -> date:  # the slider's low end (AppTest gives microseconds)
        low = at.slider(key="f_dates_slider").min
        return datetime.fromtimestamp(low / 1e6, tz=UTC).date()

    assert "Protest" not in at.multiselect(key="f_kinds").options
    assert first_day() == date(2016, 6, 3)  # not March 2015
    at.checkbox(key="f_uncertain").check().run()
    assert not at.exception
    assert "Protest" in at.multiselect(key="f_kinds").options
    assert first_day() == date(2015, 3, 1)
    # every date stays every date: the doubted protest of 2015 is shown, no date filter set
    assert "from" not in at.query_params and "**7** events at" in _summary(at)
    at.checkbox(key="f_uncertain").uncheck().run()  # the range shrinks back, still valid
    assert not at.exception and first_day() == date(2016, 6, 3)


def test_switching_layers_swaps_the_feature_groups(app):
    at = app.run()
    at.segmented_control(key="v_layers").set_value(["heat", "countries"]).run()
    groups = _map_args(at)["feature_group"]
    assert "L.Newsmap.heat(" in groups and "L.Newsmap.choropleth(" in groups
    assert "L.Newsmap.places(" not in groups
    assert at.query_params["layers"] == "heat,countries"


def test_share_link_shows_the_current_state(app):
    app.query_params.update({"countries": "IQ,TR", "z": "5", "lat": "35", "lon": "40"})
    at = open_tab(app.run(), "Share & export")
    link = next(t.value for t in at.text_input if t.label.startswith("Share this view"))
    assert "countries=IQ,TR" in link and "z=5" in link and "lat=35" in link


def test_fetching_a_bad_address_says_why_and_ingests_nothing(app, store_file):
    at = open_tab(app.run(), "Add articles")
    at.text_input(key="i_url").input("ftp://example.org/feed.xml").run()
    at.button(key="i_go_url").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == ["Not fetched."]
    assert any("http:// or https://" in t.value for t in at.text)
    with Store(store_file, readonly=True) as store:
        assert store.article_count() == 5


def test_read_only_mode_offers_no_ingest(app, monkeypatch):
    monkeypatch.setenv("NEWSMAP_READONLY", "1")
    at = app.run()
    assert "Add articles" not in [t.label for t in at.tabs]
    assert not at.get("file_uploader")


def test_read_only_mode_never_writes_an_empty_store(tmp_path, monkeypatch):
    store = tmp_path / "absent.sqlite"
    monkeypatch.setenv("NEWSMAP_STORE", str(store))
    monkeypatch.setenv("NEWSMAP_READONLY", "1")
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert not store.exists()
    assert at.error[0].value == "The store cannot be shown."
    assert "No store at" in at.text[0].value


@pytest.mark.model
def test_first_start_ingests_a_sample_into_an_empty_store(tmp_path, monkeypatch):
    """A real ingest of the bundled single-article sample (patched down from the full set)."""
    pytest.importorskip("pipeline.ingest")
    import articles.samples

    sample = articles.samples.sample_paths()[0]
    monkeypatch.setattr(articles.samples, "sample_paths", lambda: [sample])
    monkeypatch.delenv("NEWSMAP_READONLY", raising=False)
    store = tmp_path / "fresh.sqlite"
    monkeypatch.setenv("NEWSMAP_STORE", str(store))
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception, at.exception
    with Store(store, readonly=True) as written:
        assert written.article_count() == 1 and written.event_count() > 0
        frame = written.events_frame()
    # Uncertain events are hidden by default (dashboard.filters.MIN_CONFIDENCE)
    from dashboard.filters import MIN_CONFIDENCE

    sure = frame["confidence"].isna() | (frame["confidence"] >= MIN_CONFIDENCE)
    events = int((sure & (frame["role"] == "event")).sum())
    shown = [int(n) for n in re.findall(r"\*\*(\d+)\*\*", _summary(at))]
    assert shown[0] == events and shown[2] == 1  # events (mentions hidden); one article


def test_a_broken_store_shows_an_error_not_a_traceback(tmp_path, monkeypatch):
    bad = tmp_path / "not-a-store.sqlite"
    bad.write_text("this is not sqlite")
    monkeypatch.setenv("NEWSMAP_STORE", str(bad))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert at.error[0].value == "The store cannot be shown."
    assert str(bad) in at.text[0].value


def test_one_event_reported_by_two_articles_is_one_panel_entry(tmp_path, monkeypatch):
    import dataclasses

    from events.model import DATE_DAY

    from .conftest import MANBIJ, _article, _events

    store = tmp_path / "linked.sqlite"
    reports = [
        ("Strike near Manbij", "https://example.org/one", date(2016, 7, 19), MANBIJ),
        ("Manbij toll rises", "https://example.org/two", date(2016, 7, 20),
         dataclasses.replace(MANBIJ, killed=15, injured=None)),
    ]  # fmt: skip
    with Store(store) as writer:
        for title, url, day, spot in reports:
            text = f"{title}: air strikes killed civilians near {spot.name} on Tuesday."
            article = _article(title, text, url, day)
            assert writer.add_article(article, _events(article, [spot], day, DATE_DAY))
    monkeypatch.setenv("NEWSMAP_STORE", str(store))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["place"] = f"{MANBIJ.lat},{MANBIJ.lon}"
    html = _panel(at.run())
    assert html.count('class="item"') == 1 and "reported in 2 articles" in html
    assert "1 event, 15 killed, 3 injured" in html
    assert 'href="https://example.org/one"' in html and 'href="https://example.org/two"' in html
