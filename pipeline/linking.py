"""Linking the same event across articles: same kind, same place, dates within two days.

Several agencies report one air strike; the map should show one marker listing every article.
Events link when they have the same kind, the same status (a planned offensive is not the one
that happened), the same place (the store's place key) and dates at most ``window`` days from
the first event of the link. Events without a kind, place or date, and place mentions, stay
alone. The link id is the id of the link's earliest event (ties: the smallest id), so it does
not depend on the order the articles were ingested in.

One report may place an event at a town and another at its country ("an air strike near
Manbij killed 12", "an air strike in Syria killed 12"): a country-level event joins the link of
a finer event in that country when kind, status and dates fit as above *and* both give the same
death toll (at least one). Without that toll they stay apart: two events of one day in one
country are common, and linking must never lend one event's figure to another.

A pure function over plain records. Cross-article linking belongs to the pipeline, not the
store: whoever opens a store for its events frame hands it :func:`frame_link_ids`
(``Store(path, linker=frame_link_ids)``), and the store only fills the link columns with it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

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
    country_code: str | None = None
    precision: str | None = None  # of the place: town, admin, country, region
    killed: int | None = None


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
    _join_country_reports(records, result, window)
    return result


def _join_country_reports(records: Sequence[LinkRecord], result: list[str], window: int) -> None:
    """A country-level report joins the link of a finer report of the same event (same kind,
    status, country and death toll, dates within ``window``); see the module notes."""
    finer: dict[tuple, list[int]] = {}
    for index, record in enumerate(records):
        if _linkable(record) and record.precision in ("town", "admin"):
            key = (record.kind, record.status, record.country_code, record.killed)
            finer.setdefault(key, []).append(index)
    for index, record in enumerate(records):
        if not _linkable(record) or record.precision != "country":
            continue
        key = (record.kind, record.status, record.country_code, record.killed)
        near = [
            i for i in finer.get(key, ()) if abs((records[i].date - record.date).days) <= window
        ]
        if near:
            chosen = min(near, key=lambda i: (records[i].date, records[i].event_id))
            result[index] = result[chosen]


def _linkable(record: LinkRecord) -> bool:
    return (
        record.role == "event"
        and bool(record.kind)
        and record.date is not None
        and bool(record.country_code)
        and record.killed is not None
        and record.killed > 0
    )


def frame_link_ids(frame: pd.DataFrame) -> list[str]:
    """The link id of each row of an events frame (store.frames.EVENT_COLUMNS), in order."""
    days = frame["date"].to_numpy().astype("datetime64[D]").tolist()  # datetime.date or None
    # Positional, in LinkRecord's field order, built by map(): a third of the time of a loop.
    fields = ("event_id", "role", "kind", "status", "place_key")
    names = tuple(f.name for f in dataclasses.fields(LinkRecord))
    assert names == (*fields, "date", "country_code", "precision", "killed")
    texts = [_optional(frame[name]) for name in fields]
    killed = [None if pd.isna(k) else int(k) for k in frame["killed"].tolist()]
    columns = (*texts, days, _optional(frame["country_code"]), _optional(frame["precision"]))
    return link_ids(list(map(LinkRecord, *columns, killed)))


def _optional(column: pd.Series) -> list:
    """A text column's values, None where missing."""
    return [None if pd.isna(value) else value for value in column.tolist()]
