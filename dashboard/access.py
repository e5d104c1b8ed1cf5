"""Who may do what from the page: ingest ("Add articles") and Streamlit's clear-cache.

A dashboard bound to a loopback address is a laptop's own: its visitor is the operator, so the
page's ingest is on (unless NEWSMAP_READONLY or NEWSMAP_PAGE_INGEST=0). A public one (any
other address, no address at all, which Streamlit reads as every interface, NEWSMAP_HOSTED=1,
which the Dockerfile sets, or a visit forwarded by a reverse proxy) faces strangers: its page
ingest (uploads and URL fetches, which write the store and make the server fetch) stays off
unless the operator sets both NEWSMAP_PAGE_INGEST=1 and a secret, NEWSMAP_INGEST_TOKEN, which
the page then asks for.
The secret lives only in the server's environment and in the visitor's password field; it is
compared in constant time and never goes into the URL.

The decisions are pure functions of the environment and the bound address, tested without a
server; the page's token form and the clear-cache guard sit at the bottom.
"""

from __future__ import annotations

import functools
import hmac
import ipaddress
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass

log = logging.getLogger(__name__)

ENV_HOSTED = "NEWSMAP_HOSTED"
ENV_PAGE_INGEST = "NEWSMAP_PAGE_INGEST"
ENV_INGEST_TOKEN = "NEWSMAP_INGEST_TOKEN"  # noqa: S105 - the variable's name, not a secret
ENV_READONLY = "NEWSMAP_READONLY"
# The page lets anyone try tokens as fast as they can click: a short one could be guessed.
MIN_TOKEN_CHARS = 16
_YES = {"1", "true", "yes", "on"}
_NO = {"0", "false", "no", "off"}
UNLOCKED_KEY = "newsmap_ingest_unlocked"
_PROXY_HEADERS = {"forwarded", "x-forwarded-for", "x-real-ip"}


@dataclass(frozen=True)
class IngestAccess:
    """Whether the page offers ingest, and the token it asks for first (None: no token).

    ``reason`` says, for the operator's log, why ingest is off (empty when it is on).
    """

    offered: bool
    token: str | None = None
    reason: str = ""


def is_loopback(address: str | None) -> bool:
    """True when ``address`` (Streamlit's server.address) reaches this machine only.

    No address means every interface to Streamlit, so it is not loopback; nor is a host name
    other than ``localhost`` (it may resolve anywhere).
    """
    if not address:
        return False
    host = address.strip().strip("[]")
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_public(
    address: str | None, environ: Mapping[str, str] | None = None, proxied: bool = False
) -> bool:
    """True when strangers may reach the page: not bound to loopback, NEWSMAP_HOSTED set, or
    ``proxied`` (the request came through a proxy, which may serve anyone)."""
    environ = os.environ if environ is None else environ
    return proxied or _flag(environ, ENV_HOSTED) is True or not is_loopback(address)


def forwarded(headers: Mapping[str, str]) -> bool:
    """True when a request names a forwarding proxy (Forwarded, X-Forwarded-For, X-Real-IP):
    a dashboard on 127.0.0.1 behind a reverse proxy is public all the same."""
    return any(name.lower() in _PROXY_HEADERS for name in headers)


def ingest_access(
    address: str | None, environ: Mapping[str, str] | None = None, proxied: bool = False
) -> IngestAccess:
    """May the page ingest on a server bound to ``address``, given the environment and
    whether the visitor came through a proxy?"""
    environ = os.environ if environ is None else environ
    if _flag(environ, ENV_READONLY):
        return IngestAccess(False, reason=f"{ENV_READONLY} is set")
    wanted = _flag(environ, ENV_PAGE_INGEST)
    if wanted is False:
        return IngestAccess(False, reason=f"{ENV_PAGE_INGEST} turns it off")
    token = environ.get(ENV_INGEST_TOKEN, "").strip() or None
    if token is not None and len(token) < MIN_TOKEN_CHARS:
        return IngestAccess(
            False,
            reason=f"{ENV_INGEST_TOKEN} is shorter than {MIN_TOKEN_CHARS} characters: set a "
            "longer one, e.g. python -c 'import secrets; print(secrets.token_urlsafe(24))'",
        )
    if not is_public(address, environ, proxied):
        return IngestAccess(True, token)
    if wanted is not True:
        return IngestAccess(
            False,
            reason=f"the server is public: set {ENV_PAGE_INGEST}=1 and {ENV_INGEST_TOKEN} to "
            "offer it",
        )
    if token is None:
        return IngestAccess(
            False, reason=f"{ENV_PAGE_INGEST}=1 needs {ENV_INGEST_TOKEN} on a public server"
        )
    return IngestAccess(True, token)


