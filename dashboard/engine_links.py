"""Links across articles for the whole store, computed by the columnar engine in SQL.

The same answer as pipeline/linking.py (the reference, which the store's own frame uses), row
for row, without reading the events into Python:

- **Chains.** Events of one kind, status and place key link when their dates chain within
  WINDOW_DAYS of the link's *first* event. A link is anchored at its first event, so this is
  not a gaps-and-islands split (a daily series of reports makes a new link every three days,
  however short the gaps). Per (kind, status, place key) the distinct days are the nodes; a
  window function gives each day the next day more than WINDOW_DAYS after it (the next
  anchor, were this day one); a recursive query walks those steps from each group's first
  day, one step per link for all groups at once; every day then takes the last anchor at or
  before it, and the link id is the smallest event id of that anchor's day.
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

from dashboard.engine_exports import LINKS
from dashboard.sql_terms import LOCATED
from pipeline.linking import WINDOW_DAYS

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


def _link_ctes(source: str, window: int) -> str:
    """The common table expressions ending in ``linked(event_id, article_id, link_id)``: the
    rows of ``source`` that chain with others or may join a finer report (the others are
    their own link)."""
    window = int(window)
    same_group = (
        "{a}.place_key = {b}.place_key AND {a}.kind = {b}.kind "
        "AND {a}.status IS NOT DISTINCT FROM {b}.status AND {a}.day = {b}.day"
    )
    return f"""
    rows_in AS MATERIALIZED (
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
    -- run goes on there: those anchors are found step by step from the run's first day.
    steps AS MATERIALIZED (
        SELECT DISTINCT kind, status, place_key, day, beyond,
               previous IS NULL OR day - previous > {window} AS starts_run
        FROM marked WHERE beyond - reach <= {window}
    ),
    stepped(kind, status, place_key, day) AS (
        SELECT kind, status, place_key, beyond FROM steps WHERE starts_run
        UNION ALL
        SELECT s.kind, s.status, s.place_key, s.beyond
        FROM stepped AS a JOIN steps AS s ON {same_group.format(a="s", b="a")}
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
    )
    """


def links_sql(source: str, window: int = WINDOW_DAYS) -> str:
    """SQL answering ``event_id, link_id`` for every row of ``source`` (a table name or a
    parenthesised query with the columns LINK_COLUMNS), the link id
    pipeline.linking.link_ids gives it (its own id when it links to nothing)."""
    return f"""
    WITH RECURSIVE {_link_ctes(source, window)}
    SELECT r.event_id, COALESCE(l.link_id, r.event_id) AS link_id
    FROM rows_in AS r LEFT JOIN linked AS l USING (event_id)
    """


def links_table_sql(source: str, window: int = WINDOW_DAYS) -> str:
    """SQL answering ``event_id, link_id, link_size`` (the articles reporting the linked
    event) for the rows of ``source`` that link to another or are reported by several
    articles: the rows of the engine's link table."""
    return f"""
    WITH RECURSIVE {_link_ctes(source, window)},
    sizes AS (
        SELECT link_id, count(DISTINCT article_id) AS link_size FROM linked GROUP BY link_id
    )
    SELECT l.event_id, l.link_id, CAST(s.link_size AS BIGINT) AS link_size
    FROM linked AS l JOIN sizes AS s USING (link_id)
    WHERE l.link_id <> l.event_id OR s.link_size > 1
    """


def fill_links(engine, window: int = WINDOW_DAYS) -> int:
    """Fill the engine's link table (LINKS) with the links of every located event of the
    mirror, as engine_exports.prepare_links does with pipeline.linking; returns the events
    that link to another."""
    columns = ", ".join(LINK_COLUMNS)
    source = f"(SELECT {columns} FROM events WHERE {LOCATED})"
    engine.execute(f'CREATE OR REPLACE TABLE "{LINKS}" AS {links_table_sql(source, window)}')
    return int(engine.rows(f'SELECT count(*) FROM "{LINKS}"')[0][0])
