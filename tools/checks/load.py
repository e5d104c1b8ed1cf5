"""The load campaign: N concurrent sessions against the served app on loopback.

The server is ``python -m dashboard`` on a free port of 127.0.0.1, on a store of the bundled
samples (ingested into a temporary store first, unless a store is given). Each session is a
websocket client speaking Streamlit's own protocol, as the browser's front end does: it opens
``/_stcore/stream``, sends a ``BackMsg`` asking for a run of the page (its query string: a
share link), and reads ``ForwardMsg``s until ``script_finished``. A session's page time is from
opening the socket (or sending a rerun) to that end: what the server takes to build and send
one page, without a browser's own drawing time. Every session asks for ``rounds`` pages on one
connection, each with another link (filters, layers, a map view), all sessions at once.

It prints the server's resident memory (the whole process tree) before the sessions, at its
peak and after they closed, and the page times (median, p95, max). A page that ends in an
error (an exception element, a failed run) or never ends within the timeout is a failure.
"""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.serve import free_port, stop_server, wait_for

ROOT = Path(__file__).resolve().parents[2]
# The links each session asks for in turn (a share link's query string each).
LINKS = (
    "",
    "countries=SY",
    "layers=markers,heat,countries",
    "lat=35.0&lon=38.0&z=6&kinds=air_strike",
    "q=killed&minc=1",
)
PAGE_TIMEOUT = 120.0  # seconds for one page: a busy server is slow, not broken


@dataclass
class Result:
    """What the sessions saw."""

    pages: list[float] = field(default_factory=list)  # seconds, one per page served
    failures: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Figures:
    """The campaign's figures."""

    sessions: int
    rounds: int
    pages: int
    failures: tuple[str, ...]
    median: float
    p95: float
    worst: float
    rss_before: int  # bytes, the server's process tree
    rss_peak: int
    rss_after: int
    seconds: float

    @property
    def held(self) -> bool:
        return not self.failures and self.pages == self.sessions * self.rounds


def tree_rss(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants, in bytes (Linux /proc)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                todo.extend(int(child) for child in children)
    return total


class PeakRss:
    """Samples a process tree's memory in a thread until stopped; keeps the highest."""

    def __init__(self, pid: int, every: float = 0.2):
        self.pid, self.every, self.peak = pid, every, tree_rss(pid)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(self.every):  # a sampling period, not a wait for anything
            self.peak = max(self.peak, tree_rss(self.pid))

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, tree_rss(self.pid))


@contextlib.contextmanager
def served(store: Path, timeout: float = 120.0) -> Iterator[tuple[str, subprocess.Popen]]:
    """``python -m dashboard --store STORE`` on a free loopback port: its URL and process."""
    port = free_port()
    command = [sys.executable, "-m", "dashboard", "--store", str(store), "--port", str(port)]
    command += ["--server.address=127.0.0.1", "--logger.level=error"]
    process = subprocess.Popen(  # noqa: S603 - our own command
        command,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(base + "_stcore/health", timeout, process)
        yield base, process
    finally:
        stop_server(process)


def _rerun(base: str, query: str) -> bytes:
    from streamlit.proto.BackMsg_pb2 import BackMsg

    message = BackMsg()
    message.rerun_script.query_string = query
    message.rerun_script.context_info.url = base
    message.rerun_script.context_info.timezone = "UTC"
    message.rerun_script.context_info.locale = "en-US"
    return message.SerializeToString()


async def _page(socket, base: str, query: str) -> tuple[float, str | None]:
    """Ask for one page on ``socket``; its time, and what went wrong (None: nothing)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    start = time.monotonic()
    await socket.send(_rerun(base, query))
    while True:
        message = ForwardMsg()
        message.ParseFromString(await socket.recv())
        kind = message.WhichOneof("type")
        if kind == "delta" and message.delta.new_element.WhichOneof("type") == "exception":
            return time.monotonic() - start, f"?{query}: the page raised"
        if kind == "script_finished":
            status = message.script_finished
            ok = status == ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY
            return time.monotonic() - start, None if ok else f"?{query}: run ended ({status})"


async def _session(number: int, base: str, rounds: int, result: Result) -> None:
    import websockets

    stream = base.replace("http://", "ws://", 1) + "_stcore/stream"
    try:
        async with websockets.connect(stream, subprotocols=["streamlit"], max_size=None) as sock:
            for turn in range(rounds):
                query = LINKS[(number + turn) % len(LINKS)]
                seconds, problem = await asyncio.wait_for(_page(sock, base, query), PAGE_TIMEOUT)
                result.pages.append(seconds)
                if problem:
                    result.failures.append(f"session {number}: {problem}")
    except (OSError, TimeoutError) as exc:
        result.failures.append(f"session {number}: {type(exc).__name__}: {exc}")
    except Exception as exc:  # noqa: BLE001 - websockets' own errors: a failed session
        result.failures.append(f"session {number}: {type(exc).__name__}: {exc}")


async def _all(base: str, sessions: int, rounds: int) -> Result:
    result = Result()
    await asyncio.gather(*(_session(n, base, rounds, result) for n in range(sessions)))
    return result


def sample_store(folder: Path) -> Path:
    """A store of the bundled samples in ``folder`` (the CLI ingest, to the end)."""
    from tools.checks.crash import clean_ingest

    store = folder / "samples.sqlite"
    clean_ingest(store)
    return store


def run(sessions: int, rounds: int = 3, store: Path | None = None) -> Figures:
    """Serve the app, warm it with one page, then ``sessions`` at once; the figures."""
    with tempfile.TemporaryDirectory(prefix="newsmap-load-") as tmp:
        store = store or sample_store(Path(tmp))
        with served(store) as (base, process):
            asyncio.run(_all(base, 1, 1))  # the first page loads the store and its caches
            before = tree_rss(process.pid)
            start = time.monotonic()
            with PeakRss(process.pid) as peak:
                result = asyncio.run(_all(base, sessions, rounds))
            elapsed = time.monotonic() - start
            after = tree_rss(process.pid)
    pages = sorted(result.pages) or [0.0]
    p95 = pages[min(len(pages) - 1, max(0, round(0.95 * len(pages)) - 1))]
    return Figures(
        sessions,
        rounds,
        len(result.pages),
        tuple(result.failures),
        statistics.median(pages),
        p95,
        pages[-1],
        before,
        peak.peak,
        after,
        elapsed,
    )


def report(f: Figures) -> str:
    """The figures, one line each, and the verdict."""
    mb = 1_000_000
    lines = [
        f"{f.sessions} concurrent websocket sessions x {f.rounds} pages each: {f.pages} pages "
        f"served in {f.seconds:.1f} s",
        f"page time: median {f.median:.2f} s, p95 {f.p95:.2f} s, max {f.worst:.2f} s",
        f"server RSS: {f.rss_before / mb:.0f} MB before, {f.rss_peak / mb:.0f} MB at peak, "
        f"{f.rss_after / mb:.0f} MB after",
    ]
    lines += [f"  FAIL {failure}" for failure in f.failures[:10]]
    if f.held:
        lines.append(f"all {f.sessions} sessions served every page")
    else:
        lines.append(f"{len(f.failures)} failure(s); {f.pages} of {f.sessions * f.rounds} pages")
    return "\n".join(lines)
