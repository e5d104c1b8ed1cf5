"""Listing the files to read under the files and folders a user names."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
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
    return list(iter_discover(paths))


def iter_discover(paths: Sequence[str | Path]) -> Iterator[Path]:
    """:func:`discover`, one file at a time: what it holds does not grow with the files found
    (a folder of a million articles is walked, never listed whole), only with ``paths``."""
    named: list[str] = []  # the files named so far, as absolute paths
    walked: list[str] = []  # the folders walked so far, as absolute paths
    for item in paths:
        path = Path(item)
        key = os.path.abspath(path)
        if path.is_dir():
            if any(_inside(key, folder) for folder in walked):
                continue  # every file under it was listed already
            earlier = list(walked)
            walked.append(key)
            for file in _walk(path):
                absolute = os.path.abspath(file)
                if absolute in named or any(_inside(absolute, f) for f in earlier):
                    continue
                yield file
        elif key not in named:
            named.append(key)
            if not any(_lists(folder, key) for folder in walked):
                yield path


def _inside(path: str, folder: str) -> bool:
    """Whether ``path`` is ``folder`` or lies under it (absolute paths)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _lists(folder: str, path: str) -> bool:
    """Whether walking ``folder`` lists ``path`` (as :func:`_walk` does: no hidden or
    symlinked folder on the way, an article file at the end)."""
    if not _inside(path, folder) or path == folder:
        return False
    current = Path(folder)
    parts = Path(os.path.relpath(path, folder)).parts
    for part in parts[:-1]:
        current = current / part
        if part.startswith(".") or current.is_symlink() or not current.is_dir():
            return False
    return _is_article_file(Path(path)) and Path(path).exists()


def _walk(folder: Path) -> Iterator[Path]:
    unlistable: list[Path] = []

    def note(error: OSError) -> None:
        unlistable.append(Path(error.filename) if error.filename else folder)

    for root, dirs, names in os.walk(folder, onerror=note):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            path = Path(root) / name
            if _is_article_file(path):
                yield path
    yield from unlistable


def _is_article_file(path: Path) -> bool:
    name = path.name
    return (
        not name.startswith(".")
        and path.suffix.lower() in SUPPORTED_SUFFIXES
        and not is_sidecar(path)
        and path.stem.split(".")[0].lower() not in _DOC_STEMS
    )
