"""``newsmap watch FEEDS``: poll feeds on a schedule and ingest what is new, until stopped.

The arguments and the loop; what one poll does is watch.poll's. Each feed polled gives one
line on stdout (new items, not modified, or the failure and the next try), each round a
summary line; the ingest's own progress (loading the language model...) goes to stderr.
Ctrl-C or a stop signal (SIGTERM, as systemd sends) ends the watch between two writes: the
store holds whole articles and the state file is always whole.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from articles.readers.result import Problem
from newsmap.fetching import Limits
from watch.feedlist import Feed, FeedList, read_feed_list
from watch.politeness import Clock, SystemClock
from watch.poll import (
    DEFAULT_HOST_DELAY,
    DEFAULT_MAX_NEW,
    FeedOutcome,
    Watcher,
    WatchSettings,
)
from watch.schedule import DEFAULT_EVERY, is_due
from watch.state import WatchState, default_state_path, locked

HELP = "poll RSS/Atom feeds on a schedule and ingest each new item's page"
DESCRIPTION = (
    "Poll RSS/Atom feeds on a schedule and ingest what is new: each new item's page is "
    "fetched for its full text (or, when it cannot be, the feed's own text is kept), and "
    "its places and events are stored. Feeds are asked with conditional requests, so an "
    "unchanged feed costs one short answer; each host is asked at most once every few "
    "seconds, and robots.txt is honoured. A feed that fails is reported and tried again "
    "later, less and less often, without stopping the others. Stop with Ctrl-C."
)
EPILOG = (
    "FEEDS is a text file with one feed URL a line (blank lines and lines starting with # "
    "are skipped), or an OPML file exported from a feed reader. It is read again every "
    "round, so feeds can be added while watching. What was taken from each feed is kept in "
    "a state file beside the store, so a restart fetches nothing twice. For cron, run "
    "'newsmap watch FEEDS --once' as often as you like: feeds that are failing wait out "
    "their back-off."
)
RELOAD_EVERY = 60.0  # seconds: the longest sleep, so an edited feed list is seen soon


class StopWatching(BaseException):
    """A stop signal arrived (SIGTERM): end the watch as Ctrl-C does, state whole."""


def add_watch_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``watch``."""
    from newsmap.paths import store_file
    from pipeline.cli import add_store_argument

    parser.description, parser.epilog = DESCRIPTION, EPILOG
    parser.add_argument(
        "feeds", type=Path, metavar="FEEDS", help="a text file of feed URLs, or an OPML file"
    )
    add_store_argument(parser)
    parser.add_argument(
        "--every",
        type=_seconds(1.0),
        default=DEFAULT_EVERY,
        metavar="SECONDS",
        help=f"poll each feed this often (default {DEFAULT_EVERY:g}, every 15 minutes)",
    )
    parser.add_argument(
        "--once",
        action="store_true",
        help="poll every feed once (those backing off after failures excepted), then exit: "
        "for cron jobs and scripts",
    )
    parser.add_argument(
        "--host-delay",
        type=_seconds(0.0),
        default=DEFAULT_HOST_DELAY,
        metavar="SECONDS",
        help=f"at least this long between two requests to one host (default "
        f"{DEFAULT_HOST_DELAY:g}; a longer Crawl-delay in its robots.txt wins)",
    )
    parser.add_argument(
        "--max-new",
        type=int,
        default=DEFAULT_MAX_NEW,
        metavar="N",
        help=f"take at most N new items from one feed in one poll, the rest on the next "
        f"(default {DEFAULT_MAX_NEW})",
    )
    parser.add_argument(
        "--state",
        type=Path,
        default=None,
        metavar="FILE",
        help="where to keep what was taken from each feed (default: beside the store, "
        f"named after it: {default_state_path(store_file())})",
    )
    parser.add_argument(
        "--timeout",
        type=_seconds(1.0),
        default=Limits.deadline,
        metavar="SECONDS",
        help=f"give up on a feed or page that takes longer (default {Limits.deadline:g})",
    )
    parser.add_argument(
        "--max-mb",
        type=float,
        default=Limits.max_bytes / 1_000_000,
        metavar="MB",
        help=f"skip a feed or page larger than this (default {Limits.max_bytes / 1e6:g})",
    )
    parser.add_argument(
        "--allow-private-addresses",
        action="store_true",
        help="also fetch from this machine and private networks (feeds on your own "
        "network); off by default, so that a feed cannot point newsmap at them",
    )
    parser.add_argument("--quiet", action="store_true", help="no ingest progress on stderr")


def run_watch(args: argparse.Namespace, clock: Clock | None = None) -> int:
    """Watch the feeds of ``args.feeds`` until stopped (or one round with ``--once``)."""
    from newsmap.paths import store_file
    from store.db import Store

    store_path = args.store or store_file()
    state_path = args.state or default_state_path(store_path)
    listed = read_feed_list(args.feeds)
    _print_problems(listed.problems)
    if not listed.feeds:
        print(f"{args.feeds}: no feed to watch", file=sys.stderr)
        return 1
    from newsmap.progress import ignore
    from newsmap.terminal_progress import TerminalProgress

    settings = _settings(args)
    clock = clock or SystemClock()
    show = TerminalProgress()
    # A stop signal ends the watch as Ctrl-C does; Python lets only the main thread set it.
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _raise_stop) if main_thread else None
    try:
        with locked(state_path), Store(store_path) as store, show:
            sink = _sink(store, ignore if args.quiet else show)
            watcher = Watcher(WatchState.load(state_path), sink, clock, settings)
            say(clock, f"watching {len(listed.feeds)} feed(s) into {store_path}")
            say(clock, f"state of the feeds in {state_path}")
            watch_loop(watcher, args.feeds, listed, once=args.once, clock=clock)
    except (KeyboardInterrupt, StopWatching):
        say(clock, f"stopped; what was taken is kept in {state_path}")
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)
    return 0


