from __future__ import annotations

from datetime import date

from pipeline.linking import LinkRecord, link_ids


def record(event_id, day, kind="air_strike", place="gn:1", status="occurred", role="event"):
    when = None if day is None else date(2016, 7, day)
    return LinkRecord(event_id, role, kind, status, place, when)


def test_same_kind_place_and_close_dates_share_a_link():
    records = [record("a", 19), record("b", 20), record("c", 21), record("d", 25)]
    assert link_ids(records) == ["a", "a", "a", "d"]


def test_links_do_not_depend_on_input_order():
    records = [record("c", 21), record("d", 25), record("b", 20), record("a", 19)]
    assert link_ids(records) == ["a", "d", "a", "a"]


def test_kind_place_status_and_role_must_match():
    records = [
        record("a", 19),
        record("b", 19, kind="bombing"),
        record("c", 19, place="gn:2"),
        record("d", 19, status="planned"),
        record("e", 19, role="mention"),
    ]
    assert link_ids(records) == ["a", "b", "c", "d", "e"]


def test_events_without_date_place_or_kind_stay_alone():
    records = [record("a", 19), record("b", None), record("c", 19, place=None)]
    records.append(record("d", 19, kind=None))
    assert link_ids(records) == ["a", "b", "c", "d"]


def test_the_window_is_counted_from_the_first_event_of_the_link():
    records = [record("a", 1), record("b", 3), record("c", 5)]
    assert link_ids(records) == ["a", "a", "c"]
    assert link_ids(records, window=4) == ["a", "a", "a"]


def located(event_id, day, place, precision, killed, country="SY"):
    return LinkRecord(
        event_id, "event", "air_strike", "occurred", place, date(2016, 7, day), country,
        precision, killed,
    )  # fmt: skip


def test_a_country_level_report_joins_the_town_report_with_the_same_toll():
    records = [located("a", 19, "gn:1", "town", 12), located("b", 20, "gn:SY", "country", 12)]
    assert link_ids(records) == ["a", "a"]


def test_a_country_level_report_with_another_toll_or_none_stays_apart():
    records = [
        located("a", 19, "gn:1", "town", 12),
        located("b", 19, "gn:SY", "country", 30),
        located("c", 22, "gn:SY", "country", None),
        located("d", 19, "gn:IQ", "country", 12, country="IQ"),
        located("e", 26, "gn:SY", "country", 12),
    ]
    assert link_ids(records) == ["a", "b", "c", "d", "e"]
