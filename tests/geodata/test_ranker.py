"""The resolver's weights file and the two scoring models."""

from __future__ import annotations

import json

import numpy as np
import pytest

from geodata.coherence import COHERENCE_FEATURES
from geodata.ranker import COMBINED_FEATURES, WEIGHTS_PATH, Ranker, default_ranker
from geodata.resolve_features import LOCAL_FEATURES


def test_the_shipped_weights_name_every_feature_the_code_computes():
    data = json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))
    assert set(data["alone"]) == set(LOCAL_FEATURES)
    assert set(data["combined"]) == set(LOCAL_FEATURES + COHERENCE_FEATURES)
    assert data["trained_on"] and data["held_out_scores"]


def test_the_shipped_weights_keep_supporting_evidence_positive():
    ranker = default_ranker()
    combined = dict(zip(COMBINED_FEATURES, ranker.combined, strict=True))
    for name in ("container", "admin1_named", "log_population", *COHERENCE_FEATURES):
        assert combined[name] >= 0, name
    assert combined["capital"] >= 1.0


def test_weights_round_trip_through_their_json_form():
    ranker = Ranker(
        alone=np.arange(len(LOCAL_FEATURES), dtype=float),
        combined=np.arange(len(COMBINED_FEATURES), dtype=float) / 2,
    )
    again = Ranker.from_dict(json.loads(json.dumps(ranker.to_dict())))
    assert again.alone.tolist() == ranker.alone.tolist()
    assert again.combined.tolist() == ranker.combined.tolist()


def test_a_stale_weights_file_fails_loudly():
    with pytest.raises(ValueError, match="unknown ranker features"):
        Ranker.from_dict({"alone": {"no_such_feature": 1.0}, "combined": {}})


def test_combined_scores_add_the_support_columns():
    ranker = Ranker(alone=np.zeros(len(LOCAL_FEATURES)), combined=np.ones(len(COMBINED_FEATURES)))
    local = np.zeros((2, len(LOCAL_FEATURES)))
    support = np.array([[1.0] + [0.0] * (len(COHERENCE_FEATURES) - 1), [0.0] * 6])
    assert ranker.score_combined(local, support).tolist() == [1.0, 0.0]
