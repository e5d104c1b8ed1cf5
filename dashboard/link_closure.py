"""Links across articles for a few rows, without linking the whole store.

pipeline/linking.py links events of the same kind, status and place whose dates chain within
two days, and joins a country-level report to a finer one of the same kind, status, country
and death toll. A row's link id and link size therefore depend only on the events of its
(kind, status, place) and, through the country joins, on those of the same (kind, status,
country, toll): :func:`links_for` reads those events from the engine, and again those of the
places and tolls they bring in, until nothing new comes, then runs the linker over them. The
answer for the rows asked about is the one linking the whole store gives (the tests compare),
at the cost of a few small reads instead of every event.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd

Linker = Callable[[pd.DataFrame], Sequence[str]]
MAX_ROUNDS = 8  # places and tolls brought in by others: a few rounds at most in practice
_CANDIDATES = (
    "lat IS NOT NULL AND lon IS NOT NULL AND role = 'event' AND COALESCE(kind, '') <> '' "
    "AND date IS NOT NULL"
)
_COLUMNS = (
    "event_id, article_id, role, kind, status, place_key, date, country_code, precision, killed"
)


def _place_keys(rows: pd.DataFrame) -> set[tuple]:
    return set(zip(*(_text(rows[c]) for c in ("kind", "status", "place_key")), strict=True))


def _toll_keys(rows: pd.DataFrame) -> set[tuple]:
    """(kind, status, country, toll) of the rows a country join may concern."""
    joinable = rows[
        rows["killed"].notna()
        & (rows["killed"].fillna(0) > 0)
        & rows["country_code"].notna()
        & rows["precision"].isin(["town", "admin", "country"])
    ]
    columns = [_text(joinable[c]) for c in ("kind", "status", "country_code")]
    return set(zip(*columns, joinable["killed"].astype("int64").tolist(), strict=True))


def _text(column: pd.Series) -> list[str]:
    return column.astype(object).where(column.notna(), "").astype(str).tolist()


def _read(engine, column: str, values: list, keys: set[tuple], key_of) -> pd.DataFrame:
    """The candidates whose ``column`` is among ``values`` and whose key is in ``keys``."""
    if not values:
        return pd.DataFrame()
    marks = ", ".join("?" * len(values))
    found = engine.frame(
        f"SELECT {_COLUMNS} FROM events WHERE {_CANDIDATES} AND {column} IN ({marks})", values
    )
    if found.empty:
        return found
    return found[[key in keys for key in key_of(found)]]


def links_for(engine, rows: pd.DataFrame, linker: Linker) -> pd.DataFrame:
    """``event_id``, ``link_id`` and ``link_size`` (articles reporting the linked event) of
    each of ``rows`` (mirror rows with the link columns), as linking the store gives them."""
    out = pd.DataFrame({"event_id": rows["event_id"].astype(str)})
    out["link_id"], out["link_size"] = out["event_id"], 1
    candidates = rows[
        (rows["role"] == "event")
        & rows["kind"].fillna("").astype(str).ne("")
        & rows["date"].notna()
        & rows["place_key"].notna()
    ]
    if candidates.empty:
        return out
    places: set[tuple] = set()
    tolls: set[tuple] = set()
    new_places, new_tolls = _place_keys(candidates), _toll_keys(candidates)
    read = []
    for _ in range(MAX_ROUNDS):
        new_places -= places
        new_tolls -= tolls
        if not new_places and not new_tolls:
            break
        places |= new_places
        tolls |= new_tolls
        got = [
            _read(engine, "place_key", sorted({k[2] for k in new_places}), new_places,
                  _place_keys_rows),
            _read(engine, "killed", sorted({k[3] for k in new_tolls}), new_tolls,
                  _toll_keys_rows),
        ]  # fmt: skip
        got = [g for g in got if not g.empty]
        if not got:
            break
        fetched = pd.concat(got, ignore_index=True)
        read.append(fetched)
        new_places, new_tolls = _place_keys(fetched), _toll_keys(fetched)
    if not read:
        return out
    group = pd.concat(read, ignore_index=True).drop_duplicates("event_id")
    group = group.assign(date=pd.to_datetime(group["date"]))
    group["link_id"] = list(linker(group))
    group["link_size"] = group.groupby("link_id")["article_id"].transform("nunique")
    found = group.set_index("event_id")
    known = out["event_id"].isin(found.index)
    out.loc[known, "link_id"] = found.loc[out.loc[known, "event_id"], "link_id"].to_numpy()
    sizes = found.loc[out.loc[known, "event_id"], "link_size"].to_numpy()
    out.loc[known, "link_size"] = sizes
    out["link_size"] = out["link_size"].astype("int64")
    return out


def _place_keys_rows(rows: pd.DataFrame) -> list[tuple]:
    return list(zip(*(_text(rows[c]) for c in ("kind", "status", "place_key")), strict=True))


def _toll_keys_rows(rows: pd.DataFrame) -> list[tuple]:
    columns = [_text(rows[c]) for c in ("kind", "status", "country_code")]
    killed = [int(k) if pd.notna(k) else None for k in rows["killed"]]
    precise = rows["precision"].isin(["town", "admin", "country"]).tolist()
    return [
        (*key, toll) if ok and toll else None
        for *key, toll, ok in zip(*columns, killed, precise, strict=True)
    ]
