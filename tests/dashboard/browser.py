"""The browser tests' harness: a user's session in Chromium (Playwright) on a live app, that
waits for the rerun each action asks for (following Streamlit's websocket in the page) or
for what it should show, never for a fixed time. The fixtures that start the app and the
browser are in conftest.py (``server``, ``browser``, ``session``).
"""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

try:
    from playwright.sync_api import Error as PlaywrightError
except ImportError:  # the server fixture skips the browser tests without playwright
    PlaywrightError = Exception

from dashboard.serve import LOCAL

# Generous: a busy 2-core machine can take many seconds for a rerun. Every wait polls a
# condition and returns as soon as it holds, so an idle machine does not pay for this.
WAIT_MS = 60_000
PLACES = "path.newsmap-place"
PANEL = '.st-key-newsmap_panel [data-testid="stHtml"]'  # a selected place's events
SUMMARY = ".st-key-newsmap_summary"  # the sidebar's count of what the filters leave
DRAWN = "path.newsmap-place, .newsmap-bubble"
# The map's iframe (same origin as the page) has been drawn in by newsmap.js.
DRAWN_IN_A_FRAME = """() => [...document.querySelectorAll('iframe[src*="st_folium"]')].some((f) => {
  try { return (f.contentWindow.__newsmap_renders || 0) > 0; } catch (e) { return false; }
})"""

# Follows Streamlit's websocket in the page, so a test can wait for "the rerun my action asked
# for has run to its end" instead of sleeping: every rerun is asked for by a BackMsg with
# rerun_script (field 11), starts with a ForwardMsg new_session (field 4) and ends with one
# holding script_finished (field 6), also when a newer request cuts it short. The map's
# reports (st_folium's postMessage) each ask for a rerun too.
RUN_WATCH = """
(() => {
  if (window.top !== window || window.__nm) return;
  const nm = (window.__nm = {
    started: 0, finished: 0, pending: false, running: false, valueAt: -1, askedAt: -1,
  });
  const fields = (data) => {  // the field numbers at the top level of a protobuf message
    if (!(data instanceof ArrayBuffer) && !ArrayBuffer.isView(data)) return [];
    const b = data instanceof ArrayBuffer
      ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const found = [];
    let i = 0;
    const varint = () => {
      let value = 0, scale = 1, byte;
      do { byte = b[i++]; value += (byte & 0x7f) * scale; scale *= 128; }
      while (byte & 0x80 && i < b.length);
      return value;
    };
    while (i < b.length) {
      const tag = varint(), kind = tag & 7;
      found.push(Math.floor(tag / 8));
      if (kind === 0) varint();
      else if (kind === 1) i += 8;
      else if (kind === 2) { const size = varint(); i += size; }  // not i += varint()
      else if (kind === 5) i += 4;
      else break;
    }
    return found;
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        const top = fields(event.data);
        if (top.includes(4)) { nm.started += 1; nm.running = true; nm.pending = false; }
        if (top.includes(6)) { nm.finished += 1; nm.running = false; }
      });
    }
    send(data) {
      if (fields(data).includes(11)) { nm.pending = true; nm.askedAt = performance.now(); }
      return super.send(data);
    }
  };
  window.addEventListener("message", (event) => {
    if (event.data && event.data.type === "streamlit:setComponentValue") {
      nm.valueAt = performance.now();
    }
  });
})();
"""
# The app is idle: more than ``since`` runs started, no rerun asked for and not yet started,
# none running, and no map report still to be sent on as a rerun request.
IDLE = """(since) => {
  const nm = window.__nm;
  return !!nm && nm.started > since && !nm.pending && !nm.running && nm.valueAt <= nm.askedAt;
}"""


