from __future__ import annotations

import math

import pytest

from events.locate.attach import options
from events.locate.attach_features import ACTOR, SPEAKER
from events.locate.attach_model import AttachModel, default_model, load_model, save_model
from events.locate.phrases import Candidate
from tools.eventtools.train_attach import Example, evaluate, fit

KABUL = "Washington said troops killed five people in Kabul."


def _options(parse, sentence, trigger, names, known=True, rank=0.0):
    doc = parse(sentence)
    tokens = [next(t for t in doc if t.text == trigger)]
    candidates = []
    for name in names:
        start = sentence.index(name)
        candidates.append(Candidate(start, start + len(name), None, rank, known))
    return options(doc, tokens, {"casualties"}, candidates)


def test_a_place_in_a_locative_phrase_on_the_trigger_has_its_preposition_features(parse):
    found = _options(parse, KABUL, "killed", ["Washington", "Kabul"])
    washington, kabul = found.features
    assert kabul["prep=in"] == 1.0 and kabul["prep_on_trigger=in"] == 1.0
    assert kabul["rule=prep"] == 1.0 and kabul["rule_chosen"] == 1.0
    assert washington["speaker"] == 1.0 and "prep=in" not in washington
    assert found.none_features["none:bias"] == 1.0
    assert all(name.startswith("none:") for name in found.none_features)


def test_the_model_scores_options_by_summing_feature_weights(parse):
    found = _options(parse, KABUL, "killed", ["Kabul"])
    model = AttachModel({"prep_on_trigger=in": 3.0, "none:bias": 1.0})
    kabul, none = model.probabilities(found.features, found.none_features)
    assert math.isclose(kabul + none, 1.0)
    assert math.isclose(kabul / none, math.exp(3.0 - 1.0))
    chosen = model.choose(found)
    assert [KABUL[a.candidate.start : a.candidate.end] for a in chosen] == ["Kabul"]


def test_speakers_and_actors_are_never_the_place(parse):
    found = _options(parse, KABUL, "killed", ["Washington", "Kabul"])
    assert SPEAKER in found.features[0]
    model = AttachModel({"rank=town": 5.0})
    assert model.probabilities(found.features, found.none_features)[0] == 0.0
    raids = "US air raids kill more than 200 civilians in northern Syria."
    found = _options(parse, raids, "raids", ["US"], known=False, rank=-0.5)
    assert ACTOR in found.features[0]
    assert AttachModel({"rank=unknown": 5.0}).choose(found) == []


def test_no_place_wins_when_its_probability_reaches_the_threshold(parse):
    found = _options(parse, KABUL, "killed", ["Kabul"])
    assert AttachModel({"none:bias": 5.0}).choose(found) == []
    # two places each less likely than "no place", together likelier: a place is named
    found = _options(parse, "Troops killed ten in Raqqa and Mosul.", "killed", ["Raqqa", "Mosul"])
    model = AttachModel({"none:bias": math.log(1.5)})
    probabilities = model.probabilities(found.features, found.none_features)
    assert max(probabilities) == probabilities[-1]
    chosen = model.choose(found)
    assert [a.candidate.start for a in chosen] == [found.pairs[0][0].start, found.pairs[1][0].start]


def test_events_of_kinds_the_model_was_not_trained_on_are_left_to_the_rules(parse):
    found = _options(parse, KABUL, "killed", ["Kabul"])
    model = AttachModel({"none:bias": 5.0}, hints=frozenset({"protest"}))
    assert not model.knows(found.none_features)
    assert [KABUL[a.candidate.start : a.candidate.end] for a in model.choose(found)] == ["Kabul"]


def test_weights_survive_a_round_trip_through_json(tmp_path):
    model = AttachModel({"bias": 0.25, "prep=in": 1.5, "zero": 0.0}, 0.4, 0.7, frozenset({"x"}))
    save_model(model, tmp_path / "w.json", {"trained_on": "test"})
    loaded = load_model(tmp_path / "w.json")
    assert loaded.weights == {"bias": 0.25, "prep=in": 1.5}
    assert (loaded.threshold, loaded.agree, loaded.hints) == (0.4, 0.7, frozenset({"x"}))


def test_training_learns_which_option_is_right():
    located = [{"prep=in": 1.0}, {"prep=from": 1.0}, {"none:bias": 1.0}]
    examples = [Example(f"r{n}", located, [True, False, False]) for n in range(8)]
    examples += [
        Example(f"s{n}", [{"prep=from": 1.0}, {"none:bias": 1.0}], [False, True]) for n in range(4)
    ]
    model = fit(examples, l2=0.1, steps=300)
    assert model.weights["prep=in"] > model.weights["none:bias"] > model.weights["prep=from"]
    records = {ex.record_id: {"toponyms": [{}] if ex.right[0] else []} for ex in examples}
    figures = evaluate(model, examples, records)
    assert figures["precision"] == 1.0 and figures["recall"] == 1.0


def test_the_shipped_weights_load():
    model = default_model()
    if model is None:
        pytest.skip("no attach_weights.json")
    assert model.weights and 0 < model.threshold < 1


def test_a_chosen_container_gives_way_to_the_place_it_contains(parse):
    sentence = "Gunmen shot dead a trader in Garubula village of Borno state."
    found = _options(parse, sentence, "shot", ["Garubula", "Borno"])
    garubula, borno = found.climbs
    assert borno.container and not garubula.container and borno.group == garubula.group
    # weights that prefer the container still mark the event where the container says it is
    model = AttachModel({"container": 4.0, "none:bias": -2.0})
    chosen = model.choose(found)
    assert [sentence[a.candidate.start : a.candidate.end] for a in chosen] == ["Garubula"]
