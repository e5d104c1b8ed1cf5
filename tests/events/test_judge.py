"""The learned judge (events/classify): scoring, the floor, and the shipped weights."""

from __future__ import annotations

import json
from datetime import date

from events import kinds
from events.classify.judge import WEIGHTS, Judge, judge_drafts
from events.merge import Draft

TEXT = "Rebels attacked the town on Monday."


def draft(kind=kinds.ARMED_CLASH) -> Draft:
    start = TEXT.index("attacked")
    return Draft(
        sentence=0, sentence_start=0, sentence_end=len(TEXT), trigger_start=start,
        trigger_end=start + len("attacked"), trigger="attacked", kind=kind, generic=False,
        status="occurred", places=(), date=date(2016, 7, 18), date_precision="day",
    )  # fmt: skip


def tiny(event_bias: float, kind_weights: dict) -> Judge:
    return Judge(
        {
            "event": {"weights": {"bias": event_bias}, "intercept": 0.0},
            "kind": {
                "classes": ["armed_clash", "riot", "protest"],
                "weights": kind_weights,
                "intercept": [0.0, 0.0, 0.0],
            },
        }
    )


def test_a_draft_under_the_floor_is_no_event():
    assert judge_drafts([draft()], TEXT, tiny(-3.0, {}), floor=0.4) == []


def test_a_kept_draft_carries_its_confidence_and_the_judged_kind():
    judge = tiny(3.0, {"S:rebel": [0.0, 4.0, 0.0]})
    [kept] = judge_drafts([draft()], TEXT, judge, floor=0.4)
    assert kept.kind == "riot" and kept.confidence > 0.9 and kept.kind_confidence > 0.9


def test_an_unsure_kind_keeps_the_rules_kind():
    [kept] = judge_drafts([draft(kinds.SHELLING)], TEXT, tiny(3.0, {}), floor=0.4)
    assert kept.kind == kinds.SHELLING  # a third each: the judge does not know, so no guess


def test_a_kind_read_from_the_article_is_kept():
    from dataclasses import replace

    told = replace(draft(kinds.DISASTER), kind_from_article=True)
    [kept] = judge_drafts([told], TEXT, tiny(3.0, {"S:rebel": [4.0, 0.0, 0.0]}), floor=0.4)
    assert kept.kind == kinds.DISASTER


def test_the_shipped_weights_name_kinds_and_the_command_that_made_them():
    weights = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    assert set(weights["kind"]["classes"]) <= set(kinds.EVENT_KINDS)
    assert len(weights["event"]["calibration"]) == 2
    assert weights["meta"]["command"].startswith("python -m events.train ")
    assert weights["meta"]["sentences"] >= 1000
