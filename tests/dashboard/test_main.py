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

from dashboard.__main__ import APP, SERVER, STREAMLIT_FLAGS, exit_status, streamlit_command
from dashboard.serve import free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]


def test_streamlit_command_runs_the_app_with_static_serving_and_no_telemetry():
    command = streamlit_command(8600, ["--server.address=0.0.0.0"])
    assert command[:5] == [sys.executable, "-m", "streamlit", "run", str(SERVER)]
    assert "--server.enableStaticServing=true" in command
    assert "--browser.gatherUsageStats=false" in command
    assert command[-2:] == ["--server.port=8600", "--server.address=0.0.0.0"]
    assert set(STREAMLIT_FLAGS) <= set(command)


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


def test_python_m_dashboard_serves_the_app_and_its_leaflet(store_file, tmp_path):
    port = free_port()
    env = dict(os.environ)
    env.pop("NEWSMAP_STORE", None)
    process = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "dashboard",
            "--store",
            str(store_file),
            "--port",
            str(port),
            "--server.address=127.0.0.1",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/_stcore/health", timeout=40, process=process)
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
