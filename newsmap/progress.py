"""Progress of long tasks as data: a stage, how far it is, out of how much.

Long tasks (the gazetteer build, an ingest) report through a callback that takes a
:class:`ProgressEvent`; they never print. Whoever called them decides how progress is shown:
the terminal (:mod:`newsmap.terminal_progress`), the page (``dashboard.first_start``), a
benchmark that times the steps, or nothing.

:class:`Steps` is what a task uses to emit events without flooding the callback: it reports
when the count crosses the next percent (or ``every`` items), at the start and at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

PERCENT_STEPS = 100  # a counted step is reported this many times at most


@dataclass(frozen=True, slots=True)
class ProgressEvent:
    """One report of a long task.

    ``stage`` names the task for people ("Building the offline gazetteer"); a stage made of
    steps names the current one in ``step`` ("reading GeoNames cities"), numbered
    ``number`` of ``steps``. ``done`` of ``total`` counts the work of the step (``total`` 0:
    unknown). ``unit`` names what is counted ("articles"): the text then shows the counts,
    else a percentage. ``label`` is the item just done (an article's title: untrusted text).
    """

    stage: str
    done: int = 0
    total: int = 0
    step: str = ""
    number: int = 0
    steps: int = 0
    unit: str = ""
    label: str = ""

    @property
    def fraction(self) -> float | None:
        """``done / total`` within 0..1, or None when the total is unknown."""
        if self.total <= 0:
            return None
        return min(max(self.done / self.total, 0.0), 1.0)

    def heading(self) -> str:
        """The stage and its step: "Building the offline gazetteer (2/4: reading cities)"."""
        if not self.step:
            return self.stage
        number = f"{self.number}/{self.steps}: " if self.steps else ""
        return f"{self.stage} ({number}{self.step})"

    def text(self) -> str:
        """One line for people: the heading, then "45%" or "120/318 articles"."""
        fraction = self.fraction
        if fraction is None:
            return self.heading()
        if self.unit:
            return f"{self.heading()} {self.done:,}/{self.total:,} {self.unit}"
        return f"{self.heading()} {int(fraction * 100)}%"


ProgressCallback = Callable[[ProgressEvent], None]


def ignore(event: ProgressEvent) -> None:
    """A callback that shows nothing."""


def fan_out(*callbacks: ProgressCallback | None) -> ProgressCallback:
    """One callback that passes each event to every one of ``callbacks`` (None skipped)."""
    chosen = [c for c in callbacks if c is not None]

    def each(event: ProgressEvent) -> None:
        for callback in chosen:
            callback(event)

    return each


class Steps:
    """Emits the events of a stage made of numbered steps, a bounded number of times each.

        steps = Steps(callback, "Building the offline gazetteer", steps=4)
        steps.start("reading GeoNames cities", total=len(text))
        steps.advance(consumed)            # cheap: compares two integers most of the time
        steps.finish()                     # the step at 100%

    A counted step reports at its start, each time it crosses one more percent (or, with
    ``every``, that many items) and when finished, so a callback sees at most about a hundred
    events a step, whatever the count. ``done`` never goes back within a step.
    """

    def __init__(self, callback: ProgressCallback | None, stage: str, steps: int = 0):
        self._callback = callback or ignore
        self.stage = stage
        self.steps = steps
        self.number = 0
        self.step = ""
        self.unit = ""
        self.done = 0
        self.total = 0
        self._next = 0
        self._stride = 1
        self._reported = -1

    def start(self, step: str, total: int = 0, *, unit: str = "", every: int = 0) -> None:
        """Begin the next step (numbered from 1) with ``total`` items to do (0: unknown)."""
        self.number += 1
        self.step, self.unit, self.done, self.total = step, unit, 0, max(0, total)
        self._stride = max(1, every or -(-self.total // PERCENT_STEPS))
        self._next = self._stride
        self._emit()

    def advance(self, count: int = 1, label: str = "") -> None:
        """Count ``count`` more items done (reported when a threshold is crossed)."""
        self.done += count
        if self.done >= self._next:
            self._next = (self.done // self._stride + 1) * self._stride
            self._emit(label)

    def set(self, done: int, total: int | None = None) -> None:
        """Set the count, and the total when given (for work measured by position, e.g. the
        characters of a file read so far); the count never goes back."""
        if total is not None and total != self.total:
            self.total = max(0, total)
            self._stride = max(1, -(-self.total // PERCENT_STEPS))
            self._next = (self.done // self._stride + 1) * self._stride
        if done > self.done:
            self.advance(done - self.done)

    def finish(self) -> None:
        """End the step at its total (reported unless that was just reported)."""
        self.done = max(self.done, self.total)
        if self._reported != self.done:
            self._emit()

    def _emit(self, label: str = "") -> None:
        self._reported = self.done
        self._callback(
            ProgressEvent(
                stage=self.stage,
                done=min(self.done, self.total) if self.total else self.done,
                total=self.total,
                step=self.step,
                number=self.number,
                steps=self.steps,
                unit=self.unit,
                label=label,
            )
        )
