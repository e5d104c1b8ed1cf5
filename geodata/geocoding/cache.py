"""A persistent SQLite cache in front of an online geocoder: each query is asked once.

Answers are cached, "not found" included; failures (geopy exceptions) are not, so they are asked
again next time. A cache file that is not a database (truncated, overwritten) is moved aside with
a warning and a new one started: it only holds answers that can be asked for again. A valid SQLite
file that is some other database is never touched: that is a configuration error.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from geodata.geocoding.base import (
    SOURCE_CACHE,
    Geocoder,
    GeocodeResult,
    clean_query,
    normalize_country_codes,
    normalize_query,
)
from newsmap.errors import NewsmapError
from newsmap.paths import cache_file

logger = logging.getLogger(__name__)

# geodata/ in a checkout, else the user's cache folder (newsmap.paths)
DEFAULT_CACHE_PATH = cache_file("geocode_cache.sqlite")
APPLICATION_ID = 0x4E4D4743  # "NMGC": marks the file as a newsmap geocode cache
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE geocode_cache (
    query TEXT NOT NULL,          -- normalize_query() form
    country_codes TEXT NOT NULL,  -- sorted upper-case codes joined by ",", "" for none
    found INTEGER NOT NULL,       -- 0: the service had no answer
    name TEXT, lat REAL, lon REAL, country_code TEXT, precision TEXT, geonameid INTEGER,
    provider TEXT NOT NULL,       -- the source of the original answer, e.g. "nominatim"
    fetched_at TEXT NOT NULL,     -- UTC ISO time
    PRIMARY KEY (query, country_codes)
)
"""

_UPSERT = "INSERT OR REPLACE INTO geocode_cache VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"


class GeocodeCacheError(NewsmapError):
    """The cache path holds something that must not be overwritten."""


class CachedGeocoder:
    """Wraps a geocoder; answers (including None) are stored in SQLite at ``cache_path``."""

    def __init__(self, inner: Geocoder, cache_path: str | os.PathLike[str] = DEFAULT_CACHE_PATH):
        self.inner = inner
        self.cache_path = Path(cache_path)
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._pid = 0

    def geocode(self, query: str, country_codes: Sequence[str] = ()) -> GeocodeResult | None:
        """The cached answer, else the inner geocoder's (then cached). Inner errors propagate."""
        if clean_query(query) is None:
            return None
        key = (normalize_query(query), ",".join(normalize_country_codes(country_codes)))
        hit, result = self._lookup(key)
        if hit:
            return result
        result = self.inner.geocode(query, country_codes)  # raises: nothing is cached
        self._store(key, result)
        return result

    def _lookup(self, key: tuple[str, str]) -> tuple[bool, GeocodeResult | None]:
        with self._lock:
            conn = self._connection()  # a cache that cannot be opened is an error, not a miss
            try:
                row = conn.execute(
                    "SELECT found, name, lat, lon, country_code, precision, geonameid"
                    " FROM geocode_cache WHERE query = ? AND country_codes = ?",
                    key,
                ).fetchone()
            except sqlite3.Error as error:
                logger.warning("could not read %s, asking again: %s", self.cache_path, error)
                return False, None
        if row is None:
            return False, None
        found, *fields = row
        if not found:
            return True, None
        try:
            name, lat, lon, country_code, precision, geonameid = fields
            result = GeocodeResult(name, lat, lon, country_code, precision, geonameid, SOURCE_CACHE)
            return True, result
        except (TypeError, ValueError) as error:
            logger.warning("ignoring a bad row for %r in %s: %s", key, self.cache_path, error)
            return False, None

    def _store(self, key: tuple[str, str], result: GeocodeResult | None) -> None:
        values: tuple[Any, ...] = (None,) * 6
        if result is not None:
            values = (
                result.name,
                result.lat,
                result.lon,
                result.country_code,
                result.precision,
                result.geonameid,
            )
        provider = result.source if result is not None else type(self.inner).__name__
        row = (*key, int(result is not None), *values, provider, datetime.now(UTC).isoformat())
        try:
            with self._lock, self._connection() as conn:  # one transaction per answer
                conn.execute(_UPSERT, row)
        except sqlite3.Error as error:
            # The answer is still good; only its caching failed (disk full, locked too long).
            logger.warning("could not cache %r in %s: %s", key[0], self.cache_path, error)

    def _connection(self) -> sqlite3.Connection:
        """The open cache, opened (and checked) once per process."""
        if self._conn is None or self._pid != os.getpid():
            self._conn = open_cache(self.cache_path)
            self._pid = os.getpid()
        return self._conn

    def close(self) -> None:
        """Close the cache file (it reopens on next use)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    # Connections and locks do not pickle: each process opens the file itself.
    def __getstate__(self) -> dict[str, Any]:
        return {"inner": self.inner, "cache_path": self.cache_path}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["inner"], state["cache_path"])

    def __repr__(self) -> str:
        return f"CachedGeocoder({self.inner!r}, {str(self.cache_path)!r})"


def open_cache(path: Path) -> sqlite3.Connection:
    """Open the cache at ``path``, creating it if needed; a non-database file is moved aside."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _open_checked(path)
    except sqlite3.OperationalError as error:  # cannot open, locked: not the file's fault
        raise GeocodeCacheError(f"cannot open the geocode cache {path}: {error}") from error
    except sqlite3.DatabaseError as error:  # "file is not a database", "malformed"
        aside = path.with_name(f"{path.name}.corrupt-{datetime.now(UTC):%Y%m%dT%H%M%S%f}")
        os.replace(path, aside)
        logger.warning(
            "geocode cache %s was unreadable (%s); moved it to %s and started a new one",
            path,
            error,
            aside,
        )
        return _open_checked(path)


def _open_checked(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=30.0, check_same_thread=False)
    try:
        if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise sqlite3.DatabaseError("quick_check failed")
        app_id = _initialise_if_empty(conn)
        if app_id != APPLICATION_ID:
            raise GeocodeCacheError(
                f"{path} is an SQLite database but not a geocode cache; "
                "give the geocode cache a path of its own"
            )
        elif (version := conn.execute("PRAGMA user_version").fetchone()[0]) != SCHEMA_VERSION:
            raise GeocodeCacheError(
                f"{path} is a geocode cache of schema version {version}, this code reads "
                f"{SCHEMA_VERSION}; delete the file to start a new cache"
            )
    except BaseException:
        conn.close()
        raise
    return conn


def _initialise_if_empty(conn: sqlite3.Connection) -> int:
    """Create the schema in an empty database; return the file's application id."""
    with conn:
        # IMMEDIATE: of two processes creating the cache at once, the second waits, then sees it.
        conn.execute("BEGIN IMMEDIATE")
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id == 0 and tables == 0:
            conn.execute(_SCHEMA)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            app_id = APPLICATION_ID
    return app_id
