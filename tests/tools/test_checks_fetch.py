"""The fetch campaign (python -m tools.checks fetch): it passes on our fetch, and it would
catch a fetch that lost its guards."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from newsmap import fetching
from tools.checks import fetch
from tools.checks.__main__ import QUICK

ROOT = Path(__file__).resolve().parents[2]


def test_the_fetch_campaign_command_reports_every_hostile_fetch_refused_or_cut():
    done = subprocess.run(
        [sys.executable, "-m", "tools.checks", "fetch", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[-1] == "all 16 fetches refused or cut at their deadline and size cap"
    assert sum(line.startswith("  ok   ") for line in lines) == 16
    for name in ("drip body", "drip headers", "gzip bomb", "rebinding name", "redirect loop"):
        assert any(name in line for line in lines), name


def careless_get(url, limits, allow_private=False, resolve=None, connect=None):
    """A fetch that kept its deadline but lost its address check and its size cap."""
    loose = replace(limits, max_bytes=200_000_000)
    return fetching.get(url, loose, allow_private=True, resolve=resolve, connect=connect)


def test_the_fetch_campaign_catches_a_fetch_without_its_address_check_and_size_cap():
    outcomes = {o.name: o for o in fetch.run(QUICK, get=careless_get)}
    breached = {name for name, o in outcomes.items() if not o.held}
    assert {"gzip bomb", "name resolving to loopback"} <= breached
    assert {n for n in outcomes if n.startswith("redirect to ")} <= breached
    assert "connected to 127.0.0.1" in outcomes["redirect to 127.0.0.1"].why
    assert outcomes["drip body"].held  # its deadline was kept: still cut
    assert "got past their guard" in fetch.report(list(outcomes.values()), QUICK)
