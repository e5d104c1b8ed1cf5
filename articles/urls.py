"""Which article URLs may become links: the one check shared by the readers and the dashboard."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

MAX_URL_LENGTH = 2048
# White space, control characters, quotes and angle brackets: a browser may read such a URL
# differently from us, or it may break out of an attribute. Lone surrogates (JSON can carry
# "\ud800") are no characters at all: no encoder, hash or database would take them.
_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f<>\"'`\ud800-\udfff]")


def safe_http_url(value: object) -> str | None:
    """``value`` stripped if it is a plain absolute http(s) URL with a host, else None.

    Rejects ``javascript:``, ``data:``, relative and protocol-relative URLs, overlong URLs and
    URLs with spaces, quotes, control characters or lone surrogates.
    """
    if not isinstance(value, str):
        return None
    url = value.strip()
    if not url or len(url) > MAX_URL_LENGTH or _UNSAFE.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url
