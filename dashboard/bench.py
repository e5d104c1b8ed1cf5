"""``python -m dashboard.bench [--events N ...]``: how fast the dashboard is at N events.

For each size (default 1,000, 10,000 and 100,000) it fills a temporary store with synthetic but
realistic events (places from the real gazetteer), then prints one JSON
object with:

- ``load_ms``: reading the store's events and preparing them for the filters, as a server
  start does (in the background, as soon as the server is up);
- ``query_ms``: one filter change server-side (filters, funnel, places, totals), uncached;
- ``map_build_ms``: building the map and its layers as st_folium sends them;
- ``payload_bytes``: what the browser receives for one page load: HTTP bodies as transferred
  (gzip-compressed where the server compressed them) with their headers, as Chromium counts
  them (``encodedDataLength``), plus websocket frames; ``app_bytes`` the websocket part (the
  app's own data);
- ``first_ready_ms``: a fresh browser context until the map has drawn and the app is idle;
- ``rerender_ms``: median time from a filter change (a new minimum of casualties, entered)
  until the map has redrawn and the app is idle again, over three changes;
- ``cold_ready_ms``: the very first page, opened as soon as the server answers (while it is
  still loading the store).

The browser is Debian's Chromium (Playwright); every request beyond 127.0.0.1 is blocked.
"""

from __future__ import annotations

import argparse
import base64
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from dashboard import aggregate, filters, layers, maps
from dashboard.serve import CHROMIUM, LAUNCH_ARGS

DEFAULT_SIZES = (1_000, 10_000, 100_000)
TIMEOUT_MS = 120_000


def server_side(frame) -> dict[str, float]:
    """query_ms and map_build_ms on a prepared frame (medians of three)."""
    from streamlit_folium import _get_feature_group_string, generate_leaflet_string

    codes = frame["country_code"].value_counts().index[:3].tolist()
    chosen = filters.Filters(countries=tuple(codes), roles=("event",))
    query, build = [], []
    for n in range(3):
        picked = filters.Filters(**{**chosen.__dict__, "min_casualties": n})
        started = time.perf_counter()
        rows = filters.apply(frame, picked)
        filters.funnel(frame, picked)
        places = aggregate.places(rows)
        totals = aggregate.country_totals(rows)
        query.append(time.perf_counter() - started)
        started = time.perf_counter()
        lat, lon, zoom = maps.initial_view(rows)
        data = layers.LayerData(rows, places, totals, zoom, aggregate.view_box(lat, lon, zoom))
        base = maps.base_map(lat, lon, zoom)
        base.get_root().render()
        generate_leaflet_string(base)
        for i, group in enumerate(layers.overlay_groups(data, ("markers",))):
            _get_feature_group_string(group, base, i)
        build.append(time.perf_counter() - started)
    return {
        "query_ms": round(statistics.median(query) * 1000, 1),
        "map_build_ms": round(statistics.median(build) * 1000, 1),
    }


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
    """Fill a store with ``size`` events and measure it."""
    from dashboard.serve import running_app
    from dashboard.synthetic import fill
    from pipeline.linking import frame_link_ids
    from store.db import Store

    store = folder / f"bench-{size}.sqlite"
    started = time.perf_counter()
    fill(store, size, places)
    fill_s = time.perf_counter() - started
    started = time.perf_counter()
    with Store(store, readonly=True, linker=frame_link_ids) as opened:
        frame = filters.prepare(opened.events_frame())
    load_ms = round((time.perf_counter() - started) * 1000, 1)
    result: dict = {"events": int(len(frame)), "load_ms": load_ms}
    result.update(server_side(frame))
    if browser:
        with running_app(store, timeout=120, env={"NEWSMAP_READONLY": "1"}) as url:
            result.update(browser_side(url))
    result["fill_s"] = round(fill_s, 1)
    result["places"] = int(frame[["lat", "lon"]].drop_duplicates().shape[0])
    return result


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and print one JSON object per size."""
    parser = argparse.ArgumentParser(prog="python -m dashboard.bench", description=__doc__)
    parser.add_argument("--events", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--no-browser", action="store_true", help="server-side figures only")
    parser.add_argument("--keep", type=Path, help="write the stores here and keep them")
    args = parser.parse_args(argv)
    if not args.no_browser and not Path(CHROMIUM).exists():
        print(f"error: no Chromium at {CHROMIUM} (or pass --no-browser)", file=sys.stderr)
        return 2
    from dashboard.synthetic import towns
    from geodata.gazetteer import Gazetteer

    with Gazetteer.open() as gazetteer:
        places = towns(gazetteer.path)
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for size in args.events:
            print(json.dumps(run(size, places, folder, not args.no_browser)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
