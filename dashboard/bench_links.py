"""``python -m dashboard.bench_links [--events N ...]``: how long linking the whole store takes.

For each size (default 100,000 and 1,000,000 events) it writes a synthetic store in bulk
(places from the real gazetteer, as ``python -m dashboard.bench``), brings its columnar mirror
up to date, then links the reports of one event across articles for every event, twice:

- in the engine, in SQL (what the dashboard's page and ``newsmap export`` run);
- in Python, with the pipeline's linker (the reference, one country-kind-status group of
  events read from the engine at a time).

It prints one JSON object per size: ``events``, ``linked`` (events that link to another),
``engine_s`` and ``python_s`` (the median of ``--rounds`` runs each), ``speedup``,
``identical`` (whether both gave the same link table, row for row) and ``load`` (the machine's
load average over the last minute when the size's runs started).

``--daily PLACES YEARS`` measures the hardest case for the engine instead: a report every day
for YEARS years at each of PLACES places (one unbroken run of days each, a new link every
three days), in an in-memory table, against the pipeline's linker over the same records.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

DEFAULT_SIZES = (100_000, 1_000_000)


def measure(store: Path, rounds: int) -> dict:
    """Link every event of the store at ``store`` (its mirror synced) in the engine and in
    Python, ``rounds`` times each; the figures of :mod:`dashboard.bench_links`."""
    from dashboard import engine_exports, engine_links
    from pipeline.linking import frame_link_ids
    from store.engine import EventsEngine

    table = f'SELECT * FROM "{engine_links.LINKS}" ORDER BY event_id'
    result: dict = {"load": round(os.getloadavg()[0], 2)}
    with EventsEngine(store) as engine:
        result["events"] = int(engine.rows("SELECT count(*) FROM events")[0][0])
        in_sql, in_python = [], []
        for _ in range(rounds):
            started = time.perf_counter()
            result["linked"] = engine_links.fill_links(engine)
            in_sql.append(time.perf_counter() - started)
        by_engine = engine.frame(table)
        for _ in range(rounds):
            started = time.perf_counter()
            engine_exports.prepare_links(engine, frame_link_ids)
            in_python.append(time.perf_counter() - started)
        result["identical"] = bool(by_engine.equals(engine.frame(table)))
    result["engine_s"] = round(statistics.median(in_sql), 2)
    result["python_s"] = round(statistics.median(in_python), 2)
    result["speedup"] = round(result["python_s"] / max(result["engine_s"], 1e-9), 1)
    return result


def measure_daily(places: int, years: int, rounds: int) -> dict:
    """Link a report a day for ``years`` years at each of ``places`` places, in the engine's
    SQL and with the pipeline's linker; the figures of ``--daily``."""
    from datetime import date, timedelta

    import duckdb

    from dashboard.engine_links import levels_for, links_sql
    from pipeline.linking import LinkRecord, link_ids

    days = 365 * years
    result: dict = {"load": round(os.getloadavg()[0], 2), "daily_places": places}
    result.update(years=years, events=places * days)
    first = date(2010, 1, 1)
    records = [
        LinkRecord(f"e{p}-{d:05d}", "event", "air_strike", "occurred", f"gn:{p}",
                   first + timedelta(days=d), "SY", "town", None)
        for p in range(places) for d in range(days)
    ]  # fmt: skip
    with duckdb.connect() as con:
        con.execute(f"""
            CREATE TABLE reports AS SELECT
                'e' || p || '-' || lpad(CAST(d AS VARCHAR), 5, '0') AS event_id,
                'a' || p || '-' || d AS article_id, 'event' AS role, 'air_strike' AS kind,
                'occurred' AS status, 'gn:' || p AS place_key,
                DATE '{first}' + CAST(d AS INTEGER) AS date, 'SY' AS country_code,
                'town' AS precision, CAST(NULL AS BIGINT) AS killed
            FROM range({int(places)}) AS ps(p), range({int(days)}) AS ds(d)
        """)
        sql = f"SELECT * FROM ({links_sql('reports', levels=levels_for(days))}) ORDER BY 1"
        in_sql, in_python = [], []
        for _ in range(rounds):
            started = time.perf_counter()
            by_engine = con.sql(sql).fetchall()
            in_sql.append(time.perf_counter() - started)
    for _ in range(rounds):
        started = time.perf_counter()
        linked = link_ids(records)
        in_python.append(time.perf_counter() - started)
    reference = sorted(zip((r.event_id for r in records), linked, strict=True))
    result["identical"] = by_engine == reference
    result["engine_s"] = round(statistics.median(in_sql), 2)
    result["python_s"] = round(statistics.median(in_python), 2)
    return result


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and print one JSON object per size."""
    parser = argparse.ArgumentParser(
        prog="python -m dashboard.bench_links",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--events", type=int, nargs="+", default=list(DEFAULT_SIZES), help="store sizes"
    )
    parser.add_argument("--rounds", type=int, default=3, help="runs of each (default 3)")
    parser.add_argument(
        "--keep",
        type=Path,
        help="write the stores here and keep them; a store already there is measured again",
    )
    parser.add_argument(
        "--daily",
        type=int,
        nargs=2,
        metavar=("PLACES", "YEARS"),
        help="measure a report a day for YEARS years at PLACES places instead",
    )
    args = parser.parse_args(argv)
    if args.daily:
        print(json.dumps(measure_daily(*args.daily, max(args.rounds, 1))), flush=True)
        return 0
    from dashboard.bench import _filled, bench_stores
    from dashboard.synthetic_bulk import fill_bulk
    from store.mirror import sync

    with bench_stores(args.keep) as (places, folder):
        for size in args.events:
            store = folder / f"bench-{size}.sqlite"
            if not _filled(store, size):
                for stale in (store, store.with_name(store.name + "-wal")):
                    stale.unlink(missing_ok=True)
                fill_bulk(store, size, places)
            sync(store)
            print(json.dumps(measure(store, max(args.rounds, 1))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
