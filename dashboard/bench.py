"""``python -m dashboard.bench [--events N ...]``: how fast the dashboard is at N events.

For each size (default 1,000,000 and 10,000,000) it writes a synthetic but realistic store in
bulk (places from the real gazetteer), brings its columnar mirror up to date (the Parquet
copy of its events that the dashboard queries), then prints one JSON object with:

- ``fill_s`` and ``store_mb``: writing the store, and its size (with its write-ahead log);
- ``sync_s`` and ``mirror_mb``: exporting the events to the mirror, and its size;
- ``cold_start_ms``: a fresh server process, from its start to the first map data (the
  first page's queries: map, counts, funnel, timeline, country totals, table);
- ``query_ms_p50``, ``query_ms_p95``: one filter change (every query of the page), over
  20 changes of date range, countries and kinds;
- ``map_bytes`` and ``map_objects``: the largest map layer sent (GeoJSON), at the world view
  and zoomed in;
- ``rss_mb``: the peak memory of that server process.

Without ``--no-browser`` it also starts the app and measures, in Debian's Chromium
(Playwright; every request beyond 127.0.0.1 blocked):

- ``payload_bytes``: what the browser receives for one page load: HTTP bodies as transferred
  (gzip-compressed where the server compressed them) with their headers, as Chromium counts
  them (``encodedDataLength``), plus websocket frames; ``app_bytes`` the websocket part;
- ``first_ready_ms``: a fresh browser context until the map has drawn and the app is idle;
- ``rerender_ms``: median time from a filter change (a new minimum of casualties, entered)
  until the map has redrawn and the app is idle again, over three changes;
- ``cold_ready_ms``: the very first page, opened as soon as the server answers;
- ``page_rss_mb``: the peak memory of the app's server process after those visits.
"""

from __future__ import annotations

import argparse
import base64
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

from dashboard.serve import CHROMIUM, LAUNCH_ARGS

DEFAULT_SIZES = (1_000_000, 10_000_000)
TIMEOUT_MS = 120_000


class _Meter:
    """Bytes a page receives, from Chromium's DevTools protocol."""

    def __init__(self, page):
        self.http = 0
        self.ws = 0
        session = page.context.new_cdp_session(page)
        session.send("Network.enable")
        session.on("Network.loadingFinished", self._http)
        session.on("Network.webSocketFrameReceived", self._frame)

    def _http(self, event):
        self.http += int(event.get("encodedDataLength", 0))

    def _frame(self, event):
        response = event["response"]
        data = response.get("payloadData", "")
        self.ws += len(base64.b64decode(data)) if response.get("opcode") == 2 else len(data)


def _renders(page) -> int:
    for frame in page.frames:
        if "st_folium" in frame.url:
            try:
                return int(frame.evaluate("window.__newsmap_renders || 0"))
            except Exception:  # noqa: BLE001 - the frame may be reloading
                return 0
    return 0


def _idle(page) -> None:
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=TIMEOUT_MS)


def _wait_drawn(page, after: int) -> None:
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while _renders(page) <= after:
        if time.monotonic() > deadline:
            raise TimeoutError("the map did not redraw")
        page.wait_for_timeout(20)
    _idle(page)


def browser_side(url: str) -> dict[str, float]:
    """Page ready (cold and warm), bytes received, and re-render after filter changes."""
    from playwright.sync_api import sync_playwright

    local = ("http://127.0.0.1", "ws://127.0.0.1")
    out: dict[str, float] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        for label in ("cold_ready_ms", "first_ready_ms"):
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            context.route(
                "**/*", lambda r: r.continue_() if r.request.url.startswith(local) else r.abort()
            )
            page = context.new_page()
            meter = _Meter(page)
            started = time.perf_counter()
            page.goto(url)
            _wait_drawn(page, 0)
            page.wait_for_timeout(300)  # the map reports its view: one more run
            _idle(page)
            out[label] = round((time.perf_counter() - started) * 1000 - 300, 1)
            if label == "first_ready_ms":
                out["payload_bytes"] = meter.http + meter.ws
                out["app_bytes"] = meter.ws
                out["rerender_ms"] = _rerenders(page)
            context.close()
        browser.close()
    return out


