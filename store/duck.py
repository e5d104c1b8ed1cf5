"""DuckDB connections, configured once: threads, a memory cap, and SQLite reading offline.

DuckDB's SQLite reader is an extension it would download on first use; here it comes from the
``duckdb-ext-sqlite`` package (requirements.txt), loaded from its folder with downloads off, so
nothing is fetched at run time. Only the mirror's sync reads SQLite (store.mirror); the
dashboard's queries read Parquet, which DuckDB reads with no extension.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import duckdb

from newsmap.errors import NewsmapError

ENV_MEMORY = "NEWSMAP_DUCKDB_MEMORY"  # e.g. "1GB": DuckDB's memory limit in this process
DEFAULT_MEMORY = "1GB"


class EngineError(NewsmapError):
    """The columnar engine cannot start; the message says what to install or set."""


def connect(threads: int | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with the memory cap ($NEWSMAP_DUCKDB_MEMORY, else 1GB),
    no extension downloads, and its own folder for what it spills to disk."""
    conn = duckdb.connect(":memory:")
    # DuckDB spills into ".tmp" in the working folder by default, a folder two processes
    # would share (and break each other's files): each connection gets its own.
    spill = Path(tempfile.gettempdir()) / f"newsmap-duckdb-{os.getpid()}-{id(conn)}"
    conn.execute(f"SET temp_directory = '{quoted(str(spill))}'")
    conn.execute("SET autoinstall_known_extensions = false")
    conn.execute("SET autoload_known_extensions = false")
    conn.execute("SET enable_progress_bar = false")
    memory = os.environ.get(ENV_MEMORY, "").strip() or DEFAULT_MEMORY
    try:
        conn.execute(f"SET memory_limit = '{quoted(memory)}'")
    except duckdb.Error as exc:
        conn.close()
        raise EngineError(
            f"{ENV_MEMORY}={memory!r} is not a size DuckDB reads ({exc}): give one such as "
            "512MB or 2GB, or unset it for 1GB"
        ) from exc
    if threads:
        conn.execute(f"SET threads = {int(threads)}")
    return conn


def attach_sqlite(conn: duckdb.DuckDBPyConnection, path: Path, alias: str = "store") -> None:
    """Attach the SQLite file at ``path`` read-only as ``alias`` (the sqlite extension)."""
    folder = _extension_folder()
    conn.execute(f"SET extension_directory = '{quoted(str(folder))}'")
    try:
        conn.execute("LOAD sqlite")
    except duckdb.Error as exc:
        raise EngineError(
            f"DuckDB cannot load its SQLite reader from {folder} ({exc}): install the "
            "requirements (pip install -r requirements.txt), which pin duckdb and "
            "duckdb-ext-sqlite to matching versions"
        ) from exc
    conn.execute(
        f"ATTACH '{quoted(str(Path(path).resolve()))}' AS {alias} (TYPE sqlite, READ_ONLY)"
    )


def quoted(text: str) -> str:
    """``text`` as a SQL string literal's content (single quotes doubled)."""
    return text.replace("'", "''")


def _extension_folder() -> Path:
    try:
        import duckdb_ext
    except ImportError as exc:
        raise EngineError(
            "DuckDB's SQLite reader is missing: pip install -r requirements.txt "
            f"(duckdb-ext-sqlite matching duckdb {duckdb.__version__})"
        ) from exc
    return Path(next(iter(duckdb_ext.__path__))) / "extensions"
