"""Progress on the terminal: a live bar when the stream is a terminal, plain lines when not.

A terminal gets one tqdm bar per step, redrawn in place. A log (a file, a pipe, a service's
journal, a container's output) gets plain lines instead, never carriage-return redraws: a line
when a step begins, each time it gains another ``every_fraction`` (10%) or ``every_seconds``
(5 s) have passed since the last line, and when it ends. With ``every_item`` a log gets a line
for every count (for scripts that follow an ingest article by article).

    show = TerminalProgress()          # stderr; a bar or lines, as stderr is
    build_gazetteer(path, progress=show)
    show.close()
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

from newsmap.progress import ProgressEvent

_PERCENT_BAR = "{desc}: {percentage:3.0f}%|{bar}| [{elapsed}<{remaining}]"


class TerminalProgress:
    """A progress callback that shows events on ``stream`` (default: stderr).

    ``interactive`` forces bar (True) or lines (False); by default the stream decides
    (``isatty()``). ``clock`` is replaceable so tests need not wait.
    """

    def __init__(
        self,
        stream: TextIO | None = None,
        *,
        interactive: bool | None = None,
        every_fraction: float = 0.1,
        every_seconds: float = 5.0,
        every_item: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.stream = stream if stream is not None else sys.stderr
        if interactive is None:
            interactive = bool(getattr(self.stream, "isatty", lambda: False)())
        self.interactive = interactive
        self.every_fraction = every_fraction
        self.every_seconds = every_seconds
        self.every_item = every_item
        self._clock = clock
        self._heading: str | None = None
        self._bar = None
        self._last_line_at = 0.0
        self._next_share = 0  # per mille of the step at which the next line is due
        self._last_done = -1

    def __call__(self, event: ProgressEvent) -> None:
        """Show ``event`` (as a bar update or, now and then, a line)."""
        heading = event.heading()
        if self.interactive:
            self._draw(event, heading)
        else:
            self._line(event, heading)

    def close(self) -> None:
        """End the current bar (a terminal); nothing to do for lines."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        self._heading = None

    def __enter__(self) -> TerminalProgress:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def _draw(self, event: ProgressEvent, heading: str) -> None:
        from tqdm import tqdm

        if heading != self._heading or self._bar is None:
            self.close()
            self._heading = heading
            counted = bool(event.unit) or event.total <= 0
            self._bar = tqdm(
                total=(event.total or None) if counted else 100,
                desc=heading,
                unit=f" {event.unit}" if event.unit else "it",
                file=self.stream,
                bar_format=None if counted else _PERCENT_BAR,
                leave=True,
            )
        bar = self._bar
        fraction = event.fraction
        bar.n = event.done if (event.unit or fraction is None) else int(fraction * 100)
        if event.label:
            bar.set_postfix_str(_one_line(event.label)[:40], refresh=False)
        bar.refresh()

    def _line(self, event: ProgressEvent, heading: str) -> None:
        now = self._clock()
        fraction = event.fraction
        new_step = heading != self._heading
        ended = fraction is not None and event.done >= event.total
        if new_step:
            self._heading = heading
            self._next_share = 0
            self._last_done = -1
        elif event.done == self._last_done:
            return  # nothing new to say
        share = -1 if fraction is None else int(fraction * 1000 + 1e-6)  # per mille, no drift
        due = (
            new_step
            or ended
            or self.every_item
            or share >= self._next_share
            or now - self._last_line_at >= self.every_seconds
        )
        if not due:
            return
        self._last_line_at = now
        self._last_done = event.done
        if share >= 0:
            tenth = max(1, round(self.every_fraction * 1000))
            self._next_share = (share // tenth + 1) * tenth
        self.stream.write(_one_line(event.text()) + "\n")
        self.stream.flush()


def _one_line(text: str) -> str:
    """``text`` without line breaks or carriage returns (a title could carry them)."""
    return " ".join(text.split())
