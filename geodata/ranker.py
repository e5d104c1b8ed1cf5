"""The learned weights that rank a name's candidate readings (a conditional logit model).

Two linear models over the features of geodata.resolve_features and geodata.coherence:
``alone`` scores each reading on its own (local features only); its scores say how plausible
each reading is when the article's other names lend support; ``combined`` then scores each
reading on its local features and that support. Scores are log-odds: within one name,
``softmax(scores)`` is the model's probability of each reading.

The weights live in ``geodata/ranker.json``, written by ``python -m geodata.train_ranker``
(which also prints the cross-validated accuracy they were chosen by).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from geodata.coherence import COHERENCE_FEATURES
from geodata.resolve_features import LOCAL_FEATURES
from newsmap.errors import NewsmapError

WEIGHTS_PATH = Path(__file__).with_name("ranker.json")
COMBINED_FEATURES = LOCAL_FEATURES + COHERENCE_FEATURES


class RankerError(NewsmapError, RuntimeError):
    """The resolver's weights cannot be read; the message says how to restore them."""


@dataclass(frozen=True)
class Ranker:
    """Weights for readings scored alone and with the article's support."""

    alone: np.ndarray  # one weight per LOCAL_FEATURES
    combined: np.ndarray  # one weight per COMBINED_FEATURES

    @classmethod
    def from_dict(cls, data: dict) -> Ranker:
        """Weights from their JSON form: ``{"alone": {feature: w}, "combined": {feature: w}}``.

        A feature the file does not name weighs 0; a name the code does not know is an error,
        so a stale weights file fails loudly instead of ranking on the wrong columns.
        """
        return cls(
            alone=_vector(data["alone"], LOCAL_FEATURES),
            combined=_vector(data["combined"], COMBINED_FEATURES),
        )

    def to_dict(self) -> dict:
        """The JSON form of these weights."""
        return {
            "alone": dict(zip(LOCAL_FEATURES, self.alone.round(4).tolist(), strict=True)),
            "combined": dict(zip(COMBINED_FEATURES, self.combined.round(4).tolist(), strict=True)),
        }

    def score_alone(self, local: np.ndarray) -> np.ndarray:
        """Log-odds of each reading (rows of local features) before coherence."""
        return local @ self.alone

    def score_combined(self, local: np.ndarray, support: np.ndarray) -> np.ndarray:
        """Log-odds of each reading given its local features and the article's support."""
        return np.hstack([local, support]) @ self.combined


@cache
def default_ranker() -> Ranker:
    """The shipped weights (geodata/ranker.json), read once per process."""
    try:
        data = json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise RankerError(
            f"cannot read the resolver's weights {WEIGHTS_PATH}: {error}; restore the file from "
            "the repository or rebuild it with python -m geodata.train_ranker"
        ) from error
    return Ranker.from_dict(data)


def _vector(weights: dict, names: tuple[str, ...]) -> np.ndarray:
    unknown = set(weights) - set(names)
    if unknown:
        raise ValueError(f"unknown ranker features {sorted(unknown)}; retrain the weights")
    return np.array([float(weights.get(name, 0.0)) for name in names])
