"""The events' columnar mirror: write-once Parquet parts that DuckDB reads for the dashboard.

The SQLite store stays the source of truth (articles, dedupe, one transaction per article);
this mirror is a copy of its events made for scans: ten million rows filtered and counted in
a fraction of a second, where DuckDB reading the SQLite file itself takes seconds (README,
"The store at scale"). It is derived data: delete it and :func:`sync` writes it again.

Layout, beside the store file ``newsmap.sqlite``, in the folder ``newsmap.sqlite.columns/``:

- ``events/part-<first>-<last>.parquet``: the events whose SQLite rowid lies in first..last,
  each joined with its article and place, plus derived columns (DERIVED), sorted by date.
  Its metadata holds the id of the event at ``last`` and the layout's version.
- ``places.parquet``: the places as the parts were written with them.

Every file is written under a temporary name (starting with ".") and renamed: a reader sees a
whole file or none. :func:`sync` exports the rows past the last exported one (rowids only grow:
the store appends, one writer at a time, and never deletes), so it is idempotent and safe
while an ingest runs (it reads one snapshot through a read-only connection). A place the store
updates (an ingest upserts places) rewrites the parts holding it. A store whose rowids no
longer match (VACUUMed, or replaced by another file), or parts of another layout
(MIRROR_VERSION), are exported again from scratch.
Compaction merges runs of small parts (one per small ingest) into one; the merged part and the
parts it replaces sit side by side for a while, and :func:`live_parts` reads the widest.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from events.measure.tolls import RUNNING_TOTAL_PATTERN
from store.db import Store, versioned_columns
from store.duck import attach_sqlite, connect, quoted

PART_ROWS = 1_000_000  # rowids per part written by a sync
SMALL_PART_ROWS = PART_ROWS // 4  # parts under this are merged by compaction...
COMPACT_AFTER = 8  # ...once this many of them are live
GRACE_SECONDS = 120  # a replaced part stays this long for readers that listed it before
ROW_GROUP_ROWS = 65_536
LAST_ID_KEY = "newsmap_last_event_id"
VERSION_KEY = "newsmap_mirror_version"
# The parts' layout: a part of another version (older code, other columns) is written again.
MIRROR_VERSION = "2"
MAX_LAT = 85.05

_PART_NAME = re.compile(r"^part-(\d{12})-(\d{12})\.parquet$")
_HOST = r"^[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/?#]*@)?(?:www\.)?([^/:?#]+)"

# The part's columns and their DuckDB types, in order: the event, its article, its place.
COLUMNS: dict[str, str] = {
    "rowid": "BIGINT", "event_id": "VARCHAR", "article_id": "VARCHAR", "role": "VARCHAR",
    "name": "VARCHAR", "precision": "VARCHAR", "snippet": "VARCHAR", "start": "BIGINT",
    "name_start": "BIGINT", "name_end": "BIGINT", "date": "DATE", "date_precision": "VARCHAR",
    "kind": "VARCHAR", "killed": "BIGINT", "injured": "BIGINT", "actors": "VARCHAR",
    "status": "VARCHAR", "trigger": "VARCHAR", "trigger_start": "BIGINT",
    "trigger_end": "BIGINT", "sentence_start": "BIGINT", "killed_qualifier": "VARCHAR",
    "injured_qualifier": "VARCHAR", "killed_revisions": "VARCHAR",
    "injured_revisions": "VARCHAR", "victims": "VARCHAR", "place_key": "VARCHAR",
    "confidence": "DOUBLE", "kind_confidence": "DOUBLE", "background": "BOOLEAN",
    "place_source": "VARCHAR", "killed_confidence": "DOUBLE", "injured_confidence": "DOUBLE",
    "date_approximate": "BOOLEAN",
    "title": "VARCHAR", "url": "VARCHAR", "published": "DATE", "source": "VARCHAR",
    "credit": "VARCHAR", "published_fallback": "VARCHAR",
    "resolved_name": "VARCHAR", "lat": "DOUBLE", "lon": "DOUBLE", "country_code": "VARCHAR",
    "geonameid": "BIGINT", "article_rowid": "BIGINT",
}  # fmt: skip
# Derived while exporting: the URL's host (lower case, no "www."), for the sources filter; the
# place's Web Mercator x and y as fractions of the world (0..1, y down), for the map grid; and
# whether the sentence tells its toll as a running total (events.measure.tolls), for the
# totals; and a hash of the point (lat, lon), to count distinct places cheaply.
_LAT = f"greatest(least(lat, {MAX_LAT}), -{MAX_LAT})"
DERIVED = {
    "host": f"NULLIF(lower(regexp_extract(url, '{_HOST}', 1)), '')",
    "mx": "(lon + 180.0) / 360.0",
    "my": f"(1.0 - ln(tan(radians({_LAT})) + 1.0 / cos(radians({_LAT}))) / pi()) / 2.0",
    "running_total": f"regexp_matches(COALESCE(snippet, ''), '{quoted(RUNNING_TOTAL_PATTERN)}')",
    "point": "CASE WHEN lat IS NOT NULL AND lon IS NOT NULL THEN hash(lat, lon) END",
}
DERIVED_TYPES = {
    "host": "VARCHAR", "mx": "DOUBLE", "my": "DOUBLE", "running_total": "BOOLEAN",
    "point": "UBIGINT",
}  # fmt: skip
# Rows sorted by date within a part: a query for a range of dates skips the row groups
# (ROW_GROUP_ROWS) outside it, by their statistics.
PART_ORDER = "date NULLS LAST, rowid"

# Run by SQLite itself (DuckDB's sqlite_query), so the joins use the store's indexes and a
# small sync reads only its rows. It returns text: REALs go out with 17 digits (exact).
_ROWS_SQL = """
SELECT e.rowid AS rowid, e.id AS event_id, e.article_id AS article_id, e.role AS role,
       e.name AS name, COALESCE(e.precision, p.precision) AS precision, e.snippet AS snippet,
       e.start AS start, e.name_start AS name_start, e.name_end AS name_end, e.date AS date,
       e.date_precision AS date_precision, e.kind AS kind, e.killed AS killed,
       e.injured AS injured, e.actors AS actors, e.status AS status, e.trigger AS trigger,
       e.trigger_start AS trigger_start, e.trigger_end AS trigger_end,
       e.sentence_start AS sentence_start, e.killed_qualifier AS killed_qualifier,
       e.injured_qualifier AS injured_qualifier, e.killed_revisions AS killed_revisions,
       e.injured_revisions AS injured_revisions, e.victims AS victims,
       e.place_key AS place_key, {judged}, {approximate} AS date_approximate,
       a.title AS title, a.url AS url, a.published AS published, a.source AS source,
       a.credit AS credit, {fallback} AS published_fallback,
       p.name AS resolved_name, {lat} AS lat, {lon} AS lon, p.country_code AS country_code,
       p.geonameid AS geonameid, a.rowid AS article_rowid
