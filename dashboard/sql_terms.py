"""SQL expressions over the mirror's columns (store.mirror) that the engine's queries share:
the derived columns :func:`dashboard.filters.prepare` adds to the frame, as SQL."""

from __future__ import annotations

from dashboard.filters import MIN_CONFIDENCE, NO_KIND

# Derived columns, as dashboard.filters.prepare derives them for the frame.
KIND_LABEL = f"CASE WHEN role = 'event' THEN COALESCE(NULLIF(trim(kind), ''), '{NO_KIND}') END"
SOURCE_LABEL = "COALESCE(host, NULLIF(trim(credit), ''), 'unknown')"
CASUALTIES = "(COALESCE(killed, 0) + COALESCE(injured, 0))"
CERTAIN = f"(role <> 'event' OR confidence IS NULL OR confidence >= {MIN_CONFIDENCE})"
SEARCH = "lower(COALESCE(title, '') || chr(10) || COALESCE(snippet, ''))"
LOCATED = "lat IS NOT NULL AND lon IS NOT NULL"
