"""Writing a gazetteer file: its schema, places with their name keys, demonyms and capitals.

A build writes into a fresh file that nobody reads until it is complete and renamed into
place (geodata.gazetteer_build), so the file is written the fast way: no journal, no syncing
per transaction (one fsync at the end, before the rename), rows inserted in batches with
``executemany``, the secondary index and the planner statistics made once, after the load.

Every name is folded into its keys once per distinct string (:class:`NameKeys`): GeoNames
repeats the same alternate names across namesakes, and the subdivisions reuse their cities'.
"""

from __future__ import annotations

import os
import sqlite3
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from geodata.model import MATCH_ALT, MATCH_LOOSE, MATCH_NAME
from geodata.names import loosen, normalize

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    place_id INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT NOT NULL,
    lat REAL NOT NULL, lon REAL NOT NULL, kind TEXT NOT NULL,
    country_code TEXT, admin1_code TEXT, population INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE names (
    key TEXT NOT NULL, match TEXT NOT NULL, place_id INTEGER NOT NULL,
    PRIMARY KEY (key, match, place_id)
) WITHOUT ROWID;
CREATE TABLE demonyms (key TEXT PRIMARY KEY, country_code TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE capitals (country_code TEXT PRIMARY KEY, place_id INTEGER NOT NULL) WITHOUT ROWID;
"""
INDEXES = "CREATE INDEX places_by_code ON places (country_code, kind, admin1_code);"
# A file nobody reads yet: no rollback journal, no sync per commit, a 256 MB page cache.
_BUILD_PRAGMAS = "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;"
_INSERT_PLACE = (
    "INSERT INTO places (place_id, name, lat, lon, kind, country_code, admin1_code, population,"
    " geonameid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
BATCH = 50_000  # name rows held before they are written


class PlaceRow(NamedTuple):
    """A place's columns, in _INSERT_PLACE's order after place_id (given when written)."""

    name: str
    lat: float
    lon: float
    kind: str
    country_code: str | None
    admin1_code: str | None
    population: int
    geonameid: int | None


class NameKeys:
    """The exact (:func:`normalize`) and loose (:func:`loosen`) keys of names, each computed
    once per distinct string for the whole build."""

    def __init__(self) -> None:
        self.exact_cache: dict[str, str] = {}
        self.loose_cache: dict[str, str] = {}

    def exact(self, name: str) -> str:
        """``normalize(name)``, remembered."""
        key = self.exact_cache.get(name)
        if key is None:
            key = self.exact_cache[name] = normalize(name)
        return key

    def loose(self, key: str) -> str:
        """``loosen(key)`` of an exact key, remembered."""
        loose = self.loose_cache.get(key)
        if loose is None:
            loose = self.loose_cache[key] = loosen(key)
        return loose


class GazetteerWriter:
    """Writes places, their name keys, demonyms and capitals into a fresh SQLite file.

    Use as a context manager; :meth:`finish` indexes, records the meta rows, commits and
    syncs the file to disk. Without :meth:`finish` the file is incomplete (the caller deletes
    it).
    """

    def __init__(self, path: Path, keys: NameKeys | None = None):
        self.path = path
        self.keys = keys or NameKeys()
        self.kinds: Counter = Counter()
        self.name_rows = 0
        self.loose_rows = 0
        self.demonym_rows = 0
        self._places: list[tuple] = []
        self._names: list[tuple[str, str, int]] = []
        self._next_id = 1
        self._conn: sqlite3.Connection | None = None

    def __enter__(self) -> GazetteerWriter:
        self._conn = sqlite3.connect(self.path)
        self._conn.executescript(_BUILD_PRAGMAS + SCHEMA)
        return self

    def __exit__(self, *exc_info) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def add_place(self, row: PlaceRow, names: Iterable[str], alt_names: Iterable[str]) -> int:
        """Queue one place with its name keys (``names`` as MATCH_NAME, ``alt_names`` as
        MATCH_ALT unless also a name; each key's loose key as MATCH_LOOSE); its place_id."""
        place_id = self._next_id
        self._next_id += 1
        self._places.append((place_id, *row))
        self.kinds[row.kind] += 1
        # the hottest loop of a build: NameKeys' caches are read here without a call
        exact, loose = self.keys.exact_cache, self.keys.loose_cache
        matches: dict[str, str] = {}
        for match, group in ((MATCH_NAME, names), (MATCH_ALT, alt_names)):
            for name in group:
                key = exact.get(name)
                if key is None:
                    key = exact[name] = normalize(name)
                if key and key not in matches:
                    matches[key] = match
        rows = self._names
        loose_keys = set()
        for key, match in matches.items():
            rows.append((key, match, place_id))
            loose_key = loose.get(key)
            if loose_key is None:
                loose_key = loose[key] = loosen(key)
            loose_keys.add(loose_key)
        loose_keys.discard("")
        for key in loose_keys:
            rows.append((key, MATCH_LOOSE, place_id))
        self.name_rows += len(matches)
        self.loose_rows += len(loose_keys)
        if len(rows) >= BATCH:
            self._flush()
        return place_id

    def add_demonyms(self, rows: Iterable[tuple[str, str]]) -> None:
        """Write (key, country_code) rows."""
        rows = list(rows)
        self._connection().executemany("INSERT INTO demonyms VALUES (?, ?)", rows)
        self.demonym_rows += len(rows)

    def add_capitals(self, capitals: dict[str, int]) -> None:
        """Write country_code -> place_id of its capital (the places are written first)."""
        self._flush()
        self._connection().executemany(
            "INSERT INTO capitals VALUES (?, ?)", sorted(capitals.items())
        )

    def finish(self, meta: dict[str, str]) -> None:
        """Flush, index, record ``meta``, gather the planner's statistics, commit, sync."""
        conn = self._connection()
        self._flush()
        conn.execute(INDEXES)
        conn.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
        conn.commit()
        conn.execute("ANALYZE")
        conn.commit()
        conn.close()
        self._conn = None
        # synchronous=OFF left the pages to the OS: put them on disk before the file is
        # renamed into place, so a power cut cannot leave a torn gazetteer under its name
        with open(self.path, "rb") as handle:
            os.fsync(handle.fileno())

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise RuntimeError("GazetteerWriter is not open (use it in a with block)")
        return self._conn

    def _flush(self) -> None:
        conn = self._connection()
        conn.executemany(_INSERT_PLACE, self._places)
        conn.executemany("INSERT INTO names VALUES (?, ?, ?)", self._names)
        self._places.clear()
        self._names.clear()
