"""The embedded store: articles, places and events in one SQLite file.

Why SQLite rather than DuckDB: it is in the standard library (nothing to install); its WAL mode
gives robust transactional writes for the many small transactions of an ingest, and lets many
readers (the dashboard) work beside one writer. Analytical queries over millions of rows can
later move to DuckDB, which reads SQLite files directly; to make that move easy, every query
lives in this one module.

Each article is written with its places and events in one transaction: a crash mid-write leaves
the store as it was. An article already present by id, URL or content hash is a duplicate and
is not written again.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd

from articles.model import Article, content_hash
from events.model import Event
from newsmap.errors import NewsmapError
from newsmap.paths import ENV_STORE, store_file
from store.frames import EVENT_COLUMNS, Linker, events_to_frame  # noqa: F401 - re-exported
from store.schema import MIGRATIONS, SCHEMA_SQL, SCHEMA_VERSION

# The events frame's three queries (columns: store.frames.*_QUERY_COLUMNS), read in one
# transaction so that they see the same snapshot. The join with articles is only for the order.
_EVENTS_SQL = """
SELECT e.id, e.article_id, e.role, e.name, COALESCE(e.precision, p.precision), e.snippet,
       e.name_start, e.name_end, e.date, e.date_precision, e.kind, e.killed, e.injured,
       e.actors, e.status, e.trigger, e.trigger_start, e.trigger_end, e.sentence_start,
       e.killed_qualifier, e.injured_qualifier, e.killed_revisions, e.injured_revisions,
       e.victims, e.place_key, {judged}, {approximate}
FROM events AS e
JOIN articles AS a ON a.id = e.article_id
LEFT JOIN places AS p ON p.place_key = e.place_key
{where}
ORDER BY a.published, e.article_id, e.start, e.id
"""
# The judged columns as each schema version has them: an older store opened read-only (it
# cannot be migrated) reads as its events would have been (NULL: no judge weighed them).
_JUDGED_COLUMNS = {
    2: "NULL, NULL, 0, 'sentence', NULL, NULL",
    3: "e.confidence, e.kind_confidence, e.background, e.place_source, NULL, NULL",
    4: "e.confidence, e.kind_confidence, e.background, e.place_source, e.killed_confidence, "
    "e.injured_confidence",
}
# Before version 5 no article was dated by a fallback, so no event date was approximate.
_FALLBACK_SINCE = 5
_ARTICLES_SQL = "SELECT id, title, url, published, source, credit, {fallback} FROM articles"
_PLACES_SQL = "SELECT place_key, name, lat, lon, country_code, geonameid FROM places"

_FIND_ARTICLE_SQL = """
SELECT 1 FROM articles WHERE id = ? OR content_hash = ? OR (? IS NOT NULL AND url = ?) LIMIT 1
"""

_INSERT_ARTICLE_SQL = """
INSERT INTO articles (id, url, content_hash, title, byline, published, source, credit, text,
                      ingested_at, published_fallback)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""

_UPSERT_PLACE_SQL = """
INSERT INTO places (place_key, name, lat, lon, precision, country_code, geonameid)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (place_key) DO UPDATE SET
    name = excluded.name, lat = excluded.lat, lon = excluded.lon,
    precision = excluded.precision, country_code = excluded.country_code
"""

_INSERT_EVENT_SQL = """
INSERT INTO events (id, article_id, place_key, role, name, start, "end", snippet, name_start,
                    name_end, date, date_precision, kind, killed, injured, actors, status,
                    precision, trigger, trigger_start, trigger_end, sentence_start, sentence_end,
                    killed_qualifier, injured_qualifier, killed_revisions, injured_revisions,
                    victims, confidence, kind_confidence, background, place_source,
                    killed_confidence, injured_confidence, date_approximate)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
        ?, ?, ?, ?)
"""


def versioned_columns(version: int) -> tuple[str, str, str]:
    """SQL for the columns a store of ``version`` may lack, as read by the events queries:
    the six judged columns of events ``e``, ``date_approximate`` of events ``e`` and
    ``published_fallback`` of articles (NULL or 0 where the version has none)."""
    judged = _JUDGED_COLUMNS[min(max(version, 2), 4)]
    fallback = version >= _FALLBACK_SINCE
    approximate = "e.date_approximate" if fallback else "0"
    return judged, approximate, "published_fallback" if fallback else "NULL"


class StoreError(NewsmapError):
    """The store cannot be opened or written; the message names the file and what to do."""


def default_store_path() -> Path:
    """The store to use: $NEWSMAP_STORE if set, else data/newsmap.sqlite in a source checkout,
    else newsmap.sqlite in the user's data folder (see newsmap.paths)."""
    return store_file()


def place_key(event: Event) -> str | None:
    """The places-table key of an event's resolved place: by geonameid, else by name and point;
    None for an event without a place."""
    if event.lat is None or event.lon is None:
        return None
    if event.geonameid is not None:
        return f"gn:{int(event.geonameid)}"
    return f"pl:{event.resolved_name}@{event.lat:.5f},{event.lon:.5f}"