def _rerenders(page) -> float:
    """Median time to redraw after three new minimum-casualty values (uncached queries)."""
    box = page.get_by_label("Minimum casualties (killed + injured)")
    times = []
    for value in ("1", "5", "10"):
        page.wait_for_timeout(500)
        _idle(page)
        before = _renders(page)
        box.fill(value)
        started = time.perf_counter()
        box.press("Enter")
        _wait_drawn(page, before)
        times.append(time.perf_counter() - started)
    return round(statistics.median(times) * 1000, 1)


def run(size: int, places, folder: Path, browser: bool = True) -> dict:
    """Fill a store with ``size`` events (or reuse the one ``folder`` holds) and measure it."""
    from dashboard.serve import running_app
    from dashboard.synthetic_bulk import fill_bulk
    from store.mirror import mirror_folder, sync

    store = folder / f"bench-{size}.sqlite"
    result: dict = {"events": size, "fill_s": None}
    if not _filled(store, size):
        for stale in (store, store.with_name(store.name + "-wal")):
            stale.unlink(missing_ok=True)
        started = time.perf_counter()
        fill_bulk(store, size, places)
        result["fill_s"] = round(time.perf_counter() - started, 1)
    result["store_mb"] = round(sum(_size(p) for p in folder.glob(store.name + "*")) / 1e6, 1)
    started = time.perf_counter()
    sync(store)
    result["sync_s"] = round(time.perf_counter() - started, 1)
    mirror = mirror_folder(store)
    result["mirror_mb"] = round(sum(_size(p) for p in mirror.rglob("*.parquet")) / 1e6, 1)
    result.update(_engine_side(store))
    if browser:
        with running_app(store, timeout=120, env={"NEWSMAP_READONLY": "1"}) as url:
            result.update(browser_side(url))
            result["page_rss_mb"] = server_peak_mb(url)
    return result


def server_peak_mb(url: str) -> float | None:
    """The peak resident memory (VmHWM) of the app server listening at ``url`` (Linux)."""
    wanted = f"--server.port={urlparse(url).port}"
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            command = (
                (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            )
            if wanted not in command or "streamlit" not in command:
                continue
            for line in (proc / "status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
        except OSError:  # a process that ended meanwhile
            continue
    return None


def _engine_side(store: Path) -> dict:
    """The server-side figures, from a fresh process (dashboard.bench_engine)."""
    command = [sys.executable, "-m", "dashboard.bench_engine", str(store), repr(time.time())]
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 - our own module
    if done.returncode != 0:
        raise RuntimeError(f"the engine benchmark failed on {store}:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _filled(store: Path, size: int) -> bool:
    """True when ``store`` exists and holds ``size`` events (a store kept by --keep)."""
    if not store.exists():
        return False
    from store.db import Store

    try:
        with Store(store, readonly=True) as opened:
            return opened.event_count() == size
    except Exception:  # noqa: BLE001 - any unreadable file is written again
        return False


def _size(path: Path) -> int:
    return path.stat().st_size if path.is_file() else 0


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and print one JSON object per size."""
    parser = argparse.ArgumentParser(prog="python -m dashboard.bench", description=__doc__)
    parser.add_argument("--events", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--no-browser", action="store_true", help="server-side figures only")
    parser.add_argument(
        "--keep",
        type=Path,
        help="write the stores here and keep them; a store already there is measured again",
    )
    args = parser.parse_args(argv)
    if not args.no_browser and not Path(CHROMIUM).exists():
        print(f"error: no Chromium at {CHROMIUM} (or pass --no-browser)", file=sys.stderr)
        return 2
    with bench_stores(args.keep) as (places, folder):
        for size in args.events:
            print(json.dumps(run(size, places, folder, not args.no_browser)), flush=True)
    return 0


@contextmanager
def bench_stores(keep: Path | None) -> Iterator[tuple[list, Path]]:
    """The gazetteer's towns to fill synthetic stores with, and the folder the stores go in:
    ``keep`` (made if missing, left in place) or a temporary one removed afterwards."""
    from dashboard.synthetic import towns
    from geodata.gazetteer import Gazetteer

    with Gazetteer.open() as gazetteer:
        places = towns(gazetteer.path)
    with tempfile.TemporaryDirectory() as scratch:
        folder = keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        yield places, folder


if __name__ == "__main__":
    sys.exit(main())
