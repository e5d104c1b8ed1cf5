"""The columnar engine: DuckDB over a store's Parquet mirror (store.mirror), for the views.

One :class:`EventsEngine` per store and process, shared by every session (thread-safe: each
query runs on its own cursor). Its view ``events`` reads the mirror's live parts, ``places`` its
places; when a sync adds or merges parts, the next query sees them. Queries read only the
columns and row groups they need, so memory stays small whatever the number of events.
"""

from __future__ import annotations

import threading
from pathlib import Path

import duckdb
import pandas as pd

from store.duck import connect, quoted
from store.mirror import COLUMNS, DERIVED_TYPES, live_parts, mirror_folder


class EventsEngine:
    """Queries over the mirror of the store at ``store_path`` (see :func:`store.mirror.sync`).

    ``threads`` caps DuckDB's threads in this process (default: one per core).
    """

    def __init__(self, store_path: Path | str, threads: int | None = None):
        self.store_path = Path(store_path)
        self.folder = mirror_folder(self.store_path)
        self._conn = connect(threads)
        self._conn.execute("SET parquet_metadata_cache = true")
        self._lock = threading.Lock()
        self._files: tuple[str, ...] | None = None
        self._memo: dict[tuple, object] = {}

    def rows(self, sql: str, params: list | tuple = ()) -> list[tuple]:
        """The rows of ``sql`` (over the view ``events``) with ``params`` bound to its ``?``."""
        return self._run(lambda cursor: cursor.execute(sql, list(params)).fetchall())

    def frame(self, sql: str, params: list | tuple = ()) -> pd.DataFrame:
        """The result of ``sql`` as a pandas DataFrame."""
        return self._run(lambda cursor: cursor.execute(sql, list(params)).df())

    def batches(self, sql: str, params: list | tuple = (), rows: int = 50_000):
        """The result of ``sql`` as pandas DataFrames of at most ``rows`` rows each, read as
        they are consumed (an export never holds the whole result)."""
        self._refresh()
        cursor = self._conn.cursor()
        try:
            reader = cursor.execute(sql, list(params)).fetch_record_batch(rows)
            for batch in reader:
                yield batch.to_pandas()
        finally:
            cursor.close()

    def execute(self, sql: str, params: list | tuple = ()) -> None:
        """Run a statement that returns nothing worth reading (a COPY, a table of its own)."""
        self._run(lambda cursor: cursor.execute(sql, list(params)))

    def load(self, name: str, frame: pd.DataFrame) -> None:
        """Make ``frame`` the table ``name`` of this engine's database (replacing it)."""
        with self._lock:
            cursor = self._conn.cursor()
            cursor.register("_incoming", frame)
            cursor.execute(f'CREATE OR REPLACE TABLE "{name}" AS SELECT * FROM _incoming')
            cursor.unregister("_incoming")
            cursor.close()

    def memo(self, name: str, compute):
        """``compute()``, kept until the mirror's parts change (a sync added or merged some)."""
        self._refresh()
        key = (name, self._files)
        with self._lock:
            if key in self._memo:
                return self._memo[key]
        value = compute()
        with self._lock:
            self._memo = {k: v for k, v in self._memo.items() if k[1] == self._files}
            self._memo[key] = value
        return value

    def parts(self) -> int:
        """How many Parquet parts the view reads now."""
        self._refresh()
        return len(self._files or ())

    def close(self) -> None:
        """Close the DuckDB connection (idempotent)."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> EventsEngine:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _run(self, work):
        self._refresh()
        try:
            return work(self._conn.cursor())
        except duckdb.IOException:
            # A compaction removed a part this view still named: list the parts again, retry.
            self._refresh(force=True)
            return work(self._conn.cursor())

    def _refresh(self, force: bool = False) -> None:
        """Point the view ``events`` at the mirror's live parts when they changed."""
        files = tuple(str(part.path) for part in live_parts(self.folder))
        with self._lock:
            if files == self._files and not force:
                return
            if files:
                listed = ", ".join(f"'{quoted(name)}'" for name in files)
                source = f"SELECT * FROM read_parquet([{listed}])"
            else:  # no part yet: an empty view of the same columns
                typed = {**COLUMNS, **DERIVED_TYPES}
                nulls = ", ".join(
                    f'CAST(NULL AS {kind}) AS "{name}"' for name, kind in typed.items()
                )
                source = f"SELECT {nulls} WHERE false"
            self._conn.execute(f"CREATE OR REPLACE VIEW events AS {source}")
            places = self.folder / "places.parquet"
            if places.exists():
                source = f"SELECT * FROM read_parquet('{quoted(str(places))}')"
            else:
                source = (
                    "SELECT CAST(NULL AS DOUBLE) AS lat, CAST(NULL AS DOUBLE) AS lon WHERE false"
                )
            self._conn.execute(f"CREATE OR REPLACE VIEW places AS {source}")
            self._files = files
