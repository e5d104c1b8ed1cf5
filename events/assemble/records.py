"""Event records from merged drafts: one Event per event and place, mentions for the rest.

An event in several places ("attacks on Raqqa and Mosul") gives one Event per place, like
ACLED; an event whose sentence names no place gives one Event without coordinates, its
offsets at its trigger; every place name that locates no event gives a "mention" Event.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Callable, Sequence

from articles.model import Article
from events.assemble.merge import casualty_summary, figure_confidence
from events.drafts import INJURED, KILLED, Draft, Place
from events.measure.dating import is_background, resolve_date
from events.model import ROLE_EVENT, ROLE_MENTION, Event, PlaceSource
from geodata.model import PRECISION_ADMIN, PRECISION_TOWN
from geodata.model import Place as GeoPlace
from geodata.resolve_features import inside

AdminLookup = Callable[[str, str], GeoPlace | None]  # (country code, admin1 code) -> province


def finest(places: Sequence[Place], toponyms) -> list[Place]:
    """The places of one event without those that contain another of them: "a hospital in
    Toronto, Canada" happened in Toronto; Canada adds a second marker for the same event, one
    a reader calls wrong when the article names the city (the country stays a mention)."""
    known = [toponyms[p.ref].place if p.ref is not None else None for p in places]
    return [
        place
        for place, resolved in zip(places, known, strict=True)
        if resolved is None or not any(o is not None and inside(o, resolved) for o in known)
    ]


def event_id(article_id: str, start: int, end: int) -> str:
    """Stable id of the event at ``[start, end)`` in an article (same input, same id)."""
    digest = hashlib.sha256(f"{article_id}\x1f{start}\x1f{end}".encode()).hexdigest()
    return "e" + digest[:16]


def events_of(draft: Draft, article: Article, toponyms, admin_lookup) -> list[Event]:
    killed, killed_q, killed_rev = casualty_summary(draft.figures, KILLED)
    injured, injured_q, injured_rev = casualty_summary(draft.figures, INJURED)
    victims = next((f.who for f in draft.figures if f.kind == KILLED and f.who), "")
    snippet = article.text[draft.sentence_start : draft.sentence_end]
    common = {
        "article_id": article.id,
        "role": ROLE_EVENT,
        "snippet": snippet,
        "date": draft.date,
        "date_precision": draft.date_precision,
        "kind": draft.kind,
        "killed": killed,
        "injured": injured,
        "actors": draft.actors,
        "status": draft.status,
        "trigger": draft.trigger,
        "trigger_start": draft.trigger_start,
        "trigger_end": draft.trigger_end,
        "sentence_start": draft.sentence_start,
        "sentence_end": draft.sentence_end,
        "killed_qualifier": killed_q,
        "injured_qualifier": injured_q,
        "killed_revisions": killed_rev,
        "injured_revisions": injured_rev,
        "victims": victims,
        "background": is_background(draft.date, draft.date_precision, article.published),
        "confidence": draft.confidence,
        "kind_confidence": draft.kind_confidence,
        "killed_confidence": figure_confidence(draft.figures, KILLED),
        "injured_confidence": figure_confidence(draft.figures, INJURED),
    }
    if not draft.places:
        # At its trigger: the sentence names no place. The article may give one (``inherited``:
        # the name as written elsewhere, the sentence's highlight stays on the trigger).
        start, end = draft.trigger_start, draft.trigger_end
        inherited = _inherited(draft, toponyms, admin_lookup)
        return [
            Event(
                id=event_id(article.id, start, end),
                **inherited,
                start=start,
                end=end,
                name_start=start - draft.sentence_start,
                name_end=end - draft.sentence_start,
                **common,
            )
        ]
    events = []
    for place in finest(draft.places, toponyms):
        resolved, level = toponyms[place.ref].place if place.ref is not None else None, place.level
        source = {}
        if resolved is None and place.within is not None:
            # a name the gazetteer does not know, at the known place its phrase names
            resolved, level = toponyms[place.within].place, None
        elif resolved is None and draft.inherited is not None and draft.inherited.ref is not None:
            # ... or at the place its article gives ("the island of Bohol": the Philippines)
            resolved, level = toponyms[draft.inherited.ref].place, None
            source = {"place_source": draft.place_source}
        resolved, precision = _precise(resolved, level, admin_lookup)
        events.append(
            Event(
                id=event_id(article.id, draft.trigger_start, place.start),
                name=place.name,
                resolved_name=resolved.name if resolved else "",
                lat=resolved.lat if resolved else None,
                lon=resolved.lon if resolved else None,
                precision=precision,
                country_code=resolved.country_code if resolved else None,
                geonameid=resolved.geonameid if resolved else None,
                start=place.start,
                end=place.end,
                name_start=place.start - draft.sentence_start,
                name_end=place.end - draft.sentence_start,
                **source,
                **common,
            )
        )
    return events


def _inherited(draft: Draft, toponyms, admin_lookup) -> dict:
    """The place fields of an event placed by its article, or empty ones."""
    place = draft.inherited
    resolved = toponyms[place.ref].place if place is not None and place.ref is not None else None
    resolved, precision = _precise(resolved, None, admin_lookup)
    if resolved is None:
        empty = {"name": "", "resolved_name": "", "lat": None, "lon": None, "precision": ""}
        return {
            **empty,
            "country_code": None,
            "geonameid": None,
            "place_source": PlaceSource.SENTENCE,
        }
    return {
        "name": place.name,
        "resolved_name": resolved.name,
        "lat": resolved.lat,
        "lon": resolved.lon,
        "precision": precision,
        "country_code": resolved.country_code,
        "geonameid": resolved.geonameid,
        "place_source": draft.place_source,
    }


def _precise(place: GeoPlace | None, level: float | None, admin_lookup) -> tuple:
    """The place and its precision; "the province of Aleppo" is the province, not the city."""
    if place is None:
        return None, ""
    if level is None or level < 1 or place.precision != PRECISION_TOWN:
        return place, place.precision
    if level >= 1.5 and admin_lookup is not None and place.country_code and place.admin1_code:
        province = admin_lookup(place.country_code, place.admin1_code)
        if province is not None:
            return province, PRECISION_ADMIN
    return place, PRECISION_ADMIN  # ACLED: a region's events sit at its main town


def mentions(article: Article, toponyms, used: set[int], spans) -> list[Event]:
    """One "mention" Event per place name that is no event's location."""
    text = article.text
    starts = [s for s, _ in spans]
    events = []
    for i, item in enumerate(toponyms):
        toponym, place = item.toponym, item.place
        if place is None or i in used:
            continue
        s_start, s_end = _sentence_of(spans, starts, toponym.start, toponym.end)
        snippet = text[s_start:s_end]
        when, precision = resolve_date(snippet, article.published, toponym.start - s_start)
        events.append(
            Event(
                id=event_id(article.id, toponym.start, toponym.end),
                article_id=article.id,
                role=ROLE_MENTION,
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
                name_start=toponym.start - s_start,
                name_end=toponym.end - s_start,
                date=when,
                date_precision=precision,
                sentence_start=s_start,
                sentence_end=s_end,
            )
        )
    return events


def _sentence_of(spans, starts, start: int, end: int) -> tuple[int, int]:
    """The sentence holding ``[start, end)``, widened over any boundary the name straddles."""
    first = max(bisect.bisect_right(starts, start) - 1, 0)
    last = max(bisect.bisect_left(starts, end) - 1, first)
    return min(spans[first][0], start), max(spans[last][1], end)
