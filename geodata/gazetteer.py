"""The offline gazetteer: look up what a place name may mean, read-only and thread-safe.

    gaz = Gazetteer.open()            # builds geodata/gazetteer.sqlite first if needed
    gaz.candidates("Ar Raqqah")       # [Candidate(place=Place(... "city", "SY" ...), "name"), ...]
    gaz.demonym_country("Nigerien")   # Place of Niger

Names are compared by :func:`geodata.names.normalize` keys (case, diacritics and punctuation
ignored); when no exact key matches, by :func:`geodata.names.loose_key` (transliteration
variants), and such candidates are marked ``MATCH_LOOSE``.

Candidate order: match kind (name, alt, loose), then feature tier (areas named as such in the
news: continents, regions, seas, countries; then cities; then admin1; then admin2), then
population. The tier keeps "Georgia" the country ahead of the US state and "Red Sea" the sea
ahead of Sudan's Red Sea state; curated regions have no population to rank by.
"""

from __future__ import annotations

import contextlib
import functools
import sqlite3
import threading
from pathlib import Path

from geodata.gazetteer_build import (
    DEFAULT_PATH,
    SCHEMA_VERSION,
    build_gazetteer,
    build_lock,
    remove_leftovers,
)
from geodata.gazetteer_curated import ADMIN1_ABBREVIATIONS
from geodata.model import MATCH_ALT, MATCH_LOOSE, MATCH_NAME, Candidate, Place
from geodata.names import loosen, normalize
from newsmap.errors import NewsmapError
from newsmap.progress import ProgressCallback

_MATCH_RANK = {MATCH_NAME: 0, MATCH_ALT: 1, MATCH_LOOSE: 2}
_KIND_TIER = {
    "continent": 0,
    "region": 0,
    "water": 0,
    "country": 0,
    "border": 0,
    "city": 1,
    "admin1": 2,
    "admin2": 3,
}
_PLACE_COLUMNS = (
    "p.place_id, p.name, p.lat, p.lon, p.kind, p.country_code, p.admin1_code, "
    "p.population, p.geonameid"
)
_CACHE_SIZE = 200_000


class GazetteerError(NewsmapError, RuntimeError):
    """The gazetteer file cannot be used; the message says which file and what to do."""


