"""Synthetic stores written in bulk: ten million events in minutes, not article by article.

The same articles as :mod:`dashboard.synthetic` tells (towns of the real gazetteer weighted by
their country's news and their population, a few events of one main kind per article, then a
capital mentioned in passing, confidences drawn as events/classify gives them), but drawn a
chunk of articles at a time with numpy and written with ``executemany`` in one transaction per
chunk, the store's secondary indexes dropped while filling and built again at the end. The
store's schema is the one :class:`store.db.Store` creates, so every reader opens it as it opens
a real store. For benchmarks only; the runtime never imports this module.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from articles.model import article_id, content_hash
from dashboard.synthetic import CONFIDENCE_SHAPE, COUNTRIES, HOSTS, KINDS, PHRASES, START, Town
from store.db import Store
from store.schema import SCHEMA_SQL

CHUNK_ARTICLES = 20_000
KILLED = (None, None, None, 0, 1, 2, 3, 5, 8, 12, 20, 45)
_INDEXES = [s.strip() for s in SCHEMA_SQL.split(";") if s.strip().startswith("CREATE INDEX")]
_INDEX_NAMES = [re.match(r"CREATE INDEX (\w+)", s).group(1) for s in _INDEXES]

_ARTICLE_SQL = """
INSERT INTO articles (id, url, content_hash, title, byline, published, source, credit, text,
                      ingested_at)
VALUES (?, ?, ?, ?, 'Staff', ?, ?, ?, ?, ?)
"""
_EVENT_SQL = """
INSERT INTO events (id, article_id, place_key, role, name, start, "end", snippet, name_start,
                    name_end, date, date_precision, kind, killed, injured, precision,
                    confidence, kind_confidence)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'day', ?, ?, ?, 'town', ?, ?)
"""
_PLACE_SQL = """
INSERT OR IGNORE INTO places (place_key, name, lat, lon, precision, country_code, geonameid)
VALUES (?, ?, ?, ?, 'town', ?, ?)
"""


def fill_bulk(
    path: Path,
    events: int,
    places: list[Town],
    seed: int = 5,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write articles holding ``events`` events and mentions into a new store at ``path``;
    returns the number of articles. ``progress(rows written)`` is called after each chunk."""
    Store(path).close()  # the schema, exactly as an ingest creates it
    rng = np.random.default_rng(seed)
    weights = np.array([COUNTRIES[t.country] * max(t.population, 1) ** 0.6 for t in places])
    weights /= weights.sum()
    capitals: dict[str, int] = {}
    for index in sorted(range(len(places)), key=lambda i: -places[i].population):
        capitals.setdefault(places[index].country, index)
    capital_of = np.array([capitals[t.country] for t in places])
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA cache_size=-262144")  # 256 MB while filling
        for name in _INDEX_NAMES:
            conn.execute(f"DROP INDEX IF EXISTS {name}")
        conn.execute("BEGIN")
        conn.executemany(
            _PLACE_SQL,
            [(f"gn:{t.geonameid}", t.name, t.lat, t.lon, t.country, t.geonameid) for t in places],
        )
        conn.execute("COMMIT")
        written = articles = 0
        while written < events:
            chunk = _draw(rng, places, weights, capital_of, articles, events - written)
            conn.execute("BEGIN")
            conn.executemany(_ARTICLE_SQL, chunk.articles)
            conn.executemany(_EVENT_SQL, chunk.events)
            conn.execute("COMMIT")
            written += len(chunk.events)
            articles += len(chunk.articles)
            if progress:
                progress(written)
        for statement in _INDEXES:
            conn.execute(statement)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return articles


class _Chunk:
    def __init__(self) -> None:
        self.articles: list[tuple] = []
        self.events: list[tuple] = []


def _draw(rng, places, weights, capital_of, first: int, left: int) -> _Chunk:
    """A chunk of articles (at most CHUNK_ARTICLES, at most ``left`` rows), numbered from
    ``first``: each has 1-7 events at weighted towns, then its first town's capital mentioned."""
    n = CHUNK_ARTICLES
    sizes = rng.integers(2, 9, n)  # rows per article: events, then one mention
    cut = np.searchsorted(np.cumsum(sizes), left)
    if cut < n:  # the last article takes what is left (one row: an event and no mention)
        n = cut + 1
        sizes = sizes[:n]
        sizes[-1] = left - int(sizes[:-1].sum())
    rows = int(sizes.sum())
    town = rng.choice(len(places), size=rows, p=weights)
    own_kind = rng.integers(0, len(KINDS), rows)
    keep_main = rng.random(rows) < 2 / 3
    killed = rng.integers(0, len(KILLED), rows)
    confidence = np.round(rng.beta(*CONFIDENCE_SHAPE, rows), 2)
    kind_confidence = np.round(rng.beta(*CONFIDENCE_SHAPE, rows), 2)
    day = rng.integers(0, 366, n)
    main_kind = rng.integers(0, len(KINDS), n)
    host = rng.integers(0, len(HOSTS), n)
    ingested = datetime.now(UTC).isoformat(timespec="seconds")
    out = _Chunk()
    row = 0
    for a in range(n):
        size = int(sizes[a])
        when = START + timedelta(days=int(day[a]))
        stamp = when.isoformat()
        kind = KINDS[main_kind[a]]
        url = f"https://{HOSTS[host[a]]}/{stamp}/story-{first + a}"
        first_town = places[town[row]]
        spots, sentences = [], []
        for i in range(size):
            r = row + i
            is_mention = size > 1 and i == size - 1
            place = places[capital_of[town[row]]] if is_mention else places[town[r]]
            if is_mention:
                this_kind, dead = None, None
                sentence = f"Officials in {place.name} condemned {PHRASES[kind][1]}."
            else:
                this_kind = kind if keep_main[r] else KINDS[own_kind[r]]
                dead = KILLED[killed[r]]
                tail = f", killing {dead} people." if dead else "."
                sentence = (
                    PHRASES[this_kind][0].format(place=place.name)
                    + f" on {when:%B} {when.day}{tail}"
                )
            spots.append((place, this_kind, sentence, dead, r))
            sentences.append(sentence)
        # The story number keeps texts apart: two articles drawn alike must not be one
        # article to the store's dedupe (its content hash is unique).
        text = " ".join(sentences) + f" (Story {first + a}.)"
        aid = article_id(url, text)
        title = f"{PHRASES[kind][1].capitalize()} reported in {first_town.name}"
        credit = f"{HOSTS[host[a]]} (synthetic)"
        source = f"bench/{first + a}"
        digest = content_hash(text)
        out.articles.append((aid, url, digest, title, stamp, source, credit, text, ingested))
        offset = 0
        for i, (place, this_kind, sentence, dead, r) in enumerate(spots):
            at = sentence.index(place.name)
            event = this_kind is not None
            out.events.append(
                (
                    f"{aid}:{i}",
                    aid,
                    f"gn:{place.geonameid}",
                    "event" if event else "mention",
                    place.name,
                    offset + at,
                    offset + at + len(place.name),
                    sentence,
                    at,
                    at + len(place.name),
                    stamp,
                    this_kind.value if event else None,
                    dead if event else None,
                    dead * 2 if event and dead else None,
                    float(confidence[r]) if event else 1.0,
                    float(kind_confidence[r]) if event else 1.0,
                )
            )
            offset += len(sentence) + 1
        row += size
    return out
