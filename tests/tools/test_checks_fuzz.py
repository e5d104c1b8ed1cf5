"""The fuzz campaign (python -m tools.checks fuzz): a short deterministic run of every target
holds, its inputs get through to articles, dates and states, and it catches a parser that
breaks its contract."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tools.checks import fuzz

ROOT = Path(__file__).resolve().parents[2]
CI_INPUTS = 150  # per target, derandomized: the same inputs every run


@pytest.mark.parametrize("name", list(fuzz.TARGETS))
def test_a_short_fuzz_run_of_each_target_lets_no_exception_escape(name):
    tally = fuzz.run_target(name, CI_INPUTS, derandomize=True)
    assert tally.inputs == CI_INPUTS
    assert not tally.errors, fuzz.report([tally])
    # the inputs are no noise every parser refuses at once: some give what the parser is for
    assert tally.yielded > 0, f"no input of {name} gave an article, date or state"


def test_the_fuzz_campaign_catches_a_reader_that_lets_a_javascript_url_through(monkeypatch):
    import articles.readers.jsonl as jsonl

    monkeypatch.setattr(jsonl, "safe_http_url", lambda url: url if isinstance(url, str) else None)
    tally = fuzz.run_target("reader: JSON Lines", 300, derandomize=True)
    assert tally.errors["PropertyFailed"] > 0
    assert "non-http(s) url" in tally.first["PropertyFailed"][1]
    assert tally.inputs == 300  # counted, and the campaign went on
    assert "FAIL reader: JSON Lines" in fuzz.report([tally])


def test_the_fuzz_campaign_counts_exceptions_escaping_a_date_parser_by_type(monkeypatch):
    def fragile(sentence, published):
        if any(ch.isdigit() for ch in sentence):
            raise OverflowError("date value out of range")
        return []

    monkeypatch.setattr(fuzz, "find_date_phrases", fragile)
    tally = fuzz.run_target("dates: events.measure.dating", 200, derandomize=True)
    assert set(tally.errors) == {"OverflowError"}
    text = fuzz.report([tally])
    assert "x OverflowError:" in text and "first input:" in text
    assert text.splitlines()[-1].startswith("1 of 1 targets raised")


def test_the_fuzz_command_prints_inputs_exceptions_and_the_slowest_input():
    done = subprocess.run(
        [sys.executable, "-m", "tools.checks", "fuzz", "--inputs", "60", "--derandomize"]
        + ["--only", "URL state"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("ok   dashboard: URL state: 60 inputs in ")
    assert "0 exception(s)" in lines[0]
    assert lines[1].strip().startswith("slowest input: ")
    assert lines[-1] == "all 1 targets held on 60 inputs: no exception escaped"
