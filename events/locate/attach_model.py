"""The learned attachment ranker: a conditional-logit (softmax) model over an event's options.

Each option, a candidate place or "no place", gets a score: the sum of the weights of its
features (events/locate/attach_features.py). The best option wins; a winning place brings the names
coordinated with it ("attacks on Raqqa and Mosul"). The weights are plain JSON
(events/locate/attach_weights.json), trained by ``python -m events.train_attach GOLD.jsonl``;
scoring needs no numpy.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from operator import mul
from pathlib import Path

from events.locate.attach_features import ACTOR, SPEAKER, TOPIC

WEIGHTS_PATH = Path(__file__).with_name("attach_weights.json")
WEIGHTS_ENV = "NEWSMAP_ATTACH_WEIGHTS"  # another weights file (e.g. one trained on half the data)


# A place the rules also found needs less evidence.
AGREE_THRESHOLD = 0.6


@dataclass(frozen=True)
class AttachModel:
    """Feature weights; an event gets no place when the probability of "no place" reaches
    ``threshold`` (0.5: a place when the candidates together are likelier than none), or
    ``agree`` when the rules chose a place too. ``hints`` are the event hints seen often
    enough in training: for an event with none of them the rules decide alone."""

    weights: dict[str, float]
    threshold: float = 0.5
    agree: float = AGREE_THRESHOLD
    hints: frozenset[str] = frozenset()

    def score(self, features: dict[str, float]) -> float:
        """The option's score (unknown features weigh nothing)."""
        # the products summed in the features' order, as a generator would (same float)
        return sum(map(mul, map(self.weights.get, features, repeat(0.0)), features.values()))

    def knows(self, none_features: dict[str, float]) -> bool:
        """Whether the event's hints (its ``none:hint=`` features) were seen in training."""
        if not self.hints:
            return True
        return any(name[10:] in self.hints for name in none_features if name[:10] == "none:hint=")

    def probabilities(self, options: list[dict], none: dict) -> list[float]:
        """Softmax over the options (feature dicts of candidates, then of "no place");
        names that cannot be the place (:func:`_open`) are no option."""
        scores = [self.score(f) if _open(f) else -math.inf for f in options]
        scores.append(self.score(none))
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return [e / total for e in exps]

    def decide(self, options: list[dict], none: dict) -> int | None:
        """The index of the chosen candidate, or None for "no place"."""
        if not options:
            return None
        return self._decide(options, self.probabilities(options, none))

    def _decide(self, options: list[dict], probs: list[float]) -> int | None:
        agreed = any("rule_chosen" in f for f in options)
        if probs[-1] >= (self.agree if agreed else self.threshold):
            return None
        return max(range(len(options)), key=probs.__getitem__)

    def choose(self, found) -> list:
        """The chosen attachments (events/locate/attach.Attachment) of ``found``
        (events/locate/attach.Options), in text order: the best candidate and the names
        coordinated with it."""
        from events.locate.attach import make_attachment

        if not self.knows(found.none_features):
            return found.rule_choice
        if not found.features:
            return []
        probs = self.probabilities(found.features, found.none_features)
        best = self._decide(found.features, probs)
        if best is None:
            return []
        best = _contained(found, best)
        sure = round(probs[best], 3)
        group, container = found.climbs[best].group, found.climbs[best].container
        chosen = []
        for n, ((candidate, span), up) in enumerate(zip(found.pairs, found.climbs, strict=True)):
            if n != best and (up.group != group or up.container != container):
                continue
            rule = found.rules[n]
            if rule is None:
                rule = (make_attachment(candidate, span, "model", up, found.trigger_tokens), 0)
            chosen.append(dataclasses.replace(rule[0], probability=sure))
        return sorted(chosen, key=lambda a: a.candidate.start)


def _contained(found, best: int) -> int:
    """The name the chosen one contains, when it only contains the place ("a worker in
    Cabanatuan in Nueva Ecija": Cabanatuan, not the province): containers give way to what
    they contain, as in the rules (events/locate/attach.choose)."""
    chosen = found.climbs[best]
    if not chosen.container:
        return best
    inner = [
        n
        for n, up in enumerate(found.climbs)
        if not up.container and up.group == chosen.group and _open(found.features[n])
    ]
    return inner[0] if inner else best


def _open(features: dict[str, float]) -> bool:
    """Whether a name may be the place at all: not who spoke ("Officials in Damascus blamed
    rebels for the attack"), who acted ("US air raids") nor what a meeting was about ("met
    to plan the attacks on Raqqa"), as the rules hold."""
    return ACTOR not in features and SPEAKER not in features and TOPIC not in features


def load_model(path: Path = WEIGHTS_PATH) -> AttachModel:
    """The model stored at ``path`` (the format :func:`save_model` writes)."""
    with open(path, encoding="utf-8") as stream:
        data = json.load(stream)
    return AttachModel(
        dict(data["weights"]),
        float(data.get("threshold", 0.5)),
        float(data.get("agree", AGREE_THRESHOLD)),
        frozenset(data.get("hints", ())),
    )


def save_model(model: AttachModel, path: Path, about: dict | None = None) -> None:
    """Write ``model`` as JSON (weights sorted by name, ``about`` describing its training)."""
    data = {
        "about": about or {},
        "threshold": model.threshold,
        "agree": model.agree,
        "hints": sorted(model.hints),
        "weights": {k: round(v, 5) for k, v in sorted(model.weights.items()) if v},
    }
    with open(path, "w", encoding="utf-8") as stream:
        json.dump(data, stream, indent=1, ensure_ascii=False)
        stream.write("\n")


@lru_cache(maxsize=1)
def default_model() -> AttachModel | None:
    """The shipped model, or the one at $NEWSMAP_ATTACH_WEIGHTS (loaded once); None when the
    weights file is missing (then the rules decide alone)."""
    path = Path(os.environ.get(WEIGHTS_ENV) or WEIGHTS_PATH)
    if not path.exists():
        return None
    return load_model(path)
