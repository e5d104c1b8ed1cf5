"""A helper for the word lists of the event modules."""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """The white-space separated words of ``text`` as a set (lists read better as text)."""
    return frozenset(text.split())
