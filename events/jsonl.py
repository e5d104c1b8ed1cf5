"""Event extraction over JSON Lines: ``python -m articles extract IN.jsonl > OUT.jsonl``.

Input: one document a line, ``{"id", "text"[, "published"]}`` (published: an ISO date).
Output: one line per input line, in order,
``{"id", "events": [{"kind", "status", "trigger": {"start", "end", "text"}, "location":
{"start", "end", "name", "lat", "lon", "precision", "country_code", "geonameid"} | null,
"date", "date_precision", "killed", "injured", "confidence", "background", ...}]}`` — offsets
into the document's text (a location named elsewhere in the document than the event's sentence
has ``"source"`` "previous", "dateline" or "focus"),
dates as ISO strings. ``location`` has null ``lat``/``lon`` when the event's place is a name the
gazetteer does not know. Place mentions are not events and are not written. A line that is not
a JSON object with a text is reported on stderr (with its line number) and written with no
events, so the output keeps one line per input line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any, TextIO

from articles.model import Article
from events.extract import extract_each
from events.model import ROLE_EVENT, Event
from geodata.documents import read_documents as read_json_documents


def event_record(event: Event) -> dict[str, Any]:
    """The JSON record of one event (see the module notes)."""
    location = None
    if event.name:
        location = {
            "start": event.start,
            "end": event.end,
            "name": event.name,
            "lat": None if event.lat is None else round(event.lat, 5),
            "lon": None if event.lon is None else round(event.lon, 5),
            "precision": event.precision or None,
            "country_code": event.country_code,
            "geonameid": event.geonameid,
            "source": event.place_source,  # its sentence, or (named elsewhere) the article
        }
    return {
        "kind": event.kind,
        "status": event.status,
        "trigger": {"start": event.trigger_start, "end": event.trigger_end, "text": event.trigger},
        "location": location,
        "date": event.date.isoformat() if event.date else None,
        "date_precision": event.date_precision,
        "killed": event.killed,
        "injured": event.injured,
        "killed_qualifier": event.killed_qualifier,
        "injured_qualifier": event.injured_qualifier,
        "killed_revisions": list(event.killed_revisions),
        "injured_revisions": list(event.injured_revisions),
        "victims": event.victims,
        "actors": list(event.actors),
        "sentence": {"start": event.sentence_start, "end": event.sentence_end},
        "confidence": event.confidence,
        "kind_confidence": event.kind_confidence,
        "killed_confidence": event.killed_confidence,
        "injured_confidence": event.injured_confidence,
        "background": event.background,
    }


def read_documents(lines: TextIO, errors: TextIO) -> Iterator[Article]:
    """One Article per non-blank input line; a broken line gives an empty article."""
    for record in read_json_documents(lines, errors, check=_check_published):
        published = _date(record.get("published"))
        yield Article(id=record["id"], title="", text=record["text"], published=published)


def extract_jsonl(lines: TextIO, out: TextIO, errors: TextIO, geoparser, parser=None) -> int:
    """Extract the events of every document in ``lines`` to ``out``; returns how many docs."""
    articles = list(read_documents(lines, errors))
    admin = getattr(getattr(geoparser, "gazetteer", None), "admin1", None)
    resolved = geoparser.parse_many(a.text for a in articles)
    # Batched: the trigger sentences of many documents go through the parser together.
    outcomes = extract_each(zip(articles, resolved, strict=True), parser, admin)
    for article, events in zip(articles, outcomes, strict=True):
        if isinstance(events, ValueError):  # toponyms that do not fit the text: say so, go on
            print(f"{article.id}: skipped: {events}", file=errors)
            events = []
        elif isinstance(events, Exception):
            raise events
        records = [event_record(e) for e in events if e.role == ROLE_EVENT]
        records.sort(key=lambda r: (r["trigger"]["start"], (r["location"] or {}).get("start", -1)))
        out.write(json.dumps({"id": article.id, "events": records}, ensure_ascii=False) + "\n")
    return len(articles)


def _check_published(record: dict) -> None:
    """Raise ValueError for a "published" that is not an ISO date (the line is then skipped)."""
    _date(record.get("published"))


def _date(value: object) -> date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ValueError(f"'published' should be an ISO date, not {value!r}")
    try:
        return date.fromisoformat(value[:10])
    except ValueError as error:
        raise ValueError(f"'published' is not an ISO date: {value!r}") from error
