"""HTML fragments (feed summaries and contents) to plain text with paragraph breaks."""

from __future__ import annotations

import re

import lxml.etree
import lxml.html

from articles.readers.fields import clean_text, strip_controls

_DROP = frozenset({"script", "style", "noscript", "template", "iframe", "object", "svg"})
_BLOCK = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "hr"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td", "th", "address"}
    | {"section", "article", "header", "footer", "aside", "figure", "figcaption", "main", "nav"}
)
_SPACES = re.compile(r"\s+")
_BLANKS = re.compile(r"\n\s*\n\s*")
# Markers for breaks while source white space (newlines included) is folded, as browsers do.
_LINE, _PARAGRAPH = "\ue000", "\ue001"


def html_to_text(fragment: str) -> str:
    """The text of an HTML fragment: tags gone, entities decoded, one blank line per block."""
    if "<" not in fragment and "&" not in fragment:
        return clean_text(fragment)
    try:
        # lxml refuses control characters (a feed may carry "&#1;"): drop them first.
        root = lxml.html.fragment_fromstring(strip_controls(fragment), create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return ""
    for element in list(root.iter(lxml.etree.Element)):
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if tag in _DROP and element is not root:
            element.drop_tree()
        elif tag == "br":
            element.tail = _LINE + (element.tail or "")
        elif tag in _BLOCK:
            element.text = _PARAGRAPH + (element.text or "")
            element.tail = _PARAGRAPH + (element.tail or "")
    text = _SPACES.sub(" ", root.text_content())
    text = text.replace(_PARAGRAPH, "\n\n").replace(_LINE, "\n")
    text = "\n".join(line.strip() for line in text.split("\n"))
    return clean_text(_BLANKS.sub("\n\n", text))
