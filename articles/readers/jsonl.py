"""JSON Lines articles: one ``{"id", "url", "title", "published", "text"}`` object a line.

Only ``text`` is required. ``published`` is an ISO date or date-time; ``credit`` and ``source``
are honoured when present (``source`` replaces the default ``FILE:LINE``). The record's own
``id`` is not the article id: ids come from :func:`articles.model.article_id`, so the same story
read from any format gets the same id. A missing title comes from the URL, else the text's
first words. A broken line is one problem naming ``FILE:LINE``; the other lines are still read.
A ``.json`` file holding one JSON array of such objects is read too (problems name ``FILE#N``).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator

from articles.model import Article, article_id
from articles.readers.fields import (
    clean_text,
    one_line,
    parse_iso_date,
    title_from_text,
    title_from_url,
)
from articles.readers.result import Problem, ReadResult
from articles.urls import safe_http_url

_STRING_KEYS = ("id", "url", "title", "text", "byline", "credit", "source")


def parse_jsonl(text: str, path: str) -> ReadResult:
    """Every article in a JSON Lines (or JSON array) file's ``text``, and every broken record."""
    articles: list[Article] = []
    problems: list[Problem] = []
    for where, record, error in _records(text, path):
        result = error or _parse_one(record)
        if isinstance(result, str):
            problems.append(Problem(where, result))
            continue
        article, notes = result
        if not article.source:
            article = dataclasses.replace(article, source=where)
        articles.append(article)
        problems.extend(Problem(where, note, kept=True) for note in notes)
    if not articles and not problems:
        problems.append(Problem(path, "no JSON records in the file: nothing to ingest"))
    return ReadResult(tuple(articles), tuple(problems))


def _records(text: str, path: str) -> Iterator[tuple[str, object, str | None]]:
    """``(where, record, error)`` triples: ``error`` says why ``record`` could not be parsed."""
    if text.lstrip().startswith("["):
        try:
            array = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as err:
            reason = f"not valid JSON ({_short(err)}): expected a JSON array or one object a line"
            yield path, None, reason
            return
        if isinstance(array, list):
            for number, record in enumerate(array, start=1):
                yield f"{path}#{number}", record, None
            return
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            yield where, json.loads(line), None
        except (json.JSONDecodeError, RecursionError) as err:
            yield where, None, f"not a JSON object ({_short(err)}): fix or remove this line"


def _parse_one(record: object) -> tuple[Article, list[str]] | str:
    """:func:`parse_record`, where even an error we did not foresee costs this record only."""
    try:
        return parse_record(record)
    except Exception as err:  # noqa: BLE001 - one bad line must cost one line
        return f"unexpected error {type(err).__name__}: {_short(err)} (please report it)"


def parse_record(record: object) -> tuple[Article, list[str]] | str:
    """An Article from one decoded record, with notes on fields dropped; or why there is none.

    The article's ``source`` is the record's own, or empty for the caller to fill in.
    """
    if not isinstance(record, dict):
        return f"expected a JSON object, found {type(record).__name__}: fix or remove this record"
    wrong = [key for key in _STRING_KEYS if record.get(key) is not None]
    wrong = [key for key in wrong if not isinstance(record[key], str)]
    if wrong:
        return f"field(s) {wrong} must be strings: fix this record"
    text = clean_text(record.get("text") or "")
    if not text:
        return 'no "text" (it is required): add the article text or remove this record'
    notes: list[str] = []
    url = safe_http_url(record.get("url"))
    if record.get("url") and not url:
        notes.append('"url" is not an http(s) URL; article kept without it')
    published = None
    raw_date = record.get("published")
    if raw_date is not None:
        published = parse_iso_date(raw_date) if isinstance(raw_date, str) else None
        if published is None:
            notes.append(f'"published" {_short(raw_date)} is not an ISO date; kept without a date')
    title = one_line(record.get("title") or "")
    title = title or (title_from_url(url) if url else "") or title_from_text(text)
    credit = one_line(record.get("credit") or "")
    source = one_line(record.get("source") or "")
    article = Article(
        id=article_id(url, text),
        title=title,
        text=text,
        url=url,
        published=published,
        byline=one_line(record.get("byline") or "") or None,
        source=source,
        credit=credit or None,
    )
    return article, notes


def _short(value: object, limit: int = 80) -> str:
    text = str(value) if isinstance(value, Exception) else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