def watch_loop(
    watcher: Watcher,
    list_path: Path,
    listed: FeedList,
    once: bool,
    clock: Clock,
    rounds: int | None = None,
) -> None:
    """Poll rounds until stopped: each round the feeds that are due, then sleep until the
    next is due (at most RELOAD_EVERY, to see an edited list). ``rounds`` bounds the loop
    (tests)."""
    number = 0
    quiet_said = False
    while True:
        listed = _reload(list_path, listed)
        feeds = listed.feeds
        if once or any(is_due(watcher.state.get(f.url), clock.now()) for f in feeds):
            number += 1
            report = _line_printer(clock, once)
            outcomes = watcher.run_round(feeds, once=once, on_outcome=report)
            say(clock, round_summary(number, outcomes, watcher.next_due(feeds)))
        elif not quiet_said:  # a restart soon after the last round: say why it is quiet
            say(clock, f"no feed is due yet; next poll {_clock_time(watcher.next_due(feeds))}")
        quiet_said = True
        if once or (rounds is not None and number >= rounds):
            return
        clock.sleep(min(max(0.0, watcher.next_due(feeds) - clock.now()), RELOAD_EVERY))


def outcome_line(outcome: FeedOutcome) -> str:
    """One log line for one feed's poll."""
    name = outcome.feed.label
    then = _clock_time(outcome.next_try)
    if outcome.status == "not modified":
        return f"{name}: not modified; next poll {then}"
    if outcome.status == "failed":
        failures = _times(outcome.failures)
        error = (outcome.error or "").rstrip(".")
        return f"{name}: FAILED ({failures} in a row): {error}; next try {then}"
    if outcome.status == "waiting":
        why = "polled recently"
        if outcome.failures:
            why = f"backing off after {_times(outcome.failures)}"
        return f"{name}: not polled, {why}; next try {then}"
    text = f"{name}: {outcome.items} new item(s)"
    if outcome.items:
        text += f" ({outcome.pages} with their page's text, {outcome.summaries} with the feed's"
        text += f" text only, {outcome.stored_before} stored before)"
    if outcome.report is not None and outcome.report.read:
        report = outcome.report
        text += f"; {report.new} article(s) stored with {report.events} event(s) and mention(s)"
    return f"{text}; next poll {then}"


def round_summary(number: int, outcomes: list[FeedOutcome], next_due: float) -> str:
    """The line that ends a round: feeds polled by result, items taken, the next poll."""
    count = {status: 0 for status in ("new", "not modified", "failed", "waiting")}
    for outcome in outcomes:
        count[outcome.status] += 1
    items = sum(outcome.items for outcome in outcomes)
    stored = sum(o.report.new for o in outcomes if o.report is not None)
    polled = len(outcomes) - count["waiting"]
    return (
        f"round {number}: {polled} feed(s) polled ({count['new']} changed, "
        f"{count['not modified']} not modified, {count['failed']} failed), "
        f"{count['waiting']} waiting; {items} new item(s), {stored} article(s) stored; "
        f"next poll {_clock_time(next_due)}"
    )


def say(clock: Clock, text: str) -> None:
    """Print one log line, stamped with the local time, at once (a journal reads it live)."""
    stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(clock.now()))
    print(f"{stamp} {text}", flush=True)


def _line_printer(clock: Clock, once: bool) -> Callable[[FeedOutcome], None]:
    def report(outcome: FeedOutcome) -> None:
        if outcome.status == "waiting" and not once:
            return  # a loop sleeps until feeds are due: the others are just not due yet
        say(clock, outcome_line(outcome))
        if outcome.report is not None:
            _print_problems(outcome.report.skipped)
        _print_problems(outcome.notes)

    return report


def _print_problems(problems: tuple[Problem, ...]) -> None:
    for problem in problems:
        label = "note on" if problem.kept else "skipped"
        print(f"  {label} {problem.path}: {problem.reason}", flush=True)


def _reload(path: Path, last: FeedList) -> FeedList:
    """The list as the file has it now; the last good one (said once) when it broke."""
    listed = read_feed_list(path)
    if listed.problems != last.problems:
        _print_problems(listed.problems)
    if not listed.feeds:
        if last.feeds:
            print(f"  {path}: no feed in the list now; still watching the last good list")
        return FeedList(last.feeds, listed.problems)
    return listed


def _settings(args: argparse.Namespace) -> WatchSettings:
    limits = Limits(deadline=args.timeout, max_bytes=int(args.max_mb * 1_000_000))
    return WatchSettings(
        every=args.every,
        host_delay=args.host_delay,
        max_new=max(1, args.max_new),
        allow_private=args.allow_private_addresses,
        feed_limits=limits,
        page_limits=limits,
    )


def _sink(store, progress):
    from geodata.geocoding import default_geocoder
    from watch.sink import StoreSink

    return StoreSink(store, geocoder=default_geocoder(), progress=progress)


def _seconds(least: float) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
        if not value >= least:  # NaN too
            raise argparse.ArgumentTypeError(f"give at least {least:g} seconds")
        return value

    return parse


def _raise_stop(signum, frame) -> None:
    raise StopWatching()


def _times(count: int) -> str:
    return "1 failure" if count == 1 else f"{count} failures"


def _clock_time(epoch: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(epoch))


__all__ = ["Feed", "add_watch_arguments", "outcome_line", "round_summary", "run_watch"]
