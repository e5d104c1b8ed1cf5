"""Linking the same event across articles: same kind, same place, dates within two days.

Several agencies report one air strike; the map should show one marker listing every article.
Events link when they have the same kind, the same status (a planned offensive is not the one
that happened), the same place (the store's place key) and dates at most ``window`` days from
the first event of the link. Events without a kind, place or date, and place mentions, stay
alone. The link id is the id of the link's earliest event (ties: the smallest id), so it does
not depend on the order the articles were ingested in.

A pure function over plain records, so the store can apply it to any frame it reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

WINDOW_DAYS = 2


@dataclass(frozen=True)
class LinkRecord:
    """What linking looks at in one event."""

    event_id: str
    role: str
    kind: str | None
    status: str
    place_key: str | None
    date: date | None


def link_ids(records: Sequence[LinkRecord], window: int = WINDOW_DAYS) -> list[str]:
    """The link id of each record, in input order (its own id when it links to nothing)."""
    result = [record.event_id for record in records]
    groups: dict[tuple, list[int]] = {}
    for index, record in enumerate(records):
        if record.role != "event" or not record.kind or not record.place_key:
            continue
        if record.date is None:
            continue
        groups.setdefault((record.kind, record.status, record.place_key), []).append(index)
    for members in groups.values():
        members.sort(key=lambda i: (records[i].date, records[i].event_id))
        first = None
        for index in members:
            record = records[index]
            if first is None or (record.date - records[first].date).days > window:
                first = index
            result[index] = records[first].event_id
    return result
