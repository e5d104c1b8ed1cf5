"""Article + resolved places -> Events: where something happened versus places only mentioned.

One Event per resolved toponym (a place named three times gives three Events; the dashboard groups
them). The sentence around the name is the snippet. The role is "event" when that sentence has a
trigger word (events/triggers.py) and the name is not a demonym ("Syrian" is context, never the
place of an event), else "mention". The date comes from the sentence (events/dating.py), anchored
at the trigger nearest to the name (for mentions, at the name itself).
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Sequence

from articles.model import Article
from events.dating import resolve_date
from events.model import ROLE_EVENT, ROLE_MENTION, Event
from events.sentences import sentence_spans
from events.triggers import Trigger, find_triggers, nearest_trigger
from geodata.model import ResolvedToponym


def event_id(article_id: str, start: int, end: int) -> str:
    """Stable id of the event at ``[start, end)`` in an article (same input, same id)."""
    digest = hashlib.sha256(f"{article_id}\x1f{start}\x1f{end}".encode()).hexdigest()
    return "e" + digest[:16]


def extract_events(article: Article, resolved: Sequence[ResolvedToponym]) -> list[Event]:
    """One Event per resolved toponym that has a place, in text order.

    Toponyms whose place is None are skipped, as are repeats of the same span (ids are unique
    per span). Raises ValueError, naming the article, when a toponym's offsets do not point at
    its name in the article text (the toponyms were found on a different text).
    """
    text = article.text
    spans = sentence_spans(text)
    starts = [start for start, _ in spans]
    triggers: dict[tuple[int, int], list[Trigger]] = {}
    events: list[Event] = []
    seen: set[tuple[int, int]] = set()
    for item in sorted(resolved, key=lambda r: (r.toponym.start, r.toponym.end)):
        toponym, place = item.toponym, item.place
        if place is None or (toponym.start, toponym.end) in seen:
            continue
        _check_offsets(article, toponym.start, toponym.end, toponym.name)
        seen.add((toponym.start, toponym.end))
        s_start, s_end = _sentence_of(spans, starts, toponym.start, toponym.end)
        snippet = text[s_start:s_end]
        if (s_start, s_end) not in triggers:
            triggers[(s_start, s_end)] = find_triggers(snippet)
        name_start, name_end = toponym.start - s_start, toponym.end - s_start
        trigger = nearest_trigger(triggers[(s_start, s_end)], name_start, name_end)
        is_event = trigger is not None and not toponym.demonym
        anchor = trigger.start if trigger is not None else name_start
        when, date_precision = resolve_date(snippet, article.published, anchor)
        events.append(
            Event(
                id=event_id(article.id, toponym.start, toponym.end),
                article_id=article.id,
                role=ROLE_EVENT if is_event else ROLE_MENTION,
                name=toponym.name,
                resolved_name=place.name,
                lat=place.lat,
                lon=place.lon,
                precision=place.precision,
                country_code=place.country_code,
                geonameid=place.geonameid,
                start=toponym.start,
                end=toponym.end,
                snippet=snippet,
                name_start=name_start,
                name_end=name_end,
                date=when,
                date_precision=date_precision,
            )
        )
    return events


def _check_offsets(article: Article, start: int, end: int, name: str) -> None:
    if 0 <= start < end <= len(article.text) and article.text[start:end] == name:
        return
    where = article.source or article.id
    raise ValueError(
        f"{where}: toponym {name!r} at {start}:{end} does not match the article text; "
        "run toponym recognition on this article's own text before extracting events"
    )


def _sentence_of(
    spans: list[tuple[int, int]], starts: list[int], start: int, end: int
) -> tuple[int, int]:
    """The sentence holding ``[start, end)``, widened over any boundary the name straddles."""
    first = max(bisect.bisect_right(starts, start) - 1, 0)
    last = max(bisect.bisect_left(starts, end) - 1, first)
    return min(spans[first][0], start), max(spans[last][1], end)