class Session:
    """One browser context (a fresh user): blocked requests, dialogs and the page."""

    def __init__(self, browser, files: bool = False, width: int = 1400, height: int = 1000):
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.context.set_default_timeout(WAIT_MS)
        self.context.add_init_script(RUN_WATCH)
        self.files = files
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)

    def _route(self, route):
        if LOCAL.match(route.request.url) or (self.files and route.request.url.startswith("file:")):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, url: str):
        """Load the app and return the map's frame once newsmap.js has drawn a layer and the
        app is idle."""
        self.page.goto(url)
        frame = self.map_frame()
        # the map reports its view once drawn, and that report asks for a rerun of its own
        self.page.wait_for_function("window.__nm && window.__nm.valueAt >= 0")
        self.settle(since=0)
        return frame

    def map_frame(self):
        """The map's frame once newsmap.js has drawn in it (followed if st_folium replaces it)."""
        deadline = time.monotonic() + WAIT_MS / 1000
        while True:
            left_ms = max(deadline - time.monotonic(), 1.0) * 1000
            try:
                self.page.wait_for_function(DRAWN_IN_A_FRAME, timeout=left_ms)
            except PlaywrightError as exc:
                raise AssertionError(f"the map never drew a data layer: {exc}") from exc
            for frame in self.page.frames:
                if "st_folium" in frame.url and evaluate(frame, "window.__newsmap_renders || 0"):
                    return frame
            # the frame that drew was replaced between the two looks: wait for the new one

    def map_wait(self, expression: str):
        """The map's frame once ``expression`` is true in it. A new base style makes st_folium
        replace the map's frame, maybe after we found the old one: then follow the new one."""
        deadline = time.monotonic() + WAIT_MS / 1000
        while True:
            frame = self.map_frame()
            left_ms = max(deadline - time.monotonic(), 1.0) * 1000
            try:
                frame.wait_for_function(expression, timeout=left_ms)
                return frame
            except PlaywrightError as exc:
                if not gone(exc) or time.monotonic() > deadline:
                    raise

    def runs(self) -> int:
        """How many script runs have started in this page so far."""
        return self.page.evaluate("window.__nm ? window.__nm.started : 0")

    def settle(self, since: int | None = None) -> None:
        """Wait until the app is idle; with ``since`` (runs() before an action), until a run
        started after the action has finished too."""
        floor = -1 if since is None else since
        self.page.wait_for_function(IDLE, arg=floor, timeout=WAIT_MS)

    def act(self, action) -> None:
        """Do ``action`` (a click, a key) that asks for a rerun, and wait until that rerun,
        and any the map's report of it asks for, has finished."""
        since = self.runs()
        action()
        self.settle(since)

    def download(self, label: str) -> str:
        """Click the download button ``label`` and return the text of the file it gives.

        A rerun landing between the page drawing the button and the click (a late map report
        of its view, on a busy machine) revokes the file the click asked for and no download
        starts, as a user would see: click again once the app is idle, until a deadline (not a
        count of tries)."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        deadline = time.monotonic() + 3 * WAIT_MS / 1000
        while True:
            self.settle()
            try:
                with self.page.expect_download(timeout=WAIT_MS / 4) as download:
                    self.page.get_by_role("button", name=label, exact=True).click()
                return download.value.path().read_text("utf-8")
            except PlaywrightTimeout:
                if time.monotonic() > deadline:
                    raise

    def summary(self) -> str:
        return self.page.locator(SUMMARY).inner_text()

    def wait_summary(self, fragment: str) -> str:
        """The sidebar summary once it contains ``fragment`` (a rerun may still be on its way)."""
        from playwright.sync_api import expect

        expect(self.page.locator(SUMMARY)).to_contain_text(fragment, timeout=WAIT_MS)
        return self.summary()

    def choose(self, label: str, option: str) -> None:
        """Pick an option in the sidebar multiselect labelled ``label``."""
        box = self.page.locator('[data-testid="stMultiSelect"]').filter(has_text=label)
        wanted = self.page.get_by_role("option", name=option, exact=True)
        # A rerun (say, a late map report) may close the open list: open it again, as long as
        # it takes on a busy machine (until a deadline, not a count of tries).
        deadline = time.monotonic() + 3 * WAIT_MS / 1000
        while True:
            self.settle()
            since = self.runs()
            box.locator("input").click()
            try:
                wanted.click(timeout=WAIT_MS / 6)
                break
            except PlaywrightError:  # Playwright's TimeoutError: open the list again
                self.page.keyboard.press("Escape")
                if time.monotonic() > deadline:
                    raise
        self.page.keyboard.press("Escape")  # the choice may be sent only once the list closes
        self.settle(since)

    def type_into(self, label: str, text: str) -> None:
        self.page.get_by_label(label).fill(text)
        self.act(lambda: self.page.get_by_label(label).press("Enter"))

    def click(self, role: str, name: str) -> None:
        """Click the control ``name`` and wait for the rerun it asks for."""
        self.act(self.page.get_by_role(role, name=name, exact=True).click)

    def close(self):
        self.context.close()


def query(url: str) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(url).query).items()}


def gone(exc: Exception) -> bool:
    """Whether ``exc`` says the frame went away (st_folium reloads it on a new base style)."""
    return "detached" in str(exc) or "destroyed" in str(exc)


def evaluate(frame, expression: str):
    """``expression`` in ``frame``; None when the frame is going away (st_folium reloads it)."""
    try:
        return frame.evaluate(expression)
    except PlaywrightError as exc:
        if gone(exc):
            return None
        raise


def click_place(session, frame, lat: float, lon: float) -> None:
    """Click the marker drawn at (lat, lon), by its screen position in the map."""
    point = frame.evaluate(
        "([lat, lon]) => { const p = window.map.latLngToContainerPoint([lat, lon]);"
        " return [p.x, p.y]; }",
        [lat, lon],
    )
    container = frame.locator("#map_div").bounding_box()  # in page coordinates
    x, y = container["x"] + point[0], container["y"] + point[1]
    session.act(lambda: session.page.mouse.click(x, y))
