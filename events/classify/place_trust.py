"""How far to trust a place an event takes from its article rather than its own sentence.

An event whose sentence names no place takes the place the article gives it
(events/locate/article_place.py: the event told just before, the dateline, the article's main
place). Readers judging whole articles found such places right less often than places the
sentence names, so the event's confidence is scaled by the measured ratio for where the place
came from (``place_trust.json``, made by ``python -m tools.eventsets.place_trust`` from judged
article sheets; 1.0 for a place its sentence names, and for a source never measured).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from events.model import PlaceSource

TRUST = Path(__file__).resolve().parent / "place_trust.json"


@lru_cache(maxsize=1)
def place_trust(path: Path = TRUST) -> dict[str, float]:
    """The trust of each place source, relative to a place the sentence names (at most 1)."""
    if not Path(path).is_file():
        return {}
    table = json.loads(Path(path).read_text(encoding="utf-8"))["relative"]
    return {source: min(max(float(v), 0.0), 1.0) for source, v in table.items()}


def trusted_confidence(confidence: float, place_source: PlaceSource) -> float:
    """``confidence`` scaled by the trust of a place from ``place_source``."""
    return round(confidence * place_trust().get(place_source, 1.0), 3)
