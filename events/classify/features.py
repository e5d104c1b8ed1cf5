"""Features of one event draft for the learned judge: the words around its trigger, the words
of its sentence, and what the rules said (kind, status, place, figures, date).

Pure functions of the sentence text and the draft, so training and extraction see exactly the
same features. Names are short strings; values 1.0 unless said otherwise.
"""

from __future__ import annotations

import re
from functools import lru_cache

from events.casualties import INJURED, KILLED
from events.kinds import word_classes
from events.merge import Draft

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+")
_WINDOW = 4  # words each side of the trigger
_QUOTES = re.compile(r"[\"“”]")
RULE_WEIGHT = 3.0


def words_of(text: str) -> list[str]:
    """The lower-case words and numbers of ``text``."""
    return _WORD.findall(text.lower())


@lru_cache(maxsize=8192)  # the same words, draft after draft
def stem(word: str) -> str:
    """A crude English stem, so "attacked", "attacks" and "attacking" share a feature."""
    for suffix in ("ings", "ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def draft_features(sentence: str, draft: Draft) -> dict[str, float]:
    """The features of ``draft`` in its ``sentence`` (offsets of the draft are article offsets;
    ``draft.sentence_start`` maps them into the sentence)."""
    start = draft.trigger_start - draft.sentence_start
    end = draft.trigger_end - draft.sentence_start
    before, trigger, after = (
        words_of(sentence[:start]),
        words_of(sentence[start:end]),
        words_of(sentence[end:]),
    )
    trigger_stem = " ".join(stem(w) for w in trigger) or "?"
    features: dict[str, float] = {
        "bias": 1.0,
        f"trig={trigger_stem}": 1.0,
        # The rules' kind weighs more than one word: it sums many of them.
        f"rule={draft.kind}": RULE_WEIGHT,
        f"rule={draft.kind}|trig={trigger_stem}": 1.0,
        f"status={draft.status}": 1.0,
        f"places={min(len(draft.places), 2)}": 1.0,
        f"date={draft.date_precision}": 1.0,
    }
    for name in word_classes(sentence):
        features[f"cls={name}"] = 1.0
        features[f"cls={name}|rule={draft.kind}"] = 1.0
    for hint in draft.hints:
        features[f"hint={hint}"] = 1.0
    for flag in ("generic", "anaphoric", "headline"):
        if getattr(draft, flag):
            features[flag] = 1.0
    # Who did it and who suffered it: an attack on civilians is violence against them, on
    # soldiers or police a clash (the roles, which the sentence's words alone do not tell).
    for actor in draft.actors:
        for name in word_classes(actor):
            features[f"actor_cls={name}"] = 1.0
    for figure in (f for f in draft.figures if f.who):
        for name in word_classes(figure.who):
            features[f"victim_cls={name}"] = 1.0
        for word in words_of(figure.who):
            features[f"victim={stem(word)}"] = 1.0
    kinds_of_figures = {f.kind for f in draft.figures}
    if KILLED in kinds_of_figures:
        features["fig=killed"] = 1.0
    if INJURED in kinds_of_figures:
        features["fig=injured"] = 1.0
    for offset, word in enumerate(reversed(before[-_WINDOW:]), 1):
        features[f"L:{stem(word)}"] = 1.0
        if offset == 1:
            features[f"L1:{word}"] = 1.0
    for offset, word in enumerate(after[:_WINDOW], 1):
        features[f"R:{stem(word)}"] = 1.0
        if offset == 1:
            features[f"R1:{word}"] = 1.0
    for word in set(before) | set(after):
        features[f"S:{stem(word)}"] = 1.0
    quotes = len(_QUOTES.findall(sentence[:start]))
    if quotes % 2:
        features["inside_quote"] = 1.0
    if sentence.rstrip().endswith("?"):
        features["question"] = 1.0
    features["position"] = start / max(len(sentence), 1)
    return features
