"""The list of feeds: a text file of URLs or an OPML export, bad entries reported by place."""

from __future__ import annotations

from tests.watch.sites import opml
from watch.feedlist import Feed, read_feed_list


def test_a_text_list_skips_comments_and_blanks_and_reports_bad_lines_by_number(tmp_path):
    path = tmp_path / "feeds.txt"
    path.write_text(
        "# world news\n"
        "https://example.org/world.xml  World desk\n"
        "\n"
        "ftp://example.org/feed.xml\n"
        "https://example.org/world.xml\n"
        "http://example.net/atom\n",
        encoding="utf-8",
    )
    listed = read_feed_list(path)
    assert listed.feeds == (
        Feed("https://example.org/world.xml", "World desk"),
        Feed("http://example.net/atom"),
    )
    [problem] = listed.problems
    assert problem.path == f"{path}:4" and "not an http(s) feed URL" in problem.reason


def test_an_opml_export_gives_every_nested_feed_with_its_title(tmp_path):
    path = tmp_path / "subscriptions.opml"
    path.write_text(
        opml([("Wire", "https://example.org/wire.xml"), ("Desk", "https://example.net/desk")]),
        encoding="utf-8",
    )
    listed = read_feed_list(path)
    assert [(f.name, f.url) for f in listed.feeds] == [
        ("Wire", "https://example.org/wire.xml"),
        ("Desk", "https://example.net/desk"),
    ]
    assert listed.problems == ()


def test_an_opml_file_naming_a_local_file_as_an_entity_is_refused_unread(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("https://attacker.example/leak", encoding="utf-8")
    path = tmp_path / "evil.opml"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<opml version="2.0"><body><outline text="x" xmlUrl="&x;"/>'
        '<outline text="ok" xmlUrl="https://example.org/ok.xml"/></body></opml>',
        encoding="utf-8",
    )
    listed = read_feed_list(path)
    assert listed.feeds == () and "attacker" not in repr(listed)
    [problem] = listed.problems
    assert "not a readable OPML file" in problem.reason and "external entity" in problem.reason


def test_a_broken_opml_file_is_one_problem_saying_what_to_do(tmp_path):
    path = tmp_path / "broken.opml"
    path.write_text("<opml><body><outline xmlUrl='https://e.org/f'></body>", encoding="utf-8")
    listed = read_feed_list(path)
    assert listed.feeds == ()
    [problem] = listed.problems
    assert problem.path == str(path) and "not a readable OPML file" in problem.reason


def test_a_missing_or_empty_list_is_a_problem_not_an_exception(tmp_path):
    missing = read_feed_list(tmp_path / "nope.txt")
    assert missing.feeds == () and "file not found" in missing.problems[0].reason
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing yet\n", encoding="utf-8")
    assert "empty" in read_feed_list(empty).problems[0].reason
