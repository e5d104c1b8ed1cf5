"""When each feed is polled: on a schedule, and after failures with an exponential back-off.

A feed that answers is asked again ``every`` seconds. One that fails is asked again after
``every``, then twice that, four times... up to ``max_backoff`` (or later, when the server's
Retry-After asks for more, up to ``max_backoff`` too). A single round (``--once``, for cron)
polls every feed except those still in their back-off, so a broken feed is not hammered by a
cron job that runs more often than its back-off.
"""

from __future__ import annotations

from watch.state import FeedState

DEFAULT_EVERY = 900.0  # seconds between polls of one feed
DEFAULT_MAX_BACKOFF = 6 * 3600.0


def retry_delay(
    failures: int,
    every: float,
    max_backoff: float = DEFAULT_MAX_BACKOFF,
    retry_after: float | None = None,
) -> float:
    """Seconds to wait after the ``failures``-th failure in a row (``failures`` >= 1)."""
    cap = max(every, max_backoff)
    delay = every * 2 ** min(max(failures, 1) - 1, 30)
    if retry_after is not None:
        delay = max(delay, retry_after)
    return min(delay, cap)


def is_due(state: FeedState, now: float, once: bool = False) -> bool:
    """Whether a feed should be polled now; in a single round, unless it is backing off."""
    if once and state.failures == 0:
        return True
    return state.next_try <= now
