"""Links across articles for the whole store, computed by the columnar engine in SQL.

The same answer as pipeline/linking.py (the reference, which the store's own frame uses), row
for row, without reading the events into Python:

- **Chains.** Events of one kind, status and place key link when their dates chain within
  WINDOW_DAYS of the link's *first* event. A link is anchored at its first event, so this is
  not a gaps-and-islands split (a daily series of reports makes a new link every three days,
  however short the gaps). One pass of window functions over the events of each (kind,
  status, place key), in date order, gives each event the first event of its day, the
  group's day before, the last day within WINDOW_DAYS after it and the first day past them.
  A day more than WINDOW_DAYS after the day before it starts a link (most links, in sparse
  data). In a run of closer days, the link anchored on a day is followed by one anchored on
  the first day past its window: those anchors are found from the run's first day by
  doubling (the day 2^k links ahead, from the day 2^(k-1) ahead), so a run of a thousand
  links costs ten joins. Every event then takes the first event of the last anchor on or
  before its day.
- **Country-level reports.** A country-level report joins the link of the earliest finer
  report (town or admin; ties: the smallest id) of the same kind, status, country and death
  toll (above 0) within WINDOW_DAYS before or after it. Each report is spread over the days of
  its window and joined to the finer reports' first id per day on equal keys, so the join
  grows with the reports, not with their pairs.

:func:`links_sql` is the query over any relation with the linker's columns (the tests compare
it with pipeline.linking on generated records); :func:`fill_links` fills the engine's link
table (engine_exports.LINKS: the events that link to another, with the articles of their
link) from the mirror's events.
"""

from __future__ import annotations

import uuid

from dashboard.engine_exports import LINKS
from dashboard.sql_terms import LOCATED
from pipeline.linking import WINDOW_DAYS

CHUNK_ROWS = 500_000  # events linked in one query (whole country-kind-status groups)
MAX_LEVELS = 16  # doubling steps by default: runs of up to 2^16 links (180 years, daily)
LINK_COLUMNS = (
    "event_id", "article_id", "role", "kind", "status", "place_key", "date", "country_code",
    "precision", "killed",
)  # fmt: skip


def _chained(row: str = "") -> str:
    """pipeline.linking: an event with a kind, a date and a place key chains with others."""
    return (
        f"{row}role = 'event' AND COALESCE({row}kind, '') <> '' "
        f"AND COALESCE({row}place_key, '') <> '' AND {row}day IS NOT NULL"
    )


def _joinable(row: str = "") -> str:
    """pipeline.linking._linkable: one with a kind, a date, a country and a toll may join a
    report of another precision."""
    return (
        f"{row}role = 'event' AND COALESCE({row}kind, '') <> '' AND {row}day IS NOT NULL "
        f"AND COALESCE({row}country_code, '') <> '' AND {row}killed > 0"
    )


