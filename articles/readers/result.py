"""What a reader returns: the articles it could read and the problems it met."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from articles.model import Article


@dataclass(frozen=True)
class Problem:
    """Something that kept (part of) a file from being read.

    ``path`` is the file, with ``:LINE`` (JSON Lines) or ``#ENTRY`` (feeds, JSON arrays) appended
    when only one record of it is at fault; ``reason`` says what is wrong and what to do.
    ``kept`` is True for a note on something that was still read (an article kept without its
    bad URL, a feed read around its broken spot), False when the file or record was skipped.
    """

    path: str
    reason: str
    kept: bool = False


@dataclass(frozen=True)
class ReadResult:
    """The articles read from one file (or many) and the problems met on the way."""

    articles: tuple[Article, ...] = ()
    problems: tuple[Problem, ...] = ()


def failed(path: str, reason: str) -> ReadResult:
    """A result with no articles and one problem."""
    return ReadResult(problems=(Problem(path, reason),))


def combine(results: Iterable[ReadResult]) -> ReadResult:
    """All articles and problems of several results, in order."""
    articles: list[Article] = []
    problems: list[Problem] = []
    for result in results:
        articles.extend(result.articles)
        problems.extend(result.problems)
    return ReadResult(tuple(articles), tuple(problems))
