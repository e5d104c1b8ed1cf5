"""The live feed's cards: events only, newest first, one card per linked event, text as data,
links only to http(s), and which cards a refresh brought."""

from __future__ import annotations

import json

import pandas as pd

from dashboard import feed, filters, layers
from events.classify import kind_icons
from events.classify.kind_table import Kind

from .conftest import XSS_TITLE, XSS_URL


def test_the_feed_holds_events_only_newest_first_and_undated_last(prepared):
    items = feed.feed_items(prepared)
    assert [i.place for i in items] == ["Mosul", "Ar Raqqah", "Aleppo", "Manbij", "Aleppo", "Kabul"]
    assert [i.when for i in items] == [
        "2016-07-25",  # a publication date reads as a day
        "2016-07-21",
        "2016-07-19",  # Aleppo after Manbij in the same article: told later, shown first
        "2016-07-19",
        "2016-06-03",
        "date unknown",
    ]
    assert "Baghdad" not in {i.place for i in items}  # mentions never
    assert feed.count_events(prepared) == 6
    assert [i.place for i in feed.feed_items(prepared, limit=2)] == ["Mosul", "Ar Raqqah"]
    assert feed.feed_items(prepared.iloc[0:0]) == []


def test_a_card_says_kind_place_date_casualties_and_source(prepared):
    manbij = next(i for i in feed.feed_items(prepared) if i.place == "Manbij")
    assert manbij.kind == "Air/drone strike" and manbij.colour == Kind.AIR_STRIKE.colour
    assert manbij.country == "SY" and (manbij.lat, manbij.lon) == (36.5281, 37.9549)
    assert manbij.casualties == "12 killed, 3 injured"
    assert manbij.text == "US-led air strikes killed at least 12 civilians near Manbij on Tuesday."
    assert manbij.source == "en.wikinews.org"
    assert manbij.url == "https://en.wikinews.org/wiki/US_air_raids_near_Manbij"
    assert manbij.zoom == feed.ZOOM_BY_PRECISION["town"] and manbij.reports == 1
    kabul = next(i for i in feed.feed_items(prepared) if i.place == "Kabul")
    assert kabul.kind == layers.kind_label("bombing")


def test_untrusted_text_stays_data_and_only_http_links_are_kept(prepared):
    raqqa = next(i for i in feed.feed_items(prepared) if i.place == "Ar Raqqah")
    assert raqqa.url == ""  # the javascript: URL is no link
    assert XSS_URL not in json.dumps(feed.card(raqqa))
    assert raqqa.source == "Wikinews, CC BY 2.5"  # the credit, as text
    assert raqqa.text.startswith("<script>window.__newsmap_pwned = 3</script>")  # as written
    assert XSS_TITLE not in raqqa.text


def test_a_long_sentence_is_cut_at_a_word(prepared):
    frame = prepared.copy()
    frame["snippet"] = "word " * 100
    (first, *_) = feed.feed_items(frame)
    assert len(first.text) <= feed.MAX_TEXT and first.text.endswith("word…")


def test_the_reports_of_one_linked_event_make_one_card_from_the_newest(prepared):
    frame = prepared.copy()
    aleppo = frame.index[frame["resolved_name"] == "Aleppo"]
    frame.loc[aleppo, "link_id"] = "aleppo-shelling"
    frame.loc[aleppo, "link_size"] = 2
    items = feed.feed_items(frame)
    cards = [i for i in items if i.place == "Aleppo"]
    assert len(cards) == 1 and cards[0].when == "2016-07-19" and cards[0].reports == 2
    assert feed.count_events(frame) == 5


def test_a_card_without_kind_figures_or_place_name_still_reads(prepared):
    row = prepared[prepared["resolved_name"] == "Mosul"].copy()
    row["kind"] = None
    row["resolved_name"] = None
    row = filters.prepare(row.drop(columns=["kind_label", "day", "certain"]), {})
    (item,) = feed.feed_items(row)
    assert item.kind == "Event (kind not known)" and item.place == "Mosul"
    assert item.casualties == ""
    hedged = row.assign(killed=40, killed_qualifier="at least")
    assert feed.feed_items(hedged)[0].casualties == "at least 40 killed"
    assert item.colour == layers.NO_KIND_COLOUR
    assert item.icon == kind_icons.UNKNOWN_KIND_ICON  # a question mark, not a kind's shape


def test_fresh_cards_are_those_a_refresh_brought(prepared):
    assert feed.fresh_keys(["a", "b"], None) == frozenset()  # nothing to compare with
    assert feed.fresh_keys(["c", "a", "b"], ["a", "b"]) == {"c"}
    # still marked at the next refresh, unless it left the feed
    assert feed.fresh_keys(["d", "c", "a"], ["c", "a", "b"], {"c"}) == {"c", "d"}
    assert feed.fresh_keys(["d", "a"], ["c", "a"], {"c"}) == {"d"}
    assert feed.card(feed.feed_items(prepared)[0], fresh=True)["fresh"] is True


def test_card_data_is_plain_json(prepared):
    cards = [feed.card(i) for i in feed.feed_items(prepared)]
    text = json.dumps(cards)
    assert json.loads(text) == cards
    assert all(set(c) >= {"key", "place", "kind", "colour", "text", "url", "fresh"} for c in cards)
    assert not any({"lat", "lon", "zoom"} & set(c) for c in cards)  # kept on the server
    assert pd.Series([c["key"] for c in cards]).is_unique


def test_the_page_gets_each_pictogram_once_and_every_card_names_its_own(prepared):
    items = feed.feed_items(prepared)
    sent = feed.page_data(items, fresh={items[1].key})
    assert json.loads(json.dumps(sent)) == sent
    assert len(sent["icons"]) == len(set(sent["icons"])) == len({i.icon for i in items})
    by_label = {kind.label: kind_icons.ICONS[kind] for kind in Kind}
    by_label[layers.kind_label(filters.NO_KIND)] = kind_icons.UNKNOWN_KIND_ICON
    for item, card in zip(items, sent["cards"], strict=True):
        assert card["key"] == item.key and card["fresh"] == (item is items[1])
        assert sent["icons"][card["icon"]] == by_label[item.kind]
