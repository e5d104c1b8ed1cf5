"""Save README screenshots of the dashboard's main views (docs/*.png) with Playwright and Chromium.

    python scripts/screenshot.py [--store PATH] [--out DIR] [--only NAME ...]

Views: ``map`` (markers, legend, the live feed and a clicked place's side panel; also saved
as ``screenshot.png``, the README's picture), ``layers`` (heat map over
the country choropleth), ``animation`` (events appearing day by day), ``dark`` (the dark base
style, tiles blocked here, borders drawn), ``timeline`` (the timeline under the map),
``filters`` (a filtered view with the sidebar's counts), ``feed`` (a card of the feed picked:
the map flown there, the place's panel open), ``replay`` (the time slider on a week), and
on a phone's screen (390 x 844) ``phone`` (the map) and ``phone-feed`` (the feed under it).

Without --store a new temporary store is used, so the app's first start ingests the bundled
samples (as a fresh install would). The browser may reach only 127.0.0.1: the shots show the
offline map (country outlines, no tiles).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a file: make the project's packages importable
    sys.path.insert(0, str(ROOT))

from dashboard.serve import CHROMIUM, LAUNCH_ARGS, LOCAL, running_app  # noqa: E402


@dataclass(frozen=True)
class View:
    """One screenshot: link parameters, what to do once the map is drawn, page or viewport."""

    name: str
    query: str
    click_place: bool = False
    tab: str | None = None
    full_page: bool = False
    play: bool = False
    pick_card: bool = False  # click the feed's first card
    replay_steps: int = 0  # press the time slider's "next" this many times
    phone: bool = False  # a phone's screen, not --width x --height
    scroll_to: str | None = None  # scroll this element of the page into view


README_VIEW = "map"  # also saved as docs/screenshot.png, the README's picture
VIEWS = (
    View("map", "?lat=35.5&lon=40.5&z=6", click_place=True),
    View("layers", "?lat=30&lon=30&z=3&layers=heat,countries"),
    View("animation", "?lat=34&lon=40&z=5&layers=animation"),
    View("dark", "?lat=35.5&lon=40.5&z=5&base=dark"),
    View("timeline", "?lat=35.5&lon=40.5&z=5", tab="Timeline"),
    View("filters", "?lat=35.5&lon=40.5&z=6&roles=event&undated=0"),
    View("feed", "?lat=20&lon=20&z=3", pick_card=True),
    View("replay", "?lat=34&lon=40&z=5&step=week&from=2016-07-03&to=2016-07-09", replay_steps=1),
    View("phone", "", phone=True),
    View("phone-feed", "", phone=True, scroll_to=".st-key-newsmap_feed"),
)
PHONE = (390, 844)
FEED_CARDS = ".st-key-newsmap_feed li.card"


def capture(base: str, views, out: Path, width: int, height: int, timeout: float) -> None:
    """Open each view in a fresh browser context and save docs/<name>.png."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        _warm_up(browser, base, timeout)
        for view in views:
            w, h = PHONE if view.phone else (width, height)
            context = browser.new_context(viewport={"width": w, "height": h})
            context.route(
                "**/*", lambda r: r.continue_() if LOCAL.match(r.request.url) else r.abort()
            )
            page = context.new_page()
            page.goto(base + view.query)
            frame = _map_frame(page, timeout)
            frame.wait_for_function(
                "document.querySelectorAll('.leaflet-newsmapBase-pane path').length > 100",
                timeout=timeout * 1000,
            )
            _settle(page)
            if view.click_place:
                _click_biggest_place(page, frame)
            if view.play:
                frame.locator(".newsmap-player button").click()
                page.wait_for_timeout(2500)
                frame.locator(".newsmap-player button").click()
            if view.pick_card:
                page.locator(FEED_CARDS).first.click()
                page.locator('.st-key-newsmap_panel [data-testid="stHtml"]').wait_for()
                page.wait_for_timeout(1500)  # the flight
                _settle(page)
            for _ in range(view.replay_steps):
                page.get_by_role("button", name="▶", exact=True).click()
                _settle(page)
                page.mouse.move(0, 0)  # no tooltip in the picture
            if view.scroll_to:
                page.locator(view.scroll_to).scroll_into_view_if_needed()
            if view.tab:
                tab = page.get_by_role("tab", name=view.tab)
                tab.click()
                tab.evaluate("t => t.scrollIntoView({block: 'start'})")
            page.wait_for_timeout(1200)  # let animations finish
            target = out / f"{view.name}.png"
            page.screenshot(path=str(target), full_page=view.full_page)
            print(f"saved {target}")
            if view.name == README_VIEW:  # the README's picture is the map view
                shutil.copyfile(target, out / "screenshot.png")
                print(f"saved {out / 'screenshot.png'}")
            context.close()
        browser.close()


def _warm_up(browser, base: str, timeout: float) -> None:
    """One visit first: a new store ingests the samples on it (the map remounts after)."""
    page = browser.new_page()
    page.goto(base)
    page.get_by_text("in the store").wait_for(timeout=timeout * 1000)
    _map_frame(page, timeout)
    _settle(page)
    page.close()


def _settle(page) -> None:
    page.wait_for_timeout(700)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=60_000)


def _click_biggest_place(page, frame) -> None:
    """Click the biggest uncovered event marker near the centre (the side panel lists it)."""
    found = frame.evaluate(
        """() => {
            const box = document.querySelector('#map_div').getBoundingClientRect();
            const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
            let best = null;
            for (const path of document.querySelectorAll('path.newsmap-place')) {
                const r = path.getBoundingClientRect();
                const x = r.x + r.width / 2, y = r.y + r.height / 2;
                if (r.width < 12 || document.elementFromPoint(x, y) !== path) continue;
                const score = r.width - Math.hypot(x - cx, y - cy) / 20;
                if (best === null || score > best[0]) best = [score, x, y];
            }
            return best;
        }"""
    )
    if not found:
        print("note: no uncovered place marker in view; no side panel", file=sys.stderr)
        return
    offset = frame.frame_element().bounding_box()
    page.mouse.click(offset["x"] + found[1], offset["y"] + found[2])
    page.locator('.st-key-newsmap_panel [data-testid="stHtml"]').wait_for(timeout=20_000)
    _settle(page)


def _map_frame(page, timeout: float):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in page.frames:
            if "st_folium" in frame.url and frame.evaluate("window.__newsmap_renders || 0"):
                return frame
        page.wait_for_timeout(250)
    raise SystemExit(f"error: the map drew nothing within {timeout:.0f} s")


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run the app on the store, and save the screenshots."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, help="store file (default: a fresh temporary one)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--only", nargs="+", choices=[v.name for v in VIEWS])
    parser.add_argument("--width", type=int, default=1440)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for a map")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"error: no Chromium at {CHROMIUM}: apt-get install chromium", file=sys.stderr)
        return 2
    views = [v for v in VIEWS if not args.only or v.name in args.only]
    with tempfile.TemporaryDirectory() as scratch:
        store = args.store or Path(scratch) / "newsmap.sqlite"
        with running_app(store, timeout=args.timeout) as base:
            capture(base, views, args.out, args.width, args.height, args.timeout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
