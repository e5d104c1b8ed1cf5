"""The learned judge (events/classify): scoring, the floor, and the shipped weights."""

from __future__ import annotations

import json
from datetime import date

from events.classify import kinds
from events.classify.judge import WEIGHTS, Judge, judge_drafts
from events.drafts import Draft

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


# -- the figure gate: how sure a casualty figure is its event's ---------------------------------

FIGURE_TEXT = "Rebels attacked the town on Monday, killing 12 people; 3,000 have died since 1990."


def _with_figures() -> Draft:
    from dataclasses import replace

    from events.measure.casualties import find_figures

    start = FIGURE_TEXT.index("attacked")
    return replace(
        draft(), sentence_end=len(FIGURE_TEXT), trigger_start=start,
        trigger_end=start + len("attacked"), figures=tuple(find_figures(FIGURE_TEXT)),
    )  # fmt: skip


def _gating(weights: dict) -> Judge:
    """A judge that keeps every event and gates figures with ``weights``."""
    return Judge(
        {
            "event": {"weights": {"bias": 3.0}, "intercept": 0.0},
            "kind": {"classes": ["armed_clash", "riot"], "weights": {}, "intercept": [0.0, 0.0]},
            "figure": {"weights": weights, "intercept": 0.0},
        }
    )


def test_the_gate_drops_a_figure_it_believes_wrong_and_keeps_the_confidence_of_the_other():
    # a toll told with "since" after it ("3,000 have died since 1990") is scored down
    judge = _gating({"bias": 2.0, "f:R:since": -4.0})
    [kept] = judge_drafts([_with_figures()], FIGURE_TEXT, judge, floor=0.4, figure_floor=0.5)
    assert [f.value for f in kept.figures] == [12]
    assert 0.5 < kept.figures[0].confidence < 1.0


def test_weights_without_a_gate_keep_every_figure_at_full_confidence():
    [kept] = judge_drafts([_with_figures()], FIGURE_TEXT, tiny(3.0, {}), floor=0.4)
    assert [f.value for f in kept.figures] == [12, 3000]
    assert {f.confidence for f in kept.figures} == {1.0}


def test_the_shipped_weights_gate_figures_and_events_carry_the_figures_confidence():
    from events.assemble.merge import figure_confidence
    from events.classify.judge import default_judge

    assert default_judge().gates_figures
    [kept] = judge_drafts([_with_figures()], FIGURE_TEXT, floor=0.0, figure_floor=0.0)
    confidence = figure_confidence(kept.figures, "killed")
    assert confidence is not None and 0.0 < confidence <= 1.0
    assert figure_confidence((), "killed") is None


def test_the_judge_weighs_the_drafts_word_vectors_when_its_weights_have_them():
    from events.classify.features import draft_vector

    vector = draft_vector(TEXT, draft())
    assert vector.any()
    weights = {
        "event": {"weights": {"bias": 0.0}, "intercept": 0.0, "dense": (-vector).tolist()},
        "kind": {
            "classes": ["armed_clash", "riot", "protest"],
            "weights": {},
            "intercept": [0.0, 0.0, 0.0],
            # riot's weights are the draft's own vector: its score is the vector's length squared
            "dense": [[0.0, x, 0.0] for x in vector],
        },
    }
    judge = Judge(weights)
    assert judge.uses_vectors
    said = judge.judge(TEXT, draft())
    assert said.kind == "riot" and said.confidence < 0.01
    assert not tiny(0.0, {}).uses_vectors  # older weights: named features only


def test_deaths_beside_a_weapon_and_no_hazard_are_no_disaster_whatever_the_judge_says():
    from dataclasses import replace

    sure_disaster = Judge(
        {
            "event": {"weights": {"bias": 3.0}, "intercept": 0.0},
            "kind": {
                "classes": ["air_strike", "disaster"],
                "weights": {"bias": [-3.0, 3.0]},
                "intercept": [0.0, 0.0],
            },
        }
    )
    struck = replace(draft(kinds.AIR_STRIKE), hints=frozenset({kinds.AIR_STRIKE}))
    assert sure_disaster.judge(TEXT, struck).kind == kinds.AIR_STRIKE  # no hazard named
    flood = "Rebels attacked the town on Monday as the flood rose."
    assert sure_disaster.judge(flood, struck).kind == kinds.DISASTER
    assert sure_disaster.judge(TEXT, draft()).kind == kinds.DISASTER  # no weapon: the judge's


REVISION_TEXT = "Rebels attacked the town on Monday. The death toll later rose to 12."


def _revision_drafts() -> list[Draft]:
    """An event, then a sentence that only continues it with a figure."""
    from dataclasses import replace

    from events.measure.casualties import find_figures

    second = REVISION_TEXT.index("The death")
    toll = REVISION_TEXT.index("death toll")
    figures = tuple(find_figures(REVISION_TEXT[second:]))  # offsets in its sentence
    continuation = replace(
        draft(), sentence=1, sentence_start=second, sentence_end=len(REVISION_TEXT),
        trigger_start=toll, trigger_end=toll + len("death toll"), trigger="death toll",
        anaphoric=True, figures=figures,
    )  # fmt: skip
    return [draft(), continuation]


def test_a_doubted_sentence_revising_a_kept_event_keeps_its_figure_for_the_merge():
    # the judge believes the first event, doubts the continuation and its figure
    judge = Judge(
        {
            "event": {"weights": {"bias": 3.0, "anaphoric": -6.0}, "intercept": 0.0},
            "kind": {"classes": ["armed_clash", "riot"], "weights": {}, "intercept": [0.0, 0.0]},
            "figure": {"weights": {"bias": 0.0}, "intercept": 0.0},  # a figure at .5
        }
    )
    first, continuation = _revision_drafts()
    kept = judge_drafts([first, continuation], REVISION_TEXT, judge, floor=0.4, figure_floor=0.8)
    assert [d.trigger for d in kept] == ["attacked", "death toll"]
    assert [f.value for f in kept[1].figures] == [12]
    # alone, with no event before it, the same sentence is no event
    assert judge_drafts([continuation], REVISION_TEXT, judge, floor=0.4, figure_floor=0.8) == []