FROM events AS e
JOIN articles AS a ON a.id = e.article_id
LEFT JOIN places AS p ON p.place_key = e.place_key
WHERE e.rowid BETWEEN {first} AND {last}
ORDER BY e.rowid
"""
_JUDGED = ("confidence", "kind_confidence", "background", "place_source")
_JUDGED += ("killed_confidence", "injured_confidence")
PLACE_COLUMNS = {
    "place_key": "VARCHAR", "name": "VARCHAR", "lat": "DOUBLE", "lon": "DOUBLE",
    "precision": "VARCHAR", "country_code": "VARCHAR", "geonameid": "BIGINT",
}  # fmt: skip
_PLACES_SQL = (
    "SELECT place_key, name, {lat} AS lat, {lon} AS lon, precision, country_code, geonameid "
    "FROM places"
)


@dataclass(frozen=True)
class Part:
    """One Parquet file of the mirror: the events of rowids ``first``..``last``."""

    path: Path
    first: int
    last: int

    def last_id(self) -> str:
        """The id of the event at rowid ``last`` when the part was written."""
        metadata = pq.read_metadata(self.path).metadata or {}
        return metadata.get(LAST_ID_KEY.encode(), b"").decode()


@dataclass(frozen=True)
class SyncReport:
    """What a sync did: rows exported into new parts, parts rewritten for changed places,
    whether everything was exported again, parts merged and old files removed."""

    exported: int
    new_parts: int
    rewritten: int
    rebuilt: bool
    merged: int
    removed: int
    last_rowid: int


def mirror_folder(store_path: Path | str) -> Path:
    """The mirror's folder for a store file: ``<store>.columns`` beside it."""
    path = Path(store_path)
    return path.with_name(path.name + ".columns")


