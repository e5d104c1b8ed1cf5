"""The dashboard's views as queries on the columnar engine: only what the view needs comes back.

The SQL is built by pure functions from a :class:`dashboard.filters.Filters` (the same filters,
with the same meaning, as :func:`dashboard.filters.masks` applies to a frame); the functions
that run it take an engine with ``rows(sql, params)`` and ``frame(sql, params)``
(:class:`store.engine.EventsEngine`). Like the events frame, the views hold events with a
place (the map's), mentions only when the filters ask for them. The map's layer:
:mod:`dashboard.map_queries`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard import rollup
from dashboard.filters import MAX_TEXT, NO_KIND, ROLES, STEPS, Counts, Filters
from dashboard.sql_terms import (
    CASUALTIES,
    CERTAIN,
    KIND_LABEL,
    LOCATED,
    SEARCH,
    SOURCE_LABEL,
)
from events.measure.casualties import VAGUE_QUALIFIERS
from store.duck import quoted

TABLE_PAGE = 500


TABLE_COLUMNS = {  # as dashboard.data.table_view names them
    "date": "Date", "kind_label": "Kind", "role": "Role", "resolved_name": "Place",
    "country_code": "Country", "killed": "Killed", "injured": "Injured",
    "confidence": "Confidence", "precision": "Precision", "title": "Article",
    "snippet": "Sentence", "source_label": "Source", "url": "Link",
}  # fmt: skip


@dataclass(frozen=True)
class Where:
    """One SQL condition per filter step (STEPS order; "TRUE" where the filter is off) and
    the parameters of each, in order."""

    steps: tuple[tuple[str, str, tuple], ...]  # (step, condition, params)
    filters: Filters | None = None  # what they were built from (the rollup reads it)

    def sql(self, skip: Sequence[str] = ()) -> str:
        """The conjunction of every step but ``skip``, with the located-rows condition."""
        kept = [cond for step, cond, _ in self.steps if step not in skip and cond != "TRUE"]
        return " AND ".join([LOCATED, *kept])

    def params(self, skip: Sequence[str] = ()) -> list:
        """The parameters of :meth:`sql` with the same ``skip``."""
        out: list = []
        for step, cond, params in self.steps:
            if step not in skip and cond != "TRUE":
                out.extend(params)
        return out


def where_for(
    engine, filters: Filters, region_ids: Mapping[str, Sequence[int]] | None = None
) -> Where:
    """:func:`where` for the store the engine reads: when none of its rows is undated, a date
    range is one condition DuckDB can check against each row group's dates (skipping those
    outside), not that condition or "undated" (which it cannot)."""
    undated = rollup.undated(rollup.of(engine))
    return where(filters, region_ids, undated)


def where(
    filters: Filters, region_ids: Mapping[str, Sequence[int]] | None = None, undated: bool = True
) -> Where:
    """The SQL of each filter step. ``region_ids`` maps an admin region code ("SY.09") to the
    geonameids of the places in it (dashboard.regions); a region without any matches nothing.
    ``undated`` False says the store holds no undated row (:func:`where_for`)."""
    steps: dict[str, tuple[str, tuple]] = {step: ("TRUE", ()) for step in STEPS}
    if set(filters.roles) != set(ROLES):
        steps["roles"] = _in("role", filters.roles)
    if filters.date_from or filters.date_to or not filters.include_undated:
        low = filters.date_from or date.min
        high = filters.date_to or date.max
        if filters.include_undated and undated:
            steps["dates"] = ("(date BETWEEN ? AND ? OR date IS NULL)", (low, high))
        else:
            steps["dates"] = ("date BETWEEN ? AND ?", (low, high))
    if filters.countries:
        steps["countries"] = _in("country_code", [c.upper() for c in filters.countries])
    if filters.regions:
        ids = sorted({int(i) for r in filters.regions for i in (region_ids or {}).get(r, ())})
        steps["regions"] = _in("geonameid", ids) if ids else ("FALSE", ())
    if filters.kinds and NO_KIND in filters.kinds:
        steps["kinds"] = _in(KIND_LABEL, filters.kinds)
    elif filters.kinds:  # the same condition, cheaper: no event without a kind is wanted
        condition, params = _in("kind", filters.kinds)
        steps["kinds"] = (f"role = 'event' AND {condition}", params)
    if filters.min_casualties > 0:
        steps["casualties"] = (f"{CASUALTIES} >= ?", (int(filters.min_casualties),))
    if filters.precisions:
        steps["precisions"] = _in("precision", filters.precisions)
    if filters.sources:
        steps["sources"] = _in(SOURCE_LABEL, filters.sources)
    text = filters.text.strip().casefold()[:MAX_TEXT]
    if text:
        steps["text"] = (f"contains({SEARCH}, ?)", (text,))
    if not filters.show_uncertain:
        steps["uncertain"] = (CERTAIN, ())
    return Where(tuple((step, *steps[step]) for step in STEPS), filters)


def _in(column: str, values: Sequence) -> tuple[str, tuple]:
    values = tuple(values)
    if not values:
        return "FALSE", ()
    return f"{column} IN ({', '.join('?' * len(values))})", values


# -- counts ----------------------------------------------------------------------------------


def counts(engine, found: Where) -> Counts:
    """Counts of events, mentions, distinct articles and distinct places (points)."""
    sql = f"""
        SELECT count(*) FILTER (WHERE role = 'event'), count(*) FILTER (WHERE role = 'mention'),
               count(DISTINCT article_rowid), count(DISTINCT point)
        FROM events WHERE {found.sql()}
    """
    return Counts(*(int(v or 0) for v in engine.rows(sql, found.params())[0]))


def funnel(engine, found: Where) -> dict[str, int]:
    """Rows left after each filter step, the steps applied in STEPS order (a step that is
    off leaves what the step before it left): from the rollup when it holds every filter
    set, else in one scan."""
    if found.filters is not None and rollup.covers(found.filters):
        return rollup.funnel(rollup.of(engine), found.filters)
    columns, params, conditions, so_far = [], [], [], []
    for _, condition, step_params in found.steps:
        if condition != "TRUE":
            conditions.append(condition)
            so_far.extend(step_params)
            columns.append(f"count(*) FILTER (WHERE {' AND '.join(conditions)})")
            params.extend(so_far)
    sql = f"SELECT {''.join(c + ', ' for c in columns)}count(*) FROM events WHERE {LOCATED}"
    row = engine.rows(sql, params)[0]
    left, at, previous = {}, 0, int(row[-1])
    for step, condition, _ in found.steps:
        if condition != "TRUE":
            previous, at = int(row[at]), at + 1
        left[step] = previous
    return left


# -- timeline, totals, table -----------------------------------------------------------------


def timeline_bin(first: date | None, last: date | None) -> str:
    """The timeline's bin for a span of dates: day up to two years, week up to ten, else month."""
    if first is None or last is None:
        return "day"
    days = (last - first).days
    return "day" if days <= 731 else "week" if days <= 3653 else "month"


