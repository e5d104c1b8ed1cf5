"""Save a screenshot of the dashboard's map (docs/screenshot.png) with Playwright and Chromium.

    python scripts/screenshot.py [--store PATH] [--query "?z=3&lat=30&lon=20"] [--out FILE]

Without --store a new temporary store is used, so the app's first start ingests the bundled
samples (as a fresh install would). The browser may reach only 127.0.0.1: the shot shows the
offline map (country outlines, no tiles).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a file: make the project's packages importable
    sys.path.insert(0, str(ROOT))

from dashboard.serve import running_app  # noqa: E402

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


def capture(url: str, out: Path, width: int, height: int, timeout: float, popup: bool) -> None:
    """Open ``url``, wait for markers and outlines, optionally open a popup, save a PNG."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        context = browser.new_context(viewport={"width": width, "height": height})
        context.route("**/*", lambda r: r.continue_() if LOCAL.match(r.request.url) else r.abort())
        page = context.new_page()
        page.goto(url)
        frame = _map_frame(page, timeout)
        frame.wait_for_function(
            "document.querySelectorAll('.leaflet-overlay-pane path').length > 100",
            timeout=timeout * 1000,
        )
        if popup:
            _open_central_popup(page, frame)
        page.wait_for_timeout(1000)  # let cluster animations finish
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out))
        browser.close()


def _open_central_popup(page, frame) -> None:
    """Click the uncovered single marker nearest the map's centre (clusters sit above them)."""
    found = frame.evaluate(
        """() => {
            const box = document.querySelector('.leaflet-container').getBoundingClientRect();
            const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
            let best = null;
            for (const path of document.querySelectorAll('path.leaflet-interactive')) {
                const r = path.getBoundingClientRect();
                const x = r.x + r.width / 2, y = r.y + r.height / 2;
                if (r.width === 0 || document.elementFromPoint(x, y) !== path) continue;
                const d = (x - cx) ** 2 + (y - cy) ** 2;
                if (best === null || d < best[0]) best = [d, x, y];
            }
            return best;
        }"""
    )
    if not found:
        print("note: no uncovered single marker in view; no popup opened", file=sys.stderr)
        return
    offset = frame.frame_element().bounding_box()
    page.mouse.click(offset["x"] + found[1], offset["y"] + found[2])
    frame.locator(".leaflet-popup-content").wait_for(timeout=5000)


def _map_frame(page, timeout: float):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in page.frames:
            if (
                "st_folium" in frame.url
                and frame.locator("path.leaflet-interactive, .marker-cluster").count()
            ):
                return frame
        page.wait_for_timeout(250)
    raise SystemExit(f"error: the map showed no markers within {timeout:.0f} s")


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run the app on the store, and save the screenshot."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, help="store file (default: a fresh temporary one)")
    parser.add_argument("--query", default="", help="link parameters, e.g. '?z=3&lat=30&lon=20'")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot.png")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds to wait for markers")
    parser.add_argument("--popup", action="store_true", help="open one marker's popup first")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"error: no Chromium at {CHROMIUM}: apt-get install chromium", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        store = args.store or Path(scratch) / "newsmap.sqlite"
        with running_app(store) as base:
            query = args.query if not args.query or args.query.startswith("?") else "?" + args.query
            capture(base + query, args.out, args.width, args.height, args.timeout, args.popup)
    print(f"saved {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
