import json
from datetime import date
from pathlib import Path

from articles.model import article_id
from articles.readers import combine, discover, dispatch, read_file
from articles.readers.dispatch import choose_kind
from tests.articles.conftest import ARTICLE_HTML, SEED_LAYOUT
from tests.articles.test_feed import ATOM, RSS

GOOD_LINE = json.dumps({"url": "https://news.example.org/q", "text": "A quake shook Lima."})


def test_a_folder_of_good_and_bad_files_reads_every_good_one(write, tmp_path):
    good = {
        "seed.txt": SEED_LAYOUT,
        "page.html": ARTICLE_HTML,
        "news/feed.rss": RSS,  # 2 articles + 1 broken entry
        "news/feed.atom": ATOM,  # 2 articles
        "news/lines.jsonl": GOOD_LINE + "\n{broken\n",  # 1 article + 1 broken line
    }
    bad = {
        "empty.txt": b"",
        "image.txt": b"\x89PNG\r\n\x1a\n\x00\x00" * 50,
        "shell.html": "<html><body><script>app()</script></body></html>",
        "broken.json": "[{",
        "title-only.md": "# Just a title\n",
        "latin.xml": '<?xml version="1.0"?><catalog/>',
    }
    not_read = {"README.md": "# About this folder\n\nNotes.\n", "notes.csv": "a,b\n1,2\n"}
    for name, content in {**good, **bad, **not_read}.items():
        write(name, content)
    paths = discover([tmp_path])
    result = combine(read_file(path) for path in paths)
    assert len(result.articles) == 1 + 1 + 2 + 2 + 1
    sources = {Path(a.source.split("#")[0].split(":")[0]).name for a in result.articles}
    assert sources == {"seed.txt", "page.html", "feed.rss", "feed.atom", "lines.jsonl"}
    # Every problem names its file (and record); each bad file has one.
    named = {Path(p.path.split("#")[0].split(":")[0]).name for p in result.problems}
    assert named == set(Path(name).name for name in bad) | {"feed.rss", "lines.jsonl"}
    assert all(p.path.startswith(str(tmp_path)) and p.reason for p in result.problems)
    assert any(p.path.endswith("lines.jsonl:2") for p in result.problems)
    assert any(p.path.endswith("feed.rss#2") for p in result.problems)


def test_unsupported_file_type_says_which_types_are_read(write):
    (problem,) = read_file(write("data.csv", "a,b\n1,2\n")).problems
    assert "unsupported file type '.csv'" in problem.reason and ".jsonl" in problem.reason


def test_a_file_without_extension_is_read_when_its_content_is_clear(write):
    assert read_file(write("feed", RSS)).articles[0].title == "Cholera cases rise in Sana'a"
    assert "no extension" in read_file(write("README", "Hello\n\nWorld\n")).problems[0].reason


def test_choose_kind_trusts_the_extension_and_corrects_it_by_content():
    assert choose_kind(".txt", "Title\n\nBody") == "plain"
    assert choose_kind(".txt", "<!DOCTYPE html><html>") == "html"
    assert choose_kind(".xml", "<?xml version='1.0'?><rss version='2.0'>") == "feed"
    assert choose_kind(".xml", "<?xml version='1.0'?><html><body><p>x") == "html"
    assert choose_kind(".json", "{}") == "jsonl"
    assert choose_kind(".bin", "\ufeff  <feed xmlns='http://www.w3.org/2005/Atom'>") == "feed"
    assert choose_kind(".py", "import os") is None


def test_an_unexpected_error_becomes_a_problem_not_an_exception(write, monkeypatch):
    def explode(text, source):
        raise KeyError("surprise")

    monkeypatch.setattr(dispatch, "parse_plain", explode)
    path = write("a.txt", SEED_LAYOUT)
    (problem,) = read_file(path).problems
    assert problem.path == str(path)
    assert "unexpected error KeyError" in problem.reason and "surprise" in problem.reason


def test_a_sidecar_gives_a_plain_file_its_url_and_credit(write):
    path = write("seed.txt", SEED_LAYOUT)
    meta = {"url": "https://news.example.org/floods", "credit": "Example, CC BY 4.0"}
    write("seed.txt.meta.json", json.dumps(meta))
    (article,) = read_file(path).articles
    assert (article.url, article.credit) == (meta["url"], meta["credit"])
    # The id follows the URL now, not the text: the same text without a sidecar differs.
    assert article.id == article_id(meta["url"], article.text)
    assert article.id != read_file(write("b.txt", SEED_LAYOUT)).articles[0].id


def test_a_broken_sidecar_is_a_problem_and_the_article_is_still_read(write):
    path = write("seed.txt", SEED_LAYOUT)
    sidecar = write("seed.txt.meta.json", '{"url": "ftp://x", "colour": 1}')
    result = read_file(path)
    assert len(result.articles) == 1 and result.articles[0].url is None
    assert {p.path for p in result.problems} == {str(sidecar)}
    assert len(result.problems) == 2  # unknown key, non-http URL
    write("seed.txt.meta.json", "{not json")
    result = read_file(path)
    assert len(result.articles) == 1
    assert "unreadable sidecar" in result.problems[0].reason


def test_dates_outside_what_the_store_can_show_are_refused_with_a_note(write):
    records = [
        {"text": "Rain in Lima.", "published": "2999-05-01"},
        {"text": "Rain in Quito.", "published": "1200-03-04"},
        {"text": "Rain in Bogotá.", "published": "2016-07-22"},
    ]
    path = write("far.jsonl", "\n".join(json.dumps(r) for r in records))
    result = read_file(path)
    assert [a.published for a in result.articles] == [None, None, date(2016, 7, 22)]
    notes = {p.path: p.reason for p in result.problems}
    assert set(notes) == {f"{path}:1", f"{path}:2"}
    assert all(p.kept for p in result.problems)
    assert "2999-05-01 is outside the dates newsmap can show" in notes[f"{path}:1"]
    assert "1200-03-04" in notes[f"{path}:2"] and "kept without a date" in notes[f"{path}:2"]


def test_a_plain_article_dated_2999_is_kept_without_its_date(write):
    path = write("future.txt", "Rain in Lima\n\nBy Ana Ruiz 1 May 2999\n\nRain fell on Lima.\n")
    (article,) = read_file(path).articles
    assert article.published is None and article.byline == "Ana Ruiz"
