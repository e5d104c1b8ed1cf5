"""Admin regions (first-level subdivisions) of the stored places, from the offline gazetteer.

The store keeps each place's GeoNames id but not its province; the gazetteer knows both. One
read-only scan maps the ids in use to region codes ("SY.09": country code, dot, GeoNames admin1
code) and names ("Aleppo"). When the gazetteer is missing or of another schema the dashboard
simply offers no region filter: nothing here builds or changes it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

_IDS_SQL = """
SELECT geonameid, country_code, admin1_code FROM places
WHERE geonameid IS NOT NULL AND country_code IS NOT NULL AND admin1_code IS NOT NULL
  AND admin1_code != ''
"""
_NAMES_SQL = "SELECT country_code, admin1_code, name FROM places WHERE kind = 'admin1'"


@dataclass(frozen=True)
class Regions:
    """geonameid -> region code, and region code -> name (both empty when unknown)."""

    by_geonameid: dict[int, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)

    def label(self, code: str) -> str:
        """ "Aleppo (SY)" for "SY.09"; the code itself when its name is unknown."""
        name = self.names.get(code)
        return f"{name} ({code.split('.', 1)[0]})" if name else code


ENV_GAZETTEER = "NEWSMAP_GAZETTEER"


def gazetteer_path() -> Path | None:
    """The gazetteer to read regions from: $NEWSMAP_GAZETTEER if set, else geodata's built
    file of the current schema; None when there is none (never builds it)."""
    configured = os.environ.get(ENV_GAZETTEER, "").strip()
    if configured:
        return Path(configured).expanduser()
    try:
        from geodata.gazetteer import GazetteerError, stored_schema_version
        from geodata.gazetteer_build import DEFAULT_PATH, SCHEMA_VERSION
    except ImportError:
        return None
    try:
        version = stored_schema_version(DEFAULT_PATH)
    except GazetteerError as exc:
        log.warning("gazetteer unreadable (%s): no region filter", exc)
        return None
    return DEFAULT_PATH if version == SCHEMA_VERSION else None


def load_regions(geonameids: Iterable[int], path: Path | None) -> Regions:
    """The regions of the given GeoNames ids, read from the gazetteer at ``path``."""
    wanted = {int(g) for g in geonameids}
    if path is None or not wanted:
        return Regions()
    try:
        uri = f"{Path(path).resolve().as_uri()}?mode=ro"
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
            by_id = {gid: f"{cc}.{a1}" for gid, cc, a1 in conn.execute(_IDS_SQL) if gid in wanted}
            used = set(by_id.values())
            names = {
                f"{cc}.{a1}": name
                for cc, a1, name in conn.execute(_NAMES_SQL)
                if f"{cc}.{a1}" in used
            }
    except sqlite3.Error as exc:
        log.warning("admin regions unavailable (%s): no region filter", exc)
        return Regions()
    return Regions(by_geonameid=by_id, names=names)
