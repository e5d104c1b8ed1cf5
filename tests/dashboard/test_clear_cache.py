"""Streamlit lets any websocket client send "clear_cache", which empties the caches every
session shares (the loaded store): dashboard.access guards it, so on a public server a
visitor's request is ignored, while on a loopback server (the operator's own) it still works."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.runtime.app_session import AppSession, AppSessionState
from streamlit.runtime.state import SessionState

from dashboard import access

loads = []


@st.cache_resource
def _shared_frame() -> list[int]:
    """Stands for the store's events frame: counts how often it is loaded."""
    loads.append(1)
    return [len(loads)]


@pytest.fixture
def session():
    """A real AppSession's message handling (its other parts are not needed for this)."""
    assert access.install_clear_cache_guard()
    opened = object.__new__(AppSession)
    opened._session_state = SessionState()
    opened._state = AppSessionState.SHUTDOWN_REQUESTED  # nothing to shut down when collected
    _shared_frame.clear()
    loads.clear()
    yield opened
    _shared_frame.clear()


def _visitor_clears_the_cache(session: AppSession) -> None:
    message = BackMsg()
    message.clear_cache = True
    session.handle_backmsg(message)  # as the websocket handler passes it on


def test_a_visitor_cannot_clear_the_shared_caches_of_a_public_server(session, public):
    _shared_frame()
    _visitor_clears_the_cache(session)
    _shared_frame()
    assert len(loads) == 1  # still cached: nobody's next run reloads the store


def test_the_operator_can_still_clear_the_caches_of_a_loopback_server(session, loopback):
    _shared_frame()
    _visitor_clears_the_cache(session)
    _shared_frame()
    assert len(loads) == 2  # the message reached Streamlit's handler, which cleared it


def test_the_guard_is_installed_once_however_often_the_app_runs():
    assert access.install_clear_cache_guard() and access.install_clear_cache_guard()
    handler = AppSession._handle_clear_cache_request
    assert handler.newsmap_guard and not getattr(handler.__wrapped__, "newsmap_guard", False)
