"""From fetched bytes to articles: a feed's items, and an item's page for its full text.

Pure functions over what was fetched; the fetching itself is watch.poll's. The feed is read by
the same reader as a feed file (articles.readers.feed), the page by the same as an HTML file
(articles.readers.html, trafilatura), so a watched item becomes the article an ingest of the
saved files would give. An item's identity is its article id: its link when it has one, else
its text (articles.model.article_id).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from articles.model import Article
from articles.readers.decoding import declared_charset, decode_text
from articles.readers.dispatch import drop_dates_out_of_range, sniff
from articles.readers.feed import NO_ENTRIES, parse_feed
from articles.readers.html import parse_html
from articles.readers.kinds import FEED, HTML
from articles.readers.result import Problem, ReadResult

_HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class FeedItems:
    """The items of one feed document (as articles from the feed's own text), and the
    problems met reading it (a broken entry, a note on a mended spot)."""

    articles: tuple[Article, ...]
    problems: tuple[Problem, ...]


def read_feed_document(body: bytes, url: str) -> FeedItems | str:
    """The items of a fetched feed, or why it is no feed we can read (a failure to report)."""
    text, note = decode_text(body, declared_charset(body))
    if text is None:
        return "the address gave a binary file, not an RSS or Atom feed"
    kind = sniff(text[:4096])
    if kind == HTML:
        return "the address gave a web page, not an RSS or Atom feed: give the feed's own URL"
    if kind != FEED:
        return "the address gave no RSS or Atom feed"
    result = parse_feed(text, url)
    if not result.articles:
        broken = [p for p in result.problems if not p.kept and p.reason != NO_ENTRIES]
        if broken:
            return broken[0].reason
    notes = (Problem(url, note, kept=True),) if note else ()
    problems = tuple(p for p in result.problems if p.reason != NO_ENTRIES)
    return FeedItems(result.articles, notes + problems)


def new_items(items: FeedItems, seen: set[str]) -> list[Article]:
    """The items not taken before, in the feed's order, each once."""
    fresh: dict[str, Article] = {}
    for article in items.articles:
        if article.id not in seen and article.id not in fresh:
            fresh[article.id] = article
    return list(fresh.values())


def is_html(content_type: str, body: bytes) -> bool:
    """Whether a fetched page is HTML, by its declared type or, failing that, its start."""
    if content_type in _HTML_TYPES:
        return True
    text, _ = decode_text(body[:4096], declared_charset(body[:4096]))
    return text is not None and sniff(text) == HTML


def page_article(item: Article, body: bytes, content_type: str, page_url: str) -> Article | str:
    """The item with its page's full text, or why the page gives none.

    The item keeps its identity (id and link as the feed gave them, so a restart or another
    feed listing the same link finds it stored), its title and date when the feed has them;
    the page gives the text, and what the feed lacks (title, date, author, licence).
    """
    if not is_html(content_type, body):
        return f"the page is {content_type or 'of no stated type'}, not HTML"
    text, _ = decode_text(body, declared_charset(body))
    if text is None:
        return "the page is a binary file, not HTML"
    page = parse_html(text, page_url)
    if isinstance(page, str):
        return "no article text found in the page"
    return replace(
        item,
        title=item.title or page.title,
        text=page.text,
        published=item.published or page.published,
        byline=item.byline or page.byline,
        source=page_url,
        credit=item.credit or page.credit,
    )


def keep_in_range(articles: list[Article], notes: list[Problem]) -> ReadResult:
    """The articles ready to ingest: dates newsmap cannot show dropped (with a note)."""
    return drop_dates_out_of_range(ReadResult(tuple(articles), tuple(notes)))
