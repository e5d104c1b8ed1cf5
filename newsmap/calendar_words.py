"""The names of months and weekdays, one table for every stage that reads dates: the article
readers (a byline's date), the event dating and the patterns that must not take a month or a
weekday for a place or a victim ("in May", "killed Monday").

A data module: lower-case names, each month with its number.
"""

from __future__ import annotations

MONTHS: dict[str, int] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
MONTH_ABBREVIATIONS: dict[str, int] = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
WEEKDAYS: tuple[str, ...] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)


def capitalised(names) -> str:
    """The names capitalised, as one regular-expression alternation ("January|February")."""
    return "|".join(name.capitalize() for name in names)
