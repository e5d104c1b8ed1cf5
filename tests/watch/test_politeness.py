"""Politeness: the per-host delay, robots.txt read as RFC 9309 says, and the back-off."""

from __future__ import annotations

import pytest

from newsmap.fetching import FetchStatusError, FetchTimedOut, Response
from tests.watch.conftest import START, FakeClock
from watch.politeness import RETRY_UNREACHABLE, ROBOTS_TTL, HostThrottle, RobotsRules
from watch.schedule import is_due, retry_delay
from watch.state import FeedState


def test_requests_to_one_host_wait_for_the_delay_and_other_hosts_do_not():
    clock = FakeClock()
    throttle = HostThrottle(5.0, clock)
    assert throttle.wait_for("https://a.example/feed") == 0
    assert throttle.wait_for("https://b.example/feed") == 0
    clock.advance(2.0)
    assert throttle.wait_for("https://A.example:443/page") == 3.0  # same host, any case/port
    assert clock.sleeps == [3.0]


def test_a_crawl_delay_longer_than_ours_wins_up_to_a_minute():
    clock = FakeClock()
    throttle = HostThrottle(5.0, clock)
    throttle.ask_delay("a.example", 20)
    throttle.ask_delay("b.example", 3600)
    assert (throttle.delay_of("a.example"), throttle.delay_of("b.example")) == (20, 60)
    assert throttle.delay_of("c.example") == 5.0


class RobotsServer:
    """Answers robots.txt requests as told, counting them."""

    def __init__(self, answer):
        self.answer = answer
        self.asked: list[str] = []

    def __call__(self, url):
        self.asked.append(url)
        if isinstance(self.answer, Exception):
            raise self.answer
        return Response(url, "text/plain", self.answer.encode("utf-8"))


def test_robots_rules_are_read_once_per_site_and_honoured_for_our_agent():
    server = RobotsServer("User-agent: newsmap\nDisallow: /private/\n\nUser-agent: *\nDisallow:\n")
    rules = RobotsRules(server, FakeClock())
    assert rules.allows("https://a.example/news/1.html") == (True, "")
    allowed, why = rules.allows("https://a.example/private/2.html")
    assert not allowed and why == "https://a.example/robots.txt forbids it"
    assert server.asked == ["https://a.example/robots.txt"]


def test_robots_txt_is_asked_again_after_a_day():
    clock = FakeClock()
    server = RobotsServer("User-agent: *\nDisallow:\n")
    rules = RobotsRules(server, clock)
    rules.allows("https://a.example/1")
    clock.advance(ROBOTS_TTL - 1)
    rules.allows("https://a.example/2")
    clock.advance(2)
    rules.allows("https://a.example/3")
    assert len(server.asked) == 2


def test_a_missing_robots_txt_allows_everything():
    rules = RobotsRules(
        RobotsServer(FetchStatusError("The server answered 404.", 404)), FakeClock()
    )
    assert rules.allows("https://a.example/anything") == (True, "")


def test_a_robots_txt_refused_to_us_forbids_everything():
    rules = RobotsRules(
        RobotsServer(FetchStatusError("The server answered 403.", 403)), FakeClock()
    )
    allowed, why = rules.allows("https://a.example/anything")
    assert not allowed and "refused to us (403)" in why


@pytest.mark.parametrize(
    "failure",
    [FetchStatusError("The server answered 503.", 503), FetchTimedOut("took longer than 15 s.")],
)
def test_an_unreachable_robots_txt_forbids_everything_until_asked_again(failure):
    clock = FakeClock()
    server = RobotsServer(failure)
    rules = RobotsRules(server, clock)
    allowed, why = rules.allows("https://a.example/page")
    assert not allowed and "could not be read" in why
    server.answer = "User-agent: *\nDisallow:\n"
    assert not rules.allows("https://a.example/page")[0]  # not asked again at once
    clock.advance(RETRY_UNREACHABLE)
    assert rules.allows("https://a.example/page") == (True, "")
    assert len(server.asked) == 2


def test_a_crawl_delay_in_robots_txt_reaches_the_throttle():
    clock = FakeClock()
    throttle = HostThrottle(1.0, clock)
    rules = RobotsRules(RobotsServer("User-agent: *\nCrawl-delay: 12\n"), clock, throttle)
    rules.allows("https://a.example/page")
    assert throttle.delay_of("a.example") == 12


def test_the_back_off_doubles_from_the_schedule_up_to_its_cap():
    delays = [retry_delay(n, 600, max_backoff=3600) for n in range(1, 6)]
    assert delays == [600, 1200, 2400, 3600, 3600]
    assert retry_delay(1, 600, 3600, retry_after=1800) == 1800
    assert retry_delay(1, 600, 3600, retry_after=10**9) == 3600
    assert retry_delay(1, 7200, 3600) == 7200  # a back-off never polls sooner than the schedule


def test_one_round_polls_every_feed_but_those_backing_off():
    later = START + 100
    assert is_due(FeedState(next_try=later), START, once=True)
    assert not is_due(FeedState(next_try=later), START)
    assert not is_due(FeedState(next_try=later, failures=1), START, once=True)
    assert is_due(FeedState(next_try=later, failures=1), later, once=True)
