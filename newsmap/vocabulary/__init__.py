"""The word lists every stage shares, as data: one file per vocabulary in this folder, read and
checked here, once, so that a list is spelled in one place and each user builds its own set or
regular expression from it.

- ``calendar.toml``: month names with their numbers, their abbreviations, the weekdays
  (:func:`months`, :func:`month_abbreviations`, :func:`weekdays`);
- ``divisions.toml``: words for administrative divisions, English by level with their plurals,
  and local-language ones (:func:`division_words`);
- ``diseases.toml``: the diseases news reports outbreaks of, as regular expressions, with the
  words of contagion that name none (:func:`diseases`);
- ``triggers.toml``: the event triggers, as regular expressions by the hint they carry
  (:func:`trigger_lexicon`);
- ``kinds.toml``: the word classes the event-kind rules read in a sentence (armed people,
  civilians, hazards, weapons...), as regular expressions by class (:func:`kind_words`);
- ``people.toml``: the nouns for one person that name a victim or a captive
  (:func:`person_nouns`).

Each function reads its file on first use and returns immutable values (later calls return the
same object). A file that is malformed raises :class:`VocabularyError`, naming the file and
what to fix; the ``read_*`` functions read any path (the tests' malformed files).

This package imports nothing of the project's but :mod:`newsmap.errors`, so every package
(articles, geodata, events) may import it without a cycle.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, NoReturn

from newsmap.errors import NewsmapError

__all__ = [
    "FOLDER",
    "Calendar",
    "Diseases",
    "DivisionWords",
    "VocabularyError",
    "capitalised",
    "diseases",
    "division_words",
    "kind_words",
    "month_abbreviations",
    "months",
    "person_nouns",
    "read_calendar",
    "read_diseases",
    "read_division_words",
    "read_kind_words",
    "read_person_nouns",
    "read_trigger_lexicon",
    "trigger_lexicon",
    "weekdays",
]

FOLDER = Path(__file__).resolve().parent
_KEY = re.compile(r"[a-z][a-z0-9_]*")


class VocabularyError(NewsmapError, ValueError):
    """A vocabulary file is missing or malformed; the message names the file and the fault."""


@dataclass(frozen=True)
class Calendar:
    """Lower-case month names and abbreviations with their numbers (1-12), and the weekdays."""

    months: MappingProxyType[str, int]
    month_abbreviations: MappingProxyType[str, int]
    weekdays: tuple[str, ...]


@dataclass(frozen=True)
class DivisionWords:
    """Words for administrative divisions, lower case as written.

    ``first_level``: the first division below a country ("province", "state");
    ``finer``: divisions inside those ("district", "county"); ``plurals``: the plural of each
    of those words; ``local``: words of the local languages GeoNames romanises ("sheng").
    """

    first_level: frozenset[str]
    finer: frozenset[str]
    plurals: MappingProxyType[str, str]
    local: frozenset[str]

    @property
    def english(self) -> frozenset[str]:
        """The English division words of both levels, singular."""
        return self.first_level | self.finer

    @property
    def english_with_plurals(self) -> frozenset[str]:
        """The English division words of both levels, singular and plural."""
        return self.english | frozenset(self.plurals.values())


@dataclass(frozen=True)
class Diseases:
    """Diseases as regular expressions (see ``diseases.toml``).

    ``named``: each disease's key and its names, in the file's order (the more specific first);
    ``generic``: words of contagion that name no disease; ``animal_named``: names of diseases
    named after animals.
    """

    named: MappingProxyType[str, tuple[str, ...]]
    generic: tuple[str, ...]
    animal_named: tuple[str, ...]


def capitalised(names) -> str:
    """The names capitalised, as one regular-expression alternation ("January|February")."""
    return "|".join(name.capitalize() for name in names)


def months() -> MappingProxyType[str, int]:
    """Month names, lower case, with their numbers: ``{"january": 1, ...}``."""
    return _calendar().months


def month_abbreviations() -> MappingProxyType[str, int]:
    """Month abbreviations as news writes them, lower case: ``{"jan": 1, "sept": 9, ...}``."""
    return _calendar().month_abbreviations


def weekdays() -> tuple[str, ...]:
    """The weekdays, lower case, Monday first."""
    return _calendar().weekdays


@cache
def division_words() -> DivisionWords:
    """The words for administrative divisions (``divisions.toml``)."""
    return read_division_words(FOLDER / "divisions.toml")


@cache
def diseases() -> Diseases:
    """The diseases news reports outbreaks of (``diseases.toml``)."""
    return read_diseases(FOLDER / "diseases.toml")


@cache
def trigger_lexicon() -> MappingProxyType[str, tuple[str, ...]]:
    """The event triggers (``triggers.toml``): each hint with its word forms, as regular
    expressions, in the file's order (where two could match at one place, the first wins)."""
    return read_trigger_lexicon(FOLDER / "triggers.toml")


@cache
def kind_words() -> MappingProxyType[str, tuple[str, ...]]:
    """The word classes of the event-kind rules (``kinds.toml``): each class with its words, as
    regular expressions, in the file's order."""
    return read_kind_words(FOLDER / "kinds.toml")


@cache
def person_nouns() -> frozenset[str]:
    """The nouns for one person, lower case and singular (``people.toml``): "policeman"."""
    return read_person_nouns(FOLDER / "people.toml")


@cache
def _calendar() -> Calendar:
    return read_calendar(FOLDER / "calendar.toml")


