"""Where the partitions are processed: in this process, or on a Dask cluster.

A runner takes the partitions as they are read and gives back each with its articles'
outcomes, in reading order, so the one writer stores them in the order one process would
(the same ids and the same rows, whatever the number of workers).

- :class:`InProcess`: this process, one partition after another; the models load on the first.
- :class:`OnDask`: a Dask cluster, a LocalCluster of ``workers`` processes started for the
  ingest or an existing one at ``scheduler``. At most ``in_flight`` partitions are out at once
  (two per worker), so reading never runs far ahead of the workers. A worker that dies is
  replaced by Dask and its partitions run again elsewhere; a partition that still fails
  (Dask gives up on a task that killed several workers) is run again article by article, so
  the article to blame is the only one lost. When no LocalCluster can start, or all the new
  articles fit in one partition, the ingest runs in this process instead.
"""

from __future__ import annotations

import itertools
import logging
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from newsmap.errors import NewsmapError
from newsmap.progress import ProgressCallback, ProgressEvent, ignore
from pipeline.partitions import Partition
from pipeline.stages import ArticleOutcome, process_articles
from pipeline.worker import WorkerJob, process_partition

log = logging.getLogger(__name__)

Results = Iterator[tuple[Partition, list[ArticleOutcome]]]
STARTING = "Starting the Dask workers"
CONNECTING = "Connecting to the Dask cluster"
IN_FLIGHT_PER_WORKER = 2
CONNECT_TIMEOUT_SECONDS = 30
# Dask's statistical profiler samples each task's stack every 10 ms: with spaCy's deep stacks
# that is CPU taken from the models, for a view nobody looks at here (docs/scale.md says how
# to turn it off on a cluster's workers too).
WORKER_CONFIG = {"distributed.worker.profile.enabled": False}


class ClusterError(NewsmapError):
    """The Dask cluster asked for cannot be reached; the message says what to do."""


class InProcess:
    """Processes partitions in this process with ``geoparser`` (None: the standard one over
    ``gazetteer``, loaded when the first partition comes)."""

    def __init__(
        self,
        geoparser=None,
        geocoder=None,
        gazetteer: Path | None = None,
        progress: ProgressCallback | None = None,
    ):
        self.geoparser = geoparser
        self.geocoder = geocoder
        self.gazetteer = gazetteer
        self.progress = progress
        self.where = "in this process"

    def results(self, partitions: Iterable[Partition]) -> Results:
        """Each partition with its outcomes, in order."""
        for partition in partitions:
            if self.geoparser is None:
                from pipeline.models import load_geoparser

                self.geoparser = load_geoparser(self.gazetteer, self.progress)
            yield partition, process_articles(partition.articles, self.geoparser, self.geocoder)

    def close(self) -> None:
        """Nothing to release (the models go with the process)."""


