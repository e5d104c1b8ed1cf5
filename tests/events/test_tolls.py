"""Per-country tolls count each death once (events/tolls.py): issue 11's failure classes 3
and 7 as the map sums them."""

from __future__ import annotations

import pandas as pd

from events.tolls import per_country


def rows(*events) -> pd.DataFrame:
    columns = ("event_id", "article_id", "trigger_start", "link_id", "country_code", "killed")
    base = [dict(zip(columns, e[:6], strict=True)) for e in events]
    for record, event in zip(base, events, strict=True):
        record.update({"role": "event", "status": "occurred", "background": False})
        record.update(event[6] if len(event) > 6 else {})
    frame = pd.DataFrame(base)
    frame["killed"] = frame["killed"].astype("Int64")
    frame["trigger_start"] = frame["trigger_start"].astype("Int64")
    return frame


def test_one_event_at_two_places_of_a_country_counts_once():
    frame = rows(("e1", "a", 10, "e1", "SY", 30), ("e2", "a", 10, "e2", "SY", 30))
    assert per_country(frame).to_dict() == {"SY": 30}


def test_one_event_reported_by_two_articles_counts_once_with_the_highest_figure():
    frame = rows(("e1", "a", 10, "e1", "SY", 56), ("e2", "b", 4, "e1", "SY", 212))
    assert per_country(frame).to_dict() == {"SY": 212}


def test_different_events_add_up():
    frame = rows(("e1", "a", 10, "e1", "SY", 5), ("e2", "a", 90, "e2", "SY", 7))
    assert per_country(frame).to_dict() == {"SY": 12}


def test_planned_events_history_and_mentions_never_add():
    frame = rows(
        ("e1", "a", 10, "e1", "SY", 5),
        ("e2", "b", 10, "e2", "SY", 1000, {"status": "planned"}),
        ("e3", "c", 10, "e3", "SY", 4000, {"background": True}),
        ("e4", "d", 10, "e4", "SY", 9, {"role": "mention"}),
    )
    assert per_country(frame).to_dict() == {"SY": 5}


def test_running_totals_of_one_outbreak_count_their_highest_once():
    frame = rows(
        ("e1", "a", 10, "e1", "ZW", 500, {"snippet": "It has killed 500 people since August."}),
        ("e2", "b", 10, "e2", "ZW", 978, {"snippet": "A total of 978 people have died."}),
        ("e3", "c", 10, "e3", "ZW", 91, {"snippet": "In Beitbridge 91 people died on Monday."}),
    )
    frame["kind"] = "disaster"
    assert per_country(frame).to_dict() == {"ZW": 978 + 91}


def test_the_same_figure_told_twice_in_an_article_counts_once():
    frame = rows(("e1", "a", 10, "e1", "US", 593), ("e2", "a", 90, "e2", "US", 593))
    frame["kind"] = "disaster"
    assert per_country(frame).to_dict() == {"US": 593}


def test_a_towns_toll_inside_the_national_running_toll_of_the_same_article_counts_once():
    national = {"precision": "country", "snippet": "A total of 978 people have died in Zimbabwe."}
    town = {"precision": "town", "snippet": "In Harare, 208 people died."}
    frame = rows(
        ("e1", "a", 10, "e1", "ZW", 978, national),
        ("e2", "a", 90, "e2", "ZW", 208, town),
        ("e3", "b", 10, "e3", "ZW", 5, town),  # another article's town: its own deaths
    )
    assert per_country(frame).to_dict() == {"ZW": 983}
    separate = {"precision": "country", "snippet": "Five soldiers died in Zimbabwe."}
    frame = rows(("e1", "a", 10, "e1", "ZW", 5, separate), ("e2", "a", 90, "e2", "ZW", 208, town))
    assert per_country(frame).to_dict() == {"ZW": 213}  # no running toll: two events
