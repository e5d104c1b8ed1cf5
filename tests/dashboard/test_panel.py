"""The side panel of a clicked place: its events, escaped, the place highlighted, safe links."""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd
import pytest

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
    # the event's badge is its kind's pictogram, as on the map's markers
    paths = [attrs["d"] for tag, attrs in parsed.tags if tag == "path"]
    assert paths == [layers.kind_icon("air_strike")]
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
    # the kind's pictogram (svg, path) comes from the project's table, never from an article
    allowed = {"style", "div", "h4", "small", "span", "blockquote", "mark", "i", "svg", "path"}
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


# -- linked events: one entry per event, every article reporting it ---------------------------


def _report(event_id, article, title, url, day, killed=None, injured=None, **more):
    """One row of the prepared frame at Manbij, with only what the panel reads."""
    sentence = f"An air strike hit Manbij ({title})."
    row = {
        "event_id": event_id,
        "article_id": article,
        "title": title,
        "url": url,
        "role": "event",
        "kind": "air_strike",
        "kind_label": "air_strike",
        "status": "occurred",
        "date": pd.Timestamp(day),
        "day": pd.Timestamp(day),
        "date_precision": "day",
        "killed": killed,
        "injured": injured,
        "killed_qualifier": "",
        "injured_qualifier": "",
        "name": "Manbij",
        "resolved_name": "Manbij",
        "country_code": "SY",
        "lat": MANBIJ.lat,
        "lon": MANBIJ.lon,
        "snippet": sentence,
        "name_start": sentence.index("Manbij"),
        "name_end": sentence.index("Manbij") + len("Manbij"),
        "link_id": event_id,
        "link_size": 1,
    }
    row.update(more)
    return row


def _frame(*rows) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows))
    for column in ("killed", "injured", "link_size"):
        frame[column] = frame[column].astype("Int64")
    return frame


HOSTILE = "<img src=x onerror=alert(1)>Agency wire"
LINKED = (
    _report("a:1", "a", "Reuters: strike on Manbij", "https://example.org/a", "2016-07-20",
            killed=12, link_id="b:1", link_size=3),
    _report("b:1", "b", "AP: Manbij strike", "https://example.org/b", "2016-07-19",
            killed=15, killed_qualifier="at least", link_id="b:1", link_size=3),
    _report("c:1", "c", HOSTILE, "javascript:alert(2)", "2016-07-19",
            injured=8, injured_qualifier="about", link_id="b:1", link_size=3),
)  # fmt: skip


def test_reports_of_one_linked_event_make_one_entry_with_the_highest_figures():
    other = _report("d:1", "d", "Shelling in Manbij", "https://example.org/d", "2016-07-01",
                    killed=1, kind_label="shelling")  # fmt: skip
    mention = _report("d:2", "d", "Shelling in Manbij", "https://example.org/d", "2016-07-01",
                      role="mention")  # fmt: skip
    found = panel.entries(_frame(*LINKED, other, mention))
    assert [len(entry.sources) for entry in found] == [3, 1, 1]
    linked = found[0]
    assert linked.killed == panel.Figure(15, "at least")
    assert linked.injured == panel.Figure(8, "about")
    assert linked.reported == 3 and linked.is_event
    assert linked.lead["event_id"] == "b:1"  # the report with the most casualties is shown
    assert [s.title for s in linked.sources] == [
        "AP: Manbij strike",
        "Reuters: strike on Manbij",
        HOSTILE,
    ]
    assert not found[2].is_event and found[2].killed is None


def test_a_linked_event_is_one_panel_item_listing_every_article_safely():
    html = panel.panel_html(_frame(*LINKED))
    parsed = _parse(html)
    text = "".join(parsed.text)
    assert html.count('class="item"') == 1 and text.count("reported in 3 articles") == 1
    assert "1 event, 15 killed, 8 injured" in text  # counted once, not 15 + 12 + ...
    assert "at least 15 killed · about 8 injured" in text
    hrefs = [attrs["href"] for tag, attrs in parsed.tags if tag == "a"]
    assert hrefs == ["https://example.org/b", "https://example.org/a"]
    assert HOSTILE in text and "Source: javascript:alert(2)" in text
    assert "<img" not in html.replace("&lt;img", "")
    assert {tag for tag, _ in parsed.tags} <= {
        "style", "div", "h4", "small", "span", "blockquote", "mark", "i", "a", "svg", "path",
    }  # fmt: skip


def test_an_article_reporting_the_event_twice_is_listed_once():
    again = _report("a:2", "a", "Reuters: strike on Manbij", "https://example.org/a",
                    "2016-07-20", killed=2, link_id="b:1", link_size=3)  # fmt: skip
    (entry,) = panel.entries(_frame(*LINKED, again))
    assert [s.url for s in entry.sources].count("https://example.org/a") == 1


def test_reports_outside_the_filters_are_counted_not_listed():
    html = panel.panel_html(_frame(*LINKED[:2]))
    text = "".join(_parse(html).text)
    assert "reported in 3 articles" in text
    assert "and 1 more article outside the current filters" in text