class Store:
    """One store file. Open read-only for the dashboard; one writer at a time for ingests.

    Safe to share between threads (each call holds a lock), as Streamlit's cache_resource does.
    ``linker`` fills the events frame's link columns (pipeline.linking.frame_link_ids: which
    events are one event reported by several articles is the pipeline's to say, not the
    store's); without one, each event is its own link.
    """

    def __init__(self, path: Path | str, readonly: bool = False, linker: Linker | None = None):
        self.path = Path(path)
        self.readonly = readonly
        self.linker = linker
        self._lock = threading.RLock()
        self._conn = _connect(self.path, readonly)
        try:
            self._version = _prepare(self._conn, self.path, readonly)
        except BaseException:
            self._conn.close()
            raise

    # -- writing ---------------------------------------------------------------------------

    def add_article(self, article: Article, events: Sequence[Event]) -> bool:
        """Store an article with its places and events in one transaction.

        Returns False, writing nothing, when the article is already present by id, URL or
        content hash. Raises StoreError (and writes nothing) when a record is rejected.
        """
        if self.readonly:
            raise StoreError(f"{self.path} is open read-only: open it with readonly=False to write")
        for event in events:
            if event.article_id != article.id:
                raise StoreError(
                    f"{self.path}: event {event.id!r} belongs to article {event.article_id!r}, "
                    f"not {article.id!r}; nothing was written"
                )
        digest = content_hash(article.text)
        with self._lock:
            conn = self._conn
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    if _exists(conn, article, digest):
                        conn.execute("ROLLBACK")
                        return False
                    conn.execute(_INSERT_ARTICLE_SQL, _article_row(article, digest))
                    for event in events:
                        _insert_event(conn, event)
                except BaseException:
                    if conn.in_transaction:  # SQLite may have rolled back already
                        conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                raise StoreError(
                    f"{self.path}: article {article.id!r} ({article.source or 'no source'}) was "
                    f"not stored: {exc}; nothing of it was written"
                ) from exc
        return True

    # -- reading ---------------------------------------------------------------------------

    def has_article(self, article: Article) -> bool:
        """True when an article with the same id, URL or content hash is stored."""
        with self._lock:
            return _exists(self._conn, article, content_hash(article.text))

    def article_count(self) -> int:
        """How many articles are stored."""
        return self._scalar("SELECT count(*) FROM articles")

    def event_count(self) -> int:
        """How many events (places in sentences) are stored."""
        return self._scalar("SELECT count(*) FROM events")

    def article_text(self, article_id: str) -> str | None:
        """The full text of one article, or None when no such article is stored."""
        with self._lock:
            row = self._conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,))
            found = row.fetchone()
        return None if found is None else found[0]

    def events_frame(self, include_unlocated: bool = False) -> pd.DataFrame:
        """Every event joined with its article and place, one row per event and place.

        Columns are EVENT_COLUMNS; ``published`` and ``date`` are datetime64 (NaT when unknown),
        ``geonameid``/``killed``/``injured``/``trigger_start``/``trigger_end``/``sentence_start``
        nullable Int64 (trigger offsets are into the article: ``trigger_start - sentence_start``
        is the trigger's place in ``snippet``),
        ``actors`` a tuple of strings, ``*_revisions`` tuples of ints. ``link_id`` is shared by
        the same event reported in several articles (the store's ``linker``), ``link_size``
        counts the articles of the link. Events without a place (lat/lon NaN) are left out unless
        ``include_unlocated``; links are computed over all events either way.
        """
        where = "" if include_unlocated else "WHERE e.place_key IS NOT NULL"
        with self._lock:
            self._conn.execute("BEGIN")
            try:
                judged, approximate, fallback = versioned_columns(self._version)
                sql = _EVENTS_SQL.format(where=where, judged=judged, approximate=approximate)
                events = self._conn.execute(sql).fetchall()
                articles_sql = _ARTICLES_SQL.format(fallback=fallback)
                articles = self._conn.execute(articles_sql).fetchall()
                places = self._conn.execute(_PLACES_SQL).fetchall()
            finally:
                self._conn.execute("COMMIT")
        return events_to_frame(events, articles, places, self.linker)

    @contextmanager
    def snapshot(self) -> Iterator[tuple[sqlite3.Connection, int]]:
        """The connection and the file's schema version, inside one read transaction: every
        query made in it sees the same state of the store, whatever an ingest commits
        meanwhile (store.mirror reads its exports this way)."""
        with self._lock:
            self._conn.execute("BEGIN")
            try:
                yield self._conn, self._version
            finally:
                self._conn.execute("COMMIT")

    # -- lifetime --------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = "read-only" if self.readonly else "read-write"
        return f"Store({str(self.path)!r}, {mode})"

    def _scalar(self, sql: str) -> int:
        with self._lock:
            return int(self._conn.execute(sql).fetchone()[0])


