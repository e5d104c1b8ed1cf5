"""The dashboard as an ASGI app whose every HTTP answer may be gzip-compressed.

    streamlit run dashboard/asgi.py    # what ``python -m dashboard`` runs

Streamlit serves its own front end (about 6 MB of JavaScript and CSS) uncompressed: its gzip
middleware skips ``/static/`` on purpose, expecting a compressing proxy in front. For a
laptop or a single container with no proxy, this wraps the app (``st.App``, Streamlit's public
ASGI entry point) in Starlette's stock GZipMiddleware, so a first visit downloads about a
quarter of that. Browsers still cache the assets for a year (they are content-hashed), so the
compression cost is paid once per visitor and asset. Websockets, query parameters, uploads
and ``/app/static`` pass through unchanged; already-compressed types (images, fonts) and
partial (206) answers are left alone by the middleware.

``streamlit run`` recognises the module-level ``app`` (by reading this file, not importing
it) and serves it with uvicorn, with the usual ``--server.*`` flags and config.toml.

At start-up the server also loads the store into the app's caches in the background
(:func:`dashboard.data.warm`), so the first visitor does not wait for a 100,000-event store to
be read; that visitor's page waits for the load in progress instead of starting another.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware

# As in app.py: the server puts dashboard/ on sys.path; the project's packages need the root.
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

log = logging.getLogger(__name__)

# Streamlit's own level for its compressed answers: nearly level 9's size at half its cost.
COMPRESS_LEVEL = 5
MINIMUM_SIZE = 1000  # smaller answers are not worth a gzip header


def _warm() -> None:
    try:
        from dashboard import data

        data.warm(data.store_path())
    except Exception:  # noqa: BLE001 - the first visit loads the store itself and says what failed
        log.warning("could not load the store ahead of the first visit", exc_info=True)


@asynccontextmanager
async def _lifespan(_app: st.App) -> AsyncIterator[None]:
    """Guard the shared caches against visitors' clear-cache requests (dashboard.access), and
    start the cache warm-up beside the server (it never delays start-up or shutdown)."""
    from dashboard import access

    access.install_clear_cache_guard()
    threading.Thread(target=_warm, name="newsmap-warm", daemon=True).start()
    yield


# Absolute: under a bare ASGI server a relative path would resolve against the working folder.
app = st.App(
    Path(__file__).with_name("app.py"),
    lifespan=_lifespan,
    middleware=[
        Middleware(GZipMiddleware, minimum_size=MINIMUM_SIZE, compresslevel=COMPRESS_LEVEL)
    ],
)