def all_parts(folder: Path) -> list[Part]:
    """Every part file in the mirror (live or replaced), by first rowid."""
    events = folder / "events"
    if not events.is_dir():
        return []
    found = []
    for entry in os.scandir(events):
        match = _PART_NAME.match(entry.name)
        if match:
            found.append(Part(Path(entry.path), int(match[1]), int(match[2])))
    return sorted(found, key=lambda p: (p.first, -p.last))


def live_parts(folder: Path) -> list[Part]:
    """The parts to read: each rowid once, the widest part where a merged one covers others."""
    live: list[Part] = []
    covered = 0
    for part in all_parts(folder):
        if part.first > covered:  # a part inside a wider one (or overlapping it) is skipped
            live.append(part)
            covered = part.last
    return live


def sync(store_path: Path | str, part_rows: int = PART_ROWS) -> SyncReport:
    """Bring the mirror of the store at ``store_path`` up to date; see the module notes.

    Reads the store read-only (an ingest may run meanwhile: what it has not committed yet is
    exported by the next sync). One sync at a time per mirror (a file lock).
    """
    folder = mirror_folder(store_path)
    (folder / "events").mkdir(parents=True, exist_ok=True)
    with _locked(folder), Store(store_path, readonly=True) as store:
        duck = connect()
        try:
            attach_sqlite(duck, store.path)
            with store.snapshot() as (conn, version):
                parts = live_parts(folder)
                rebuilt = bool(parts) and not _matches(conn, parts[-1])
                if rebuilt:
                    for part in all_parts(folder):
                        part.path.unlink()
                    parts = []
                # Places first: a place updated after this is seen as changed next time.
                _read_places(duck)
                rewritten = 0
                for part in _holding_changed_places(duck, folder, parts):
                    _write_part(duck, folder, version, part.first, part.last, part.last_id())
                    rewritten += 1
                top = conn.execute("SELECT COALESCE(max(rowid), 0) FROM events").fetchone()[0]
                last = parts[-1].last if parts else 0
                exported = new_parts = 0
                while last < top:
                    first, last = last + 1, min(last + part_rows, top)
                    last_id = conn.execute("SELECT id FROM events WHERE rowid = ?", (last,))
                    exported += _write_part(
                        duck, folder, version, first, last, last_id.fetchone()[0]
                    )
                    new_parts += 1
            _write_places(duck, folder)
            merged = compact(folder, part_rows, duck=duck)
        finally:
            duck.close()
        removed = remove_replaced(folder)
    return SyncReport(exported, new_parts, rewritten, rebuilt, merged, removed, last)


