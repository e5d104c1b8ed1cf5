"""``python -m dashboard``: prepares the assets, serves the app with static files, stops cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from dashboard.__main__ import APP, STREAMLIT_FLAGS, streamlit_command
from dashboard.serve import free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]


def test_streamlit_command_runs_the_app_with_static_serving_and_no_telemetry():
    command = streamlit_command(8600, ["--server.address=0.0.0.0"])
    assert command[:5] == [sys.executable, "-m", "streamlit", "run", str(APP)]
    assert "--server.enableStaticServing=true" in command
    assert "--browser.gatherUsageStats=false" in command
    assert command[-2:] == ["--server.port=8600", "--server.address=0.0.0.0"]
    assert set(STREAMLIT_FLAGS) <= set(command)


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
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) in (0, -signal.SIGTERM)
        with pytest.raises(OSError):  # the streamlit child went down with it
            urllib.request.urlopen(f"{base}/_stcore/health", timeout=2)  # noqa: S310
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
