"""The server side of ``python -m dashboard.bench``, run in a process of its own per store.

``python -m dashboard.bench_engine STORE STARTED`` (STARTED: the parent's ``time.time()`` when
it started this process) opens the columnar engine over the store's mirror as the dashboard's
server does, answers what a first page shows (counts, funnel, timeline, country totals, the
table's first page and the map layer), then twenty filter changes (date ranges, countries,
kinds, drawn from a fixed seed), and prints one JSON object: ``cold_start_ms`` (process start
to the first map data), ``query_ms_p50``/``query_ms_p95`` (a filter change: every query of the
page), ``map_bytes`` (the largest map layer, as GeoJSON), ``map_objects`` and ``rss_mb`` (this
process's peak resident memory).
"""

from __future__ import annotations

import json
import random
import resource
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from dashboard import map_queries, queries
from dashboard.filters import Filters
from dashboard.synthetic import COUNTRIES, KINDS, START
from store.engine import EventsEngine

CHANGES = 20
WORLD = (-60.0, -180.0, 75.0, 180.0)  # the first view: the world at zoom 2
ZOOM = 2


def page(engine: EventsEngine, chosen: Filters, zoom: int = ZOOM, view=WORLD) -> tuple[int, int]:
    """Every query one page view runs for ``chosen``; returns the map layer's GeoJSON bytes
    and its objects (places and cells)."""
    found = queries.where_for(engine, chosen)
    layer = map_queries.map_layer(engine, found, zoom, view)
    queries.counts(engine, found)
    queries.funnel(engine, found)
    queries.timeline(engine, found)
    queries.country_totals(engine, found)
    queries.table_page(engine, found)
    return len(json.dumps(layer.features()).encode()), len(layer.places) + len(layer.bubbles)


def changes(seed: int = 14, count: int = CHANGES) -> list[Filters]:
    """``count`` filter changes: a date range, zero to three countries, zero to two kinds."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        first = START + timedelta(days=rng.randrange(300))
        last = min(first + timedelta(days=rng.randrange(7, 180)), date(2016, 12, 31))
        countries = tuple(rng.sample(sorted(COUNTRIES), rng.randrange(4)))
        kinds = tuple(str(kind) for kind in rng.sample(KINDS, rng.randrange(3)))
        out.append(Filters(date_from=first, date_to=last, countries=countries, kinds=kinds))
    return out


def measure(store: Path, started: float) -> dict:
    """The figures above for the store at ``store`` (its mirror synced)."""
    engine = EventsEngine(store)
    map_bytes, objects = page(engine, Filters())
    cold = (time.time() - started) * 1000
    times = []
    for chosen in changes():
        begun = time.perf_counter()
        size, count = page(engine, chosen)
        times.append((time.perf_counter() - begun) * 1000)
        map_bytes, objects = max(map_bytes, size), max(objects, count)
    zoomed, zoomed_objects = page(engine, Filters(), zoom=7, view=(33.0, 35.0, 37.0, 45.0))
    quantiles = statistics.quantiles(times, n=20)
    return {
        "cold_start_ms": round(cold, 1),
        "query_ms_p50": round(statistics.median(times), 1),
        "query_ms_p95": round(quantiles[18], 1),
        "map_bytes": max(map_bytes, zoomed),
        "map_objects": max(objects, zoomed_objects),
        "rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]), float(sys.argv[2]))))