def timeline(engine, found: Where, bin: str = "day") -> pd.DataFrame:
    """Dated rows per bin (its first day), role and kind: columns day, role, kind, count, as
    :func:`dashboard.aggregate.daily` for one-day bins (a mention's kind is None)."""
    if bin not in ("day", "week", "month"):
        raise ValueError(f"timeline bin must be day, week or month, not {bin!r}")
    if found.filters is not None and rollup.covers(found.filters):
        return rollup.timeline(rollup.of(engine), found.filters, bin)
    sql = f"""
        SELECT CAST(date_trunc('{bin}', date) AS TIMESTAMP) AS day, role, {KIND_LABEL} AS kind,
               count(*) AS count
        FROM events WHERE {found.sql()} AND date IS NOT NULL
        GROUP BY ALL ORDER BY day, role, kind NULLS LAST
    """
    out = engine.frame(sql, found.params())
    out["day"] = out["day"].astype("datetime64[ns]")
    out["kind"] = out["kind"].astype(object).where(out["kind"].notna(), None)
    out["count"] = out["count"].astype("int64")
    return out


def date_bounds(engine, found: Where) -> tuple[date, date] | None:
    """The earliest and latest date of the filtered rows; None when none is dated."""
    low, high = engine.rows(f"SELECT min(date), max(date) FROM events WHERE {found.sql()}",
                            found.params())[0]  # fmt: skip
    return None if low is None else (low, high)


