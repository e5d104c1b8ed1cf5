from datetime import date

from articles.model import article_id
from articles.readers import read_file
from articles.readers.html import parse_html
from tests.articles.conftest import ARTICLE_HTML


def test_html_article_gives_main_text_title_date_author_and_canonical_url(write):
    result = read_file(write("flood.html", ARTICLE_HTML))
    assert result.problems == ()
    (article,) = result.articles
    assert article.title == "Flood hits Bogotá"
    assert article.url == "https://news.example.org/2024/03/05/flood-bogota"
    assert article.id == article_id(article.url, article.text)
    assert article.published == date(2024, 3, 5)
    assert article.byline == "Ana Ruiz"
    assert article.text.startswith("Heavy rain flooded the south of Bogotá on Monday")
    assert "Medellín arrived on Tuesday" in article.text
    assert "\n\nThe mayor said" in article.text  # one blank line between paragraphs
    for furniture in ("Home", "Sport", "tracking", "All rights reserved", "<"):
        assert furniture not in article.text


def test_url_comes_from_og_url_when_there_is_no_canonical_link():
    page = ARTICLE_HTML.replace(
        '<link rel="canonical" href="https://news.example.org/2024/03/05/flood-bogota">',
        '<meta property="og:url" content="https://news.example.org/og/flood">',
    )
    article = parse_html(page, "p.html")
    assert article.url == "https://news.example.org/og/flood"


def test_a_script_url_in_the_page_metadata_is_dropped():
    page = ARTICLE_HTML.replace(
        "https://news.example.org/2024/03/05/flood-bogota", "javascript:alert(1)"
    )
    article = parse_html(page, "p.html")
    assert article.url is None
    assert article.id == article_id(None, article.text)


def test_html_page_without_article_text_is_a_problem(write):
    page = (
        "<!DOCTYPE html><html><head><title>App</title></head>"
        '<body><div id="root"></div><script src="app.js"></script></body></html>'
    )
    path = write("shell.html", page)
    result = read_file(path)
    assert result.articles == ()
    assert result.problems[0].path == str(path)
    assert "no article text" in result.problems[0].reason


def test_a_txt_file_holding_html_is_read_as_html(write):
    (article,) = read_file(write("saved-page.txt", ARTICLE_HTML)).articles
    assert article.title == "Flood hits Bogotá"
    assert "<p>" not in article.text


def test_latin1_page_declaring_its_charset_decodes_right(write):
    page = ARTICLE_HTML.replace('charset="utf-8"', 'charset="iso-8859-1"')
    (article,) = read_file(write("latin.html", page, encoding="latin-1")).articles
    assert "Bogotá" in article.text and "Medellín" in article.text


def test_a_page_whose_date_search_breaks_is_still_read_for_its_text(write):
    # Found by python -m tools.checks fuzz: htmldate (trafilatura's date search) trips an lxml
    # assertion on this tree, which cost the whole file ("unexpected error ... report it").
    text = (
        "A car bomb exploded in Kandahar on Monday, killing five people near the governor's "
        "office, police said."
    )
    page = f"<?xml version='1.0'?><html><svg><p>{text}</p>"
    result = read_file(write("broken-svg.html", page))
    assert [a.text for a in result.articles] == [text]
    assert result.problems == ()