def levels_for(span_days: int, window: int = WINDOW_DAYS) -> int:
    """The doubling steps that reach every anchor of a run of days ``span_days`` long: a run
    holds at most span_days // (window + 1) links after its first."""
    return max(1, (max(int(span_days), 0) // (int(window) + 1)).bit_length())


def _doubling(levels: int) -> str:
    """``jumps_k`` (each step day's day 2^k steps ahead) and ``found_k`` (the days a run's
    first day reaches in fewer than 2^k steps), for k up to ``levels``."""
    ctes = []
    for k in range(1, levels + 1):
        if k < levels:
            ctes.append(
                f"jumps_{k} AS MATERIALIZED (SELECT a.gid, a.day, b.jump FROM jumps_{k - 1} "
                f"AS a JOIN jumps_{k - 1} AS b ON b.gid = a.gid AND b.day = a.jump)"
            )
        ctes.append(
            f"found_{k} AS MATERIALIZED (SELECT gid, day FROM found_{k - 1} UNION ALL "
            f"SELECT j.gid, j.jump FROM found_{k - 1} AS f JOIN jumps_{k - 1} AS j "
            f"ON j.gid = f.gid AND j.day = f.day)"
        )
    return ",\n    ".join(ctes)


def _link_ctes(source: str, window: int, levels: int) -> str:
    """The common table expressions ending in ``linked(event_id, article_id, link_id)``: the
    rows of ``source`` that chain with others or may join a finer report (the others are
    their own link)."""
    window, levels = int(window), int(levels)
    same_group = (
        "{a}.place_key = {b}.place_key AND {a}.kind = {b}.kind "
        "AND {a}.status IS NOT DISTINCT FROM {b}.status AND {a}.day = {b}.day"
    )
    return f"""
    rows_in AS NOT MATERIALIZED (
        SELECT event_id, article_id, role, kind, status, place_key, country_code, precision,
               killed, CAST(date AS DATE) - DATE '1970-01-01' AS day
        FROM {source}
    ),
    -- each event of a (kind, status, place key) group with the first event of its day, the
    -- group's day before (``previous``), its last day within the window (``reach``) and its
    -- first day past the window (``beyond``)
    marked AS MATERIALIZED (
        SELECT event_id, article_id, kind, status, place_key, day,
               min(event_id) OVER (by_day RANGE BETWEEN CURRENT ROW AND CURRENT ROW) AS first_id,
               max(day) OVER (by_day RANGE BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
                   AS previous,
               max(day) OVER (by_day RANGE BETWEEN CURRENT ROW AND {window} FOLLOWING) AS reach,
               min(day) OVER (by_day RANGE BETWEEN {window + 1} FOLLOWING
                              AND UNBOUNDED FOLLOWING) AS beyond
        FROM rows_in WHERE {_chained()}
        WINDOW by_day AS (PARTITION BY kind, status, place_key ORDER BY day)
    ),
    -- A day more than the window after the group's day before it starts a link: whatever
    -- link that day was in started on it or before. Within a run of days closer together, a
    -- link anchored on a day ends at ``reach``, and the next starts on ``beyond`` when the
    -- run goes on there (a step). The anchors of a run are the days its first day reaches
    -- step by step: found by doubling (the days 2^k steps ahead, from those 2^(k-1) ahead),
    -- so a run of a thousand links takes ten joins, not a thousand.
    steps AS MATERIALIZED (
        SELECT dense_rank() OVER (ORDER BY kind, status, place_key) AS gid, *
        FROM (
            SELECT DISTINCT kind, status, place_key, day, beyond AS jump,
                   previous IS NULL OR day - previous > {window} AS starts_run
            FROM marked WHERE beyond - reach <= {window}
        )
    ),
    jumps_0 AS (SELECT gid, day, jump FROM steps),
    found_0 AS (SELECT gid, day FROM steps WHERE starts_run),
    {_doubling(levels)},
    stepped AS (
        SELECT DISTINCT g.kind, g.status, g.place_key, f.day
        FROM found_{levels} AS f
        JOIN (SELECT DISTINCT gid, kind, status, place_key FROM steps) AS g USING (gid)
    ),
    -- each event takes the first event of the last link start on or before its day
    chain_links AS MATERIALIZED (
        SELECT m.event_id, m.article_id,
               last_value(
                   CASE WHEN m.previous IS NULL OR m.day - m.previous > {window}
                             OR a.day IS NOT NULL THEN m.first_id END
                   IGNORE NULLS
               ) OVER (PARTITION BY m.kind, m.status, m.place_key ORDER BY m.day
                       ROWS UNBOUNDED PRECEDING) AS link_id
        FROM marked AS m LEFT JOIN stepped AS a ON {same_group.format(a="a", b="m")}
    ),
    -- the country-level reports that may join a finer one, and the first finer report of
    -- each day per (kind, status, country, toll) among those keys
    country AS MATERIALIZED (
        SELECT event_id, article_id, kind, status, country_code, killed, day FROM rows_in
        WHERE {_joinable()} AND precision = 'country'
    ),
    finer AS (
        SELECT f.kind, f.status, f.country_code, f.killed, f.day, min(f.event_id) AS first_id
        FROM rows_in AS f
        WHERE {_joinable("f.")} AND f.precision IN ('town', 'admin')
          AND EXISTS (
              SELECT 1 FROM country AS c
              WHERE c.kind = f.kind AND c.status IS NOT DISTINCT FROM f.status
                AND c.country_code = f.country_code AND c.killed = f.killed
          )
        GROUP BY ALL
    ),
    -- each country-level report spread over the days of its window: the earliest finer one
    joined AS MATERIALIZED (
        SELECT c.event_id, any_value(c.article_id) AS article_id,
               arg_min(f.first_id, f.day) AS finer_id
        FROM country AS c
        CROSS JOIN range({-window}, {window + 1}) AS shift(by_days)
        JOIN finer AS f
          ON f.kind = c.kind AND f.status IS NOT DISTINCT FROM c.status
         AND f.country_code = c.country_code AND f.killed = c.killed
         AND f.day = c.day + shift.by_days
        GROUP BY c.event_id
    ),
    linked AS (
        SELECT cl.event_id, cl.article_id, cl.link_id FROM chain_links AS cl
        WHERE cl.event_id NOT IN (SELECT event_id FROM joined)
        UNION ALL
        SELECT j.event_id, j.article_id, COALESCE(fl.link_id, j.finer_id)
        FROM joined AS j LEFT JOIN chain_links AS fl ON fl.event_id = j.finer_id
        UNION ALL  -- a finer report without a place key is its own link, joined or not
        SELECT r.event_id, r.article_id, r.event_id FROM rows_in AS r
        WHERE r.precision IN ('town', 'admin') AND NOT ({_chained("r.")})
          AND r.event_id IN (SELECT finer_id FROM joined)
    )
    """


def links_sql(source: str, window: int = WINDOW_DAYS, levels: int = MAX_LEVELS) -> str:
    """SQL answering ``event_id, link_id`` for every row of ``source`` (a table name or a
    parenthesised query with the columns LINK_COLUMNS), the link id
    pipeline.linking.link_ids gives it (its own id when it links to nothing). ``levels``:
    :func:`levels_for` the span of the rows' dates (the default covers 180 years)."""
    return f"""
    WITH {_link_ctes(source, window, levels)}
    SELECT r.event_id, COALESCE(l.link_id, r.event_id) AS link_id
    FROM rows_in AS r LEFT JOIN linked AS l USING (event_id)
    """


def links_table_sql(source: str, window: int = WINDOW_DAYS, levels: int = MAX_LEVELS) -> str:
    """SQL answering ``event_id, link_id, link_size`` (the articles reporting the linked
    event) for the rows of ``source`` that link to another or are reported by several
    articles: the rows of the engine's link table."""
    return f"""
    WITH {_link_ctes(source, window, levels)},
    sizes AS (
        SELECT link_id, count(DISTINCT article_id) AS link_size FROM linked GROUP BY link_id
    )
    SELECT l.event_id, l.link_id, CAST(s.link_size AS BIGINT) AS link_size
    FROM linked AS l JOIN sizes AS s USING (link_id)
    WHERE l.link_id <> l.event_id OR s.link_size > 1
    """


def fill_links(engine, window: int = WINDOW_DAYS, chunk_rows: int = CHUNK_ROWS) -> int:
    """Fill the engine's link table (LINKS) with the links of every located event of the
    mirror, as engine_exports.prepare_links does with pipeline.linking; returns the events
    that link to another.

    Events link only within one (country, kind, status), so the events are linked in chunks
    of whole such groups (by a hash of the three), about ``chunk_rows`` events each: the
    query's memory stays within DuckDB's cap whatever the store's size. The table is written
    under another name and put in place at the end: readers never see it half filled."""
    columns = ", ".join(LINK_COLUMNS)
    ((count, span),) = engine.rows(
        f"SELECT count(*), COALESCE(max(date) - min(date), 0) FROM events WHERE {LOCATED}"
    )
    chunks = max(1, -(-int(count) // max(int(chunk_rows), 1)))
    levels = levels_for(span, window)
    staging = f"{LINKS}_{uuid.uuid4().hex}"
    engine.execute(
        f'CREATE TABLE "{staging}" (event_id VARCHAR, link_id VARCHAR, link_size BIGINT)'
    )
    try:
        for chunk in range(chunks):
            source = (
                f"(SELECT {columns} FROM events WHERE {LOCATED} "
                f"AND hash(country_code, kind, status) % {chunks} = {chunk})"
            )
            engine.execute(f'INSERT INTO "{staging}" {links_table_sql(source, window, levels)}')
        engine.execute(
            f'BEGIN; DROP TABLE IF EXISTS "{LINKS}"; '
            f'ALTER TABLE "{staging}" RENAME TO "{LINKS}"; COMMIT'
        )
    finally:
        engine.execute(f'DROP TABLE IF EXISTS "{staging}"')
    return int(engine.rows(f'SELECT count(*) FROM "{LINKS}"')[0][0])
