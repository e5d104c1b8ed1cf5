from __future__ import annotations

import io
import json

import pytest

from events.jsonl import extract_jsonl
from tests.events.conftest import find_resolved

pytestmark = pytest.mark.model  # loads the spaCy model (tests/conftest.py: tiers)


class RegexGeoparser:
    """Stands in for the geoparser: the seed places found by name, no gazetteer."""

    def parse_many(self, texts):
        for text in texts:
            yield find_resolved(text)


def run(lines):
    out, errors = io.StringIO(), io.StringIO()
    extract_jsonl(io.StringIO("".join(lines)), out, errors, RegexGeoparser())
    return [json.loads(line) for line in out.getvalue().splitlines()], errors.getvalue()


def test_one_output_line_per_document_with_its_events():
    text = "Government forces shelled Aleppo on Tuesday, killing 12 civilians."
    doc = {"id": "a1", "text": text, "published": "2016-07-22"}
    [record], errors = run([json.dumps(doc) + "\n"])
    assert errors == "" and record["id"] == "a1"
    [event] = record["events"]
    assert event["kind"] == "shelling" and event["status"] == "occurred"
    trigger, location = event["trigger"], event["location"]
    assert text[trigger["start"] : trigger["end"]] == trigger["text"] == "shelled"
    assert text[location["start"] : location["end"]] == location["name"] == "Aleppo"
    assert (location["lat"], location["lon"]) == (36.20124, 37.16117)
    assert (event["date"], event["date_precision"]) == ("2016-07-19", "day")
    assert (event["killed"], event["injured"], event["victims"]) == (12, None, "civilians")


def test_an_event_without_a_place_has_a_null_location_and_no_date_without_publication():
    doc = {"id": "b", "text": "Rebels and troops clashed on Monday."}
    [record], _ = run([json.dumps(doc) + "\n"])
    [event] = record["events"]
    assert event["location"] is None
    assert (event["date"], event["date_precision"]) == (None, "unknown")


def test_broken_lines_are_reported_and_keep_their_place():
    lines = [
        "not json\n",
        "\n",
        json.dumps({"id": "c", "text": 5}) + "\n",
        json.dumps({"id": "d", "text": "Talks were held.", "published": "22/07/2016"}) + "\n",
        json.dumps({"id": "e", "text": "Nothing happened."}) + "\n",
    ]
    records, errors = run(lines)
    assert [r["id"] for r in records] == ["line-1", "line-3", "line-4", "e"]
    assert all(r["events"] == [] for r in records)
    assert ":1: skipped" in errors and ":3: skipped" in errors and "not an ISO date" in errors


class MisplacingGeoparser(RegexGeoparser):
    """Like RegexGeoparser, but points a toponym of the second document at the wrong words."""

    def parse_many(self, texts):
        from geodata.model import ResolvedToponym, Toponym

        for number, found in enumerate(super().parse_many(texts)):
            yield [ResolvedToponym(Toponym(0, 5, "Mosul", "test"), None)] if number == 1 else found


def test_a_document_whose_toponyms_do_not_fit_is_skipped_and_the_rest_extracted():
    docs = [{"id": n, "text": "Government forces shelled Aleppo on Tuesday."} for n in "xyz"]
    out, errors = io.StringIO(), io.StringIO()
    lines = io.StringIO("".join(json.dumps(d) + "\n" for d in docs))
    extract_jsonl(lines, out, errors, MisplacingGeoparser())
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(r["id"], len(r["events"])) for r in records] == [("x", 1), ("y", 0), ("z", 1)]
    assert "y: skipped:" in errors.getvalue() and "does not match" in errors.getvalue()
