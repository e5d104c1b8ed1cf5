"""Fixtures of the ingest's tests: small corpora cut from the bundled samples, a store's rows."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from articles.samples import sample_paths

# What a store holds, in the order it was written, without what differs between two runs of
# the same ingest (when each article was stored).
_ROWS = {
    "articles": "SELECT id, url, content_hash, title, byline, published, source, credit, text, "
    "published_fallback FROM articles ORDER BY rowid",
    "events": "SELECT * FROM events ORDER BY rowid",
    "places": "SELECT * FROM places ORDER BY rowid",
}


def store_rows(path: Path) -> dict[str, list[tuple]]:
    """Every row of the store at ``path``, table by table, in the order they were written."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return {table: conn.execute(sql).fetchall() for table, sql in _ROWS.items()}


def sample_corpus(folder: Path, articles: int, files: int = 1) -> list[Path]:
    """The first ``articles`` of the bundled Wikinews sample, as ``files`` JSON Lines files
    (``corpus-0.jsonl``...) in ``folder``, plus the bundled seed article as a text file."""
    jsonl = next(p for p in sample_paths() if p.suffix == ".jsonl")
    seed = next(p for p in sample_paths() if p.suffix == ".txt")
    lines = jsonl.read_text(encoding="utf-8").splitlines()[:articles]
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for number in range(files):
        path = folder / f"corpus-{number}.jsonl"
        path.write_text("\n".join(lines[number::files]) + "\n", encoding="utf-8")
        written.append(path)
    copy = folder / seed.name
    copy.write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    return [*written, copy]
