"""Links across articles for a few rows, without linking the whole store.

pipeline/linking.py links events of the same kind, status and place whose dates chain within
two days (a place's chain: all of its events of that kind and status), and joins a
country-level report to the earliest finer report of the same kind, status, country and death
toll within two days. So the link of a row, and the articles reporting it, depend only on:

- the chains of its place, and of the finer report a country-level row joins (``places``);
- the country-level reports that may join a finer report of those chains: same kind, status,
  country and toll, within two days of it (``joiners``);
- for each of those, and each country-level report of the chains, the finer reports it may
  join (``finer``): which one it joins is the earliest of them.

:func:`links_for` reads exactly these from the engine (small reads: a place's events, and
reports within days of each other), and runs the linker over them: the answer for the rows
asked about is the one linking the whole store gives (the tests compare). The rows read for
the last two steps may get other link ids than in the whole store; only the rows asked about
are answered.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta

import pandas as pd

from pipeline.linking import WINDOW_DAYS

Linker = Callable[[pd.DataFrame], Sequence[str]]
FINER = ("town", "admin")
_CANDIDATES = (
    "lat IS NOT NULL AND lon IS NOT NULL AND role = 'event' AND COALESCE(kind, '') <> '' "
    "AND date IS NOT NULL"
)
_CANDIDATES_OF_E = (
    "e.lat IS NOT NULL AND e.lon IS NOT NULL AND e.role = 'event' "
    "AND COALESCE(e.kind, '') <> '' AND e.date IS NOT NULL"
)
_COLUMNS = (
    "event_id, article_id, role, kind, status, place_key, date, country_code, precision, killed"
)


def links_for(engine, rows: pd.DataFrame, linker: Linker) -> pd.DataFrame:
    """``event_id``, ``link_id`` and ``link_size`` (articles reporting the linked event) of
    each of ``rows`` (mirror rows with the link columns), as linking the store gives them."""
    out = pd.DataFrame({"event_id": rows["event_id"].astype(str)})
    out["link_id"], out["link_size"] = out["event_id"], 1
    shown = _candidates(rows)
    if shown.empty:
        return out
    first = _reports(engine, _joinable(shown, "country"), FINER)
    chains = _chains(engine, pd.concat([shown, first], ignore_index=True))
    joiners = _reports(engine, _joinable(chains, FINER), ("country",))
    finer = _reports(engine, pd.concat([joiners, _joinable(chains, "country")]), FINER)
    group = pd.concat([chains, joiners, finer], ignore_index=True).drop_duplicates("event_id")
    group = group.assign(date=pd.to_datetime(group["date"])).reset_index(drop=True)
    group["link_id"] = list(linker(group))
    # Articles per link among the chains and their joiners (the rows that can share a
    # link with a row asked about; ``finer`` rows only say which report a joiner joins).
    counted = group[group["event_id"].isin(set(chains["event_id"]) | set(joiners["event_id"]))]
    sizes = counted.groupby("link_id")["article_id"].nunique()
    found = group.set_index("event_id")
    known = out["event_id"].isin(found.index)
    ids = found.loc[out.loc[known, "event_id"], "link_id"]
    out.loc[known, "link_id"] = ids.to_numpy()
    out.loc[known, "link_size"] = sizes.reindex(ids).fillna(1).to_numpy()
    out["link_size"] = out["link_size"].astype("int64")
    return out


def _candidates(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows the linker may link (events with a kind, a date and a place)."""
    keep = (
        (rows["role"] == "event")
        & rows["kind"].fillna("").astype(str).ne("")
        & rows["date"].notna()
        & rows["place_key"].notna()
    )
    return rows.loc[keep, _COLUMNS.split(", ")]


def _joinable(rows: pd.DataFrame, precisions) -> pd.DataFrame:
    """The rows of ``precisions`` a country join concerns (a country and a toll above 0)."""
    if rows.empty:
        return rows
    wanted = (precisions,) if isinstance(precisions, str) else tuple(precisions)
    keep = (
        rows["precision"].isin(wanted)
        & rows["country_code"].notna()
        & (pd.to_numeric(rows["killed"], errors="coerce").fillna(0) > 0)
    )
    return rows[keep]


def _chains(engine, rows: pd.DataFrame) -> pd.DataFrame:
    """Every candidate of the (kind, status, place) of ``rows``."""
    keys = set(zip(_text(rows["kind"]), _text(rows["status"]), _text(rows["place_key"]),
                   strict=True))  # fmt: skip
    places = sorted({key[2] for key in keys})
    kinds = sorted({key[0] for key in keys})
    marks, kind_marks = ", ".join("?" * len(places)), ", ".join("?" * len(kinds))
    found = engine.frame(
        f"SELECT {_COLUMNS} FROM events WHERE {_CANDIDATES} AND kind IN ({kind_marks}) "
        f"AND place_key IN ({marks})",
        [*kinds, *places],
    )
    if found.empty:
        return found
    mine = zip(_text(found["kind"]), _text(found["status"]), _text(found["place_key"]),
               strict=True)  # fmt: skip
    return found[[key in keys for key in mine]]


def _reports(engine, near: pd.DataFrame, precisions: Sequence[str]) -> pd.DataFrame:
    """The candidates of ``precisions`` with the kind, status, country and toll of a row of
    ``near`` and a date within WINDOW_DAYS of it."""
    empty = pd.DataFrame(columns=_COLUMNS.split(", "))
    if near.empty:
        return empty
    window = timedelta(days=WINDOW_DAYS)
    days = pd.to_datetime(near["date"]).dt.date
    wanted = sorted(
        set(
            zip(_text(near["kind"]), _text(near["status"]), _text(near["country_code"]),
                near["killed"].astype("int64").tolist(), (days - window).tolist(),
                (days + window).tolist(), strict=True)
        )
    )  # fmt: skip
    values = ", ".join("(?, ?, ?, ?, ?, ?)" for _ in wanted)
    marks = ", ".join("?" * len(precisions))
    sql = f"""
        WITH wanted(kind, status, country, killed, low, high) AS (VALUES {values})
        SELECT DISTINCT {", ".join(f"e.{c}" for c in _COLUMNS.split(", "))}
        FROM events AS e JOIN wanted AS w
          ON e.kind = w.kind AND COALESCE(e.status, '') = w.status
         AND e.country_code = w.country AND e.killed = w.killed
         AND e.date BETWEEN CAST(w.low AS DATE) AND CAST(w.high AS DATE)
        WHERE {_CANDIDATES_OF_E} AND e.precision IN ({marks})
    """
    params = [value for row in wanted for value in row] + list(precisions)
    found = engine.frame(sql, params)
    return found if not found.empty else empty


def _text(column: pd.Series) -> list[str]:
    return column.astype(object).where(column.notna(), "").astype(str).tolist()
