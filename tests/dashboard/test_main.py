"""``python -m dashboard``: prepares the assets, serves the app with static files compressed,
stops cleanly."""

from __future__ import annotations

import gzip
import os
import re
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from dashboard.__main__ import (
    APP,
    SERVER,
    STREAMLIT_FLAGS,
    bind_flags,
    exit_status,
    streamlit_command,
)
from dashboard.serve import free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]


def test_streamlit_command_runs_the_app_with_static_serving_and_no_telemetry():
    command = streamlit_command(8600, ["--server.address=0.0.0.0"])
    assert command[:5] == [sys.executable, "-m", "streamlit", "run", str(SERVER)]
    assert "--server.enableStaticServing=true" in command
    assert "--browser.gatherUsageStats=false" in command
    assert command[-2:] == ["--server.port=8600", "--server.address=0.0.0.0"]
    assert set(STREAMLIT_FLAGS) <= set(command)


@pytest.mark.parametrize(
    ("extra", "environ", "expected"),
    [
        ([], {}, ["--server.address=127.0.0.1"]),
        (["--logger.level=warning"], {}, ["--logger.level=warning", "--server.address=127.0.0.1"]),
        (["--server.address=0.0.0.0"], {}, ["--server.address=0.0.0.0"]),
        (["--server.address", "192.168.1.5"], {}, ["--server.address", "192.168.1.5"]),
        ([], {"STREAMLIT_SERVER_ADDRESS": "0.0.0.0"}, []),
    ],
)
def test_python_m_dashboard_binds_loopback_unless_given_an_address(extra, environ, expected):
    assert bind_flags(extra, environ) == expected


def test_visitors_are_never_shown_a_traceback_whatever_starts_the_app():
    from streamlit.config import ShowErrorDetailsConfigOptions

    assert "--client.showErrorDetails=none" in STREAMLIT_FLAGS
    config = (ROOT / ".streamlit" / "config.toml").read_text("utf-8")
    assert 'showErrorDetails = "none"' in config
    assert ShowErrorDetailsConfigOptions("none")  # a value Streamlit accepts


def _listening(port: int) -> set[str]:
    """The local addresses with a TCP socket listening on ``port`` (Linux /proc/net/tcp*)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as rows:
            for row in list(rows)[1:]:
                local, state = row.split()[1], row.split()[3]
                address, hex_port = local.split(":")
                if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                    found.add(address)
    return found


def test_the_server_module_wraps_the_app_in_gzip_as_streamlit_run_discovers_it():
    from streamlit.web.server.app_discovery import discover_asgi_app

    found = discover_asgi_app(SERVER)  # reads the file without importing it
    assert found.is_asgi_app and found.app_name == "app"
    source = SERVER.read_text("utf-8")
    assert "GZipMiddleware" in source and APP.name in source


def _get(url: str, encoding: str = "gzip"):
    """(headers, body) of a GET that accepts ``encoding``; headers read case-insensitively."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
    with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310 - our own server
        assert answer.status == 200
        return answer.headers, answer.read()


def test_a_server_ended_by_a_signal_exits_with_128_plus_the_signal():
    assert exit_status(-signal.SIGTERM) == 143
    assert exit_status(0) == 0 and exit_status(2) == 2


def test_config_file_matches_the_flags():
    config = (ROOT / ".streamlit" / "config.toml").read_text("utf-8")
    assert "enableStaticServing = true" in config
    assert "gatherUsageStats = false" in config


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="needs Linux's /proc/net/tcp")
def test_python_m_dashboard_serves_the_app_and_its_leaflet_on_loopback_only(store_file):
    port = free_port()
    env = dict(os.environ)
    env.pop("NEWSMAP_STORE", None)
    env.pop("STREAMLIT_SERVER_ADDRESS", None)
    process = subprocess.Popen(  # noqa: S603 - no address given: the default is under test
        [sys.executable, "-m", "dashboard", "--store", str(store_file), "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/_stcore/health", timeout=40, process=process)
        assert _listening(port) == {"0100007F"}  # 127.0.0.1 only, no other interface
        with urllib.request.urlopen(f"{base}/app/static/vendor/leaflet/leaflet.js") as answer:  # noqa: S310
            assert answer.status == 200
            assert "javascript" in answer.headers["Content-Type"]
            assert b"Leaflet" in answer.read(4000)
        # Streamlit's own front end comes gzip-compressed to a browser that accepts it, and
        # plain to one that does not.
        headers, page = _get(f"{base}/")
        assert headers.get("Content-Encoding") == "gzip"
        script = re.search(rb'src="\.?/?(static/js/index\.[^"]+\.js)"', gzip.decompress(page))
        assert script, "no front-end script in the page"
        url = f"{base}/{script.group(1).decode()}"
        headers, packed = _get(url)
        plain_headers, plain = _get(url, "identity")
        assert headers.get("Content-Encoding") == "gzip" and "Content-Encoding" not in plain_headers
        assert gzip.decompress(packed) == plain and len(packed) < len(plain) / 2
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) in (0, 128 + signal.SIGTERM)
        with pytest.raises(OSError):  # the streamlit child went down with it
            urllib.request.urlopen(f"{base}/_stcore/health", timeout=2)  # noqa: S310
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
