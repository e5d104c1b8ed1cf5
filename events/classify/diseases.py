"""The diseases news reports outbreaks of: one table (newsmap/vocabulary/diseases.toml), read
by the event kinds (deaths beside a disease are a disaster, "cases" are an outbreak's only
beside one) and by the per-country tolls (deaths from one disease in one country are one
growing count).

Each disease has a key and the names news gives it, as regular expressions matched whole-word
and case-insensitively ("swine flu", "H1N1" and "swine influenza" are one disease). The generic
words of contagion ("the virus", "the outbreak") name no disease: a sentence that only has
them is about the disease its article names (:func:`main_disease`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache

from newsmap import vocabulary

# The table (newsmap/vocabulary/diseases.toml): each disease's key and its names as regular
# expressions, the more specific first ("swine flu" before the plain "flu").
NAMED: Mapping[str, tuple[str, ...]] = vocabulary.diseases().named
# Words of contagion that name no disease.
GENERIC: tuple[str, ...] = vocabulary.diseases().generic
# Diseases named after animals name no animal ("swine flu" killed people, not swine).
ANIMAL_NAMED: tuple[str, ...] = vocabulary.diseases().animal_named

# Every name and contagion word, for "is a disease named here" (events/classify/kinds.py).
PATTERN = "|".join([name for names in NAMED.values() for name in names] + list(GENERIC))


@lru_cache(maxsize=1)
def _named() -> re.Pattern[str]:
    # One pass: a group per disease, named by its key; the leftmost name wins, and at one
    # place the table's order (the longer name first).
    groups = "|".join(f"(?P<{key}>{'|'.join(names)})" for key, names in NAMED.items())
    return re.compile(rf"(?i)\b(?:{groups})\b")


@lru_cache(maxsize=4096)  # asked for each row of the same sentence
def disease_named(text: str) -> str | None:
    """The key of the disease ``text`` names first ("h1n1" for "swine flu deaths"), or None
    when it names none (only generic words: "the virus", "the outbreak")."""
    match = _named().search(text)
    return match.lastgroup if match else None


def main_disease(texts: Iterable[str]) -> str | None:
    """The disease an article is about: the one its sentences name most often (the first
    named on a tie; plain "flu" only when no other is named), or None."""
    counts = Counter(key for text in texts if (key := disease_named(text)) is not None)
    specific = Counter({key: n for key, n in counts.items() if key != "flu"})
    if specific:
        return max(specific, key=specific.get)
    return "flu" if counts else None
