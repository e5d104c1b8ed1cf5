"""Features of one casualty figure of an event draft, for the learned figure gate: how the
figure was read, the words around it, how far it is from the event's trigger, what else the
sentence counts, and what the rules said of the event.

Pure functions of the sentence text, the draft and the figure, so training and extraction see
the same features.
"""

from __future__ import annotations

import math
import re

from events.classify.features import stem, words_of
from events.classify.kinds import word_classes
from events.drafts import Draft, Figure

_NUMBER_TOKEN = re.compile(r"\b\d[\d,.]*\b")
# What marks a figure as a tally over a long time or a wide area rather than one event's toll
# ("killed over 20 years of war", "from 1955-1975", "since the unrest broke out", "during World
# War Two", "worldwide"): the conventions give such aggregates no event, so no figure.
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d(?:s\b)?")
_YEAR_RANGE = re.compile(r"\b(?:1[89]|20)\d\d\s*(?:-|–|—|to|and)\s*(?:(?:1[89]|20)?\d\d)\b")
_LONG_SPAN = re.compile(
    r"(?i)\b(?:over|during|in|for|across|throughout|within)\s+(?:the\s+)?(?:past\s+|last\s+)?"
    r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twenty|several|many)\s+(?:years|decades)\b"
    r"|\b(?:decades?|centur(?:y|ies))\b|\bworld\s+war\b"
)
_SINCE = re.compile(r"(?i)\bsince\b")
_WIDE = re.compile(r"(?i)\b(?:worldwide|globally|around\s+the\s+world|across\s+the\s+world)\b")
_AMONG_THE = re.compile(r"(?i)\bamong\s+(?:the|those)\s*$")
_WINDOW = 3  # words each side of the figure


def _magnitude(value: int) -> str:
    """A coarse size: 0, 1, 2-5, 6-20, 21-100, 101-1000, more."""
    if value <= 1:
        return str(value)
    return str(min(int(math.log10(value) * 2), 7))


def _aggregate_marks(sentence: str, figure: Figure) -> dict[str, bool]:
    """Whether the sentence tells the figure as a tally (see _LONG_SPAN)."""
    return {
        "year": bool(_YEAR.search(sentence)),
        "year_range": bool(_YEAR_RANGE.search(sentence)),
        "long_span": bool(_LONG_SPAN.search(sentence)),
        "since": bool(_SINCE.search(sentence)),
        "wide": bool(_WIDE.search(sentence)),
        "among_the": bool(_AMONG_THE.search(sentence[: figure.start])),
    }


def figure_features(sentence: str, draft: Draft, figure: Figure) -> dict[str, float]:
    """The features of ``figure`` as a figure of ``draft`` told in ``sentence`` (the figure's
    offsets are sentence offsets, the draft's article offsets)."""
    trigger_start = draft.trigger_start - draft.sentence_start
    trigger_end = draft.trigger_end - draft.sentence_start
    gap = max(trigger_start - figure.end, figure.start - trigger_end, 0)
    between = sentence[min(figure.end, trigger_end) : max(figure.start, trigger_start)]
    words_between = len(words_of(between))
    kind = figure.kind
    features: dict[str, float] = {
        "bias": 1.0,
        f"f:{kind}": 1.0,
        f"f:pattern={figure.pattern or '?'}": 1.0,
        f"f:{kind}|pattern={figure.pattern or '?'}": 1.0,
        f"f:qual={figure.qualifier or 'exact'}": 1.0,
        f"f:mag={_magnitude(figure.value)}": 1.0,
        f"f:{kind}|mag={_magnitude(figure.value)}": 1.0,
        f"f:kind={draft.kind}": 1.0,
        f"f:{kind}|kind={draft.kind}": 1.0,
        f"f:status={draft.status}": 1.0,
        f"f:date={draft.date_precision}": 1.0,
        f"f:apart={min(words_between, 8) // 2}": 1.0,
        "f:inside_trigger": float(gap == 0),
        "f:before_trigger": float(figure.end <= trigger_start),
        f"f:figures={min(len(draft.figures), 3)}": 1.0,
        f"f:numbers={min(len(_NUMBER_TOKEN.findall(sentence)), 4)}": 1.0,
    }
    if figure.running:
        features["f:running"] = 1.0
    for name, found in _aggregate_marks(sentence, figure).items():
        if found:
            features[f"f:{name}"] = 1.0
    if figure.high != figure.value:
        features["f:range"] = 1.0
    if draft.generic:
        features["f:generic"] = 1.0
    for word in words_of(figure.who):
        features[f"f:who={stem(word)}"] = 1.0
    before = words_of(sentence[: figure.start])[-_WINDOW:]
    after = words_of(sentence[figure.end :])[:_WINDOW]
    for word in before:
        features[f"f:L:{stem(word)}"] = 1.0
    for word in after:
        features[f"f:R:{stem(word)}"] = 1.0
    for word in words_of(figure.text):
        features[f"f:in:{stem(word)}"] = 1.0
    for name in word_classes(sentence):
        features[f"f:cls={name}"] = 1.0
    return features
