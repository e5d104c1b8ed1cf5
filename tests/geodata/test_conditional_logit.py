"""The conditional logit fitter behind the resolver's weights."""

from __future__ import annotations

import numpy as np
import pytest

from geodata.conditional_logit import Group, fit, loss


def simulated_groups(true_weights, count=1500, options=5, seed=0):
    """Decisions drawn from a known softmax model."""
    rng = np.random.default_rng(seed)
    groups = []
    for _ in range(count):
        features = rng.normal(size=(options, len(true_weights)))
        odds = np.exp(features @ true_weights)
        right = np.zeros(options, dtype=bool)
        right[rng.choice(options, p=odds / odds.sum())] = True
        groups.append(Group(features, right))
    return groups


def test_fit_recovers_the_weights_that_generated_the_choices():
    true_weights = np.array([2.0, -1.0, 0.5])
    groups = simulated_groups(true_weights)
    fitted = fit(groups, l2=0.0)
    assert fitted == pytest.approx(true_weights, abs=0.15)
    assert loss(groups, fitted) <= loss(groups, true_weights) + 1e-6


def test_a_floor_holds_a_weight_the_data_would_push_below_it():
    groups = simulated_groups(np.array([1.0, -2.0]))
    fitted = fit(groups, l2=0.0, lower=np.array([-np.inf, 0.0]))
    assert fitted[1] == pytest.approx(0.0, abs=1e-9)
    assert fitted[0] > 0.5


def test_any_right_option_counts_when_several_are_right():
    # Two readings within 161 km of the gold point: mass on either is right.
    features = np.array([[1.0], [1.0], [0.0]])
    group = Group(features, np.array([True, True, False]))
    assert fit([group], l2=0.01)[0] > 1.0


def test_groups_with_nothing_to_learn_are_refused():
    only_option = Group(np.array([[1.0, 0.0]]), np.array([True]))
    with pytest.raises(ValueError, match="no group"):
        fit([only_option])