class Gazetteer:
    """Read-only lookups in the gazetteer SQLite file. Safe to share between threads.

    Pickles as its path (a worker process reopens the file), so it can travel to Dask workers.
    """

    def __init__(self, path: Path, connection: sqlite3.Connection):
        """Use :meth:`open`; this wraps an already opened read-only connection."""
        self.path = path
        self._conn = connection
        self._lock = threading.Lock()
        self._lookup = functools.lru_cache(maxsize=_CACHE_SIZE)(self._lookup_uncached)
        self._has = functools.lru_cache(maxsize=_CACHE_SIZE)(self._has_uncached)
        self._capitals: frozenset[int] | None = None

    @classmethod
    def open(cls, path: Path | None = None, progress: ProgressCallback | None = None) -> Gazetteer:
        """Open the gazetteer read-only; build it first if missing or built by an older schema
        version (a schema version is stored in a meta table).

        A build reports its steps to ``progress``; without one, they show on stderr (a bar on
        a terminal, plain lines in a log): pass :func:`newsmap.progress.ignore` for silence.
        A build killed half way leaves no file at ``path`` (the next open builds again).
        """
        path = Path(path) if path is not None else DEFAULT_PATH
        if stored_schema_version(path) != SCHEMA_VERSION:
            with build_lock(path):
                # another process may have built it while this one waited for the lock
                if stored_schema_version(path) != SCHEMA_VERSION:
                    remove_leftovers(path)  # temporary files of builds that were killed
                    _build_showing_progress(path, progress)
        uri = f"{path.resolve().as_uri()}?mode=ro"
        try:
            connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
            connection.execute("SELECT 1 FROM places LIMIT 1")
        except sqlite3.Error as exc:
            raise GazetteerError(
                f"{path}: cannot open the gazetteer ({exc}); delete the file and run "
                "python -m geodata.build_gazetteer"
            ) from exc
        return cls(path, connection)

    def candidates(self, name: str, *, loose: bool = True) -> list[Candidate]:
        """Every entry this name may mean (exact keys; loose keys only if none).

        Best match kind first, then population descending; cached (an LRU cache), since it is
        called many times per document.

        Within a match kind, areas (continents, regions, seas, countries) come before cities,
        cities before admin1 and admin2 (see the module docstring). News abbreviations of
        states and provinces ("Ga.", "W. Va.", "Ont.") mean that division alone.
        ``loose=False`` skips the
        loose fallback (a recognizer proposing spans wants exact names only: "Monday" loosely
        matches the town of Munday, Texas).
        """
        return list(self._lookup(name, loose))

    def has_name(self, name: str, *, loose: bool = True) -> bool:
        """Whether :meth:`candidates` would find anything for ``name`` (cheaper, cached)."""
        return self._has(name, loose)

    def country(self, code: str) -> Place | None:
        """The country with ISO 3166-1 alpha-2 ``code`` (case-insensitive), or None."""
        return self._one_place("p.kind = 'country' AND p.country_code = ?", (code.strip().upper(),))

    def admin1(self, country_code: str, admin1_code: str) -> Place | None:
        """The first-level subdivision with this GeoNames admin1 code ("SY", "09"), or None."""
        return self._one_place(
            "p.kind = 'admin1' AND p.country_code = ? AND p.admin1_code = ?",
            (country_code.strip().upper(), admin1_code.strip()),
        )

    def demonym_country(self, word: str) -> Place | None:
        """The country a nationality word names: "Syrian"/"Syrians" -> Syria, else None."""
        row = self._query("SELECT country_code FROM demonyms WHERE key = ?", (normalize(word),))
        return self.country(row[0][0]) if row else None

    def is_capital(self, place: Place) -> bool:
        """Whether ``place`` is its country's capital city (cached: asked for many candidates)."""
        return place.kind == "city" and place.place_id in self._capital_ids()

    def _capital_ids(self) -> frozenset[int]:
        if self._capitals is None:
            rows = self._query("SELECT place_id FROM capitals", ())
            self._capitals = frozenset(row[0] for row in rows)
        return self._capitals

    def place(self, place_id: int) -> Place | None:
        """The entry with this ``place_id``, or None."""
        return self._one_place("p.place_id = ?", (int(place_id),))

    def meta(self) -> dict[str, str]:
        """Build information: schema version, build time, source package versions."""
        return dict(self._query("SELECT key, value FROM meta", ()))

    def close(self) -> None:
        """Close the connection; the object is unusable afterwards."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Gazetteer:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def __reduce__(self):
        return (Gazetteer.open, (self.path,))

    def __repr__(self) -> str:
        return f"Gazetteer({str(self.path)!r})"

    def _lookup_uncached(self, name: str, loose: bool) -> tuple[Candidate, ...]:
        abbreviated = ADMIN1_ABBREVIATIONS.get(name.replace(" ", ""))
        if abbreviated is not None:  # "Ga." is Georgia, whatever else "Ga" may be
            division = self.admin1(*abbreviated)
            return (Candidate(division, MATCH_ALT),) if division is not None else ()
        key = normalize(name)
        if not key:
            return ()
        sql = (
            f"SELECT n.match, {_PLACE_COLUMNS} FROM names n JOIN places p USING (place_id) "
            "WHERE n.key = ? AND n.match {}"
        )
        rows = self._query(sql.format("IN ('name', 'alt')"), (key,))
        loose_key = loosen(key) if loose and not rows else ""
        if loose_key:
            rows = self._query(sql.format("= 'loose'"), (loose_key,))
        best: dict[int, Candidate] = {}
        for match, *place in rows:
            candidate = Candidate(place=Place(*place), match=match)
            held = best.get(candidate.place.place_id)
            if held is None or _MATCH_RANK[match] < _MATCH_RANK[held.match]:
                best[candidate.place.place_id] = candidate
        return tuple(sorted(best.values(), key=_rank))

    def _has_uncached(self, name: str, loose: bool) -> bool:
        if name.replace(" ", "") in ADMIN1_ABBREVIATIONS:
            return True
        key = normalize(name)
        if not key:
            return False
        sql = "SELECT 1 FROM names WHERE key = ? AND match {} LIMIT 1"
        if self._query(sql.format("IN ('name', 'alt')"), (key,)):
            return True
        loose_key = loosen(key) if loose else ""
        return bool(loose_key and self._query(sql.format("= 'loose'"), (loose_key,)))

    def _one_place(self, where: str, params: tuple) -> Place | None:
        rows = self._query(
            f"SELECT {_PLACE_COLUMNS} FROM places p WHERE {where} "
            "ORDER BY p.population DESC, p.place_id LIMIT 1",
            params,
        )
        return Place(*rows[0]) if rows else None

    def _query(self, sql: str, params: tuple) -> list[tuple]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()


def _rank(candidate: Candidate) -> tuple:
    place = candidate.place
    return (
        _MATCH_RANK[candidate.match],
        _KIND_TIER.get(place.kind, 4),
        -place.population,
        place.place_id,
    )


def stored_schema_version(path: Path) -> int | None:
    """The schema version recorded in the gazetteer at ``path``; None if the file is missing.

    Raises :class:`GazetteerError` when the file is not a readable gazetteer.
    """
    if not path.is_file():
        return None
    try:
        with contextlib.closing(
            sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        ) as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.DatabaseError as exc:
        raise GazetteerError(
            f"{path}: not a readable gazetteer ({exc}); delete it and run "
            "python -m geodata.build_gazetteer"
        ) from exc
    return int(row[0]) if row and str(row[0]).isdigit() else None


def _build_showing_progress(path: Path, progress: ProgressCallback | None) -> None:
    if progress is not None:
        build_gazetteer(path, progress=progress)
        return
    from newsmap.terminal_progress import TerminalProgress

    with TerminalProgress() as show:
        build_gazetteer(path, progress=show)
