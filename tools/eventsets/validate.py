"""Check an annotation file of the event sets against the format and the conventions.

    python -m tools.eventsets.validate tools/eventsets/annotations/train_1.jsonl [...]

Prints one line per problem and exits 1 if there is any.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from events.classify.kind_table import Kind

KINDS = frozenset(str(kind) for kind in Kind)
STATUS = {"occurred", "planned"}
PRECISIONS = {"day", "week", "month", "year", "published", "unknown"}
QUALIFIERS = {"", "at least", "as many as", "more than", "up to", "about"}
EVENT_KEYS = [
    "trigger",
    "kind",
    "status",
    "date",
    "date_precision",
    "killed",
    "killed_qualifier",
    "injured",
    "locations",
]
ANCHOR = "2009-06-12"


def problems(row: dict) -> list[str]:
    """What is wrong with one annotated sentence (empty when nothing)."""
    found = []
    text, event = row.get("text", ""), row.get("event", "missing")
    for key in ("id", "text", "published", "event", "other_triggers"):
        if key not in row:
            found.append(f"no {key!r}")
    for trigger in row.get("other_triggers") or []:
        if trigger not in text:
            found.append(f"other trigger {trigger!r} not in the text")
    if event is None or event == "missing":
        return found
    if list(event) != EVENT_KEYS:
        found.append(f"event keys {list(event)} (want {EVENT_KEYS})")
    if event.get("trigger", "") not in text or not event.get("trigger"):
        found.append(f"trigger {event.get('trigger')!r} not in the text")
    if event.get("kind") not in KINDS:
        found.append(f"kind {event.get('kind')!r}")
    if event.get("status") not in STATUS:
        found.append(f"status {event.get('status')!r}")
    precision, when = event.get("date_precision"), event.get("date")
    if precision not in PRECISIONS:
        found.append(f"date_precision {precision!r}")
    if (when is None) != (precision == "unknown"):
        found.append("date null exactly when precision is unknown")
    if when is not None:
        try:
            day = date.fromisoformat(when)
        except (TypeError, ValueError):
            found.append(f"date {when!r}")
        else:
            if precision == "published" and when != ANCHOR:
                found.append("precision published but date is not the anchor")
            if precision == "week" and day.weekday() != 0:
                found.append("week dates are Mondays")
            if precision == "month" and day.day != 1:
                found.append("month dates are the 1st")
            if precision == "year" and (day.month, day.day) != (1, 1):
                found.append("year dates are 1 January")
    for field in ("killed", "injured"):
        value = event.get(field)
        if value is not None and (not isinstance(value, int) or value < 0):
            found.append(f"{field} {value!r}")
    if event.get("killed_qualifier") not in QUALIFIERS:
        found.append(f"killed_qualifier {event.get('killed_qualifier')!r}")
    for name in event.get("locations") or []:
        if name not in text:
            found.append(f"location {name!r} not in the text")
    return found


def main(argv: list[str] | None = None) -> int:
    bad = 0
    for path in map(Path, argv if argv is not None else sys.argv[1:]):
        for number, line in enumerate(path.open(encoding="utf-8"), 1):
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                print(f"{path}:{number}: not JSON ({error})")
                bad += 1
                continue
            for problem in problems(row):
                print(f"{path}:{number} {row.get('id')}: {problem}")
                bad += 1
    print(f"{bad} problem(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
