"""Listing the files to read under the files and folders a user names."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from articles.readers.kinds import SUPPORTED_SUFFIXES
from articles.readers.sidecar import is_sidecar

# A folder's own documentation, by file stem (any case): not articles.
_DOC_STEMS = frozenset(
    {"readme", "credits", "license", "licence", "copying", "notice", "changelog", "authors"}
    | {"contributing", "changes", "history", "manifest"}
)


def discover(paths: Sequence[str | Path]) -> list[Path]:
    """The files named, and the files under the folders named, each once, in a stable order.

    Folders are walked recursively in sorted order and give the files whose extension a reader
    takes (``SUPPORTED_SUFFIXES``), skipping hidden files and folders (names starting with
    "."), sidecar metadata (``*.meta.json``, read with their article) and a folder's own
    documentation (README, CREDITS, LICENSE... : ``articles/samples/CREDITS.md`` is no news).
    Symlinked folders are not followed (no loops). Files named explicitly are always listed,
    whatever their type, and so are paths that do not exist or folders that cannot be
    listed: :func:`read_file` then says what is wrong, instead of a file vanishing silently.
    """
    found: list[Path] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = Path(os.path.abspath(path))
        if key not in seen:
            seen.add(key)
            found.append(path)

    for item in paths:
        path = Path(item)
        if path.is_dir():
            for file in _walk(path):
                add(file)
        else:
            add(path)
    return found


def _walk(folder: Path) -> list[Path]:
    files: list[Path] = []
    unlistable: list[Path] = []

    def note(error: OSError) -> None:
        unlistable.append(Path(error.filename) if error.filename else folder)

    for root, dirs, names in os.walk(folder, onerror=note):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            path = Path(root) / name
            if _is_article_file(path):
                files.append(path)
    return files + unlistable


def _is_article_file(path: Path) -> bool:
    name = path.name
    return (
        not name.startswith(".")
        and path.suffix.lower() in SUPPORTED_SUFFIXES
        and not is_sidecar(path)
        and path.stem.split(".")[0].lower() not in _DOC_STEMS
    )
