"""The events counted by date, country, kind, role and certainty: a small table (about 10^5
rows at 10^7 events) from which the funnel and the timeline are read without a scan.

It is computed once per state of the mirror (one scan, kept by the engine until a sync adds
or merges parts) and read with :func:`dashboard.filters.masks`, the frame's own filters, each
group weighted by its count: the same answers as the frame gives, whenever the filters set
are only those the rollup holds (roles, dates, countries, kinds, uncertain events).
"""

from __future__ import annotations

import pandas as pd

from dashboard.filters import Filters, masks
from dashboard.sql_terms import CERTAIN, KIND_LABEL, LOCATED

ROLLUP_SQL = f"""
    SELECT date AS day, country_code, {KIND_LABEL} AS kind_label, role, {CERTAIN} AS certain,
           count(*) AS n
    FROM events WHERE {LOCATED} GROUP BY ALL
"""


def covers(filters: Filters) -> bool:
    """True when every filter set is one the rollup holds."""
    return not (
        filters.regions
        or filters.min_casualties > 0
        or filters.precisions
        or filters.sources
        or filters.text.strip()
    )


def of(engine) -> pd.DataFrame:
    """The rollup of the engine's events (computed once per state of its mirror)."""
    return engine.memo("rollup", lambda: _typed(engine.frame(ROLLUP_SQL)))


def _typed(rows: pd.DataFrame) -> pd.DataFrame:
    rows["day"] = pd.to_datetime(rows["day"]).astype("datetime64[ns]")
    rows["certain"] = rows["certain"].astype(bool)
    rows["n"] = rows["n"].astype("int64")
    return rows


def undated(rows: pd.DataFrame) -> bool:
    """True when some located row has no date."""
    return bool(rows.loc[rows["day"].isna(), "n"].sum() > 0)


def funnel(rows: pd.DataFrame, filters: Filters) -> dict[str, int]:
    """Events and mentions left after each filter step (dashboard.filters.funnel's answer)."""
    keep = pd.Series(True, index=rows.index)
    left = {}
    for step, mask in masks(rows, filters).items():
        keep &= mask
        left[step] = int(rows.loc[keep, "n"].sum())
    return left


def newest_day(rows: pd.DataFrame, filters: Filters, count: int):
    """The latest day on and after which at least ``count`` rows pass ``filters`` (a date),
    or None when the dated rows passing them are fewer."""
    keep = pd.Series(True, index=rows.index)
    for mask in masks(rows, filters).values():
        keep &= mask
    per_day = rows[keep & rows["day"].notna()].groupby("day")["n"].sum().sort_index()
    newest_first = per_day.iloc[::-1].cumsum()
    enough = newest_first[newest_first >= count]
    return None if enough.empty else enough.index[0].date()


def timeline(rows: pd.DataFrame, filters: Filters, bin: str = "day") -> pd.DataFrame:
    """Dated rows per bin, role and kind (dashboard.queries.timeline's columns)."""
    keep = pd.Series(True, index=rows.index)
    for mask in masks(rows, filters).values():
        keep &= mask
    kept = rows[keep & rows["day"].notna()]
    starts = kept["day"].dt.to_period({"day": "D", "week": "W-SUN", "month": "M"}[bin])
    grouped = (
        kept.assign(day=starts.dt.start_time.astype("datetime64[ns]"), kind=kept["kind_label"])
        .groupby(["day", "role", "kind"], dropna=False)["n"]
        .sum()
        .reset_index()
        .rename(columns={"n": "count"})
    )
    grouped["kind"] = grouped["kind"].astype(object).where(grouped["kind"].notna(), None)
    grouped["count"] = grouped["count"].astype("int64")
    grouped = grouped.sort_values(["day", "role", "kind"], na_position="last", kind="stable")
    return grouped.reset_index(drop=True)[["day", "role", "kind", "count"]]
