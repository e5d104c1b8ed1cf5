"""``python -m articles extract IN.jsonl``: JSON Lines in, events out, nothing stored."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_extract_writes_one_line_of_events_per_document(tmp_path):
    docs = tmp_path / "in.jsonl"
    text = "Airstrikes killed at least 20 civilians in Aleppo on Tuesday."
    lines = [
        {"id": "x1", "text": text, "published": "2016-07-22"},
        {"id": "x2", "text": "The weather was fine."},
    ]
    docs.write_text("".join(json.dumps(d) + "\n" for d in lines), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "articles", "extract", str(docs)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert (first["id"], second) == ("x1", {"id": "x2", "events": []})
    [event] = first["events"]
    assert event["kind"] == "air_strike"
    assert event["location"]["name"] == "Aleppo" and event["location"]["lat"] is not None
    assert (event["date"], event["killed"], event["killed_qualifier"]) == (
        "2016-07-19",
        20,
        "at least",
    )


def test_extract_of_a_missing_file_fails_with_a_message(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "articles", "extract", str(tmp_path / "none.jsonl")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1 and "no such file" in result.stderr
