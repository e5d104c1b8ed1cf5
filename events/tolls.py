"""Casualty totals that count each death once: what a per-country sum may add.

A map that sums every row's figure counts the same dead several times: one event told at two
places ("strikes on Raqqa and Mosul killed 30": two rows), the same event reported by several
articles (linked, events/linking.py), and it adds figures that are no deaths of the day: planned
or threatened events, and events told as history ("in 1998 a flood left 4,000 dead"). Here:

- only events that happened and are news of the day count (status occurred, not background);
- one event counts once per country, with its highest figure, whatever its places there;
- linked reports of one event count once, with the highest figure among them;
- running totals ("3,759 people have died since the outbreak began", "a total of 978") of one
  kind in one country are one growing figure, not deaths to add: the highest counts once,
  beside the figures that are not running totals.

A pure function over the events frame's columns, so the dashboard and the corpus check
(tools/eventsets/country_totals.py) sum the same way.
"""

from __future__ import annotations

import re

import pandas as pd

COUNTED = ("killed", "injured")
_RUNNING_TOTAL = re.compile(
    r"(?i)\b(?:a\s+total\s+of|in\s+total|total(?:led|s)?|so\s+far|to\s+date|thus\s+far|"
    r"since|as\s+of|cumulative|overall|bringing|brings|brought|(?:has|have)\s+(?:now\s+)?"
    r"(?:risen|rose|climbed|reached|increased)|death\s+toll)\b"
)


def running_total(sentence: str) -> bool:
    """Whether a sentence tells its toll as a running total."""
    return bool(_RUNNING_TOTAL.search(sentence))


def countable(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows whose figures may add to a total: events that happened, news of the day."""
    keep = frame["role"] == "event"
    if "status" in frame:
        keep &= frame["status"].fillna("occurred") == "occurred"
    if "background" in frame:
        keep &= ~frame["background"].fillna(False).astype(bool)
    return frame[keep]


def per_country(frame: pd.DataFrame, column: str = "killed") -> pd.Series:
    """Per country code, the sum of ``column`` counting each event and each link once."""
    rows = countable(frame)
    rows = rows[rows["country_code"].notna() & rows[column].notna()]
    if rows.empty:
        return pd.Series(dtype="int64")
    work = pd.DataFrame(
        {
            "country": rows["country_code"].astype(str).to_numpy(),
            "value": rows[column].astype("int64").to_numpy(),
            "event": _event_keys(rows),
            "link": _links(rows),
            "kind": rows["kind"].astype(str).tolist() if "kind" in rows else "",
            "running": [running_total(str(s)) for s in rows["snippet"]]
            if "snippet" in rows
            else False,
            "national": (rows["precision"].astype(str) == "country").to_numpy()
            if "precision" in rows
            else False,
        }
    )
    # One event at several places of a country: once. Then one link (several articles): once.
    per_event = work.groupby(["country", "event"], sort=False).agg(
        value=("value", "max"), link=("link", "first"), kind=("kind", "first"),
        running=("running", "any"), national=("national", "all"),
    )  # fmt: skip
    # The same figure of the same kind told twice in one article ("the US had 593 deaths",
    # later "the United States, which has 593 deaths"): once.
    per_event = per_event.reset_index()
    per_event["article"] = [key.split("#", 1)[0] for key in per_event["event"]]
    per_event = per_event.drop_duplicates(["country", "article", "kind", "value"])
    per_event = _without_parts_of_a_national_total(per_event)
    per_link = per_event.groupby(["country", "link"], sort=False).agg(
        value=("value", "max"), kind=("kind", "first"), running=("running", "any")
    )
    single = per_link[~per_link["running"]].groupby(level="country")["value"].sum()
    running = per_link[per_link["running"]].reset_index()
    highest = running.groupby(["country", "kind"])["value"].max().groupby(level="country").sum()
    return single.add(highest, fill_value=0).astype("int64")


def _without_parts_of_a_national_total(events: pd.DataFrame) -> pd.DataFrame:
    """An article that states a country's running toll ("3,759 people have died in Zimbabwe as
    of February 19") and a toll of one of its towns or regions ("in Harare, 208 died") told
    the part inside the whole: the part is not added again."""
    whole = (
        events[events["running"] & events["national"]]
        .groupby(["country", "article", "kind"])["value"]
        .max()
    )
    if whole.empty:
        return events
    keys = pd.MultiIndex.from_frame(events[["country", "article", "kind"]])
    total = pd.Series(whole.reindex(keys).to_numpy(), index=events.index)
    part = ~events["running"] & ~events["national"] & (events["value"] <= total)
    return events[~part.fillna(False).astype(bool)]


def _links(rows: pd.DataFrame) -> list[str]:
    column = "link_id" if "link_id" in rows else "event_id"
    return rows[column].astype(str).tolist()


def _event_keys(rows: pd.DataFrame):
    """One key per event of an article (its trigger), shared by its rows at several places."""
    ids = rows["event_id"].astype(str).tolist()
    if "trigger_start" not in rows:
        return ids
    articles = rows["article_id"].astype(str).tolist()
    starts = rows["trigger_start"].astype("Int64").tolist()
    # An event stored without its trigger offsets (older stores) is its own event.
    return [
        own if pd.isna(start) else f"{article}#{start}"
        for own, article, start in zip(ids, articles, starts, strict=True)
    ]
