"""Politeness towards the servers watched: a delay between requests to one host, robots.txt.

:class:`HostThrottle` spaces the requests to each host by at least its delay (ours, or the
``Crawl-delay`` its robots.txt asks, up to MAX_CRAWL_DELAY), counted from the start of one
request to the start of the next. :class:`RobotsRules` caches each site's robots.txt for a day
and answers whether a URL may be fetched, as RFC 9309 says: a robots.txt that is missing
(404 and the like) allows everything; one the server refuses to show (401, 403) forbids
everything, as Python's robotparser reads it; one that cannot be reached (a 5xx, a timeout, a
refused redirect) forbids everything for now, and is asked again after RETRY_UNREACHABLE.

Both take a clock (``now()`` in seconds, ``sleep(seconds)``) so tests need not wait.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from newsmap.fetching import FetchError, FetchRefused, FetchStatusError, Response

ROBOTS_AGENT = "newsmap"  # the product token robots.txt rules name us by
ROBOTS_TTL = 24 * 3600.0  # RFC 9309: a cached robots.txt should not be used longer than a day
RETRY_UNREACHABLE = 600.0
MAX_CRAWL_DELAY = 60.0


class Clock(Protocol):
    """Where the watcher reads the time and waits: the system's, or a test's."""

    def now(self) -> float:
        """Seconds since the epoch."""
        ...

    def sleep(self, seconds: float) -> None:
        """Wait ``seconds``."""
        ...


class SystemClock:
    """The real clock: wall time (schedules survive restarts), and real waiting."""

    def now(self) -> float:
        """Seconds since the epoch."""
        return time.time()

    def sleep(self, seconds: float) -> None:
        """Wait ``seconds`` (Ctrl-C and a stop signal interrupt it)."""
        if seconds > 0:
            time.sleep(seconds)


def host_of(url: str) -> str:
    """The host a URL's requests go to, in lower case ("" when it has none)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


class HostThrottle:
    """At most one request to each host every ``delay`` seconds (or its Crawl-delay)."""

    def __init__(self, delay: float, clock: Clock):
        self.delay = max(0.0, delay)
        self.clock = clock
        self._last: dict[str, float] = {}
        self._crawl_delay: dict[str, float] = {}

    def wait_for(self, url: str) -> float:
        """Wait until ``url``'s host may be asked again, then count this request; returns
        how long it waited."""
        host = host_of(url)
        waited = 0.0
        last = self._last.get(host)
        if last is not None:
            waited = max(0.0, last + self.delay_of(host) - self.clock.now())
            if waited:
                self.clock.sleep(waited)
        self._last[host] = self.clock.now()
        return waited

    def delay_of(self, host: str) -> float:
        """The spacing for ``host``: ours, or its robots.txt Crawl-delay when longer."""
        return max(self.delay, self._crawl_delay.get(host, 0.0))

    def ask_delay(self, host: str, seconds: float) -> None:
        """Honour a Crawl-delay of ``seconds`` for ``host``, up to MAX_CRAWL_DELAY."""
        self._crawl_delay[host] = min(max(0.0, seconds), MAX_CRAWL_DELAY)


@dataclass(frozen=True)
class _Rules:
    parser: RobotFileParser | None  # None: the verdict below holds for every path
    allow_all: bool
    why: str
    expires: float


class RobotsRules:
    """Each site's robots.txt, fetched once per ROBOTS_TTL through ``fetch`` (which should
    be the watcher's throttled, guarded get)."""

    def __init__(
        self,
        fetch: Callable[[str], Response],
        clock: Clock,
        throttle: HostThrottle | None = None,
        agent: str = ROBOTS_AGENT,
    ):
        self._fetch = fetch
        self._clock = clock
        self._throttle = throttle
        self._agent = agent
        self._sites: dict[str, _Rules] = {}

    def allows(self, url: str) -> tuple[bool, str]:
        """Whether robots.txt lets us fetch ``url``, and why not when it does not.

        Raises FetchRefused when the site is no address we fetch (its pages would be refused
        the same way): that is the reason to give, not robots.txt.
        """
        parts = urlsplit(url)
        site = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        rules = self._sites.get(site)
        if rules is None or rules.expires <= self._clock.now():
            rules = self._load(site)
            self._sites[site] = rules
        if rules.parser is None:
            return rules.allow_all, rules.why
        if rules.parser.can_fetch(self._agent, url):
            return True, ""
        return False, f"{site}/robots.txt forbids it"

    def _load(self, site: str) -> _Rules:
        now = self._clock.now()
        try:
            answer = self._fetch(f"{site}/robots.txt")
        except FetchStatusError as error:
            if error.status in (401, 403):
                why = f"{site}/robots.txt is refused to us ({error.status}): every page forbidden"
                return _Rules(None, False, why, now + ROBOTS_TTL)
            if 400 <= error.status < 500 and error.status != 429:
                return _Rules(None, True, "", now + ROBOTS_TTL)  # no robots.txt: all allowed
            return self._unreachable(site, str(error), now)
        except FetchRefused:
            raise
        except FetchError as error:
            return self._unreachable(site, str(error), now)
        parser = RobotFileParser()
        parser.parse(answer.body.decode("utf-8", "replace").splitlines())
        delay = parser.crawl_delay(self._agent)
        if delay is not None and self._throttle is not None:
            self._throttle.ask_delay(host_of(site), float(delay))
        return _Rules(parser, True, "", now + ROBOTS_TTL)

    def _unreachable(self, site: str, error: str, now: float) -> _Rules:
        why = f"{site}/robots.txt could not be read ({error.rstrip('.')}): tried again later"
        return _Rules(None, False, why, now + RETRY_UNREACHABLE)
