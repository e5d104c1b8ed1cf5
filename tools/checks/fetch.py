"""The fetch campaign: every way a server can hold, flood or misdirect a fetch from the page.

Each scenario fetches from a hostile server on 127.0.0.1 (tools/checks/hostile.py) through
newsmap.fetching.get, and passes only when the fetch is refused, or cut at its deadline or
size cap, as the guard it tests says, in time, and without connecting anywhere it should not.

A scenario whose host must look public (redirects to private addresses, rebinding) names
``news.example.org``: a substituted resolver answers it with a public address, and a
substituted connector routes that one address to the loopback server and records every
connection asked for (any other address is refused and counts as a breach). All scenarios
run at once, in threads, so the campaign takes about one deadline.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

from newsmap import fetching
from newsmap.fetching import FetchError, FetchRefused, FetchTimedOut, FetchTooLarge, Limits
from tools.checks.hostile import HostileServer, hostile_server

PUBLIC = "93.184.216.34"  # looks public to the check; routed to loopback by the connector
NAME = "news.example.org"
# Addresses and names a redirect may point at, none of which may ever be connected to.
PRIVATE_TARGETS = (
    "http://127.0.0.1:{port}/article",
    "http://[::1]:{port}/article",
    "http://[::ffff:127.0.0.1]:{port}/article",
    "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.7/admin",
    "http://intranet.example.org:{port}/article",
    "http://mixed.example.org:{port}/article",
)
ANSWERS = {
    NAME: [PUBLIC],
    "intranet.example.org": ["127.0.0.1"],
    "mixed.example.org": [PUBLIC, "10.1.1.1"],
}

Getter = Callable[..., fetching.Response]


@dataclass
class Network:
    """The substituted resolver and connector, and what they were asked."""

    port: int
    rebind_after: int | None = None  # answer 127.0.0.1 for NAME after this many questions
    asked: list[str] = field(default_factory=list)
    connected: list[tuple[str, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def resolve(self, host: str, port: int) -> list[str]:
        with self.lock:
            self.asked.append(host)
            times = self.asked.count(host)
        if host == NAME and self.rebind_after is not None and times > self.rebind_after:
            return ["127.0.0.1"]
        return list(ANSWERS.get(host, [host]))  # an address literal resolves to itself

    def connect(self, address: tuple[str, int], timeout: float) -> socket.socket:
        with self.lock:
            self.connected.append(address)
        if address[0] != PUBLIC:
            raise ConnectionRefusedError(f"the campaign refuses {address[0]}")
        return socket.create_connection(("127.0.0.1", self.port), timeout)

    def breaches(self) -> list[str]:
        """Connections asked for to any address but the public one."""
        return [host for host, _ in self.connected if host != PUBLIC]


@dataclass(frozen=True)
class Scenario:
    """One hostile fetch and the guard that must stop it."""

    name: str
    path: str  # on the hostile server; "{base}" is the server's URL
    expect: type[FetchError] | None  # None: the fetch must succeed (guard held by pinning)
    words: str  # in the error message (or, on success, in the check's own description)
    via_name: bool = False  # fetch http://news.example.org:PORT/... through the Network
    # Each scenario tests one guard: the rate floor is off but where it is the one tested (a
    # redirect answered late on a busy machine is not what "redirect to 10.0.0.7" tests).
    limits: dict = field(default_factory=lambda: {"min_rate": 0})
    rebind_after: int | None = None


@dataclass(frozen=True)
class Outcome:
    """What one scenario did: whether the guard held, the error, the time, and why."""

    name: str
    held: bool
    error: str
    seconds: float
    why: str


def scenarios() -> list[Scenario]:
    """Every scenario of the campaign."""
    found = [
        Scenario("drip body", "/drip-body", FetchTimedOut, "longer than"),
        Scenario("drip headers", "/drip-headers", FetchTimedOut, "longer than"),
        Scenario("never answers", "/silent", FetchTimedOut, "did not answer|longer than"),
        Scenario("under the rate floor", "/drip-body", FetchTimedOut, "slower than", limits={}),
        Scenario("never ends", "/endless", FetchTooLarge, "larger than"),
        Scenario("gzip bomb", "/gzip-bomb", FetchTooLarge, "larger than"),
        Scenario("redirect loop", "/loop", FetchRefused, "redirects"),
        Scenario(
            "rebinding name",
            "/article",
            None,
            "connected to the checked address only",
            via_name=True,
            rebind_after=1,
        ),  # fmt: skip
        Scenario("name resolving to loopback", "", FetchRefused, "local or private"),
    ]
    for target in PRIVATE_TARGETS:
        found.append(
            Scenario(
                f"redirect to {target.split('/')[2].replace(':{port}', '')}",
                "/redirect?to=" + target,
                FetchRefused,
                "local or private",
                via_name=True,
            )
        )
    return found


def run(
    limits: Limits = Limits(),  # noqa: B008 - frozen
    interval: float | None = None,
    get: Getter = fetching.get,
) -> list[Outcome]:
    """Run every scenario at once against fresh hostile servers; one Outcome each."""
    interval = interval if interval is not None else min(1.0, limits.deadline / 20)
    with hostile_server(interval) as server, ThreadPoolExecutor(len(scenarios())) as pool:
        futures = [pool.submit(_one, s, server, limits, get) for s in scenarios()]
        return [future.result() for future in futures]


def _one(scenario: Scenario, server: HostileServer, limits: Limits, get: Getter) -> Outcome:
    port = server.server_address[1]
    limits = replace(limits, **scenario.limits)
    network = Network(port, rebind_after=scenario.rebind_after)
    if scenario.name == "name resolving to loopback":
        url = f"http://intranet.example.org:{port}/article"
    elif scenario.via_name:
        url = f"http://{NAME}:{port}" + scenario.path.format(port=port)
    else:
        url = server.url + scenario.path.format(port=port)
    # Loopback is the hostile server's own address: only scenarios fetched by name are checked.
    loopback_ok = not scenario.via_name and scenario.name != "name resolving to loopback"
    start = time.monotonic()
    error: BaseException | None = None
    try:
        get(
            url,
            limits,
            allow_private=loopback_ok,
            resolve=network.resolve if not loopback_ok else fetching.system_resolve,
            connect=network.connect if not loopback_ok else socket.create_connection,
        )
    except Exception as exc:  # noqa: BLE001 - any error is an outcome to judge
        error = exc
    seconds = time.monotonic() - start
    held, why = _judge(scenario, error, seconds, limits, network)
    text = f"{type(error).__name__}: {error}" if error else "fetched"
    return Outcome(scenario.name, held, text, seconds, why)


def _judge(scenario, error, seconds, limits, network) -> tuple[bool, str]:
    breaches = network.breaches()
    if breaches:
        return False, f"connected to {', '.join(breaches)}"
    slack = 2.0 + limits.deadline * 0.2
    if seconds > limits.deadline + slack:
        return False, f"took {seconds:.1f} s, past the {limits.deadline:g} s deadline"
    if scenario.expect is None:
        if error is not None:
            return False, f"should have been fetched: {error}"
        asked = network.asked.count(NAME)
        if asked != 1:
            return False, f"resolved {NAME} {asked} times: the connection was not pinned"
        return True, scenario.words
    if not isinstance(error, scenario.expect):
        return False, f"expected {scenario.expect.__name__}, got {type(error).__name__}"
    if not re.search(scenario.words, str(error)):
        return False, f"message does not say {scenario.words!r}"
    return True, {
        FetchTimedOut: "cut in time",
        FetchTooLarge: "cut at the size cap",
        FetchRefused: "refused before connecting",
    }.get(scenario.expect, "refused")


def report(outcomes: list[Outcome], limits: Limits) -> str:
    """The campaign's outcome as lines for the terminal."""
    lines = [
        f"fetch campaign: {len(outcomes)} hostile fetches on 127.0.0.1 (deadline "
        f"{limits.deadline:g} s, read timeout {limits.read_timeout:g} s, rate floor "
        f"{limits.min_rate:g} B/s after {limits.rate_grace:g} s, cap "
        f"{limits.max_bytes / 1_000_000:g} MB)"
    ]
    width = max(len(o.name) for o in outcomes)
    for o in outcomes:
        mark = "ok  " if o.held else "FAIL"
        lines.append(f"  {mark} {o.name:<{width}}  {o.seconds:5.1f} s  {o.why}: {o.error[:90]}")
    failed = [o for o in outcomes if not o.held]
    if failed:
        lines.append(f"{len(failed)} of {len(outcomes)} fetches got past their guard")
    else:
        lines.append(f"all {len(outcomes)} fetches refused or cut at their deadline and size cap")
    return "\n".join(lines)