# -- opening ---------------------------------------------------------------------------------


def _connect(path: Path, readonly: bool) -> sqlite3.Connection:
    """Open the file; read-only through a mode=ro URI so the dashboard can never write."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a store file: give the path of a .sqlite file")
    try:
        if readonly:
            if not path.exists():
                raise StoreError(
                    f"No store at {path}: ingest some articles first, or set {ENV_STORE} "
                    "to an existing store file"
                )
            uri = path.resolve().as_uri() + "?mode=ro"
            return sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
        path.parent.mkdir(parents=True, exist_ok=True)
        return sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    except (sqlite3.Error, OSError) as exc:
        raise StoreError(f"Cannot open the store {path}: {exc}") from exc


def _prepare(conn: sqlite3.Connection, path: Path, readonly: bool) -> int:
    """Check the file is a store of our schema version (migrating an older one when
    writable); create the schema in a fresh file. Returns the version the file now has."""
    try:
        tables = _tables(conn)
        if not readonly:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        if not tables and not readonly:
            _create_schema(conn)
            tables = _tables(conn)
    except sqlite3.DatabaseError as exc:
        raise StoreError(
            f"{path} is not a usable SQLite database ({exc}): point {ENV_STORE} at a newsmap "
            "store, or move this file away and ingest again to create one"
        ) from exc
    if "meta" not in tables:
        what = "an empty file" if not tables else "a SQLite database of another program"
        raise StoreError(
            f"{path} is {what}, not a newsmap store: ingest into it first (read-write), "
            f"or set {ENV_STORE} to a newsmap store"
        )
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    version = row[0] if row else None
    if version is not None and version.isdigit() and int(version) in MIGRATIONS:
        if readonly:
            return int(version)  # read as it is; the next ingest migrates it
        _migrate(conn, int(version))
        return SCHEMA_VERSION
    if version != str(SCHEMA_VERSION):
        newer = version is not None and version.isdigit() and int(version) > SCHEMA_VERSION
        hint = (
            "it was written by a newer newsmap: update this code"
            if newer
            else "this code cannot migrate it: ingest again into a new store file"
        )
        raise StoreError(
            f"{path} has store schema version {version!r}, this code reads version "
            f"{SCHEMA_VERSION}: {hint}"
        )
    return SCHEMA_VERSION


def _migrate(conn: sqlite3.Connection, version: int) -> None:
    """Bring a store from ``version`` to SCHEMA_VERSION, one transaction a step."""
    while version < SCHEMA_VERSION:
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'")
            if current.fetchone()[0] == str(version):  # another writer may have migrated it
                for statement in MIGRATIONS[version]:
                    conn.execute(statement)
                conn.execute(
                    "UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(version + 1),)
                )
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        version += 1


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _create_schema(conn: sqlite3.Connection) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        if not _tables(conn):  # another writer may have created it while we waited
            for statement in SCHEMA_SQL.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(
                "INSERT INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
            )
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


# -- rows ------------------------------------------------------------------------------------


def _exists(conn: sqlite3.Connection, article: Article, digest: str) -> bool:
    url = article.url or None
    return conn.execute(_FIND_ARTICLE_SQL, (article.id, digest, url, url)).fetchone() is not None


def _iso_date(value: date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        value = value.date()
    return value.isoformat()


def _article_row(article: Article, digest: str) -> tuple:
    ingested = datetime.now(UTC).isoformat(timespec="seconds")
    return (
        article.id,
        article.url or None,
        digest,
        article.title,
        article.byline,
        _iso_date(article.published),
        article.source,
        article.credit,
        article.text,
        ingested,
        article.published_fallback,
    )


def _insert_event(conn: sqlite3.Connection, event: Event) -> None:
    """Upsert the event's place, then insert the event (inside the caller's transaction)."""
    key = place_key(event)
    if key is not None:
        conn.execute(
            _UPSERT_PLACE_SQL,
            (
                key,
                event.resolved_name,
                event.lat,
                event.lon,
                event.precision,
                event.country_code,
                event.geonameid,
            ),
        )
    conn.execute(
        _INSERT_EVENT_SQL,
        (
            event.id,
            event.article_id,
            key,
            event.role,
            event.name,
            event.start,
            event.end,
            event.snippet,
            event.name_start,
            event.name_end,
            _iso_date(event.date),
            event.date_precision,
            event.kind,
            event.killed,
            event.injured,
            json.dumps(list(event.actors), ensure_ascii=False),
            event.status,
            event.precision or None,
            event.trigger,
            event.trigger_start,
            event.trigger_end,
            event.sentence_start,
            event.sentence_end,
            event.killed_qualifier,
            event.injured_qualifier,
            json.dumps([int(v) for v in event.killed_revisions]),
            json.dumps([int(v) for v in event.injured_revisions]),
            event.victims,
            event.confidence,
            event.kind_confidence,
            int(event.background),
            event.place_source,
            event.killed_confidence,
            event.injured_confidence,
            int(event.date_approximate),
        ),
    )
