"""Readers: files (plain text, HTML, JSON Lines, RSS/Atom) to :class:`articles.model.Article`.

``discover(paths)`` lists the files under the files and folders given (``iter_discover``
one at a time); ``read_file(path)``
reads one, returning a :class:`ReadResult` of articles and :class:`Problem` records. Nothing is
fetched from the network. Importing this package does no I/O.
"""

from articles.readers.decoding import DEFAULT_MAX_BYTES
from articles.readers.discover import discover, iter_discover
from articles.readers.dispatch import SUPPORTED_SUFFIXES, read_file
from articles.readers.result import Problem, ReadResult, combine

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "Problem",
    "ReadResult",
    "combine",
    "discover",
    "iter_discover",
    "read_file",
]
