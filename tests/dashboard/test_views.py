"""The panels under the map, built from the fixture store's frame: the events table and the
sidebar's count tell events and mentions apart (the timeline: test_timeline.py)."""

from __future__ import annotations

import pandas as pd

from dashboard import data, views
from dashboard.filters import ROLES, Filters, apply
from events.classify.kind_table import Kind


def _table(frame: pd.DataFrame) -> pd.DataFrame:
    return views.table_rows(data.table_view(frame))


def test_the_table_names_kinds_of_events_only_and_roles_in_words(prepared):
    rows = _table(prepared)
    mentions = rows[rows["Role"] == "Mention"]
    assert sorted(mentions["Place"]) == ["Baghdad", "Republic of Turkey"]
    assert set(mentions["Kind"]) == {""}  # no kind, not "Event (kind not known)"
    events = rows[rows["Role"] == "Event"]
    assert len(events) == 6 and set(rows["Role"]) == {"Event", "Mention"}
    assert "Event (kind not known)" in set(events["Kind"])  # Raqqa's event has no known kind
    assert Kind.SHELLING.label in set(events["Kind"])


def test_the_table_shows_confidence_for_events_only(events_frame):
    from dashboard.filters import prepare

    judged = prepare(events_frame.assign(confidence=0.87))
    rows = _table(judged)
    assert rows.loc[rows["Role"] == "Event", "Confidence"].eq(0.87).all()
    assert rows.loc[rows["Role"] == "Mention", "Confidence"].isna().all()  # not judged
    # the values stay numbers and dates: columns sort as they should
    assert rows["Killed"].dtype == "Int64"
    assert rows["Confidence"].dtype == "float64"


def test_the_count_leaves_mentions_out_unless_they_are_shown(prepared):
    from dashboard.filters import hidden_mentions

    total = data.counts(prepared)
    events = apply(prepared, Filters())
    hidden = hidden_mentions(prepared, Filters())
    text = views.summary(data.counts(events), total, Filters().roles, hidden)
    assert text.startswith("**6** events at **5** places from **5** articles")
    assert "2 mentions (places named in passing) not shown" in text
    everything = apply(prepared, Filters(roles=ROLES))
    text = views.summary(data.counts(everything), total, ROLES, 0)
    assert text.startswith("**6** events and **2** mentions at **7** places")
    assert "not shown" not in text
