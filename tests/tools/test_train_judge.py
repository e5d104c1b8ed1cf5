"""The judge's trainer (tools/eventsets): deterministic, and it learns what it is shown."""

from __future__ import annotations

from events.classify.judge import Judge
from tools.eventsets.judge_data import Example, label
from tools.eventsets.train_judge import fit
from tools.eventtools.evaluate import reliability


def examples() -> list[Example]:
    made = []
    for i in range(12):
        made.append(Example(f"a{i}", f"a{i}", {"bias": 1.0, "trig=attack": 1.0, f"x{i % 3}": 1.0},
                            1, "armed_clash"))  # fmt: skip
        made.append(Example(f"b{i}", f"b{i}", {"bias": 1.0, "trig=march": 1.0, f"x{i % 3}": 1.0},
                            1, "protest"))  # fmt: skip
        made.append(Example(f"c{i}", f"c{i}", {"bias": 1.0, "S:could": 1.0, f"x{i % 3}": 1.0},
                            0, None))  # fmt: skip
    return made


def test_training_twice_gives_the_same_weights():
    assert fit(examples()) == fit(examples())


def test_the_trained_judge_tells_events_and_kinds_apart():
    judge = Judge(fit(examples()))
    event = {"bias": 1.0, "trig=attack": 1.0}
    assert judge.event_probability(event) > judge.event_probability({"bias": 1.0, "S:could": 1.0})
    kinds = judge.kind_probabilities({"bias": 1.0, "trig=march": 1.0})
    assert max(kinds, key=kinds.get) == "protest"


def test_a_draft_is_labelled_by_the_gold_trigger_or_left_out():
    from datetime import date

    from events.drafts import Draft

    text = "Rebels attacked the town and 12 people were killed."
    item = {"text": text, "event": {"trigger": "attacked", "kind": "armed_clash"}}

    def at(word):
        start = text.index(word)
        return Draft(0, 0, len(text), start, start + len(word), word, "armed_clash", False,
                     "occurred", (), date(2016, 1, 1), "published")  # fmt: skip

    assert label(item, at("attacked")) == (1, "armed_clash")
    assert label(item, at("killed")) == (None, None)  # the same event told by another word
    assert label({"text": text, "event": None}, at("killed")) == (0, None)


def test_reliability_bins_count_and_average():
    table = reliability([(0.1, False), (0.15, True), (0.9, True), (0.95, True)], bins=2)
    assert table == [("0.0-0.5", 2, 0.125, 0.5), ("0.5-1.0", 2, 0.925, 1.0)]


def test_the_trained_figure_gate_learns_which_figures_are_right():
    from dataclasses import replace

    shown = []
    for i, e in enumerate(examples()):
        right = ({"bias": 1.0, "f:pattern=verb": 1.0, f"f:x{i % 3}": 1.0}, 1)
        wrong = ({"bias": 1.0, "f:R:since": 1.0, f"f:x{i % 3}": 1.0}, 0)
        shown.append(replace(e, figures=(right, wrong)))
    judge = Judge(fit(shown))
    assert judge.gates_figures
    near = judge.figure_probability({"bias": 1.0, "f:pattern=verb": 1.0})
    assert near > 0.5 > judge.figure_probability({"bias": 1.0, "f:R:since": 1.0})
    assert fit(shown) == fit(shown)


def test_place_trust_is_each_sources_share_right_relative_to_the_sentences():
    from tools.eventsets.place_trust import place_shares, relative_trust

    def event(source, real, right):
        return {"place_source": source, "real": real, "place_right": right}

    rows = [
        {"events": [event("sentence", True, True)] * 8 + [event("sentence", True, False)] * 2},
        {"events": [event("focus", True, True)] * 2 + [event("focus", True, False)] * 2},
        {"events": [event("previous", False, False)] * 5},  # not real: not counted
    ]
    shares = place_shares(rows)
    assert shares["sentence"] == (10, 8, 0.75) and shares["focus"] == (4, 2, 0.5)
    assert "previous" not in shares
    assert relative_trust(shares) == {"focus": round(0.5 / 0.75, 3)}
