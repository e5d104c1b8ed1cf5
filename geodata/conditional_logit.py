"""A conditional logit (softmax over each group's options), fitted with numpy alone.

Each group is one decision (the readings of one name); some of its options are right (readings
within 161 km of the gold point). The model maximises the probability mass on the right options,
``sum_g weight_g * log(sum_{right} softmax(X_g @ w))``, with an L2 penalty; the problem is
convex, so plain gradient steps (Adam) find the optimum.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Group:
    """One decision: a row of features per option, which options are right, how much it counts."""

    features: np.ndarray  # options x features
    right: np.ndarray  # bool per option; at least one True
    weight: float = 1.0


def fit(
    groups: Sequence[Group],
    l2: float = 1e-3,
    steps: int = 3000,
    rate: float = 0.05,
    lower: np.ndarray | None = None,
):
    """Weights (one per feature) that maximise the penalised log-likelihood of the groups.

    ``lower`` (a bound per feature, -inf for none) keeps weights at or above a floor: evidence
    known to speak for a reading (a containing state named) may be found useless on some corpus,
    never turned against it.
    """
    groups = [g for g in groups if g.right.any() and len(g.right) > 1]
    if not groups:
        raise ValueError("no group has both a right option and an alternative to learn from")
    stacked = _stack(groups)

    w = np.zeros(stacked[0].shape[1])
    first, second = np.zeros_like(w), np.zeros_like(w)
    for step in range(1, steps + 1):
        _, gradient = _loss_and_gradient(w, *stacked, l2)
        first = 0.9 * first + 0.1 * gradient
        second = 0.999 * second + 0.001 * gradient**2
        w -= rate * (first / (1 - 0.9**step)) / (np.sqrt(second / (1 - 0.999**step)) + 1e-8)
        if lower is not None:
            w = np.maximum(w, lower)
    return w


def loss(groups: Sequence[Group], w: np.ndarray, l2: float = 0.0) -> float:
    """The penalised negative log-likelihood of ``w`` on the groups (for checks and reports)."""
    value, _ = _loss_and_gradient(w, *_stack([g for g in groups if g.right.any()]), l2)
    return value


def _stack(groups: Sequence[Group]) -> tuple[np.ndarray, ...]:
    """The groups as flat arrays: features, right, group starts, each row's group, and the
    groups' weights normalised to sum to one."""
    features = np.vstack([g.features for g in groups])
    right = np.concatenate([g.right for g in groups])
    sizes = np.array([len(g.right) for g in groups])
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    owner = np.repeat(np.arange(len(groups)), sizes)
    weights = np.array([g.weight for g in groups], dtype=float)
    return features, right, starts, owner, weights / weights.sum()


def _loss_and_gradient(w, features, right, starts, owner, weights, l2):
    logits = features @ w
    shifted = logits - np.maximum.reduceat(logits, starts)[owner]
    exp = np.exp(shifted)
    total = np.add.reduceat(exp, starts)
    exp_right = np.where(right, exp, 0.0)
    total_right = np.add.reduceat(exp_right, starts)
    value = float(np.sum(weights * (np.log(total) - np.log(total_right))) + l2 * w @ w)
    # d/dlogit: p(option) - p(option | right), per group weight.
    residual = exp / total[owner] - exp_right / total_right[owner]
    gradient = features.T @ (weights[owner] * residual) + 2 * l2 * w
    return value, gradient
