"""The root of newsmap's own exceptions, as geopy's ``GeopyError`` is of geopy's.

Every error the project raises on purpose subclasses :class:`NewsmapError`, so a caller (the
CLI, the page) can catch "ours" in one place and let anything else surface as the bug it is.
Each subclass keeps the built-in base it had (``GazetteerError`` is still a ``RuntimeError``,
``FetchTimedOut`` also a ``TimeoutError``), so existing ``except`` clauses keep working.

This module imports nothing of the project's, so articles, geodata, events, store and
dashboard can all import it without a cycle.
"""

from __future__ import annotations

__all__ = ["NewsmapError"]


class NewsmapError(Exception):
    """An error newsmap raises on purpose; its message says what happened and what to do."""
