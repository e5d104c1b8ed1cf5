"""KML export and the standalone HTML map (assets and outlines inlined, no server needed)."""

from __future__ import annotations

import html.parser
import re
import xml.etree.ElementTree as ET

import pytest

from dashboard import aggregate, assets, exports, layers

from .conftest import XSS_TITLE

NS = {"k": exports.KML_NS}


def _xml(text: str) -> ET.Element:
    return ET.fromstring(text.encode("utf-8"))  # noqa: S314 - our own output, under test


def test_kml_has_one_placemark_per_event_with_point_time_and_data(prepared):
    root = _xml(exports.to_kml(prepared))
    marks = root.findall("k:Document/k:Placemark", NS)
    assert len(marks) == len(prepared) == 8
    manbij = next(m for m in marks if m.findtext("k:name", namespaces=NS) == "Manbij")
    assert manbij.findtext("k:Point/k:coordinates", namespaces=NS) == "37.9549,36.5281"
    assert manbij.findtext("k:TimeStamp/k:when", namespaces=NS) == "2016-07-19"
    data = {
        d.get("name"): d.findtext("k:value", namespaces=NS)
        for d in manbij.findall("k:ExtendedData/k:Data", NS)
    }
    assert data["kind"] == "air_strike" and data["killed"] == "12" and data["injured"] == "3"
    kabul = next(m for m in marks if m.findtext("k:name", namespaces=NS) == "Kabul")
    assert kabul.find("k:TimeStamp", NS) is None  # undated


def test_kml_keeps_hostile_text_as_text_and_drops_characters_xml_forbids(prepared):
    hostile = prepared.assign(snippet="bad \x00\x0b chars & <tags>")
    text = exports.to_kml(hostile)
    root = _xml(text)  # well-formed
    titles = [d.findtext("k:value", namespaces=NS) for d in root.iter(f"{{{exports.KML_NS}}}Data")]
    assert XSS_TITLE in titles
    assert "<script>" not in text and "&lt;script&gt;" in text
    description = root.findtext("k:Document/k:Placemark/k:description", namespaces=NS)
    assert _as_a_viewer_renders_it(description) == ([], "bad  chars & <tags>")


def test_kml_descriptions_show_script_and_links_as_text_in_a_viewer(prepared):
    # A KML viewer renders <description> as HTML: what it parses must be text, no tags.
    snippet = (
        "Raid in <script>alert('kml')</script> Manbij, see "
        '<a href="javascript:alert(1)">the report</a> &amp; <b>more</b>'
    )
    root = _xml(exports.to_kml(prepared.assign(snippet=snippet)))
    descriptions = [d.text for d in root.iter(f"{{{exports.KML_NS}}}description")]
    assert len(descriptions) == len(prepared)
    for description in descriptions:
        assert _as_a_viewer_renders_it(description) == ([], snippet)


class _Viewer(html.parser.HTMLParser):
    """What an HTML-rendering viewer makes of a description: its tags and its text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text += data


def _as_a_viewer_renders_it(description: str) -> tuple[list[str], str]:
    viewer = _Viewer()
    viewer.feed(description)
    viewer.close()
    return viewer.tags, viewer.text


def test_kml_of_nothing_is_an_empty_document(prepared):
    root = _xml(exports.to_kml(prepared.iloc[0:0]))
    assert root.findall("k:Document/k:Placemark", NS) == []


@pytest.fixture(scope="module")
def page(prepared):
    assets.prepare_static()
    data = layers.from_frame(
        frame=prepared,
        places=aggregate.places(prepared),
        totals=aggregate.country_totals(prepared),
        zoom=4,
    )
    return exports.standalone_html(data, ("markers", "countries"), (35.0, 40.0, 4))


def test_standalone_map_inlines_every_script_and_style(page):
    assert not re.search(r"<script[^>]*\bsrc=", page)
    assert not re.search(r"<link[^>]*stylesheet", page)
    assert "/* /app/static/vendor/leaflet/leaflet.js */" in page
    assert "/* /app/static/newsmap/newsmap.js */" in page
    assert "L.Newsmap.preload(" in page and '"iso_a2":"SY"' in page
    assert page.index("L.Newsmap.preload(") < page.index("L.Newsmap.places(")
    # the offline base's place names travel with it
    assert f'L.Newsmap.preload("{assets.LABELS_URL}"' in page and '"Damascus"' in page
    assert "L.Newsmap.choropleth(" in page


def test_the_map_page_shows_the_store_as_the_dashboard_first_does(tmp_path):
    from store.db import Store

    from .conftest import add_uncertain_event, fill_store

    path = add_uncertain_event(fill_store(tmp_path / "s.sqlite"))
    with Store(path, readonly=True) as store:
        frame = store.events_frame()
    shown = exports.first_view(frame)
    assert "Homs" in set(frame["name"]) and "Homs" not in set(shown["name"])  # uncertain
    # as the dashboard first shows it: events, not place mentions, and none uncertain
    events = frame[frame["role"] == "event"]
    assert set(shown["name"]) == set(events["name"]) - {"Homs"}
    assert set(frame["name"]) - set(events["name"])  # the store has mention-only places too
    assets.prepare_static()
    page = exports.map_page(frame)
    assert not re.search(r"<script[^>]*\bsrc=", page)
    assert "L.Newsmap.places(" in page and '"Kabul"' in page
    assert "L.Newsmap.choropleth(" not in page  # the markers alone, as at first