def test_the_limit_counts_entries_not_reports():
    single = _report("e:1", "e", "Later strike", "https://example.org/e", "2016-08-01", killed=2)
    html = panel.panel_html(_frame(single, *LINKED), limit=1)
    assert html.count('class="item"') == 1 and "and 1 more" in html
    assert len(panel.entries(_frame(single, *LINKED))) == 2


# -- how sure: kind, event, background, where the place comes from ----------------------------


def _meta(html: str) -> list[str]:
    """The text of each entry's meta line."""
    parsed = _parse(html)
    return [t for t in parsed.text if "·" in t or t.startswith("2016")]


def test_uncertain_kind_and_event_background_and_dateline_place_are_said_compactly():
    doubtful = _report("u:1", "u", "Strike report", "https://example.org/u", "1998-05-01",
                       confidence=0.55, kind_confidence=0.4, background=True,
                       place_source="dateline")  # fmt: skip
    (meta,) = _meta(panel.panel_html(_frame(doubtful)))
    assert meta == (
        f"1998-05-01 · {layers.kind_label('air_strike')} · kind uncertain · uncertain: 55% · "
        "background (history) · place from the article's dateline"
    )


@pytest.mark.parametrize(
    ("judged", "said"),
    [
        ({"confidence": 0.79, "kind_confidence": 0.6}, ["uncertain: 79%"]),
        ({"confidence": 0.8, "kind_confidence": 0.59}, ["kind uncertain"]),
        ({"confidence": float("nan"), "kind_confidence": float("nan")}, []),  # not judged
        ({"background": False, "place_source": "sentence"}, []),
        ({"place_source": "previous"}, ["place from an earlier sentence"]),
        ({"place_source": "focus"}, ["place: the article's main place"]),
        ({"place_source": "<b>x</b>"}, ["place from elsewhere in the article"]),
        ({"killed": 7, "killed_confidence": 0.45}, ["7 killed", "killed figure uncertain"]),
        ({"killed": 7, "killed_confidence": 0.6}, ["7 killed"]),
        ({"injured": 3, "injured_confidence": 0.3}, ["3 injured", "injured figure uncertain"]),
        ({"killed": 7, "killed_confidence": float("nan")}, ["7 killed"]),  # not gated
    ],
)
def test_each_doubt_is_said_only_past_its_threshold(judged, said):
    row = _report("u:1", "u", "Strike report", "https://example.org/u", "2016-07-01", **judged)
    (meta,) = _meta(panel.panel_html(_frame(row)))
    words = meta.split(" · ")[2:]  # after the date and the kind
    assert words == said
    assert "<b>" not in panel.panel_html(_frame(row))


def test_a_frame_without_the_judge_columns_says_nothing_of_doubt(prepared):
    old = prepared.drop(columns=["confidence", "kind_confidence", "background", "place_source"])
    html = panel.panel_html(panel.place_events(old, MANBIJ.lat, MANBIJ.lon))
    (meta,) = _meta(html)
    assert meta == f"2016-07-19 · {layers.kind_label('air_strike')} · 12 killed · 3 injured"
    assert "<mark>Manbij</mark>" in html


def test_a_place_from_elsewhere_marks_the_trigger_not_a_same_name_in_the_sentence():
    # "Manbij" is named in the sentence but the event's place came from the dateline: the
    # offsets are the trigger's ("hit"), and the mark must stay there.
    sentence = "An air strike hit Manbij (Strike report)."
    at = sentence.index("hit")
    row = _report("u:1", "u", "Strike report", "https://example.org/u", "2016-07-01",
                  place_source="dateline", name_start=at, name_end=at + 3)  # fmt: skip
    html = panel.panel_html(_frame(row))
    assert "<mark>hit</mark> Manbij" in html
    placed = _report("u:2", "u", "Strike report", "https://example.org/u", "2016-07-01",
                     name_start=at, name_end=at + 3)  # fmt: skip
    assert "<mark>Manbij</mark>" in panel.panel_html(_frame(placed))  # its own sentence's name


def test_a_linked_event_is_as_sure_as_its_surest_report():
    sure = dict(LINKED[0], confidence=0.95)
    unsure = dict(LINKED[1], confidence=0.5)
    (entry,) = panel.entries(_frame(sure, unsure))
    assert entry.confidence == 0.95
    assert "uncertain:" not in panel.panel_html(_frame(sure, unsure))
    (alone,) = panel.entries(_frame(unsure))
    assert alone.confidence == 0.5


def test_a_date_counted_from_a_supplied_publication_date_is_said_to_be_approximate():
    row = _report("a:1", "a", "Strike report", "https://example.org/a", "2016-07-01",
                  date_approximate=True)  # fmt: skip
    (meta,) = _meta(panel.panel_html(_frame(row)))
    assert meta.startswith("2016-07-01, approximate (the article is undated) · ")
    for unmarked in (False, float("nan")):  # its own date; a store from before the mark
        row = _report("a:1", "a", "Strike report", "https://example.org/a", "2016-07-01",
                      date_approximate=unmarked)  # fmt: skip
        (meta,) = _meta(panel.panel_html(_frame(row)))
        assert "approximate" not in meta