def read_calendar(path: Path) -> Calendar:
    """The calendar vocabulary in ``path``; :class:`VocabularyError` when it is malformed."""
    data = _read(path)
    named = {}
    for table in ("months", "month_abbreviations"):
        named[table] = _numbered(path, table, _field(path, data, table, dict))
    numbers = sorted(named["months"].values())
    if numbers != list(range(1, 13)):
        _fail(path, f"[months] must number twelve months 1 to 12 once each, not {numbers}")
    days = _words(path, "weekdays", _field(path, data, "weekdays", list))
    if len(days) != 7:
        _fail(path, f"weekdays must list seven days, not {len(days)}")
    return Calendar(
        MappingProxyType(named["months"]), MappingProxyType(named["month_abbreviations"]), days
    )


def read_division_words(path: Path) -> DivisionWords:
    """The division words in ``path``; :class:`VocabularyError` when it is malformed."""
    data = _read(path)
    first = _words(path, "first_level", _field(path, data, "first_level", list))
    finer = _words(path, "finer", _field(path, data, "finer", list))
    local = _words(path, "local", _field(path, data, "local", list))
    plurals = _field(path, data, "plurals", dict)
    _words(path, "plurals", list(plurals.values()))
    for word in set(first) & set(finer) | (set(first) | set(finer)) & set(local):
        _fail(path, f"{word!r} is listed twice: give it one list")
    english = set(first) | set(finer)
    if missing := sorted(english - set(plurals)):
        _fail(path, f"[plurals] has no plural for {', '.join(missing)}: add one")
    if extra := sorted(set(plurals) - english):
        _fail(path, f"[plurals] has {', '.join(extra)}, not in first_level or finer")
    return DivisionWords(
        frozenset(first), frozenset(finer), MappingProxyType(dict(plurals)), frozenset(local)
    )


def read_diseases(path: Path) -> Diseases:
    """The diseases vocabulary in ``path``; :class:`VocabularyError` when it is malformed."""
    data = _read(path)
    return Diseases(
        _pattern_table(path, data, "named", "disease"),
        _patterns(path, "generic", _field(path, data, "generic", list)),
        _patterns(path, "animal_named", _field(path, data, "animal_named", list)),
    )


def read_trigger_lexicon(path: Path) -> MappingProxyType[str, tuple[str, ...]]:
    """The trigger lexicon in ``path``; :class:`VocabularyError` when it is malformed."""
    return _pattern_table(path, _read(path), "lexicon", "hint")


def read_kind_words(path: Path) -> MappingProxyType[str, tuple[str, ...]]:
    """The event-kind word classes in ``path``; :class:`VocabularyError` when it is malformed."""
    return _pattern_table(path, _read(path), "word_classes", "word class")


def read_person_nouns(path: Path) -> frozenset[str]:
    """The person nouns in ``path``; :class:`VocabularyError` when it is malformed."""
    data = _read(path)
    return frozenset(_words(path, "person_nouns", _field(path, data, "person_nouns", list)))


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except OSError as exc:
        raise VocabularyError(f"{path}: cannot read the vocabulary ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise VocabularyError(f"{path}: not valid TOML ({exc}); fix the file") from exc


def _field(path: Path, data: dict, name: str, kind: type) -> Any:
    value = data.get(name)
    if not isinstance(value, kind):
        wanted = "a table [" + name + "]" if kind is dict else f"a list {name} = [...]"
        _fail(path, f"needs {wanted}")
    return value


def _words(path: Path, where: str, values: list) -> tuple[str, ...]:
    """Lower-case words without spaces, each once."""
    for value in values:
        if not isinstance(value, str) or not value or value != "".join(value.lower().split()):
            _fail(path, f"{where}: {value!r} is not one lower-case word")
    if len(set(values)) != len(values):
        twice = sorted({v for v in values if values.count(v) > 1})
        _fail(path, f"{where}: {', '.join(twice)} listed twice")
    if not values:
        _fail(path, f"{where} is empty")
    return tuple(values)


def _numbered(path: Path, where: str, table: dict) -> dict[str, int]:
    _words(path, f"[{where}]", list(table))
    for name, number in table.items():
        if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= 12:
            _fail(path, f"[{where}] {name} = {number!r}: a month's number is 1 to 12")
    return dict(table)


def _pattern_table(
    path: Path, data: dict, name: str, what: str
) -> MappingProxyType[str, tuple[str, ...]]:
    """A table of lists of regular expressions, each list under a key that can name a group of
    a regular expression (the users make one group per key)."""
    table = _field(path, data, name, dict)
    if not table:
        _fail(path, f"[{name}] is empty")
    for key in table:
        if not _KEY.fullmatch(key):
            _fail(path, f"{what} {key!r}: use lower-case letters, digits and _ only")
    return MappingProxyType({k: _patterns(path, f"{name}.{k}", v) for k, v in table.items()})


def _patterns(path: Path, where: str, values: Any) -> tuple[str, ...]:
    """Regular expressions that compile and match no empty text."""
    if not isinstance(values, list) or not values:
        _fail(path, f"{where}: needs a list of regular expressions")
    for value in values:
        if not isinstance(value, str) or not value:
            _fail(path, f"{where}: {value!r} is not a regular expression")
        try:
            compiled = re.compile(value, re.IGNORECASE)
        except re.error as exc:
            _fail(path, f"{where}: {value!r} is not a valid regular expression ({exc})")
        if compiled.fullmatch(""):
            _fail(path, f"{where}: {value!r} matches an empty text")
    return tuple(values)


def _fail(path: Path, message: str) -> NoReturn:
    raise VocabularyError(f"{path}: {message}")
