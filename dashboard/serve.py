"""Run the dashboard as a real Streamlit server in a subprocess (browser tests, screenshots).

    with running_app(store_path) as url:
        ...  # url is http://127.0.0.1:<free port>/

The server reads the given store (NEWSMAP_STORE), serves static files, binds to 127.0.0.1 only,
and is stopped (its whole process group) on exit.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from dashboard.__main__ import ROOT, streamlit_command
from dashboard.assets import prepare_static
from newsmap.errors import NewsmapError

# Debian's Chromium, driven by Playwright (its own browser download does not work offline). Without
# the background-networking flags Chromium keeps trying hosts a closed network refuses.
CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL = re.compile(r"^https?://(127\.0\.0\.1|localhost)(:\d+)?/")


class ServerError(NewsmapError, RuntimeError):
    """The app server did not come up; the message carries the end of its log."""


def free_port() -> int:
    """A TCP port that is free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, timeout: float = 30.0, process: subprocess.Popen | None = None) -> None:
    """Poll ``url`` until it answers 200; raise ServerError on timeout or if ``process`` died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise ServerError(f"the server exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:  # noqa: S310 - our own URL
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise ServerError(f"{url} did not answer within {timeout:.0f} s")


@contextlib.contextmanager
def running_app(
    store: Path,
    port: int | None = None,
    timeout: float = 40.0,
    env: dict[str, str] | None = None,
) -> Iterator[str]:
    """Start the app as ``python -m dashboard`` serves it (dashboard/asgi.py: gzip, store
    loaded at start-up) on ``store``; yield its base URL; stop it.

    ``env`` adds environment variables for the app (e.g. NEWSMAP_READONLY).
    """
    prepare_static()
    port = port or free_port()
    env = dict(os.environ, **(env or {}), NEWSMAP_STORE=str(Path(store).resolve()))
    command = streamlit_command(port, ["--server.address=127.0.0.1", "--logger.level=warning"])
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(  # noqa: S603 - our interpreter, our app
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        base = f"http://127.0.0.1:{port}/"
        try:
            try:
                wait_for(base + "_stcore/health", timeout, process)
            except ServerError as exc:
                log.seek(0)
                tail = log.read().decode("utf-8", "replace")[-3000:]
                raise ServerError(f"{exc}; server log:\n{tail}") from exc
            yield base
        finally:
            stop_server(process)


def stop_server(process: subprocess.Popen) -> None:
    """Stop a server started in its own process group: TERM, then KILL after 10 s."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


if __name__ == "__main__":  # pragma: no cover - manual use: python -m dashboard.serve STORE
    with running_app(Path(sys.argv[1])) as url:
        print(url, flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(1)
