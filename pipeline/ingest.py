"""Ingest: files -> articles -> places -> events -> store, one article per transaction.

:func:`ingest_paths` is the one entry point (the command line, the dashboard's page, scheduled
and feed ingests all call it). Files are read lazily into partitions of new articles
(pipeline.partitions); the partitions are processed in this process or on Dask workers
(pipeline.runners); this process alone writes the store, in reading order, so the store holds
the same articles, events and rows whatever the number of workers.

Every stage may fail for one article without stopping the batch: a file that cannot be read,
an article the geoparser chokes on, a worker that dies on it, a geocoder that times out — each
becomes a Problem in the report (naming the file), and everything else is still ingested. Each
article is written in its own transaction, so a crash mid-ingest leaves whole articles only.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from articles.model import Article
from articles.published_fallback import PublishedFallback, dating_summary
from articles.readers import Problem
from events.measure.approximate_dates import mark_approximate
from events.model import Event
from newsmap.progress import ProgressCallback, ProgressEvent, ignore
from pipeline.partitions import PARTITION_ARTICLES, READING, PartitionReader
from pipeline.settings import Settings

FINDING = "Finding places and events"
FROM_SETTINGS = object()  # the fallback geocoder the settings configure (ingest_paths)
__all__ = ["FINDING", "FROM_SETTINGS", "READING", "IngestReport", "ingest_articles", "ingest_paths"]


@dataclass(frozen=True)
class IngestReport:
    """What an ingest did: articles read, new ones stored, duplicates, and what was skipped.

    ``skipped`` holds the files and records that were not stored; ``notes`` what was said
    about those that were (a bad URL dropped, a feed read around a broken spot). ``undated``
    counts the new articles that gave no publication date of their own; ``fallback_days``
    are the dates ``fallback`` gave those it dated (articles.published_fallback). ``where``
    says where the articles were processed ("in this process", "on 2 local Dask worker
    processes"...), ``runner_note`` why not on Dask when it was asked for and could not start.
    """

    read: int
    new: int
    duplicates: int
    skipped: tuple[Problem, ...]
    events: int = 0
    notes: tuple[Problem, ...] = ()
    undated: int = 0
    fallback: PublishedFallback | None = None
    fallback_days: tuple[date, ...] = ()
    where: str = "in this process"
    runner_note: str = ""

    def summary(self) -> str:
        """One line for the terminal or the page."""
        return (
            f"read {self.read} article(s): {self.new} new, {self.duplicates} duplicate(s), "
            f"{len(self.skipped)} skipped, {len(self.notes)} note(s) on what was kept; "
            f"{self.events} event(s) and place mention(s) stored"
        )

    def dating(self) -> str | None:
        """One line on the new articles without a publication date of their own and what
        dated them, e.g. "41 article(s) had no publication date: dated 2026-12-01
        (--published-default)"; None when every new article had its own date."""
        return dating_summary(self.undated, self.fallback, self.fallback_days)


@dataclass
class _Tally:
    new: int = 0
    duplicates: int = 0
    events: int = 0
    undated: int = 0
    done: int = 0


def ingest_paths(
    paths: Sequence[str | Path],
    store,
    geoparser=None,
    progress: ProgressCallback | None = None,
    geocoder=FROM_SETTINGS,
    max_bytes: int = 10_000_000,
    published_fallback: PublishedFallback | None = None,
    *,
    settings: Settings | None = None,
    gazetteer: Path | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    partition_size: int = PARTITION_ARTICLES,
) -> IngestReport:
    """Read every article under ``paths`` and store the new ones with their events.

    The one ingest of newsmap: the command line, the dashboard's page and scheduled ingests
    call it. ``settings`` (default: this process's environment) give the fallback geocoder
    (Nominatim when configured); ``geocoder`` replaces it (None: none). ``gazetteer`` is the
    gazetteer file the models open (None: geodata's default; on a cluster, each worker's own
    default unless this names a path every worker sees).

    ``workers`` > 1 finds places and events on a LocalCluster of that many Dask worker
    processes, ``scheduler`` ("tcp://host:8786") on that cluster's workers; else, or when
    ``geoparser`` is given, or when Dask cannot start, in this process with ``geoparser``
    (None: the standard one, loaded when the first new article comes).

    Articles that give no publication date are dated by ``published_fallback`` when given
    (and marked so), else stored undated; the report counts them either way.

    ``progress`` hears each stage as it advances: READING (files read, until the first
    articles are stored; reading then goes on beside the rest), the models' loading, then
    FINDING (articles stored, each labelled with its title, out of the new articles expected:
    exact once every file is read).
    """
    from pipeline.models import fallback_geocoder
    from pipeline.runners import InProcess, OnDask

    settings = settings or Settings.from_environ()
    if geocoder is FROM_SETTINGS:
        geocoder_for = functools.partial(fallback_geocoder, settings)
        geocoder = geocoder_for(1)
    else:
        geocoder_for = functools.partial(_same, geocoder)
    show = _reading_first(progress or ignore)
    reader = PartitionReader(
        paths,
        store,
        size=partition_size,
        max_bytes=max_bytes,
        published_fallback=published_fallback,
        progress=show,
    )
    loading = None if progress is None else show  # None: a gazetteer build shows on stderr
    local = InProcess(geoparser, geocoder, gazetteer, loading)
    if geoparser is None and (scheduler is not None or workers > 1):
        runner = OnDask(
            workers=workers,
            scheduler=scheduler,
            gazetteer=gazetteer,
            geocoder_for=geocoder_for,
            fallback=local,
            progress=loading,
        )
    else:
        runner = local
    tally, problems, fallback_days = _Tally(), reader.problems, []
    try:
        for partition, outcomes in runner.results(reader):
            if tally.done == 0:
                show(ProgressEvent(FINDING, 0, reader.expected(), unit="articles"))
            failed = []
            for article, outcome in zip(partition.articles, outcomes, strict=True):
                if outcome.failed:
                    problems.append(Problem(article.source or article.id, outcome.error))
                    failed.append(article.id)
                else:
                    _store(store, article, list(outcome.events), tally, fallback_days)
                tally.done += 1
                show(
                    ProgressEvent(
                        FINDING, tally.done, reader.expected(), unit="articles", label=article.title
                    )
                )
            reader.settle(partition, failed)
    finally:
        runner.close()
    tally.duplicates += reader.duplicates
    return _report(
        reader.read, tally, problems, published_fallback, fallback_days,
        where=runner.where, runner_note=getattr(runner, "note", ""),
    )  # fmt: skip


def ingest_articles(
    articles: Sequence[Article],
    store,
    geoparser=None,
    progress: ProgressCallback | None = None,
    geocoder=None,
    problems: Sequence[Problem] = (),
    published_fallback: PublishedFallback | None = None,
) -> IngestReport:
    """Store the new ones of ``articles`` (read already, say from a feed) with their events,
    in this process, one article per transaction.

    ``problems`` are those met reading them, carried into the report. ``published_fallback``
    is only named in the report: the articles come dated already. The geoparser is loaded on
    first need when none is given; ``progress`` hears it and FINDING.
    """
    from pipeline.models import load_geoparser
    from pipeline.stages import process_articles

    show = progress or ignore
    problems = list(problems)
    fresh = [a for a in articles if not store.has_article(a)]
    tally, days = _Tally(duplicates=len(articles) - len(fresh)), []
    if fresh and geoparser is None:
        geoparser = load_geoparser(None, progress)
    show(ProgressEvent(FINDING, 0, len(fresh), unit="articles"))
    outcomes = process_articles(fresh, geoparser, geocoder) if fresh else []
    for article, outcome in zip(fresh, outcomes, strict=True):
        if outcome.failed:
            problems.append(Problem(article.source or article.id, outcome.error))
        else:
            _store(store, article, list(outcome.events), tally, days)
        tally.done += 1
        show(ProgressEvent(FINDING, tally.done, len(fresh), unit="articles", label=article.title))
    return _report(len(articles), tally, problems, published_fallback, days)


def _report(read: int, tally: _Tally, problems, fallback, days, **where) -> IngestReport:
    """The report of an ingest: ``problems`` split into what was skipped and notes on what
    was kept; ``where`` the runner's words (IngestReport.where, runner_note)."""
    return IngestReport(
        read,
        tally.new,
        tally.duplicates,
        tuple(p for p in problems if not p.kept),
        tally.events,
        tuple(p for p in problems if p.kept),
        undated=tally.undated,
        fallback=fallback,
        fallback_days=tuple(days),
        **where,
    )


def _same(geocoder, workers: int):
    """The one geocoder given, whatever the number of workers (a picklable callable)."""
    return geocoder


def _store(store, article: Article, events: list[Event], tally: _Tally, days: list) -> None:
    """Write one article with its events (its own transaction) and count what it was."""
    if not store.add_article(article, _dated(article, events)):
        tally.duplicates += 1
        return
    tally.new += 1
    tally.events += len(events)
    if article.published_fallback is not None:
        days.append(article.published)
    if article.published is None or article.published_fallback is not None:
        tally.undated += 1


def _dated(article: Article, events: list[Event]) -> list[Event]:
    """The events, those whose dates count from a fallback publication date marked so."""
    return events if article.published_fallback is None else mark_approximate(events)


def _reading_first(show: ProgressCallback) -> ProgressCallback:
    """``show``, minus the READING events after any other stage began: reading goes on beside
    the models' loading and the finding, and a terminal shows one stage at a time."""
    reading = True

    def each(event: ProgressEvent) -> None:
        nonlocal reading
        if event.stage != READING:
            reading = False
        elif not reading:
            return
        show(event)

    return each