def compact(folder: Path, part_rows: int = PART_ROWS, force: bool = False, duck=None) -> int:
    """Merge runs of neighbouring small parts into parts of at most ``part_rows`` rows, once
    COMPACT_AFTER small parts are live (any two with ``force``); returns the parts merged.
    The parts merged stay until :func:`remove_replaced` (readers skip them). Runs under the
    sync's lock when :func:`sync` calls it; call it alone only where no sync runs."""
    parts = live_parts(folder)
    rows = {part: pq.read_metadata(part.path).num_rows for part in parts}
    small = [part for part in parts if rows[part] < min(SMALL_PART_ROWS, part_rows)]
    if len(small) < (2 if force else COMPACT_AFTER):
        return 0
    own = duck is None
    duck = connect() if own else duck
    merged = 0
    try:
        for run in _runs(parts, rows, part_rows):
            files = ", ".join(f"'{quoted(str(part.path))}'" for part in run)
            select = f"SELECT * FROM read_parquet([{files}]) ORDER BY {PART_ORDER}"
            _copy(duck, folder, select, run[0].first, run[-1].last, run[-1].last_id())
            merged += len(run)
    finally:
        if own:
            duck.close()
    return merged


def remove_replaced(folder: Path, grace: float = GRACE_SECONDS) -> int:
    """Delete the parts a merged part has covered for more than ``grace`` seconds, and
    temporary files an interrupted sync left an hour ago or more; returns the files removed."""
    live = live_parts(folder)
    removed = 0
    now = time.time()
    for part in all_parts(folder):
        if part in live:
            continue
        cover = next((p for p in live if p.first <= part.first and part.last <= p.last), None)
        if cover is not None and now - cover.path.stat().st_mtime >= grace:
            part.path.unlink(missing_ok=True)
            removed += 1
    for leftover in [*folder.glob(".tmp-*"), *(folder / "events").glob(".tmp-*")]:
        if now - leftover.stat().st_mtime >= 3600:
            leftover.unlink(missing_ok=True)
            removed += 1
    return removed


# -- writing ---------------------------------------------------------------------------------


def _exact(column: str) -> str:
    """A REAL column as SQLite text that DuckDB parses back to the same double."""
    return f"CASE WHEN {column} IS NULL THEN NULL ELSE printf('%!.17g', {column}) END"


def _typed(columns: dict[str, str]) -> str:
    """DuckDB's casts of sqlite_query's text columns to their types."""
    out = []
    for name, kind in columns.items():
        if kind == "BOOLEAN":
            out.append(f"CAST({name} AS BIGINT) <> 0 AS {name}")
        elif kind == "DATE":  # a malformed date (a store written by hand) reads as undated
            out.append(f"TRY_CAST({name} AS DATE) AS {name}")
        else:
            out.append(f'CAST("{name}" AS {kind}) AS "{name}"')
    return ", ".join(out)


def _rows_sql(version: int, first: int, last: int) -> str:
    """DuckDB's SELECT of a part: SQLite's rows for rowids first..last, typed and derived."""
    judged, approximate, fallback = versioned_columns(version)
    parts = [p.strip() for p in judged.split(",")]
    aliased = []
    for name, expression in zip(_JUDGED, parts, strict=True):
        real = "confidence" in name and expression.startswith("e.")
        aliased.append(f"{_exact(expression) if real else expression} AS {name}")
    inner = _ROWS_SQL.format(
        judged=", ".join(aliased),
        approximate=approximate,
        fallback="NULL" if fallback == "NULL" else f"a.{fallback}",  # a store before schema 5
        lat=_exact("p.lat"),
        lon=_exact("p.lon"),
        first=int(first),
        last=int(last),
    )
    typed = f"SELECT {_typed(COLUMNS)} FROM sqlite_query('store', '{quoted(inner)}')"
    derived = ", ".join(f"{sql} AS {name}" for name, sql in DERIVED.items())
    return f"SELECT *, {derived} FROM ({typed}) ORDER BY {PART_ORDER}"


def _write_part(duck, folder: Path, version: int, first: int, last: int, last_id: str) -> int:
    """Export rowids first..last into their part (replacing it); returns the rows written."""
    return _copy(duck, folder, _rows_sql(version, first, last), first, last, last_id)


