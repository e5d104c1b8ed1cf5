"""Rounds of polling against feed and article servers on 127.0.0.1: validators, pages,
robots.txt, failures and back-off, deadlines and size caps, dedupe across rounds."""

from __future__ import annotations

import json
import time

from newsmap.fetching import Limits
from tests.watch.conftest import START
from tests.watch.sites import Item, article_page, atom, http_date, rss
from watch.feedlist import Feed
from watch.state import WatchState

PAGE_ONLY = "Only the page says that the convoy reached Kharkiv before dawn on Monday."


def publish(site, name: str, count: int, feed=rss, prefix: str = "/news") -> list[Item]:
    """Serve ``count`` article pages on ``site`` and a feed of them at /NAME.xml."""
    items = []
    for number in range(count):
        path = f"{prefix}/{name}-{number}.html"
        title = f"{name.title()} story {number}"
        paragraphs = [
            f"{title}: officials in Kyiv said on Sunday that talks would go on all week.",
            PAGE_ONLY,
            "Aid groups asked for safe passage for the trucks waiting near the border.",
        ]
        site.serve(path, article_page(title, paragraphs))
        items.append(Item(site.url(path), title, f"Summary of {title.lower()}."))
    site.serve(
        f"/{name}.xml",
        feed(items),
        content_type="application/rss+xml",
        etag=f'"{name}-v{count}"',
    )
    return items


def stored_texts(store) -> dict[str, str]:
    rows = store._conn.execute("SELECT url, text FROM articles").fetchall()
    return dict(rows)


def test_a_first_round_ingests_each_items_page_and_a_second_gets_304s_and_no_page(
    site, store, make_watcher
):
    publish(site, "wire", 2, rss)
    publish(site, "desk", 2, atom)
    feeds = [Feed(site.url("/wire.xml"), "Wire"), Feed(site.url("/desk.xml"), "Desk")]
    watcher = make_watcher()

    first = watcher.run_round(feeds)
    assert [(o.status, o.items, o.pages, o.summaries) for o in first] == [("new", 2, 2, 0)] * 2
    texts = stored_texts(store)
    assert len(texts) == 4 and all(PAGE_ONLY in text for text in texts.values())

    site.forget()
    second = watcher.run_round(feeds, once=True)
    assert [o.status for o in second] == ["not modified", "not modified"]
    assert site.paths_asked() == ["/wire.xml", "/desk.xml"]  # no page, no robots.txt again
    [(_, headers)] = site.asked("/wire.xml")
    assert headers["If-None-Match"] == '"wire-v2"'
    assert store.article_count() == 4


def test_a_feed_with_only_last_modified_is_asked_with_if_modified_since(site, store, make_watcher):
    stamp = http_date(START - 3600)
    site.serve(
        "/lm.xml",
        rss([Item(None, "Storm warning", "A storm is expected in Odesa on Friday night.")]),
        content_type="application/rss+xml",
        last_modified=stamp,
    )
    watcher = make_watcher()
    [first] = watcher.run_round([Feed(site.url("/lm.xml"))])
    assert (first.status, first.items, first.summaries) == ("new", 1, 1)
    site.forget()
    [second] = watcher.run_round([Feed(site.url("/lm.xml"))], once=True)
    assert second.status == "not modified"
    [(_, headers)] = site.asked("/lm.xml")
    assert headers["If-Modified-Since"] == stamp and "If-None-Match" not in headers


