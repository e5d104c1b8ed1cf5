"""``newsmap watch``: one round into a real store with the real pipeline, and a clean stop."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from newsmap import cli
from store.db import Store
from tests.watch.sites import Item, article_page, opml, rss

ROOT = Path(__file__).resolve().parents[2]
STRIKE = (
    "Warplanes struck the city of Aleppo on Tuesday, killing 12 civilians, a monitoring "
    "group said. Rescue workers searched the rubble of two buildings in the east of the city."
)


def _watch(args: list[str], capsys) -> tuple[int, str, str]:
    code = cli.main(["watch", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_one_round_stores_the_items_events_and_a_second_round_adds_nothing(
    tmp_path, site, capsys, monkeypatch, geoparser
):
    from geodata.geoparser import Geoparser

    monkeypatch.setattr(Geoparser, "default", classmethod(lambda cls, progress=None: geoparser))
    site.serve("/aleppo.html", article_page("Jets strike Aleppo", [STRIKE]))
    item = Item(site.url("/aleppo.html"), "Jets strike Aleppo", "Strikes in Syria.")
    site.serve("/wire.xml", rss([item]), content_type="application/rss+xml", etag='"1"')
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# mine\n{site.url('/wire.xml')} Wire\n", encoding="utf-8")
    store = tmp_path / "news.sqlite"
    common = [str(feeds), "--store", str(store), "--once", "--host-delay", "0"]

    code, out, _ = _watch([*common, "--allow-private-addresses", "--quiet"], capsys)
    assert code == 0, out
    assert "Wire: 1 new item(s) (1 with their page's text, 0 with the feed's text only" in out
    assert "round 1: 1 feed(s) polled (1 changed, 0 not modified, 0 failed)" in out
    with Store(store, readonly=True) as stored:
        frame = stored.events_frame()
    aleppo = frame[(frame["name"] == "Aleppo") & (frame["role"] == "event")]
    assert not aleppo.empty and set(aleppo["killed"].dropna()) == {12}
    assert set(frame["url"]) == {item.link}
    state = json.loads((tmp_path / "news-watch.json").read_text("utf-8"))
    assert state["feeds"][site.url("/wire.xml")]["etag"] == '"1"'

    code, out, _ = _watch([*common, "--allow-private-addresses", "--quiet"], capsys)
    assert code == 0 and "Wire: not modified" in out


def test_without_the_operators_leave_a_feed_on_this_machine_is_refused(tmp_path, site, capsys):
    site.serve("/wire.xml", rss([]), content_type="application/rss+xml")
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(site.url("/wire.xml") + "\n", encoding="utf-8")
    store = tmp_path / "news.sqlite"
    code, out, _ = _watch([str(feeds), "--store", str(store), "--once"], capsys)
    assert code == 0
    assert (
        "FAILED (1 failure in a row): 127.0.0.1 is a local or private address: not fetched; next"
        in out
    )
    assert site.asked() == []


def test_a_list_with_no_feed_is_an_error_that_names_the_file(tmp_path, capsys):
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("not-a-url\n", encoding="utf-8")
    code, out, err = _watch([str(feeds), "--store", str(tmp_path / "s.sqlite"), "--once"], capsys)
    assert code == 1
    assert f"skipped {feeds}:1: not an http(s) feed URL" in out
    assert f"{feeds}: no feed to watch" in err


def _lines(stream) -> queue.Queue:
    """The lines of ``stream`` as they come, read by a thread (so waits have deadlines)."""
    lines: queue.Queue = queue.Queue()

    def pump():
        for line in stream:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return lines


def _wait_for(lines: queue.Queue, needle: str, timeout: float = 120) -> list[str]:
    seen = []
    while True:
        line = lines.get(timeout=timeout)
        if line is None:
            raise AssertionError(f"the watch ended before saying {needle!r}: {seen}")
        seen.append(line)
        if needle in line:
            return seen


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_stop_signal_ends_the_watch_cleanly_with_its_state_whole(tmp_path, site, stop):
    site.serve("/empty.xml", rss([]), content_type="application/rss+xml", etag='"e"')
    feeds = tmp_path / "subscriptions.opml"  # as a feed reader exports them
    feeds.write_text(opml([("Empty desk", site.url("/empty.xml"))]), encoding="utf-8")
    store = tmp_path / "news.sqlite"
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSMAP_")}
    command = [sys.executable, "-m", "articles", "watch", str(feeds), "--store", str(store)]
    command += ["--every", "1", "--host-delay", "0", "--allow-private-addresses"]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        lines = _lines(process.stdout)
        first = _wait_for(
            lines, "round 2:"
        )  # a second round: the loop sleeps and wakes on schedule
        process.send_signal(stop)
        said = _wait_for(lines, "stopped")
        assert any("Empty desk: 0 new item(s)" in line for line in said + first), said
        assert process.wait(timeout=60) == 0, said
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert "Traceback" not in "".join(said)
    state = json.loads((tmp_path / "news-watch.json").read_text("utf-8"))
    assert state["feeds"][site.url("/empty.xml")]["etag"] == '"e"'
    assert [path for path, _ in site.asked()].count("/empty.xml") >= 2


def test_the_loop_sleeps_until_a_feed_is_due_and_sees_feeds_added_to_the_list(
    tmp_path, site, other_site, clock, make_watcher, capsys
):
    from tests.watch.conftest import START
    from watch.cli import RELOAD_EVERY, watch_loop
    from watch.feedlist import read_feed_list

    site.serve("/a.xml", rss([]), content_type="application/rss+xml", etag='"a"')
    other_site.serve("/b.xml", rss([]), content_type="application/rss+xml", etag='"b"')
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(site.url("/a.xml") + "\n", encoding="utf-8")
    watcher = make_watcher(every=600.0)

    def add_a_feed_after_the_first_sleep(seconds):
        clock.sleeps.append(seconds)
        clock.moment += seconds
        feeds.write_text(f"{site.url('/a.xml')}\n{other_site.url('/b.xml')}\n", "utf-8")

    clock.sleep = add_a_feed_after_the_first_sleep
    watch_loop(watcher, feeds, read_feed_list(feeds), once=False, clock=clock, rounds=3)
    out = capsys.readouterr().out
    # Round 1 polls a; a minute later the list names b, which round 2 polls at once; round 3
    # comes when a is due again, ten minutes after round 1, in sleeps of a minute at most.
    assert [path for path, _ in site.asked()] == ["/robots.txt", "/a.xml", "/a.xml"]
    assert [path for path, _ in other_site.asked()] == ["/robots.txt", "/b.xml"]
    assert clock.sleeps[0] == RELOAD_EVERY and max(clock.sleeps) <= RELOAD_EVERY
    assert clock.now() == START + 600
    assert "round 2: 1 feed(s) polled (1 changed, 0 not modified, 0 failed), 1 waiting" in out
    assert "round 3: 1 feed(s) polled (0 changed, 1 not modified, 0 failed)" in out
