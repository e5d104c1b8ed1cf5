"""HTML pages: trafilatura finds the article's main text, title, author, date and URL.

The URL comes from the page's own metadata (canonical link, og:url) and is kept only when it
is http(s). Dates are those the page states in its metadata or URL: trafilatura's "extensive"
search through free text is off, so no date is guessed. A page with no main text (an index
page, a script-only app shell) is a problem, never an empty article.
"""

from __future__ import annotations

import re

import trafilatura

from articles.model import Article, article_id
from articles.readers.fields import clean_text, one_line, parse_iso_date, title_from_path
from articles.urls import safe_http_url

_DATE_PARAMS = {"extensive_search": False, "original_date": True}
_SPACES = re.compile(r"\s+")
# Fewer words than this is a menu or a cookie notice that trafilatura fell back on, not an article.
MIN_ARTICLE_WORDS = 8
NO_TEXT = (
    "no article text found in this HTML page (an index, a login wall or a script-only page?): "
    "save the article's own page, or paste its text into a .txt file"
)


def parse_html(html: str, source: str) -> Article | str:
    """The Article in an HTML page, or the reason there is none."""
    document = _extract(html)
    if document is None:
        return NO_TEXT
    title = one_line(getattr(document, "title", None) or "")
    text = _paragraphs(getattr(document, "text", None) or "", title)
    if len(text.split()) < MIN_ARTICLE_WORDS:
        return NO_TEXT
    url = safe_http_url(getattr(document, "url", None))
    raw_date = getattr(document, "date", None)
    author = one_line(getattr(document, "author", None) or "")
    licence = one_line(getattr(document, "license", None) or "")
    return Article(
        id=article_id(url, text),
        title=title or title_from_path(source),
        text=text,
        url=url,
        published=parse_iso_date(raw_date) if isinstance(raw_date, str) else None,
        byline=author or None,
        source=source,
        credit=licence or None,
    )


def _extract(html: str):
    """trafilatura's extraction with the page's metadata; without it when the metadata search
    breaks on the page (htmldate trips an lxml assertion on an <svg> that ends up at the root:
    ``<?xml ...?><html><svg><p>...``), so the text is still read."""
    try:
        return trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, date_extraction_params=_DATE_PARAMS
        )
    except Exception:  # noqa: BLE001 - a library's bug in the optional metadata: go without
        return trafilatura.bare_extraction(html, with_metadata=False, include_comments=False)


def _paragraphs(text: str, title: str) -> str:
    """trafilatura's one-line-per-block text as paragraphs, minus a leading copy of the title."""
    lines = [line.strip() for line in clean_text(text).split("\n") if line.strip()]
    if lines and title and _fold(lines[0]) == _fold(title):
        lines = lines[1:]
    return "\n\n".join(lines)


def _fold(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()
