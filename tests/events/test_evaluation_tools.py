"""The evaluation commands: the hand-annotated set, the field scorer, the location scorer,
the speed benchmark."""

from __future__ import annotations

import json
from datetime import date

import pytest

from events.classify import kinds
from events.model import Event
from tests.events.conftest import find_resolved
from tools.eventtools.bench import measure
from tools.eventtools.evaluate import DEFAULT_SET, compare, load_set, pick
from tools.eventtools.locations_eval import by_source, half, score


def event(**fields):
    base = {
        "id": "e1",
        "article_id": "a",
        "role": "event",
        "name": "",
        "resolved_name": "",
        "lat": None,
        "lon": None,
        "precision": "",
        "country_code": None,
        "geonameid": None,
        "start": 0,
        "end": 6,
        "snippet": "",
        "name_start": 0,
        "name_end": 6,
        "date": date(2009, 6, 12),
        "date_precision": "published",
        "kind": "disaster",
        "trigger": "killed",
        "trigger_start": 10,
        "trigger_end": 16,
    }
    base.update(fields)
    return Event(**base)


@pytest.mark.parametrize(
    ("path", "credit", "source"),
    [
        (DEFAULT_SET, "Wikinews, CC BY 2.5", "https://en.wikinews.org/wiki/"),
        (
            DEFAULT_SET.with_name("conflict_events.jsonl"),
            "event_location (Halterman 2019), MIT",
            "https://github.com/ahalterman/event_location",
        ),
    ],
)
def test_the_annotated_sets_are_well_formed(path, credit, source):
    items = load_set(path)
    assert len(items) >= 40 and len({i["id"] for i in items}) == len(items)
    for item in items:
        assert item["credit"] == credit
        assert item["source"].startswith(source)
        gold = item["event"]
        if gold is None:
            continue
        assert gold["trigger"] in item["text"], item["id"]
        assert all(name in item["text"] for name in gold["locations"]), item["id"]
        assert gold["kind"] in kinds.EVENT_KINDS and gold["status"] in ("occurred", "planned")
        assert (gold["date"] is None) == (gold["date_precision"] == "unknown"), item["id"]


def test_fields_are_counted_as_predicted_gold_and_right():
    item = {
        "text": "More than 650 people have now died in Java.",
        "event": {
            "trigger": "died",
            "kind": "disaster",
            "status": "occurred",
            "date": "2009-06-12",
            "date_precision": "published",
            "killed": 650,
            "killed_qualifier": "more than",
            "injured": None,
            "locations": ["Java"],
        },
    }
    right = compare(item, event(killed=650, name="Java"))
    assert right["killed:p"] == right["killed:g"] == right["killed:r"] == 1
    assert right["location:r"] == 1 and right["date:g"] == 0 and right["injured:p"] == 0
    wrong = compare(item, event(killed=56, kind="armed_clash"))
    assert (wrong["killed:p"], wrong["killed:r"], wrong["kind:r"], wrong["location:p"]) == (
        1,
        0,
        0,
        0,
    )
    missed = compare(item, None)
    assert (missed["event:g"], missed["event:p"], missed["killed:g"]) == (1, 0, 1)
    spurious = compare({"text": "x", "event": None}, event(killed=3))
    assert (spurious["event:p"], spurious["killed:p"], spurious["killed:r"]) == (1, 1, 0)


def test_the_compared_event_is_the_one_on_the_gold_trigger():
    text = "Two died when fighting broke out."
    first, second = event(trigger_start=4, trigger_end=8), event(trigger_start=14, trigger_end=22)
    assert pick([first, second], text, {"trigger": "fighting"}) is second
    assert pick([second, first], text, None) is first
    assert pick([], text, None) is None


