"""``python -m dashboard``: prepare the offline map assets, then serve the Streamlit app.

    python -m dashboard [--store PATH] [--port N] [extra streamlit flags...]

``--store`` sets NEWSMAP_STORE for the app; any other flags go to ``streamlit run`` as they are.
It listens on 127.0.0.1 (this machine only) unless given another address
(``--server.address 0.0.0.0`` or $STREAMLIT_SERVER_ADDRESS); on any other address the page's
ingest is off unless the operator turns it on with a token (see dashboard.access). It runs
dashboard/asgi.py, the app behind a gzip layer, so a first visit downloads Streamlit's front
end compressed.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from pathlib import Path

from dashboard.assets import AssetError, prepare_static

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "dashboard" / "app.py"
SERVER = ROOT / "dashboard" / "asgi.py"  # APP wrapped in gzip (st.App), for `streamlit run`
# Also in .streamlit/config.toml; repeated so the app works when started from elsewhere.
STREAMLIT_FLAGS = (
    "--server.enableStaticServing=true",
    "--server.headless=true",
    "--browser.gatherUsageStats=false",
    "--client.showErrorDetails=none",  # a visitor never sees a traceback (it goes to the log)
)
LOOPBACK = "127.0.0.1"  # the default address: safe until the operator chooses to share
ADDRESS_FLAG = "--server.address"
ENV_ADDRESS = "STREAMLIT_SERVER_ADDRESS"


def streamlit_command(port: int | None = None, extra: list[str] | None = None) -> list[str]:
    """The ``streamlit run`` command line for the app (served compressed, see dashboard.asgi)."""
    command = [sys.executable, "-m", "streamlit", "run", str(SERVER), *STREAMLIT_FLAGS]
    if port is not None:
        command.append(f"--server.port={port}")
    return command + list(extra or ())


def bind_flags(extra: list[str], environ: dict[str, str] | None = None) -> list[str]:
    """``extra`` with ``--server.address=127.0.0.1`` added when it names no address and
    $STREAMLIT_SERVER_ADDRESS is unset (Streamlit alone would listen on every interface)."""
    environ = os.environ if environ is None else environ
    named = any(flag == ADDRESS_FLAG or flag.startswith(ADDRESS_FLAG + "=") for flag in extra)
    if named or environ.get(ENV_ADDRESS, "").strip():
        return list(extra)
    return [*extra, f"{ADDRESS_FLAG}={LOOPBACK}"]


def main(argv: list[str] | None = None) -> int:
    """Prepare assets and run the app until it exits; returns its exit status."""
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, help="the store file to show (env NEWSMAP_STORE)")
    parser.add_argument("--port", type=int, help="the port to serve on (default 8501)")
    args, extra = parser.parse_known_args(argv)
    try:
        written = prepare_static()
    except AssetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if written:
        print(f"Prepared {len(written)} map asset files in dashboard/static/vendor/")
    env = dict(os.environ)
    if args.store is not None:
        env["NEWSMAP_STORE"] = str(args.store.expanduser().resolve())
    # Our own interpreter and app path; extra flags are the user's own command line.
    command = streamlit_command(args.port, bind_flags(extra, env))
    process = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603
    # Pass a SIGTERM on (Ctrl-C already reaches the whole process group).
    signal.signal(signal.SIGTERM, lambda signum, _frame: process.send_signal(signum))
    while True:
        try:
            return exit_status(process.wait())
        except KeyboardInterrupt:
            continue  # streamlit got the same SIGINT and is shutting down: wait for it


def exit_status(returncode: int) -> int:
    """The shell's exit status for a child's return code: 128 + N when signal N ended it.

    The server (uvicorn) stops cleanly on SIGTERM or SIGINT and then re-raises the signal, so
    its return code is negative; passed to sys.exit as is, -15 would read as status 241.
    """
    return 128 - returncode if returncode < 0 else returncode


if __name__ == "__main__":
    sys.exit(main())
