"""The feed on the page: its cards (a small st.components.v2 component, feed.js) in a
collapsible box beside the map, and what picking a card does (fly the map there, open the
place's panel).

The cards' data come from :mod:`dashboard.feed`; this module only draws them and keeps the
session's feed state: how many cards are shown, which a refresh brought, and the place to fly
to. A pick names a card by its key; the key is looked up among the cards this session was
sent, so a forged value from the browser can only pick a card it was shown.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import streamlit as st

from dashboard import assets, feed

COMPONENT = "newsmap_feed"
KEY = "newsmap_feed_cards"
MORE = feed.MAX_ITEMS  # cards added by "Show more"


@functools.cache
def _component():
    """The feed component, registered once per process (its script and style are files)."""
    folder = assets.STATIC_DIR / "newsmap"
    return st.components.v2.component(
        COMPONENT,
        js=(folder / "feed.js").read_text("utf-8"),
        css=(folder / "feed.css").read_text("utf-8"),
    )


def render(cards: Callable[[int], tuple[list[feed.FeedItem], int | None]], view_key, stamp) -> None:
    """The feed: ``cards(limit)`` gives the newest ``limit`` cards under the filters and how
    many there are in all (page_data.feed_cards; None while not known yet); a "new" mark on
    those the last refresh of the store brought (``view_key``: the filters, ``stamp``: the
    store's)."""
    ss = st.session_state
    limit = ss.get("feed_limit", feed.MAX_ITEMS)
    if ss.get("feed_view") != view_key:  # new filters: back to the newest cards
        limit = feed.MAX_ITEMS
    items, total = cards(limit)
    keys = [item.key for item in items]
    before = ss.get("feed_keys")
    if ss.get("feed_view") != view_key:
        fresh = frozenset()
    elif ss.get("feed_stamp") != stamp:  # the store changed under the same filters
        fresh = feed.fresh_keys(keys, before, ss.get("feed_fresh", ()))
    else:
        fresh = frozenset(ss.get("feed_fresh", ())) & set(keys)
    ss.feed_view, ss.feed_stamp, ss.feed_keys, ss.feed_fresh = view_key, stamp, keys, fresh
    ss.feed_limit = limit
    ss.feed_places = {item.key: (item.lat, item.lon, item.zoom) for item in items}
    with st.expander("Latest events", expanded=True, key="feed_box"):
        if not items:
            st.caption("No events under the current filters.")
            return
        if total is None:  # the store's links are still being counted
            shown = f"the newest {len(items):,}"
        elif total > len(items):
            shown = f"the newest {len(items):,} of {total:,}"
        else:
            shown = f"{total:,}"
        st.caption(f"{shown} events under the filters, newest first. Click one to see it.")
        _component()(
            key=KEY,
            data=feed.page_data(items, fresh),
            on_picked_change=_picked,
        )
        if (total is None and len(items) >= limit) or (total is not None and total > len(items)):
            st.button(
                "Show more",
                key="feed_more",
                on_click=lambda: ss.update(feed_limit=len(items) + MORE),
            )


def _picked() -> None:
    """A card was picked: select its place (the panel opens) and fly the map there."""
    ss = st.session_state
    state = ss.get(KEY)
    key = state.get("picked") if hasattr(state, "get") else getattr(state, "picked", None)
    place = ss.get("feed_places", {}).get(str(key)) if key is not None else None
    if place is None:
        return
    lat, lon, zoom = place
    ss.selected = (lat, lon)
    ss.focus_count = ss.get("focus_count", 0) + 1
    ss.focus = (lat, lon, zoom, f"{ss.fits.session}-{ss.focus_count}")
