"""Messages that carry text from files, remote servers or visitors, shown as plain text.

Streamlit's callouts (st.error, st.warning, st.info, st.success) and st.caption render their
text as Markdown: a ``[Click](https://...)`` in a feed's date or a server's reason phrase would
be a live link there, and escaping the Markdown is not enough, since bare addresses
(``https://...``, ``www.…``, ``a@b.org``) are turned into links after escapes are undone. So a
notice puts only our own words in the callout and the untrusted text beside it in st.text,
which renders no Markdown, HTML or link at all.
"""

from __future__ import annotations

from typing import Literal

import streamlit as st

Kind = Literal["error", "warning", "info", "success"]
# Long untrusted lines (a 300-character file name) are cut so the page stays readable.
MAX_DETAIL_CHARS = 2000


def notice(kind: Kind, words: str, detail: str = "") -> None:
    """A callout of our own ``words`` (Markdown: never put outside text in them) with
    ``detail``, which may hold anything, under it as plain text."""
    getattr(st, kind)(words)
    if detail:
        st.text(cut(detail, MAX_DETAIL_CHARS))


def cut(text: str, limit: int = 120) -> str:
    """``text`` shortened to ``limit`` characters, marked with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