def _copy(duck, folder: Path, select: str, first: int, last: int, last_id: str) -> int:
    """Write ``select``'s rows as the part first..last under a temporary name, then rename it
    into place (atomic); returns the rows written."""
    name = f"part-{first:012d}-{last:012d}.parquet"
    final = folder / "events" / name
    temporary = final.with_name(f".tmp-{os.getpid()}-{name}")
    options = (
        f"FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE {ROW_GROUP_ROWS}, "
        f"KV_METADATA {{{LAST_ID_KEY}: '{quoted(last_id)}', {VERSION_KEY}: '{MIRROR_VERSION}'}}"
    )
    written = duck.execute(f"COPY ({select}) TO '{quoted(str(temporary))}' ({options})")
    rows = written.fetchone()[0]
    os.replace(temporary, final)
    return int(rows)


def _matches(conn, part: Part) -> bool:
    """True when the part has this code's layout and the store still holds, at the part's
    last rowid, the event exported there."""
    metadata = pq.read_metadata(part.path).metadata or {}
    if metadata.get(VERSION_KEY.encode(), b"").decode() != MIRROR_VERSION:
        return False
    row = conn.execute("SELECT id FROM events WHERE rowid = ?", (part.last,)).fetchone()
    return row is not None and part.last_id() == row[0]


def _runs(parts: list[Part], rows: dict[Part, int], limit: int) -> Iterator[list[Part]]:
    """Runs of two or more neighbouring small parts, each run holding at most ``limit`` rows."""
    run: list[Part] = []
    total = 0
    for part in [*parts, None]:
        small = part is not None and rows[part] < min(SMALL_PART_ROWS, limit)
        if small and total + rows[part] <= limit:
            run.append(part)
            total += rows[part]
            continue
        if len(run) >= 2:
            yield run
        run, total = ([part], rows[part]) if small else ([], 0)


# -- places ----------------------------------------------------------------------------------


def _read_places(duck) -> None:
    """The store's places now, as the temporary table places_now."""
    inner = _PLACES_SQL.format(lat=_exact("lat"), lon=_exact("lon"))
    typed = f"SELECT {_typed(PLACE_COLUMNS)} FROM sqlite_query('store', '{quoted(inner)}')"
    duck.execute(f"CREATE OR REPLACE TEMP TABLE places_now AS {typed}")


def _holding_changed_places(duck, folder: Path, parts: list[Part]) -> list[Part]:
    """The parts holding a place whose row differs from the one they were written with."""
    before = folder / "places.parquet"
    if not parts or not before.exists():
        return []
    changed = f"""
        SELECT old.place_key FROM read_parquet('{quoted(str(before))}') AS old
        LEFT JOIN places_now AS now USING (place_key)
        WHERE now.place_key IS NULL
           OR (old.name, old.lat, old.lon, old.precision, old.country_code, old.geonameid)
              IS DISTINCT FROM
              (now.name, now.lat, now.lon, now.precision, now.country_code, now.geonameid)
    """
    if not duck.execute(changed).fetchall():
        return []
    files = ", ".join(f"'{quoted(str(part.path))}'" for part in parts)
    holding = duck.execute(
        f"SELECT DISTINCT filename FROM read_parquet([{files}], filename = true) "
        f"WHERE place_key IN ({changed})"
    ).fetchall()
    names = {Path(row[0]).name for row in holding}
    return [part for part in parts if part.path.name in names]


def _write_places(duck, folder: Path) -> None:
    final = folder / "places.parquet"
    temporary = folder / f".tmp-{os.getpid()}-places.parquet"
    duck.execute(f"COPY places_now TO '{quoted(str(temporary))}' (FORMAT parquet)")
    os.replace(temporary, final)


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """One sync at a time on this mirror, across processes (an advisory file lock)."""
    try:
        import fcntl
    except ImportError:  # Windows: no fcntl; one dashboard or ingest syncs at a time there
        yield
        return
    with open(folder / ".lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
