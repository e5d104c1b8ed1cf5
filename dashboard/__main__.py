"""Serve the dashboard: the map of the store's events, in a browser on this machine.

    python -m dashboard [--store FILE] [--port N] [Streamlit options...]

``--store`` sets NEWSMAP_STORE for the app; any other option goes to ``streamlit run`` as it
is. It listens on 127.0.0.1 (this machine only) unless given another address
(``--server.address 0.0.0.0`` or $STREAMLIT_SERVER_ADDRESS); on any other address the page's
ingest is off unless the operator turns it on with a token (see dashboard.access). It runs
dashboard/asgi.py, the app behind a gzip layer, so a first visit downloads Streamlit's front
end compressed. ``newsmap serve`` (newsmap.cli) is the same command.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from pathlib import Path

from dashboard.assets import VENDOR_DIR, AssetError, prepare_static
from newsmap.paths import ENV_STORE, source_checkout, store_file

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "dashboard" / "app.py"
SERVER = ROOT / "dashboard" / "asgi.py"  # APP wrapped in gzip (st.App), for `streamlit run`
# Also in .streamlit/config.toml (read by `streamlit run` from the project folder, and by
# Streamlit Community Cloud); repeated so the app is the same when started from elsewhere or
# installed. Options given to `python -m dashboard` come after these and win.
STREAMLIT_FLAGS = (
    "--server.enableStaticServing=true",
    "--server.headless=true",
    "--server.maxUploadSize=10",
    "--server.enableXsrfProtection=true",
    "--browser.gatherUsageStats=false",
    "--client.showErrorDetails=none",  # a visitor never sees a traceback (it goes to the log)
    "--client.toolbarMode=minimal",
    "--runner.fastReruns=true",
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


DESCRIPTION = (
    "Serve the newsmap dashboard, the map of the store's events, at http://localhost:8501 "
    "(this machine only, unless given another address)."
)
EPILOG = (
    "Any other option goes to Streamlit as it is, e.g. --server.address 0.0.0.0 to share the "
    "dashboard on your network. Shared beyond this machine, its 'Add articles' tab is off "
    "unless NEWSMAP_PAGE_INGEST=1 and a secret NEWSMAP_INGEST_TOKEN are set; "
    "NEWSMAP_READONLY=1 keeps it from ever writing to the store."
)


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``python -m dashboard`` and ``newsmap serve``."""
    parser.add_argument(
        "--store",
        type=Path,
        metavar="FILE",
        help=f"the store file to show (default: {store_file()}; set {ENV_STORE} to change it)",
    )
    parser.add_argument("--port", type=int, metavar="N", help="the port (default 8501)")


def main(argv: list[str] | None = None, prog: str = "python -m dashboard") -> int:
    """Prepare assets and run the app until it exits; returns its exit status."""
    parser = argparse.ArgumentParser(prog=prog, description=DESCRIPTION, epilog=EPILOG)
    add_serve_arguments(parser)
    args, extra = parser.parse_known_args(argv)
    return serve(args.store, args.port, extra)


def serve(store: Path | None, port: int | None, extra: list[str]) -> int:
    """Prepare the map's assets, then run the app on ``store`` (default: NEWSMAP_STORE, else
    the default store) until it exits; ``extra`` are Streamlit options. Its exit status."""
    try:
        written = prepare_static()
    except AssetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # an installed copy in a folder this user may not write
        print(
            f"error: cannot write the map's script files into {VENDOR_DIR} ({exc.strerror}): "
            "start the dashboard once as the user who installed newsmap, or install newsmap "
            "in a virtual environment of your own",
            file=sys.stderr,
        )
        return 2
    if written:
        print(f"Prepared {len(written)} map asset files in {VENDOR_DIR}")
    env = dict(os.environ)
    # The app runs in another folder: a store path relative to here must not change meaning.
    env[ENV_STORE] = str((store or store_file()).expanduser().resolve())
    # Our own interpreter and app path; extra flags are the user's own command line.
    command = streamlit_command(port, bind_flags(extra, env))
    # From a checkout, run in the project folder (its .streamlit/config.toml); installed, in
    # the user's own folder, where Streamlit looks for the operator's .streamlit/ settings.
    folder = ROOT if source_checkout() else Path.cwd()
    process = subprocess.Popen(command, cwd=folder, env=env)  # noqa: S603
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
