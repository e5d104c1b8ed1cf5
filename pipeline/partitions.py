"""Reading articles lazily into partitions of new ones, with bounded memory.

Files are discovered one at a time (articles.readers.iter_discover) and read one at a time;
their new articles fill partitions of ``size``, handed out as they fill. Only the partitions
handed out and not yet settled, plus the file being read, are in memory: a folder of a million
articles is never held whole. What is new is decided as in one process: an article is a
duplicate when the store already holds it (by id, URL or content hash) or when an article with
its id was handed out earlier in this ingest and is not stored yet (in flight, or failed).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from articles.model import Article
from articles.published_fallback import PublishedFallback, apply_fallback
from articles.readers import Problem, iter_discover, read_file
from newsmap.progress import ProgressCallback, ProgressEvent, ignore

READING = "Reading articles"
PARTITION_ARTICLES = 64  # articles sent to a worker at once: two of events.extract's batches


@dataclass(frozen=True)
class Partition:
    """``articles`` to process together, numbered in reading order from 0."""

    number: int
    articles: tuple[Article, ...]


class PartitionReader:
    """Iterate to get the partitions; :meth:`settle` each once its articles are written.

    Counts what it read as it goes: ``read`` articles, ``duplicates``, ``fresh`` (handed
    out), ``files_read`` of ``files_total``, and the reading ``problems`` (in order).
    """

    def __init__(
        self,
        paths: Sequence[str | Path],
        store,
        *,
        size: int = PARTITION_ARTICLES,
        max_bytes: int = 10_000_000,
        published_fallback: PublishedFallback | None = None,
        progress: ProgressCallback | None = None,
    ):
        if size < 1:
            raise ValueError(f"a partition holds at least one article, not {size}")
        self.paths = list(paths)
        self.store = store
        self.size = size
        self.max_bytes = max_bytes
        self.fallback = published_fallback
        self.progress = progress or ignore
        self.read = self.duplicates = self.fresh = 0
        self.files_read = 0
        self.files_total = sum(1 for _ in iter_discover(self.paths))
        self.problems: list[Problem] = []
        self.finished = False
        self._pending: set[str] = set()  # ids handed out and not yet stored (or failed)
        self._left_in_file = 0  # articles of the file being read, not yet looked at
        self._in_file = False  # a file's articles are being handed out

    def __iter__(self) -> Iterator[Partition]:
        buffer: list[Article] = []
        number = 0
        self.progress(ProgressEvent(READING, 0, self.files_total, unit="files"))
        for path in iter_discover(self.paths):
            result = read_file(path, max_bytes=self.max_bytes)
            self.problems.extend(result.problems)
            self._left_in_file, self._in_file = len(result.articles), True
            for article in apply_fallback(result.articles, path, self.fallback):
                self.read += 1
                self._left_in_file -= 1
                if article.id in self._pending or self.store.has_article(article):
                    self.duplicates += 1
                    continue
                self._pending.add(article.id)
                buffer.append(article)
                self.fresh += 1
                if len(buffer) >= self.size:
                    yield Partition(number, tuple(buffer))
                    number, buffer = number + 1, []
            self.files_read += 1
            self._left_in_file, self._in_file = 0, False
            self.progress(ProgressEvent(READING, self.files_read, self.files_total, unit="files"))
        self.finished = True
        if buffer:
            yield Partition(number, tuple(buffer))

    def settle(self, partition: Partition, failed: Sequence[str] = ()) -> None:
        """Forget the ids of ``partition``'s articles (the store answers for them now), except
        ``failed`` ones: a later copy of a failed article is a duplicate, as in one process."""
        keep = set(failed)
        for article in partition.articles:
            if article.id not in keep:
                self._pending.discard(article.id)

    def expected(self) -> int:
        """The new articles to expect in all: exact once every file is read, else the new
        articles so far (and those left in the file being read) scaled by the files still to
        read."""
        if self.finished:
            return self.fresh
        known = self.fresh + self._left_in_file
        files = self.files_read + (1 if self._in_file else 0)
        if not files:
            return known
        return max(known, round(known * self.files_total / files))
