from datetime import date

import pytest

from articles.model import Article, article_id
from articles.readers import read_file
from articles.readers.plain import cut_boilerplate, parse_byline, parse_plain
from tests.articles.conftest import SEED_LAYOUT


def test_seed_layout_gives_title_byline_date_and_body(write):
    result = read_file(write("floods.txt", SEED_LAYOUT))
    assert result.problems == ()
    (article,) = result.articles
    assert article.title == "Floods cut off villages near Bogotá"
    assert article.byline == "Ana Ruiz and Tom Hale"
    assert article.published == date(2024, 3, 5)
    assert article.url is None
    assert article.id == article_id(None, article.text)
    assert article.source.endswith("floods.txt")


def test_seed_layout_body_is_the_files_text_between_byline_and_footer(write):
    (article,) = read_file(write("floods.txt", SEED_LAYOUT)).articles
    start = SEED_LAYOUT.index("Heavy rain")
    end = SEED_LAYOUT.index("To contact")
    assert article.text == SEED_LAYOUT[start:end].rstrip()
    assert "\n\nMore than 300 families" in article.text  # paragraph break kept
    assert "wsws" not in article.text.lower()
    # Offsets into the text point at the same words as in the file.
    at = article.text.index("Kennedy")
    assert article.text[at : at + len("Kennedy and Bosa")] == "Kennedy and Bosa"


@pytest.mark.parametrize(
    ("line", "names", "published"),
    [
        ("By Thomas Gaist 22 July 2016", "Thomas Gaist", date(2016, 7, 22)),
        ("By Thomas Gaist, July 22, 2016", "Thomas Gaist", date(2016, 7, 22)),
        ("By Jane Doe and John Roe 22 July 2016", "Jane Doe and John Roe", date(2016, 7, 22)),
        ("By Jane Doe 2016-07-22", "Jane Doe", date(2016, 7, 22)),
        ("By Jane Doe 2016-07-22T23:30:00+02:00", "Jane Doe", date(2016, 7, 22)),
        ("By Ahmed al-Hassan | Friday, 3 March 2017", "Ahmed al-Hassan", date(2017, 3, 3)),
        ("BY JANE DOE, Sept. 5, 2019", "JANE DOE", date(2019, 9, 5)),
        ("By Jane Doe", "Jane Doe", None),
        ("By Jane Doe 31 June 2016", "Jane Doe", None),  # no such day: no date, never a guess
    ],
)
def test_byline_forms(line, names, published):
    assert parse_byline(line) == (names, published)


@pytest.mark.parametrize(
    "line", ["By Tuesday, the toll had risen to 40.", "By the end of the week, 12 had died"]
)
def test_a_sentence_starting_with_by_is_not_a_byline(line):
    assert parse_byline(line) is None


def test_article_without_byline_starts_its_body_after_the_title(write):
    text = "Quake shakes Lima\n\nA strong earthquake shook Lima on Sunday.\n\nNo damage reported.\n"
    (article,) = read_file(write("quake.txt", text)).articles
    assert article.title == "Quake shakes Lima"
    assert (article.byline, article.published) == (None, None)
    assert article.text == "A strong earthquake shook Lima on Sunday.\n\nNo damage reported."


def test_a_date_line_without_byline_is_the_publication_date(write):
    text = "Quake shakes Lima\n2021-11-28\n\nA strong earthquake shook Lima on Sunday.\n"
    (article,) = read_file(write("quake.txt", text)).articles
    assert article.published == date(2021, 11, 28)
    assert article.text == "A strong earthquake shook Lima on Sunday."


def test_byline_right_under_the_title_is_still_a_byline(write):
    text = "Quake shakes Lima\nBy Rosa Diaz, November 28, 2021\nA strong earthquake shook Lima.\n"
    (article,) = read_file(write("quake.txt", text)).articles
    assert (article.title, article.byline) == ("Quake shakes Lima", "Rosa Diaz")
    assert article.text == "A strong earthquake shook Lima."


def test_a_file_that_is_one_paragraph_takes_its_title_from_the_file_name(write):
    body = "A strong earthquake shook Lima on Sunday, " * 10
    (article,) = read_file(write("lima-quake_report.txt", body)).articles
    assert article.title == "lima quake report"
    assert article.text == body.strip()


def test_markdown_title_loses_its_hashes(write):
    (article,) = read_file(write("n.md", "# Storm in Manila\n\nThe storm hit Manila.\n")).articles
    assert (article.title, article.text) == ("Storm in Manila", "The storm hit Manila.")


def test_windows_line_endings_become_newlines(write):
    (article,) = read_file(write("w.txt", SEED_LAYOUT.replace("\n", "\r\n"))).articles
    assert "\r" not in article.text
    assert article.published == date(2024, 3, 5)


def test_only_a_title_is_a_problem_not_an_empty_article(write):
    path = write("title-only.txt", "Just a headline\n\n")
    result = read_file(path)
    assert result.articles == ()
    assert result.problems[0].path == str(path)
    assert "no article text" in result.problems[0].reason


def test_only_boilerplate_is_a_problem():
    reason = parse_plain("Share this\nhttps://example.org\n", "x.txt")
    assert isinstance(reason, str) and "nothing to ingest" in reason


def test_boilerplate_is_cut_only_at_the_end():
    lines = [
        "Share this story with your friends, the health ministry urged residents of Lima.",
        "Subscribe to our newsletter",
        "",
        "© 2024 Example News. All rights reserved.",
        "www.example.org",
    ]
    assert cut_boilerplate(lines) == lines[:1]
    article = parse_plain("T\n\nSubscribe now, said the mayor of Lima.\n\nIt rained.\n", "t.txt")
    assert isinstance(article, Article)
    assert article.text.startswith("Subscribe now")