def token_matches(given: str, token: str) -> bool:
    """True when the visitor's ``given`` token is the operator's (constant-time comparison)."""
    return hmac.compare_digest(given.strip().encode("utf-8"), token.encode("utf-8"))


def may_clear_cache(address: str | None, environ: Mapping[str, str] | None = None) -> bool:
    """Streamlit's clear-cache (every session's caches at once) only on a loopback server."""
    return not is_public(address, environ)


def _flag(environ: Mapping[str, str], name: str) -> bool | None:
    """True/False for a yes/no variable, None when unset; anything else counts as no."""
    value = environ.get(name, "").strip().lower()
    if not value:
        return None
    if value not in _YES and value not in _NO:
        _warn_once(f"{name}={value!r} is not one of 1/0, true/false, yes/no, on/off: read as off")
    return value in _YES


@functools.cache
def _warn_once(message: str) -> None:
    log.warning("%s", message)


# -- the server side: what the running app reads --------------------------------------------


def server_address() -> str | None:
    """The address this Streamlit server is bound to (server.address; None: every interface)."""
    import streamlit as st

    return st.get_option("server.address")


def page_ingest() -> IngestAccess:
    """This session's ingest decision; why it is off goes to the server log once."""
    import streamlit as st

    decision = ingest_access(server_address(), proxied=forwarded(st.context.headers or {}))
    if not decision.offered:
        _warn_once(f"ingest from the page is off: {decision.reason}")
    return decision


def unlocked(token: str | None) -> bool:
    """True when this session may ingest: no token is asked, or it gave the right one."""
    import streamlit as st

    return token is None or bool(st.session_state.get(UNLOCKED_KEY))


def token_form(token: str) -> None:
    """Ask for the ingest token (a password field in a form; nothing goes into the URL)."""
    import streamlit as st

    def check() -> None:
        given = st.session_state.get("i_token", "")
        st.session_state["i_token"] = ""  # the secret does not stay in the session
        st.session_state[UNLOCKED_KEY] = token_matches(given, token)
        st.session_state["i_token_wrong"] = not st.session_state[UNLOCKED_KEY]

    with st.form("i_token_form"):
        label = "Ingest token (ask the operator of this server)"
        st.text_input(label, type="password", key="i_token")
        st.form_submit_button("Unlock ingest", on_click=check, key="i_token_go")
    if st.session_state.pop("i_token_wrong", False):
        st.error("That token is not the one this server was given: ingest stays locked.")


def install_clear_cache_guard() -> bool:
    """Make this server ignore visitors' clear-cache requests unless it is bound to loopback.

    Streamlit 1.67 has no option for it: any websocket client may send the ``clear_cache``
    message, and AppSession._handle_clear_cache_request then empties st.cache_data and
    st.cache_resource for every session (here: the loaded store, so everyone's next run
    reloads it). This wraps that method, once per process; True when the guard is in place,
    False (logged) when this Streamlit has no such method to guard.
    """
    from streamlit.runtime.app_session import AppSession

    original = getattr(AppSession, "_handle_clear_cache_request", None)
    if original is None:
        _warn_once("this Streamlit has no clear-cache handler to guard")
        return False
    if getattr(original, "newsmap_guard", False):
        return True

    @functools.wraps(original)
    def guarded(session: AppSession) -> None:
        if may_clear_cache(server_address()):
            original(session)
        else:  # once: a visitor sending it in a loop must not flood the log either
            _warn_once("ignored a clear-cache request from a visitor (the server is public)")

    guarded.newsmap_guard = True  # type: ignore[attr-defined]
    AppSession._handle_clear_cache_request = guarded
    return True
