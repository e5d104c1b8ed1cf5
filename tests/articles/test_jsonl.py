import json
from datetime import date

from articles.model import article_id
from articles.readers import read_file
from articles.readers.jsonl import parse_jsonl

GOOD = {
    "id": "a1",
    "url": "https://news.example.org/quake",
    "title": "Quake shakes Lima",
    "published": "2021-11-28",
    "text": "A strong earthquake shook Lima on Sunday.",
}


def _lines(*records: object) -> str:
    return "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n"


def test_one_broken_line_is_a_problem_and_the_others_are_read(write):
    second = {"text": "Floods in Dhaka displaced thousands.", "published": "2022-06-20T08:00:00Z"}
    path = write("news.jsonl", _lines(GOOD, second, '{"text": "cut off mid-', GOOD | {"id": "a4"}))
    result = read_file(path)
    assert [a.title for a in result.articles] == [
        "Quake shakes Lima",
        "Floods in Dhaka displaced thousands.",  # no title: the text's first words
        "Quake shakes Lima",
    ]
    assert len(result.articles) == 3
    (problem,) = result.problems
    assert problem.path == f"{path}:3"
    assert "not a JSON object" in problem.reason
    first, dhaka, _ = result.articles
    assert first.url == GOOD["url"] and first.published == date(2021, 11, 28)
    assert first.id == article_id(GOOD["url"], GOOD["text"])
    assert first.source == f"{path}:1"
    assert dhaka.published == date(2022, 6, 20)
    assert dhaka.url is None and dhaka.id == article_id(None, dhaka.text)


def test_a_record_without_title_takes_it_from_the_url_else_the_text():
    text = _lines(
        {"url": "https://en.wikinews.org/wiki/Bird_flu_found_in_%22Sweden%22", "text": "x y"},
        {"text": "Floods in Dhaka displaced thousands on Monday, " * 3},
    )
    by_url, by_text = parse_jsonl(text, "t.jsonl").articles
    assert by_url.title == 'Bird flu found in "Sweden"'
    assert by_text.title.startswith("Floods in Dhaka displaced") and by_text.title.endswith("…")


def test_source_and_credit_keys_are_honoured():
    record = GOOD | {"source": "Example Wire", "credit": "Wikinews, CC BY 2.5"}
    (article,) = parse_jsonl(_lines(record), "t.jsonl").articles
    assert (article.source, article.credit) == ("Example Wire", "Wikinews, CC BY 2.5")


def test_bad_fields_are_dropped_with_a_note_and_the_article_kept():
    record = GOOD | {"url": "javascript:alert(1)", "published": "last Tuesday"}
    result = parse_jsonl(_lines(record), "t.jsonl")
    (article,) = result.articles
    assert (article.url, article.published) == (None, None)
    reasons = " ".join(p.reason for p in result.problems)
    assert "http(s)" in reasons and "ISO date" in reasons
    assert {p.path for p in result.problems} == {"t.jsonl:1"}


def test_records_that_cannot_be_articles_are_problems_naming_their_line():
    deep = "[" * 100_000 + "]" * 100_000
    text = _lines('"just a string"', {"title": "no text"}, {"text": 42}, deep, GOOD)
    result = parse_jsonl(text, "t.jsonl")
    assert len(result.articles) == 1
    assert [p.path for p in result.problems] == ["t.jsonl:1", "t.jsonl:2", "t.jsonl:3", "t.jsonl:4"]
    assert "required" in result.problems[1].reason


def test_a_json_file_holding_an_array_is_read(write):
    path = write("news.json", json.dumps([GOOD, {"title": "no text"}]))
    result = read_file(path)
    assert [a.title for a in result.articles] == ["Quake shakes Lima"]
    assert [p.path for p in result.problems] == [f"{path}#2"]


def test_lone_surrogates_and_control_characters_are_dropped_from_text():
    text = '{"title": "Quake\\u0007 in Lima", "text": "A quake\\ud800 shook\\u0000 Lima."}\n'
    (article,) = parse_jsonl(text, "t.jsonl").articles
    assert (article.title, article.text) == ("Quake in Lima", "A quake shook Lima.")
    article.text.encode("utf-8")  # would raise on a lone surrogate


def test_a_url_holding_a_lone_surrogate_costs_that_url_only(write):
    lines = [
        json.dumps({"url": "https://news.example.org/a", "text": "Fighting in Mosul."}),
        '{"url": "https://news.example.org/\\ud800b", "text": "A flood in Dhaka."}',
        json.dumps({"url": "https://news.example.org/c", "text": "A quake in Nepal."}),
    ]
    path = write("surrogate.jsonl", "\n".join(lines) + "\n")
    result = read_file(path)
    assert [a.text for a in result.articles] == [
        "Fighting in Mosul.",
        "A flood in Dhaka.",
        "A quake in Nepal.",
    ]
    assert result.articles[1].url is None
    (note,) = result.problems
    assert note.path == f"{path}:2" and note.kept and "url" in note.reason


def test_an_unforeseen_error_in_one_record_costs_that_line_only(monkeypatch):
    from articles.readers import jsonl

    real = jsonl.article_id

    def article_id(url, text):
        if text == "boom":
            raise RuntimeError("a bug we did not foresee")
        return real(url, text)

    monkeypatch.setattr(jsonl, "article_id", article_id)
    text = "\n".join(json.dumps({"text": t}) for t in ("Mosul.", "boom", "Nepal."))
    result = parse_jsonl(text, "f.jsonl")
    assert [a.text for a in result.articles] == ["Mosul.", "Nepal."]
    (problem,) = result.problems
    assert problem.path == "f.jsonl:2" and not problem.kept
    assert "RuntimeError" in problem.reason and "please report it" in problem.reason
