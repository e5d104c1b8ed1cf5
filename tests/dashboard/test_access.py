"""Safe by default: who may ingest from the page (and clear the shared caches), decided from
the bound address and the operator's settings; the page asks a public visitor for the token."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import access

from .conftest import open_tab

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
ROOT = Path(__file__).resolve().parents[2]
TOKEN = "a-long-operator-secret-0123456789"  # noqa: S105 - a test token
PUBLIC_ON = {"NEWSMAP_PAGE_INGEST": "1", "NEWSMAP_INGEST_TOKEN": TOKEN}


# -- the decision ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("0.0.0.0", False),  # noqa: S104 - an address under test
        ("::", False),
        ("192.168.1.20", False),
        ("example.org", False),
        ("", False),
        (None, False),  # Streamlit listens on every interface
    ],
)
def test_only_loopback_addresses_count_as_this_machine_only(address, loopback):
    assert access.is_loopback(address) is loopback


def test_a_loopback_server_offers_ingest_by_default_without_a_token():
    assert access.ingest_access("127.0.0.1", {}) == access.IngestAccess(True, None)


@pytest.mark.parametrize(
    "environ",
    [
        {},
        {"NEWSMAP_PAGE_INGEST": "1"},  # no token
        {"NEWSMAP_INGEST_TOKEN": TOKEN},  # not turned on
        {"NEWSMAP_PAGE_INGEST": "1", "NEWSMAP_INGEST_TOKEN": "short"},
        {"NEWSMAP_PAGE_INGEST": "yes please", "NEWSMAP_INGEST_TOKEN": TOKEN},  # unreadable
        {**PUBLIC_ON, "NEWSMAP_READONLY": "1"},
    ],
)
@pytest.mark.parametrize("address", ["0.0.0.0", None, "10.0.0.5"])  # noqa: S104
def test_a_public_server_offers_ingest_only_when_turned_on_with_a_token(environ, address):
    decision = access.ingest_access(address, environ)
    assert not decision.offered and decision.reason


def test_a_public_server_turned_on_with_a_token_asks_for_it():
    assert access.ingest_access("0.0.0.0", PUBLIC_ON) == access.IngestAccess(True, TOKEN)  # noqa: S104


def test_the_container_setting_makes_even_a_loopback_address_public():
    hosted = {"NEWSMAP_HOSTED": "1"}
    assert access.is_public("127.0.0.1", hosted)
    assert not access.ingest_access("127.0.0.1", hosted).offered
    assert access.ingest_access("127.0.0.1", hosted | PUBLIC_ON).token == TOKEN


@pytest.mark.parametrize(
    "headers",
    [{"X-Forwarded-For": "203.0.113.7"}, {"forwarded": "for=203.0.113.7"}, {"X-Real-IP": "x"}],
)
def test_a_loopback_server_behind_a_reverse_proxy_counts_as_public(headers):
    assert access.forwarded(headers)
    assert not access.ingest_access("127.0.0.1", {}, proxied=access.forwarded(headers)).offered
    assert not access.forwarded({"Host": "127.0.0.1:8501", "User-Agent": "x"})


def test_the_operator_can_turn_ingest_off_locally_or_ask_a_token_there_too():
    assert not access.ingest_access("127.0.0.1", {"NEWSMAP_PAGE_INGEST": "0"}).offered
    assert not access.ingest_access("127.0.0.1", {"NEWSMAP_READONLY": "1"}).offered
    local = access.ingest_access("127.0.0.1", {"NEWSMAP_INGEST_TOKEN": TOKEN})
    assert local.offered and local.token == TOKEN


def test_a_short_token_turns_ingest_off_and_says_how_to_make_a_long_one():
    decision = access.ingest_access("127.0.0.1", {"NEWSMAP_INGEST_TOKEN": "hunter2"})
    assert not decision.offered
    assert "16 characters" in decision.reason and "secrets.token_urlsafe" in decision.reason


def test_the_token_is_compared_in_constant_time(monkeypatch):
    seen = []
    real = access.hmac.compare_digest

    def spy(a, b):
        seen.append((a, b))
        return real(a, b)

    monkeypatch.setattr(access.hmac, "compare_digest", spy)
    assert access.token_matches(f" {TOKEN}\n", TOKEN)  # pasted with spaces around
    assert not access.token_matches(TOKEN[:-1], TOKEN)
    assert not access.token_matches("", TOKEN)
    assert seen[0] == (TOKEN.encode(), TOKEN.encode()) and len(seen) == 3


def test_the_container_is_public_and_leaves_page_ingest_off():
    lines = (ROOT / "Dockerfile").read_text("utf-8").splitlines()
    build = "\n".join(line for line in lines if not line.lstrip().startswith("#"))
    assert "NEWSMAP_HOSTED=1" in build
    assert "NEWSMAP_PAGE_INGEST" not in build and "NEWSMAP_INGEST_TOKEN" not in build


# -- the page ----------------------------------------------------------------------------------


@pytest.fixture
def page(store_file, gazetteer_file, monkeypatch):
    monkeypatch.setenv("NEWSMAP_STORE", str(store_file))
    monkeypatch.setenv("NEWSMAP_GAZETTEER", str(gazetteer_file))
    monkeypatch.delenv("NEWSMAP_READONLY", raising=False)
    return AppTest.from_file(APP, default_timeout=60)


def _tabs(at) -> list[str]:
    return [t.label for t in at.tabs]


def test_a_public_server_offers_no_uploads_or_fetches_by_default(page, public):
    at = page.run()
    assert not at.exception
    assert "Add articles" not in _tabs(at)
    assert not at.get("file_uploader") and "i_url" not in at.session_state


def test_a_container_offers_no_ingest_even_on_loopback(page, loopback, monkeypatch):
    monkeypatch.setenv("NEWSMAP_HOSTED", "1")
    assert "Add articles" not in _tabs(page.run())


def test_a_public_server_asks_for_the_token_before_any_upload_or_fetch(page, public, monkeypatch):
    for name, value in PUBLIC_ON.items():
        monkeypatch.setenv(name, value)
    at = page.run()
    assert "Add articles" in _tabs(at)
    at = open_tab(at, "Add articles")
    assert not at.get("file_uploader") and "i_url" not in at.session_state
    field = at.text_input(key="i_token")
    assert field.proto.type == field.proto.PASSWORD

    field.input("not-the-token-at-all-0000")
    at.button(key="i_token_go").click().run()
    assert any("not the one" in e.value for e in at.error)
    assert not at.get("file_uploader") and "i_url" not in at.session_state

    at.text_input(key="i_token").input(TOKEN)
    at.button(key="i_token_go").click().run()
    assert not at.exception and not at.error
    assert at.get("file_uploader") and at.text_input(key="i_url")
    assert at.session_state["i_token"] == ""  # the secret does not stay in the session
    assert TOKEN not in repr(at.query_params)


def test_a_loopback_server_offers_ingest_without_asking(page, loopback):
    at = page.run()
    assert "Add articles" in _tabs(at)
    at = open_tab(at, "Add articles")
    assert at.get("file_uploader") and "i_token" not in at.session_state
