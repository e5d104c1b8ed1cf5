"""Repairs that keep a feed's good entries when one spot of it would break the whole parse.

Two kinds of damage cost a feed all its entries in feedparser 6: a numeric character reference
to no character XML allows (``&#xFFFFFFF;``, ``&#99999999999;``, ``&#xD800;``) makes it raise,
and so does markup that confuses its lenient parser (``</item>`` inside ``<link>``). The first
is mended before parsing (a reference to a control character is dropped, as the readers drop
control characters anyway; any other becomes U+FFFD, the replacement character); for the
second the feed is cut into its entries, each parsed alone between the feed's own head and tail,
so a broken entry costs only itself.
"""

from __future__ import annotations

import re

_CHAR_REF = re.compile(r"&#(?:[xX]([0-9A-Fa-f]+)|([0-9]+));")
_REPLACEMENT = "&#xFFFD;"
# An <item> (RSS) or <entry> (Atom), possibly prefixed (<rss:item>), up to its first end tag.
_ENTRY = re.compile(
    r"<(?P<tag>(?:[A-Za-z_][\w.-]*:)?(?:item|entry))\b[^>]*?(?:/>|>.*?</(?P=tag)\s*>)",
    re.DOTALL | re.IGNORECASE,
)


def mend_char_refs(text: str) -> tuple[str, int]:
    """``text`` with every reference to a character XML 1.0 forbids mended; and how many.

    A reference to a control character is dropped; one to a surrogate or past U+10FFFF
    becomes U+FFFD.
    """
    count = 0

    def mend(match: re.Match) -> str:
        nonlocal count
        digits, base = (match.group(1), 16) if match.group(1) else (match.group(2), 10)
        code = int(digits, base) if len(digits) <= 8 else -1
        if _xml_char(code):
            return match.group(0)
        count += 1
        return "" if 0 <= code < 0x20 else _REPLACEMENT

    return _CHAR_REF.sub(mend, text), count


def _xml_char(code: int) -> bool:
    """Whether XML 1.0 allows the character ``code`` (its production ``Char``)."""
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def split_entries(text: str) -> tuple[str, list[str], str]:
    """The feed's head (before its first entry), each entry's markup, and its tail (after).

    ``head + entry + tail`` is a feed of that one entry, with the feed's own namespaces and
    channel data. An entry runs to its first end tag, so text a broken entry leaves after it
    (before the next entry) is dropped.
    """
    matches = list(_ENTRY.finditer(text))
    if not matches:
        return text, [], ""
    return text[: matches[0].start()], [m.group(0) for m in matches], text[matches[-1].end() :]
