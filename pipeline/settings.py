"""Settings: every NEWSMAP_* variable (and Dask's scheduler address) read in one place.

The composition root reads the environment once, into a frozen :class:`Settings`, and hands
its parts down as plain arguments: the store's path, the gazetteer's path, the geocoder to
use, the cluster to ingest on. The packages below keep working with arguments alone.

=================================  =========================================================
variable                           what it sets
=================================  =========================================================
NEWSMAP_STORE                      the store file (else newsmap.paths.store_file's default)
NEWSMAP_GAZETTEER                  the gazetteer the dashboard reads its regions from (else
                                   geodata's default; the ingest takes ``--gazetteer``)
NEWSMAP_NOMINATIM_USER_AGENT       turns the online geocoder on (Nominatim's usage policy)
NEWSMAP_NOMINATIM_URL              another Nominatim server
NEWSMAP_ATTACH_WEIGHTS             other weights for the event-location ranker
NEWSMAP_READONLY                   the dashboard never writes the store
NEWSMAP_PAGE_INGEST                the dashboard's "Add articles" tab on a public server
NEWSMAP_INGEST_TOKEN               the secret that tab asks for
NEWSMAP_HOSTED                     the dashboard counts as public (behind a proxy)
NEWSMAP_REFRESH_SECONDS            how often an open page checks the store for new events
                                   (dashboard.live reads it; 0 turns live updates off)
NEWSMAP_DUCKDB_MEMORY              the columnar engine's memory cap in each process, e.g.
                                   ``512MB`` (store.duck reads it; default 1GB)
DASK_SCHEDULER_ADDRESS             ingest on this Dask cluster (as ``--scheduler``)
=================================  =========================================================
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ENV_STORE = "NEWSMAP_STORE"
ENV_GAZETTEER = "NEWSMAP_GAZETTEER"
ENV_NOMINATIM_USER_AGENT = "NEWSMAP_NOMINATIM_USER_AGENT"
ENV_NOMINATIM_URL = "NEWSMAP_NOMINATIM_URL"
ENV_ATTACH_WEIGHTS = "NEWSMAP_ATTACH_WEIGHTS"
ENV_READONLY = "NEWSMAP_READONLY"
ENV_PAGE_INGEST = "NEWSMAP_PAGE_INGEST"
ENV_INGEST_TOKEN = "NEWSMAP_INGEST_TOKEN"  # noqa: S105 - a variable name, not a secret
ENV_HOSTED = "NEWSMAP_HOSTED"
ENV_REFRESH = "NEWSMAP_REFRESH_SECONDS"
ENV_DUCKDB_MEMORY = "NEWSMAP_DUCKDB_MEMORY"
ENV_SCHEDULER = "DASK_SCHEDULER_ADDRESS"
_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    """What the environment configures; empty strings and unset variables are None/False."""

    store: Path | None = None
    gazetteer: Path | None = None
    nominatim_user_agent: str | None = None
    nominatim_url: str | None = None
    attach_weights: Path | None = None
    readonly: bool = False
    page_ingest: bool | None = None  # None: not set either way
    ingest_token: str | None = None
    hosted: bool = False
    scheduler: str | None = None
    refresh_seconds: str | None = None  # as written; dashboard.live parses and checks it
    duckdb_memory: str | None = None  # as written; store.duck hands it to DuckDB

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings of ``environ`` (default: this process's environment)."""
        environ = os.environ if environ is None else environ

        def text(name: str) -> str | None:
            return environ.get(name, "").strip() or None

        def path(name: str) -> Path | None:
            value = text(name)
            return None if value is None else Path(value).expanduser()

        def flag(name: str) -> bool | None:
            value = text(name)
            return None if value is None else value.lower() in _TRUE

        return cls(
            store=path(ENV_STORE),
            gazetteer=path(ENV_GAZETTEER),
            nominatim_user_agent=text(ENV_NOMINATIM_USER_AGENT),
            nominatim_url=text(ENV_NOMINATIM_URL),
            attach_weights=path(ENV_ATTACH_WEIGHTS),
            readonly=bool(flag(ENV_READONLY)),
            page_ingest=flag(ENV_PAGE_INGEST),
            ingest_token=text(ENV_INGEST_TOKEN),
            hosted=bool(flag(ENV_HOSTED)),
            scheduler=text(ENV_SCHEDULER),
            refresh_seconds=text(ENV_REFRESH),
            duckdb_memory=text(ENV_DUCKDB_MEMORY),
        )

    def store_path(self) -> Path:
        """The store to use when no ``--store`` names one."""
        from newsmap.paths import store_file

        if self.store is not None:
            return self.store
        return store_file({**os.environ, ENV_STORE: ""})  # the default, whatever the variable

    def nominatim_environ(self) -> dict[str, str]:
        """The two Nominatim variables, for geodata.geocoding.nominatim_from_env."""
        from geodata.geocoding.nominatim import ENV_URL, ENV_USER_AGENT

        return {ENV_USER_AGENT: self.nominatim_user_agent or "", ENV_URL: self.nominatim_url or ""}
