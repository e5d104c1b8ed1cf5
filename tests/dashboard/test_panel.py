"""The side panel of a clicked place: its events, escaped, the place highlighted, safe links."""

from __future__ import annotations

from html.parser import HTMLParser

from dashboard import layers, panel

from .conftest import ALEPPO, MANBIJ, RAQQA, XSS_TITLE


class _Tags(HTMLParser):
    """Collects start tags with attributes, and the text."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def _parse(markup: str) -> _Tags:
    parser = _Tags()
    parser.feed(markup)
    return parser


def test_place_events_are_events_first_newest_first(prepared):
    rows = panel.place_events(prepared, ALEPPO.lat, ALEPPO.lon)
    assert list(rows["day"].dt.strftime("%Y-%m-%d")) == ["2016-07-19", "2016-06-03"]
    assert panel.place_events(prepared, 0.0, 0.0).empty
    assert len(panel.place_events(prepared, ALEPPO.lat + 1e-5, ALEPPO.lon)) == 2


def test_panel_lists_date_kind_casualties_highlighted_sentence_and_link(prepared):
    html = panel.panel_html(panel.place_events(prepared, MANBIJ.lat, MANBIJ.lon))
    parsed = _parse(html)
    text = "".join(parsed.text)
    assert "Manbij" in text and "1 event" in text and "12 killed, 3 injured" in text
    assert "2016-07-19" in text and layers.kind_label("air_strike") in text
    assert "<mark>Manbij</mark>" in html
    links = [attrs for tag, attrs in parsed.tags if tag == "a"]
    assert links == [
        {
            "href": "https://en.wikinews.org/wiki/US_air_raids_near_Manbij",
            "target": "_blank",
            "rel": "noopener noreferrer nofollow",
        }
    ]


def test_hostile_article_text_is_shown_as_text_with_no_link(prepared):
    html = panel.panel_html(panel.place_events(prepared, RAQQA.lat, RAQQA.lon))
    parsed = _parse(html)
    allowed = {"style", "div", "h4", "small", "span", "blockquote", "mark", "i"}
    assert {tag for tag, _ in parsed.tags} <= allowed  # no a, script, img
    assert {tag for tag, _ in parsed.tags} >= {"blockquote"}
    text = "".join(parsed.text)
    assert XSS_TITLE in text
    assert "<img src=x onerror=alert(7)> Militants attacked" in text
    assert "Source: javascript:window.__newsmap_pwned=2" in text
    styles = [attrs.get("style", "") for _, attrs in parsed.tags]
    assert all(s == "" or s.startswith("background:#") for s in styles)


def test_long_lists_are_cut_with_a_note(prepared):
    rows = panel.place_events(prepared, ALEPPO.lat, ALEPPO.lon)
    html = panel.panel_html(rows, limit=1)
    assert html.count('class="item"') == 1 and "and 1 more" in html
    assert panel.panel_html(rows.iloc[0:0]) == ""