class OnDask:
    """Processes partitions on Dask workers: a LocalCluster of ``workers`` processes, or the
    cluster at ``scheduler``, or that of ``client`` (a distributed.Client the caller keeps).
    ``geocoder_for(n)`` gives the fallback geocoder for ``n`` workers asking at once;
    ``fallback`` is the runner used when no LocalCluster can start."""

    def __init__(
        self,
        *,
        workers: int = 2,
        scheduler: str | None = None,
        gazetteer: Path | None = None,
        geocoder_for: Callable[[int], object] = lambda workers: None,
        fallback: InProcess | None = None,
        progress: ProgressCallback | None = None,
        client=None,
    ):
        self.workers = workers
        self.scheduler = scheduler
        self.gazetteer = gazetteer
        self.geocoder_for = geocoder_for
        self.fallback = fallback or InProcess(gazetteer=gazetteer, progress=progress)
        self.progress = progress or ignore
        self.where = "in this process"
        self.note = ""  # why the ingest did not run on Dask after all, for the summary
        self._given = client  # a distributed.Client of the caller's: used, never closed
        self._client = None
        self._cluster = None
        self._token = uuid.uuid4().hex[:8]

    def results(self, partitions: Iterable[Partition]) -> Results:
        """Each partition with its outcomes, in order, at most ``in_flight`` out at once."""
        ahead = iter(partitions)
        started = list(itertools.islice(ahead, 2))
        if not started:
            return
        if self._given is None and self.scheduler is None and len(started) == 1:
            yield from self._locally(started)  # nothing to share out: no cluster to start
            return
        try:
            client, workers = self._start()
        except NewsmapError:
            raise  # ours (an unreachable --scheduler, a gazetteer that cannot be built): said
        except Exception as error:  # noqa: BLE001 - any failure to start: one process will do
            log.warning("could not start Dask workers: %s", error, exc_info=True)
            self.close()
            yield from self._locally(
                itertools.chain(started, ahead),
                f"Dask could not start ({type(error).__name__}: {error})",
            )
            return
        job = WorkerJob(self.gazetteer, self.geocoder_for(workers))
        yield from self._ordered(client, itertools.chain(started, ahead), job, workers)

    def _ordered(self, client, partitions: Iterator[Partition], job: WorkerJob, workers: int):
        in_flight = max(2, IN_FLIGHT_PER_WORKER * workers)
        out: deque = deque()

        def submit(partition: Partition) -> None:
            key = f"newsmap-partition-{self._token}-{partition.number}"
            out.append(
                (
                    partition,
                    client.submit(process_partition, partition.articles, job, key=key, pure=False),
                )
            )

        for partition in itertools.islice(partitions, in_flight):
            submit(partition)
        while out:
            partition, future = out.popleft()
            outcomes = self._outcomes(client, partition, future, job)
            following = next(partitions, None)  # keep the workers busy while this is written
            if following is not None:
                submit(following)
            yield partition, outcomes

    def _outcomes(self, client, partition: Partition, future, job: WorkerJob):
        try:
            outcomes = future.result()
        except NewsmapError:
            raise  # a worker's models or gazetteer are missing: every partition would fail
        except Exception as error:  # noqa: BLE001 - a lost partition: find the article to blame
            log.warning(
                "partition %d failed on Dask (%s): retrying it article by article",
                partition.number,
                error,
            )
            return self._one_by_one(client, partition, job)
        finally:
            future.release()
        return outcomes

    def _one_by_one(self, client, partition: Partition, job: WorkerJob) -> list[ArticleOutcome]:
        futures = [
            client.submit(
                process_partition,
                (article,),
                job,
                pure=False,
                key=f"newsmap-article-{self._token}-{partition.number}-{n}",
            )
            for n, article in enumerate(partition.articles)
        ]
        outcomes = []
        for future in futures:
            try:
                [outcome] = future.result()
            except NewsmapError:
                raise
            except Exception as error:  # noqa: BLE001 - this article's task kept failing
                outcome = ArticleOutcome(None, lost_reason(error))
            outcomes.append(outcome)
            future.release()
        return outcomes

    def _locally(self, partitions: Iterable[Partition], why: str = "") -> Results:
        self.note = why
        self.where = self.fallback.where
        yield from self.fallback.results(partitions)

    def _start(self):
        """A client of the cluster, and how many workers it has."""
        import dask
        from distributed import Client, LocalCluster

        if self._given is not None:
            workers = max(1, len(self._given.scheduler_info()["workers"]))
            self.where = f"on the Dask cluster of {self._given} ({workers} worker(s))"
            return self._given, workers
        if self.scheduler is not None:
            self.progress(ProgressEvent(CONNECTING))
            try:
                self._client = Client(self.scheduler, timeout=CONNECT_TIMEOUT_SECONDS)
                self._client.wait_for_workers(1, timeout=CONNECT_TIMEOUT_SECONDS)
            except (OSError, TimeoutError) as error:
                self.close()
                raise ClusterError(
                    f"cannot reach a Dask scheduler with workers at {self.scheduler} ({error}): "
                    "start one with `dask scheduler` and `dask worker ADDRESS`, or leave out "
                    "--scheduler (and DASK_SCHEDULER_ADDRESS) to ingest on this machine"
                ) from error
            workers = max(1, len(self._client.scheduler_info()["workers"]))
            self.where = f"on the Dask cluster at {self.scheduler} ({workers} worker(s))"
            return self._client, workers
        from pipeline.models import ensure_gazetteer

        ensure_gazetteer(self.gazetteer, self.progress)  # built once, here, not by each worker
        self.progress(ProgressEvent(STARTING))
        with dask.config.set(WORKER_CONFIG):  # handed to the workers as they start
            self._cluster = LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1,
                processes=True,
                # This machine only, and a free port for Dask's status page (not a fixed one
                # another program may hold).
                host="127.0.0.1",
                dashboard_address="127.0.0.1:0",
                silence_logs=logging.ERROR,
            )
        self._client = Client(self._cluster)
        self.where = f"on {self.workers} local Dask worker processes"
        return self._client, self.workers

    def close(self) -> None:
        """Stop the client, and the LocalCluster when this runner started one."""
        for opened in (self._client, self._cluster):
            if opened is not None:
                try:
                    opened.close()
                except Exception as error:  # noqa: BLE001 - closing must not hide the result
                    log.warning("closing %r: %s", opened, error)
        self._client = self._cluster = None


def lost_reason(error: BaseException) -> str:
    """The summary's words for an article whose worker kept failing (or dying) on it."""
    return (
        f"the worker processing it failed ({type(error).__name__}: {error}); the article was "
        "not stored — please report this with the file"
    )