def test_a_page_robots_txt_forbids_is_not_fetched_and_the_items_summary_is_ingested(
    site, store, make_watcher
):
    site.serve("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    items = publish(site, "open", 1) + publish(site, "closed", 1, prefix="/private")
    site.serve("/mixed.xml", rss(items), content_type="application/rss+xml", etag='"m1"')
    watcher = make_watcher()
    [outcome] = watcher.run_round([Feed(site.url("/mixed.xml"))])

    assert (outcome.items, outcome.pages, outcome.summaries) == (2, 1, 1)
    assert "/private/closed-0.html" not in site.paths_asked()
    assert site.paths_asked().count("/robots.txt") == 1  # cached for the host
    [note] = outcome.notes
    assert note.path == items[1].link
    assert "robots.txt forbids it" in note.reason and "feed's own text" in note.reason
    assert stored_texts(store)[items[1].link] == "Summary of closed story 0."


def test_a_failing_feed_backs_off_is_not_asked_meanwhile_and_recovers(
    site, other_site, store, clock, make_watcher
):
    publish(other_site, "good", 1)
    site.serve("/flaky.xml", "oops", status=500, content_type="text/plain")
    feeds = [Feed(site.url("/flaky.xml")), Feed(other_site.url("/good.xml"))]
    watcher = make_watcher(every=600.0)

    failed, good = watcher.run_round(feeds)
    assert failed.status == "failed" and "500" in failed.error and failed.failures == 1
    assert good.status == "new" and store.article_count() == 1  # the other feed went on
    assert failed.next_try == START + 600

    clock.advance(300)
    site.forget()
    waiting, _ = watcher.run_round(feeds, once=True)
    assert waiting.status == "waiting" and site.asked("/flaky.xml") == []

    clock.advance(301)  # past the first back-off: asked again, fails again, waits twice as long
    again, _ = watcher.run_round(feeds)
    assert again.status == "failed" and again.failures == 2
    assert again.next_try == clock.now() + 1200

    clock.advance(1201)
    publish(site, "flaky", 2)
    recovered, _ = watcher.run_round(feeds)
    assert (recovered.status, recovered.items, recovered.failures) == ("new", 2, 0)
    assert watcher.state.get(site.url("/flaky.xml")).last_error is None
    assert store.article_count() == 3


def test_a_retry_after_longer_than_the_back_off_is_honoured(site, clock, make_watcher):
    site.serve("/busy.xml", "busy", status=503, headers={"Retry-After": "7200"})
    [outcome] = make_watcher(every=600.0).run_round([Feed(site.url("/busy.xml"))])
    assert outcome.status == "failed" and outcome.next_try == START + 7200


def test_a_slow_host_is_cut_at_the_deadline_and_the_item_keeps_its_summary(
    site, store, make_watcher
):
    site.serve("/slow.html", "never sent", hold=True)
    item = Item(site.url("/slow.html"), "Slow story", "Shelling was reported near Kherson.")
    site.serve("/slow.xml", rss([item]), content_type="application/rss+xml")
    watcher = make_watcher(page_limits=Limits(deadline=1.0, read_timeout=1.0))
    started = time.monotonic()
    [outcome] = watcher.run_round([Feed(site.url("/slow.xml"))])
    assert time.monotonic() - started < 10  # the deadline, not the server, ended it
    assert (outcome.status, outcome.summaries) == ("new", 1)
    [note] = outcome.notes
    assert "page not fetched" in note.reason and "1 s" in note.reason
    assert stored_texts(store)[item.link] == item.summary


def test_an_oversized_page_is_cut_at_the_cap_and_the_item_keeps_its_summary(
    site, store, make_watcher
):
    site.serve("/huge.html", "<html><body><p>" + "word " * 40_000 + "</p></body></html>")
    item = Item(site.url("/huge.html"), "Huge story", "Floods hit Mykolaiv on Tuesday.")
    site.serve("/huge.xml", rss([item]), content_type="application/rss+xml")
    watcher = make_watcher(page_limits=Limits(max_bytes=50_000))
    [outcome] = watcher.run_round([Feed(site.url("/huge.xml"))])
    [note] = outcome.notes
    assert "larger than 0.05 MB" in note.reason
    assert stored_texts(store)[item.link] == item.summary


def test_items_seen_in_a_round_are_not_fetched_again_when_the_feed_changes(
    site, store, make_watcher
):
    publish(site, "wire", 2)
    feed = Feed(site.url("/wire.xml"))
    watcher = make_watcher()
    watcher.run_round([feed])
    assert store.article_count() == 2

    publish(site, "wire", 3)  # one more item, a new ETag
    site.forget()
    [outcome] = watcher.run_round([feed], once=True)
    assert (outcome.status, outcome.items) == ("new", 1)
    assert site.paths_asked() == ["/wire.xml", "/news/wire-2.html"]
    assert store.article_count() == 3


def test_a_restart_fetches_nothing_it_took_before(tmp_path, site, store, clock, make_watcher):
    publish(site, "wire", 2)
    feed = Feed(site.url("/wire.xml"))
    make_watcher().run_round([feed])
    state = json.loads((tmp_path / "watch.json").read_text("utf-8"))
    assert state["feeds"][feed.url]["etag"] == '"wire-v2"'

    site.forget()
    restarted = make_watcher()  # a new process: state read from the file
    assert [o.status for o in restarted.run_round([feed])] == ["waiting"]  # not due yet
    clock.advance(601)
    assert [o.status for o in restarted.run_round([feed])] == ["not modified"]
    # robots.txt is cached in memory: a new process asks for it once more; no page.
    assert site.paths_asked() == ["/robots.txt", "/wire.xml"]


def test_with_the_state_lost_items_already_stored_are_not_fetched_again(
    tmp_path, site, store, make_watcher
):
    publish(site, "wire", 2)
    feed = Feed(site.url("/wire.xml"))
    make_watcher().run_round([feed])
    (tmp_path / "watch.json").unlink()  # say, a crash between the store's write and ours
    site.forget()
    [outcome] = make_watcher().run_round([feed])
    assert (outcome.items, outcome.stored_before, outcome.pages) == (2, 2, 0)
    assert site.paths_asked() == ["/robots.txt", "/wire.xml"]
    assert store.article_count() == 2


def test_an_item_without_a_link_is_ingested_with_its_summary_and_a_note(site, store, make_watcher):
    item = Item(None, "Flash", "Explosions were heard in Zaporizhzhia overnight.", guid="x1")
    site.serve("/flash.xml", rss([item]), content_type="application/rss+xml")
    [outcome] = make_watcher().run_round([Feed(site.url("/flash.xml"))])
    assert (outcome.items, outcome.summaries) == (1, 1)
    assert "links to no page" in outcome.notes[0].reason
    [text] = stored_texts(store).values()
    assert text == item.summary


def test_a_web_page_in_place_of_a_feed_fails_and_the_others_go_on(site, store, make_watcher):
    site.serve("/page.html", article_page("Not a feed", ["Just a page about Lviv."]))
    publish(site, "wire", 1)
    bad, good = make_watcher().run_round(
        [Feed(site.url("/page.html")), Feed(site.url("/wire.xml"))]
    )
    assert bad.status == "failed" and "web page, not an RSS or Atom feed" in bad.error
    assert good.status == "new" and store.article_count() == 1


def test_private_addresses_are_refused_unless_the_operator_allows_them(site, make_watcher):
    publish(site, "wire", 1)
    [outcome] = make_watcher(allow_private=False).run_round([Feed(site.url("/wire.xml"))])
    assert outcome.status == "failed" and "local or private address" in outcome.error
    assert site.asked() == []  # refused before connecting, robots.txt included


def test_a_feed_robots_txt_forbids_is_reported_and_not_fetched(site, make_watcher):
    site.serve("/robots.txt", "User-agent: newsmap\nDisallow: /\n", content_type="text/plain")
    publish(site, "wire", 1)
    [outcome] = make_watcher().run_round([Feed(site.url("/wire.xml"))])
    assert outcome.status == "failed" and "robots.txt forbids it" in outcome.error
    assert site.paths_asked() == ["/robots.txt"]


def test_a_long_feed_is_taken_in_parts_without_waiting_for_it_to_change(site, store, make_watcher):
    publish(site, "long", 5)
    feed = Feed(site.url("/long.xml"))
    watcher = make_watcher(max_new=3)
    [first] = watcher.run_round([feed])
    assert (first.items, store.article_count()) == (3, 3)
    assert watcher.state.get(feed.url).backlog
    site.forget()
    [second] = watcher.run_round([feed], once=True)
    assert (second.status, second.items, store.article_count()) == ("new", 2, 5)
    [(_, headers)] = site.asked("/long.xml")
    assert "If-None-Match" not in headers  # a 304 would have hidden the rest
    assert not watcher.state.get(feed.url).backlog


def test_requests_to_one_host_are_spaced_by_the_host_delay(site, other_site, clock, make_watcher):
    publish(site, "wire", 2)
    publish(other_site, "desk", 1)
    watcher = make_watcher(host_delay=5.0)
    watcher.run_round([Feed(site.url("/wire.xml")), Feed(other_site.url("/desk.xml"))])
    # Every site is 127.0.0.1, one host: robots.txt, feed, two pages, then the other
    # site's robots.txt, feed and page, each five seconds after the one before.
    assert len(site.asked()) + len(other_site.asked()) == 7
    assert clock.sleeps == [5.0] * 6


def test_the_state_file_is_whole_json_after_every_feed(tmp_path, site, other_site, make_watcher):
    publish(site, "wire", 1)
    site.serve("/down.xml", "no", status=502)
    make_watcher().run_round([Feed(site.url("/wire.xml")), Feed(site.url("/down.xml"))])
    state = WatchState.load(tmp_path / "watch.json")
    assert state.get(site.url("/wire.xml")).seen
    assert state.get(site.url("/down.xml")).last_error.startswith("The server answered 502")
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]


