"""Reading into partitions: lazy, bounded, and deduplicating as one process does."""

from __future__ import annotations

import json

import pytest

from articles.readers import discover, iter_discover
from pipeline.partitions import PartitionReader
from store.db import Store


def jsonl_files(folder, count, per_file=1, text="Rain fell on {n}."):
    folder.mkdir(parents=True, exist_ok=True)
    for file in range(count):
        lines = [
            json.dumps(
                {
                    "id": f"a{file}-{n}",
                    "title": f"T{file}-{n}",
                    "text": text.format(n=f"{file}-{n}"),
                }
            )
            for n in range(per_file)
        ]
        (folder / f"f{file:03d}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "store.sqlite") as opened:
        yield opened


def test_the_first_partition_comes_before_the_later_files_are_read(tmp_path, store):
    folder = jsonl_files(tmp_path / "many", 50)
    reader = PartitionReader([folder], store, size=4)
    first = next(iter(reader))
    assert [a.title for a in first.articles] == ["T0-0", "T1-0", "T2-0", "T3-0"]
    assert (reader.files_read, reader.files_total) == (3, 50)  # the fourth is being read


def test_partitions_hold_every_new_article_once_in_reading_order(tmp_path, store):
    folder = jsonl_files(tmp_path / "many", 5, per_file=3)
    reader = PartitionReader([folder], store, size=4)
    partitions = list(reader)
    assert [p.number for p in partitions] == [0, 1, 2, 3]
    assert [len(p.articles) for p in partitions] == [4, 4, 4, 3]
    titles = [a.title for p in partitions for a in p.articles]
    assert titles == [f"T{f}-{n}" for f in range(5) for n in range(3)]
    assert (reader.read, reader.fresh, reader.duplicates, reader.expected()) == (15, 15, 0, 15)


def copies(tmp_path):
    """Two articles in one file, then the same two in a second file."""
    folder = jsonl_files(tmp_path / "one", 1, per_file=2)
    (folder / "g.jsonl").write_text((folder / "f000.jsonl").read_text("utf-8"), "utf-8")
    return folder


def test_a_copy_of_an_article_still_in_flight_is_a_duplicate(tmp_path, store):
    reader = PartitionReader([copies(tmp_path)], store, size=2)
    partitions = list(reader)  # nothing settled: the first two are still in flight
    assert [len(p.articles) for p in partitions] == [2]
    assert (reader.read, reader.fresh, reader.duplicates) == (4, 2, 2)


def test_a_copy_of_an_article_stored_or_failed_is_a_duplicate(tmp_path, store):
    reader = PartitionReader([copies(tmp_path)], store, size=2)
    partitions = iter(reader)
    first = next(partitions)
    stored, failed = first.articles
    store.add_article(stored, [])
    reader.settle(first, failed=[failed.id])
    assert list(partitions) == []
    assert (reader.read, reader.fresh, reader.duplicates) == (4, 2, 2)


def test_the_articles_to_expect_are_scaled_from_the_files_read_so_far(tmp_path, store):
    folder = jsonl_files(tmp_path / "many", 10, per_file=2)
    reader = PartitionReader([folder], store, size=4)
    partitions = iter(reader)
    next(partitions)
    # 2 files read (4 articles), none left in the third: 4 * 10 / 2
    assert reader.expected() == 20
    list(partitions)
    assert reader.expected() == 20 and reader.finished


def test_walking_lazily_lists_what_discover_lists(tmp_path):
    folder = jsonl_files(tmp_path / "a", 3)
    jsonl_files(tmp_path / "a" / "inner", 2)
    (tmp_path / "a" / ".hidden").mkdir()
    (tmp_path / "a" / ".hidden" / "x.jsonl").write_text("{}\n", encoding="utf-8")
    named = [
        folder / "f001.jsonl",  # named, then found again in its folder
        folder,
        folder / "inner",  # inside a folder walked already
        folder / ".hidden" / "x.jsonl",  # named: listed, though a walk skips hidden folders
        folder / "f002.jsonl",  # inside a folder walked already
        tmp_path / "missing.txt",  # listed: the reader says it is missing
    ]
    listed = list(iter_discover(named))
    assert listed == discover(named)
    assert [p.relative_to(tmp_path).as_posix() for p in listed] == [
        "a/f001.jsonl",
        "a/f000.jsonl",
        "a/f002.jsonl",
        "a/inner/f000.jsonl",
        "a/inner/f001.jsonl",
        "a/.hidden/x.jsonl",
        "missing.txt",
    ]