def test_location_scores_over_all_and_matched_records():
    gold = [
        {
            "id": "a",
            "event_verbs": [{"start": 0, "end": 6}],
            "toponyms": [{"start": 10, "end": 15}],
        },
        {"id": "b", "event_verbs": [{"start": 0, "end": 6}], "toponyms": []},
        {"id": "c", "event_verbs": [{"start": 0, "end": 6}], "toponyms": [{"start": 7, "end": 9}]},
    ]
    predicted = {
        "a": [{"trigger": {"start": 0, "end": 6}, "location": {"start": 11, "end": 15}}],
        "b": [{"trigger": {"start": 2, "end": 4}, "location": {"start": 8, "end": 9}}],
        "c": [],
    }
    scores = score(gold, predicted)
    assert scores["all"]["trigger_recall"] == pytest.approx(2 / 3)
    assert scores["all"]["location_precision"] == 0.5
    assert scores["all"]["location_recall"] == 0.5
    assert scores["matched"]["location_recall"] == 1.0
    assert scores["all"]["no_location_acc"] == 0.0
    assert {half(i) for i in "abcdefgh"} == {0, 1} and half("a") == half("a")


def test_location_scores_per_annotation_source():
    verb = [{"start": 0, "end": 6}]
    gold = [
        {"id": "a", "source": "wire", "event_verbs": verb, "toponyms": [{"start": 10, "end": 15}]},
        {"id": "b", "source": "blog", "event_verbs": verb, "toponyms": []},
        {"id": "c", "event_verbs": verb, "toponyms": []},
    ]
    said = [{"trigger": {"start": 0, "end": 6}, "location": {"start": 10, "end": 15}}]
    predicted = {"a": said, "b": said, "c": []}
    scores = by_source(gold, predicted)
    assert set(scores) == {"wire", "blog", "unknown"}
    assert scores["wire"]["matched"]["location_precision"] == 1.0
    assert scores["blog"]["matched"]["location_precision"] == 0.0
    assert scores["blog"]["matched"]["no_location_acc"] == 0.0
    assert "matched" not in scores["unknown"]


class RegexGeoparser:
    def parse_many(self, texts):
        for text in texts:
            yield find_resolved(text)


def test_the_benchmark_times_both_stages(parse):
    texts = [json.loads(json.dumps(t)) for t in ("Shells hit Aleppo, killing 12.", "No news.")]
    geoparse, extraction, found = measure(texts, RegexGeoparser(), parse)
    assert geoparse >= 0 and extraction > 0 and found == 1


def test_the_benchmark_reports_medians_per_article_and_the_added_share():
    from tools.eventtools.bench import Timing, report

    rounds = [
        Timing(2.0, 0.4, 1.0, 0.2, 3),
        Timing(4.0, 2.0, 1.2, 0.3, 3),
        Timing(3.0, 0.6, 1.1, 0.25, 3),
    ]
    text = report("corpus.jsonl", ["a" * 10, "b" * 30], rounds)
    assert "2 documents, 20 chars each, median of 3 round(s)" in text
    assert "1500.0 ms/article wall" in text and "550.0 ms/article CPU" in text  # geoparsing
    assert "added time 20.0% wall (20.0%, 50.0%, 20.0%), 22.7% CPU" in text
    assert "dependency parse" not in text  # not measured in these rounds


def test_the_benchmark_reports_the_dependency_parse_apart():
    from tools.eventtools.bench import Timing, report

    rounds = [Timing(2.0, 1.0, 2.0, 1.0, 3, 0.6), Timing(2.0, 1.0, 2.0, 1.0, 3, 0.6)]
    text = report("corpus.jsonl", ["a"], rounds)
    assert "of which the dependency parse 30.0% of geoparsing CPU" in text
    assert "the rest of event extraction 20.0%" in text


def test_the_benchmark_times_the_parse_inside_event_extraction(parse):
    from tools.eventtools.bench import time_stages

    texts = ["Shells hit Aleppo, killing 12. Troops were deployed to Mosul."] * 3
    timing = time_stages(texts, RegexGeoparser(), parse)
    assert 0 < timing.parse_cpu <= timing.events_cpu
