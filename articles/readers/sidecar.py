"""Sidecar metadata: ``NAME.meta.json`` beside a single-article file (plain text or HTML).

A plain-text file has no place for its URL or licence line, so a sidecar supplies them, e.g.
``story.txt.meta.json``::

    {"url": "https://example.org/story", "credit": "Example News, CC BY 4.0"}

Keys: url, title, byline, published (ISO date), credit, source. Values given override what the
reader found; the article id is recomputed when the URL changes. Sidecars are not articles:
:func:`articles.readers.discover.discover` skips them.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from articles.model import Article, article_id
from articles.readers.fields import one_line, parse_iso_date
from articles.readers.result import Problem
from articles.urls import safe_http_url

SUFFIX = ".meta.json"
_TEXT_KEYS = ("title", "byline", "credit", "source")
_KEYS = frozenset((*_TEXT_KEYS, "url", "published"))
_MAX_SIDECAR_BYTES = 100_000


def sidecar_path(path: Path) -> Path:
    """Where the sidecar of ``path`` would be."""
    return path.with_name(path.name + SUFFIX)


def is_sidecar(path: Path) -> bool:
    """True for a sidecar file (not an article of its own)."""
    return path.name.endswith(SUFFIX)


def apply_sidecar(article: Article, path: Path) -> tuple[Article, tuple[Problem, ...]]:
    """``article`` with the metadata of ``path``'s sidecar (if any) applied."""
    meta_path = sidecar_path(path)
    if not meta_path.is_file():
        return article, ()
    name = str(meta_path)
    try:
        if meta_path.stat().st_size > _MAX_SIDECAR_BYTES:
            return article, (_note(name, "sidecar over 100 KB: metadata only, please"),)
        meta = json.loads(meta_path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as err:
        reason = f"unreadable sidecar ({type(err).__name__}: {err}); article read without it"
        return article, (_note(name, reason),)
    if not isinstance(meta, dict):
        return article, (_note(name, "sidecar must be a JSON object; article read without it"),)
    return _merge(article, meta, name)


def _merge(article: Article, meta: dict, name: str) -> tuple[Article, tuple[Problem, ...]]:
    problems: list[Problem] = []
    changes: dict[str, object] = {}
    unknown = sorted(set(meta) - _KEYS)
    if unknown:
        reason = f"unknown sidecar keys {unknown} ignored; use {sorted(_KEYS)}"
        problems.append(_note(name, reason))
    for key in _TEXT_KEYS:
        if isinstance(meta.get(key), str) and one_line(meta[key]):
            changes[key] = one_line(meta[key])
    if "url" in meta:
        url = safe_http_url(meta["url"])
        if url:
            changes["url"] = url
            changes["id"] = article_id(url, article.text)
        else:
            problems.append(_note(name, "sidecar url is not an http(s) URL; ignored"))
    if "published" in meta:
        day = parse_iso_date(meta["published"]) if isinstance(meta["published"], str) else None
        if day:
            changes["published"] = day
        else:
            problems.append(_note(name, "sidecar published is not an ISO date; ignored"))
    return dataclasses.replace(article, **changes), tuple(problems)


def _note(name: str, reason: str) -> Problem:
    """A problem with a sidecar: the article itself is still read, so it is a note."""
    return Problem(name, reason, kept=True)
