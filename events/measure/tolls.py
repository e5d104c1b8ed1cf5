"""Casualty totals that count each death once: what a per-country sum may add.

A map that sums every row's figure counts the same dead several times: one event told at two
places ("strikes on Raqqa and Mosul killed 30": two rows), the same event reported by several
articles (linked, pipeline/linking.py), and it adds figures that are no deaths of the day: planned
or threatened events, and events told as history ("in 1998 a flood left 4,000 dead"). Here:

- only events that happened and are news of the day count (status occurred, not background);
- one event counts once per country, with its highest figure, whatever its places there;
- linked reports of one event count once, with the highest figure among them;
- running totals ("3,759 people have died since the outbreak began", "a total of 978") of one
  kind in one country are one growing figure, not deaths to add: the highest counts once,
  beside the figures that are not running totals;
- deaths from one disease in one country are such a growing count, cued or not ("15 deaths
  from swine flu in Mexico", later "Mexico has 217 fatalities from the virus"): its highest
  counts once (a sentence that names no disease is about its article's,
  events/classify/diseases.py);
- a figure told only as "dozens", "hundreds" or "thousands" is a size, not a count: it adds
  to no total ("fearing a repeat of the 2008 epidemic that killed thousands");
- a figure told for the world or many countries ("163 deaths globally") is no country's, even
  when its sentence names one ("excluding the deaths in Argentina");
- a figure told for places in several countries counts in none of them (each one's share is
  not told);
- a figure counts only where its own sentence puts it: a toll whose place comes from another
  sentence, the dateline or the article's focus is often the world's or another country's
  ("The WHO puts the swine flu death toll at 6,750" after a sentence about Saudi pilgrims).
  Such events stay on the map with their lower confidence; they add to no country's total.

A pure function over the events frame's columns, so the dashboard and the corpus check
(tools/eventsets/country_totals.py) sum the same way.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from events.classify.diseases import disease_named
from events.classify.kinds import MISHAP
from events.locate.article_place import tells_of_many_places
from events.measure.casualties import VAGUE_QUALIFIERS

COUNTED = ("killed", "injured")
# What per_country reads of each sentence, when a frame carries it (see sentence_flags).
MANY_PLACES = "tells_of_many_places"
RUNNING = "tells_a_running_total"
_RUNNING_TOTAL = re.compile(
    r"(?i)\b(?:a\s+total\s+of|in\s+total|total(?:led|s)?|so\s+far|to\s+date|thus\s+far|"
    r"since|as\s+of|cumulative|overall|bringing|brings|brought|(?:has|have)\s+(?:now\s+)?"
    r"(?:risen|rose|climbed|reached|increased)|death\s+(?:toll|count))\b"
)

# The same pattern as text, for the columnar engine's queries (dashboard.queries).
RUNNING_TOTAL_PATTERN = _RUNNING_TOTAL.pattern


def running_total(sentence: str) -> bool:
    """Whether a sentence tells its toll as a running total."""
    return bool(_RUNNING_TOTAL.search(sentence))


def sentence_flags(frame: pd.DataFrame) -> pd.DataFrame:
    """Per row, what per_country reads in its sentence: whether it tells of the world or many
    countries (MANY_PLACES) and whether it tells a running total (RUNNING).

    per_country reads these columns when its frame carries them, instead of reading every
    sentence again: a dashboard adds them once per load and then sums the tolls of each new
    filter without a regular expression. Only events with a figure are read (the others add
    to no total; False here), each distinct sentence once.
    """
    out = pd.DataFrame(False, index=frame.index, columns=[MANY_PLACES, RUNNING])
    figures = pd.Series(False, index=frame.index)
    for column in COUNTED:
        if column in frame:
            figures |= frame[column].notna()
    read = figures & (frame["role"] == "event").fillna(False).astype(bool)
    if "snippet" not in frame or not read.any():
        return out
    said = frame.loc[read, "snippet"].fillna("").astype(str).tolist()
    flags = {text: (tells_of_many_places(text), running_total(text)) for text in set(said)}
    out.loc[read, MANY_PLACES] = [flags[text][0] for text in said]
    out.loc[read, RUNNING] = [flags[text][1] for text in said]
    return out


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
    return per_country_each(frame, (column,))[column]


def per_country_each(
    frame: pd.DataFrame, columns: tuple[str, ...] = COUNTED
) -> dict[str, pd.Series]:
    """per_country of each of ``columns``: the rows' events, links, kinds and outbreaks are
    worked out once for all of them (a dashboard sums killed and injured at each filter
    change)."""
    rows = countable(frame)
    figures = np.zeros(len(rows), dtype=bool)
    for column in columns:
        figures |= rows[column].notna().to_numpy(dtype=bool)
    rows = rows[rows["country_code"].notna().to_numpy(dtype=bool) & figures]
    if "place_source" in rows:
        rows = rows[rows["place_source"].fillna("sentence") == "sentence"]
    if MANY_PLACES in rows:  # read once for the whole frame (sentence_flags)
        rows = rows[~rows[MANY_PLACES].to_numpy(dtype=bool)]
    elif "snippet" in rows:
        # linked reports and places of one event share a sentence: read each sentence once
        said = rows["snippet"].fillna("").astype(str)
        world = {text: tells_of_many_places(text) for text in said.unique()}
        rows = rows[~said.map(world).astype(bool)]
    if rows.empty:
        return {column: pd.Series(dtype="int64") for column in columns}
    kinds = rows["kind"].astype(str).tolist() if "kind" in rows else [""] * len(rows)
    snippets = rows["snippet"].astype(str).tolist() if "snippet" in rows else [""] * len(rows)
    outbreaks = _outbreaks(rows, kinds, snippets, frame)
    events = _event_keys(rows)
    base = pd.DataFrame(
        {
            "country": rows["country_code"].astype(str).to_numpy(),
            "event": events,
            "article": [key.split("#", 1)[0] for key in events],
            "link": _links(rows),
            # One disease is one count: its own key among the kinds.
            "kind": [f"{k}:{o}" if o else k for k, o in zip(kinds, outbreaks, strict=True)],
            "running": _running(rows, outbreaks, snippets),
            "national": (rows["precision"].astype(str) == "country").to_numpy()
            if "precision" in rows
            else False,
        }
    )
    summed = {}
    for column in columns:
        keep = rows[column].notna().to_numpy(dtype=bool, copy=True)
        qualifier = f"{column}_qualifier"
        if qualifier in rows:
            vague = rows[qualifier].fillna("").astype(str).isin(VAGUE_QUALIFIERS)
            keep &= ~vague.to_numpy(dtype=bool)
        work = base[keep].assign(value=rows.loc[keep, column].astype("int64").to_numpy())
        summed[column] = _summed(work) if len(work) else pd.Series(dtype="int64")
    return summed


def _summed(work: pd.DataFrame) -> pd.Series:
    """Per country, the sum of ``work``'s values (one row per event report and place):
    each event and each link once, running totals by their highest."""
    # One figure for places in several countries ("300 were killed in Malaysia, Myanmar ...
    # and Kenya") is no country's toll: how many died in each is not told.
    countries = work.groupby("event")["country"].transform("nunique")
    work = work[countries == 1]
    # One event at several places of a country: once. Then one link (several articles): once.
    per_event = work.groupby(["country", "event"], sort=False).agg(
        value=("value", "max"), link=("link", "first"), kind=("kind", "first"),
        running=("running", "any"), national=("national", "all"), article=("article", "first"),
    )  # fmt: skip
    # The same figure of the same kind told twice in one article ("the US had 593 deaths",
    # later "the United States, which has 593 deaths"): once.
    per_event = per_event.reset_index()
    per_event = per_event.drop_duplicates(["country", "article", "kind", "value"])
    per_event = _without_parts_of_a_national_total(per_event)
    per_link = per_event.groupby(["country", "link"], sort=False).agg(
        value=("value", "max"), kind=("kind", "first"), running=("running", "any")
    )
    single = per_link[~per_link["running"]].groupby(level="country")["value"].sum()
    running = per_link[per_link["running"]].reset_index()
    highest = running.groupby(["country", "kind"])["value"].max().groupby(level="country").sum()
    return single.add(highest, fill_value=0).astype("int64")


def _running(rows: pd.DataFrame, outbreaks: list[str], snippets: list[str]) -> list[bool]:
    """Per row, whether its figure is a running total: an outbreak's count, or a sentence
    telling one (read from the RUNNING column when the frame carries it)."""
    if RUNNING in rows:
        told = rows[RUNNING].to_numpy(dtype=bool).tolist()
        return [bool(o) or t for o, t in zip(outbreaks, told, strict=True)]
    return [bool(o) or running_total(s) for o, s in zip(outbreaks, snippets, strict=True)]


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


_FLU = frozenset({"flu", "h1n1", "h5n1", "h7n9"})


def _main_diseases(
    frame: pd.DataFrame, articles: set[str], named: dict[str, str | None]
) -> dict[str, str | None]:
    """Per article of ``articles``, the disease it is about (diseases.main_disease), from its
    title and every sentence of it in the frame (place mentions too: they cover more of the
    article than its events). Vectorised: a dashboard sums tolls over every event shown.
    ``named`` holds the diseases of texts already read (and receives the new ones)."""
    columns = [c for c in ("title", "snippet") if c in frame]
    if "article_id" not in frame or not articles or not columns:
        return {}
    ids = frame["article_id"].astype(str)
    inside = ids.isin(articles)
    texts = pd.concat(
        [
            pd.DataFrame({"article": ids[inside], "text": frame.loc[inside, column]})
            for column in columns
        ]
    ).dropna()
    texts = texts.drop_duplicates()
    for text in texts["text"].unique():
        if text not in named:
            named[text] = disease_named(str(text))
    texts["disease"] = texts["text"].map(named)
    texts = texts.dropna(subset=["disease"])
    counts = texts.groupby(["article", "disease"], sort=False).size().reset_index(name="n")
    # Plain "flu" only when no other disease is named (as main_disease).
    counts["specific"] = counts["disease"] != "flu"
    counts = counts.sort_values(
        ["article", "specific", "n"], ascending=[True, False, False], kind="stable"
    )
    first = counts.drop_duplicates("article")
    return dict(zip(first["article"], first["disease"], strict=True))


def _outbreaks(
    rows: pd.DataFrame, kinds: list[str], snippets: list[str], frame: pd.DataFrame
) -> list[str]:
    """The disease each disaster row's deaths are from ("" for none): the one its sentence
    names, else its article's ("the virus", plain "flu" in a swine flu story; the article
    read from ``frame``)."""
    articles = rows["article_id"].astype(str).tolist() if "article_id" in rows else [""] * len(rows)
    known: dict[str, str | None] = {}  # each distinct sentence read once
    named = []
    for kind, snippet in zip(kinds, snippets, strict=True):
        if kind == "disaster" and snippet not in known:
            known[snippet] = disease_named(snippet)
        named.append(known[snippet] if kind == "disaster" else None)
    # Plain "flu", "the virus", or deaths told without their cause ("Sao Paulo reported 327
    # deaths"; not "five died in the floods"): the article's disease.
    vague = [
        k == "disaster" and (n == "flu" or (n is None and not MISHAP.search(s)))
        for k, n, s in zip(kinds, named, snippets, strict=True)
    ]
    main = _main_diseases(frame, {a for a, v in zip(articles, vague, strict=True) if v}, known)
    outbreaks = []
    for article, disease, is_vague in zip(articles, named, vague, strict=True):
        if is_vague and (disease is None or main.get(article) in _FLU):
            disease = main.get(article)
        outbreaks.append(disease or "")
    return outbreaks


def _links(rows: pd.DataFrame) -> list[str]:
    column = "link_id" if "link_id" in rows else "event_id"
    return rows[column].astype(str).tolist()


def _event_keys(rows: pd.DataFrame):
    """One key per event of an article (its trigger), shared by its rows at several places."""
    ids = rows["event_id"].astype(str).tolist()
    if "trigger_start" not in rows:
        return ids
    articles = rows["article_id"].astype(str).tolist()
    starts = rows["trigger_start"].astype("Int64")
    missing = starts.isna().to_numpy(dtype=bool).tolist()
    # An event stored without its trigger offsets (older stores) is its own event.
    return [
        own if gone else f"{article}#{start}"
        for own, article, start, gone in zip(ids, articles, starts.tolist(), missing, strict=True)
    ]
