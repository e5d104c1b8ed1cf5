"""Fixtures for the article readers: small real files written into tmp_path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

# An article in the seed's layout, with the site footer the reader must cut.
SEED_LAYOUT = """\
Floods cut off villages near Bogotá

By Ana Ruiz and Tom Hale 5 March 2024

Heavy rain flooded the south of Bogotá on Monday, the city's emergency office said.

More than 300 families were moved to shelters in Kennedy and Bosa, officials said on Tuesday.

To contact the WSWS and the Socialist Equality Party visit:

http://www.wsws.org
"""

ARTICLE_HTML = """\
<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Flood hits Bogotá | Daily Example</title>
<link rel="canonical" href="https://news.example.org/2024/03/05/flood-bogota">
<meta property="og:title" content="Flood hits Bogotá">
<meta property="article:published_time" content="2024-03-05T10:00:00-05:00">
<meta name="author" content="Ana Ruiz">
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>
<article>
<h1>Flood hits Bogotá</h1>
<p>Heavy rain flooded the south of Bogotá on Monday, the city's emergency office said. More
than 300 families were moved to shelters in Kennedy and Bosa.</p>
<p>The mayor said the Tunjuelo river had burst its banks near the Usme district, and asked
residents to avoid the area until Wednesday.</p>
<p>Rescue teams from Medellín arrived on Tuesday morning to help.</p>
</article>
<footer>Copyright 2024 Daily Example. All rights reserved.</footer>
<script>console.log("tracking")</script>
</body></html>
"""


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write text (UTF-8 unless told) or bytes to a file under tmp_path; return its path."""

    def _write(name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode(encoding))
        return path

    return _write