def country_totals(engine, found: Where, links: str | None = None) -> pd.DataFrame:
    """Per country: events, mentions, killed, injured and places; most events first.

    Killed and injured follow events/tolls.py where a query can: only events that happened
    and are news of the day, a figure where its own sentence puts it and not a vague one
    ("dozens"), one event once per country with its highest figure, one event reported by
    several articles once with its highest figure (with ``links``, the engine's table of
    links across articles, dashboard.engine_exports.LINKS; without it once per article),
    and a running total ("has risen to") counted once, its highest. Unlike events/tolls.py
    they read no disease names (an outbreak's counts are not taken as one running total),
    keep a figure told for several countries at once, or for the world, in each of them,
    count the same figure told twice in one article twice, and add a town's figure to the
    national running total that holds it.
    """
    vague = {c: f"COALESCE({c}_qualifier, '') NOT IN ({_VAGUE})" for c in ("killed", "injured")}
    link, joined = "e.event_id", ""
    if links:  # filtered first, then joined (the link table has a rowid of its own)
        link, joined = "COALESCE(l.link_id, e.event_id)", f"LEFT JOIN {links} AS l USING (event_id)"
    sql = f"""
        WITH rows AS (
            SELECT country_code, role, point, article_rowid, trigger_start, e.rowid AS rowid,
                   kind, killed, injured, killed_qualifier, injured_qualifier, running_total,
                   status, background, place_source, {link} AS link
            FROM (SELECT * FROM events WHERE {found.sql()} AND COALESCE(country_code, '') <> '')
                AS e {joined}
        ),
        per_event AS (  -- one event at several places of a country: once, its highest figure
            SELECT country_code, {KIND_LABEL} AS kind_label, bool_or(running_total) AS running,
                   max(killed) FILTER (WHERE {vague["killed"]}) AS killed,
                   max(injured) FILTER (WHERE {vague["injured"]}) AS injured,
                   {"min(link)" if links else "CAST(min(rowid) AS VARCHAR)"} AS link
            FROM rows
            WHERE role = 'event' AND (killed IS NOT NULL OR injured IS NOT NULL)
              AND COALESCE(status, 'occurred') = 'occurred' AND NOT COALESCE(background, false)
              AND COALESCE(place_source, 'sentence') = 'sentence'
            GROUP BY country_code, article_rowid, COALESCE(trigger_start, -rowid), kind_label
        ),
        per_link AS (  -- one event reported by several articles: once, its highest figure
            SELECT country_code, min(kind_label) AS kind_label, bool_or(running) AS running,
                   max(killed) AS killed, max(injured) AS injured
            FROM per_event GROUP BY country_code, link
        ),
        figures AS (  -- a running total counts once, its highest
            SELECT country_code, sum(killed) AS killed, sum(injured) AS injured FROM (
                SELECT country_code, killed, injured FROM per_link WHERE NOT running
                UNION ALL
                SELECT country_code, max(killed), max(injured) FROM per_link WHERE running
                GROUP BY country_code, kind_label
            ) GROUP BY country_code
        ),
        counted AS (
            SELECT country_code, count(*) FILTER (WHERE role = 'event') AS events,
                   count(*) FILTER (WHERE role = 'mention') AS mentions,
                   count(DISTINCT point) AS places
            FROM rows GROUP BY country_code
        )
        SELECT counted.country_code AS country, events, mentions,
               COALESCE(figures.killed, 0) AS killed, COALESCE(figures.injured, 0) AS injured,
               places
        FROM counted LEFT JOIN figures USING (country_code)
        ORDER BY events DESC, mentions DESC, country
    """
    params = found.params()
    out = engine.frame(sql, params)
    for column in ("events", "mentions", "killed", "injured", "places"):
        out[column] = out[column].astype("int64")
    return out


def table_page(engine, found: Where, page: int = 0, size: int = TABLE_PAGE) -> pd.DataFrame:
    """One page of the events table, newest first (undated last; the same date in the order
    the articles were stored, then as their text tells), columns named for people as
    :func:`dashboard.data.table_view` names them."""
    columns = dict(TABLE_COLUMNS, kind_label=KIND_LABEL, source_label=SOURCE_LABEL)
    select = ", ".join(
        f'{columns[c] if c in ("kind_label", "source_label") else c} AS "{label}"'
        for c, label in TABLE_COLUMNS.items()
    )
    # Two steps: the page's rows by their sort keys alone, then their columns, read from
    # the row groups of the page's dates only (the parts are sorted by date).
    order = "date DESC NULLS LAST, published, article_rowid, start, rowid"
    newest, newest_params = "TRUE", []
    if found.filters is not None and rollup.covers(found.filters):
        # The page lies within the newest days holding enough rows: read only those.
        first = rollup.newest_day(rollup.of(engine), found.filters, (page + 1) * size)
        if first is not None:
            newest, newest_params = "date >= ?", [first]
    keys = engine.rows(
        f"SELECT rowid, date FROM events WHERE {found.sql()} AND {newest} ORDER BY {order} "
        f"LIMIT {int(size)} OFFSET {int(page) * int(size)}",
        found.params() + newest_params,
    )
    rowids = [row[0] for row in keys]
    dates = [row[1] for row in keys if row[1] is not None]
    within = "(date BETWEEN ? AND ? OR date IS NULL)" if dates else "TRUE"
    span = [min(dates), max(dates)] if dates else []
    marks = ", ".join("?" * len(rowids)) or "NULL"
    out = engine.frame(
        f"SELECT {select} FROM events WHERE {within} AND rowid IN ({marks}) ORDER BY {order}",
        [*span, *rowids],
    )
    out["Kind"] = out["Kind"].astype(object).where(out["Kind"].notna(), None)
    out["Confidence"] = pd.to_numeric(out["Confidence"]).where(out["Role"] == "event")
    return out


_VAGUE = ", ".join(f"'{quoted(q)}'" for q in sorted(VAGUE_QUALIFIERS))