def test_an_item_pointing_at_this_machine_is_not_fetched_from_a_public_feed(
    tmp_path, site, store, clock
):
    """A hostile feed on a public host lists a page on 127.0.0.1: the page is refused (the
    feed's own text is kept), as the page's URL fetch refuses it."""
    import socket

    from tests.watch.conftest import StoreOnlySink
    from watch.poll import Fetcher, Watcher, WatchSettings

    public = "93.184.216.34"  # reached only through the connector below, which routes it here
    port = site.server_address[1]
    inside = Item(site.url("/admin.html"), "Inside", "Text the feed gives about Dnipro.")
    site.serve("/admin.html", article_page("Admin", ["Secret page of the local network."]))
    site.serve("/feed.xml", rss([inside]), content_type="application/rss+xml")

    def resolve(host, port_):
        return [public] if host == "feeds.example" else ["127.0.0.1"]

    def connect(address, timeout):
        assert address[0] == public, f"connected to {address[0]}"
        return socket.create_connection(("127.0.0.1", port), timeout)

    settings = WatchSettings(host_delay=0.0)  # private addresses refused: the default
    fetcher = Fetcher(settings, clock, resolve=resolve, connect=connect)
    state = WatchState.load(tmp_path / "watch.json")
    watcher = Watcher(state, StoreOnlySink(store), clock, settings, fetcher)
    [outcome] = watcher.run_round([Feed(f"http://feeds.example:{port}/feed.xml")])
    assert (outcome.status, outcome.pages, outcome.summaries) == ("new", 0, 1)
    assert "local or private address" in outcome.notes[0].reason
    assert "/admin.html" not in site.paths_asked()
    assert stored_texts(store)[inside.link] == inside.summary
