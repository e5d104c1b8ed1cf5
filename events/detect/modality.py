"""Is an event word negated or only hypothetical? Read from the words before it in its clause.

- Negated: a negation right before the word or its auxiliaries ("no new cases have been
  found", "did not attack", "never deployed", "without casualties").
- Hypothetical: a modal of possibility before a bare verb ("could kill two million", "would
  attack the capital", "may spread"), or the word inside an "if"/"unless" clause. A modal with
  "have" and a participle ("may have been killed") speaks of the past: not hypothetical.

The annotation conventions (tools/eventsets/README.md) make both no event, and a figure in
such a clause never counts (a projected toll is no toll).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from events.detect.triggers import SUPPORT, Trigger
from events.wordlists import words

NEGATED = "negated"
HYPOTHETICAL = "hypothetical"

_CLAUSE_START = re.compile(r"[;:!?\"“”()]|,\s+(?:but|and|while|whereas|although|though)\b|\.\s")
_LOOK_BACK = 60  # characters
_NEGATION = re.compile(r"(?i)\b(?:no|not|never|n[o']t|without|neither|nor|failed\s+to)\s+")
# Words that may sit between the negation and the event word ("no one was killed", "not a
# single person was injured", "no new cases have been found").
_GAP_WORDS = words(
    """
    a an the one single person people new further more other any confirmed reported human
    fresh additional major been be being have has had was were is are yet so far known serious
    significant immediate direct large-scale
    """
)
_MAX_GAP = 5
_MODAL = re.compile(
    r"(?i)\b(?:could|would|might|may|can|should|(?:is|are)\s+likely\s+to|"
    r"threaten(?:s|ed)?\s+to)\s+"
)
_ADVERBS = words("potentially possibly eventually also still even soon further easily well")
_CONDITION = re.compile(r"(?i)\b(?:if|unless|in\s+case)\b[^,;]*$")


def _last(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    matches = list(pattern.finditer(text))
    return matches[-1] if matches else None


def _clause_before(sentence: str, start: int) -> str:
    before = sentence[max(0, start - _LOOK_BACK) : start]
    cut = _last(_CLAUSE_START, before)
    return before[cut.end() :] if cut is not None else before


# A figure that is a projection: "the prudent worst case of 320,000 deaths is projected",
# "a scenario of two million deaths", "models predict 50,000 deaths".
_PROJECTION = re.compile(
    r"(?i)\b(?:worst[- ]case|projected|projections?|projects|scenarios?|forecast\w*|"
    r"predict\w*|modell?(?:ed|ing)|simulat\w*|hypothetical|potential(?:ly)?|could|would|might)\b"
)
_CLAUSE_END = re.compile(r"[;!?\"“”()]|\.\s|,\s+(?:but|and|while|whereas|although|though)\b")


def projected(sentence: str, start: int, end: int) -> bool:
    """Whether the figure at ``start:end`` sits in a clause that projects it (worst cases,
    forecasts, models, modal verbs), before or after it."""
    before = _clause_before(sentence, start)
    after = sentence[end : end + _LOOK_BACK]
    stop = _CLAUSE_END.search(after)
    after = after[: stop.start()] if stop else after
    return bool(_PROJECTION.search(before) or _PROJECTION.search(after))


def modality(sentence: str, start: int) -> str | None:
    """NEGATED, HYPOTHETICAL or None for the event word at offset ``start`` of ``sentence``."""
    before = _clause_before(sentence, start)
    negation = _last(_NEGATION, before)
    if negation is not None:
        gap = before[negation.end() :].lower().split()
        if len(gap) <= _MAX_GAP and all(w in _GAP_WORDS for w in gap):
            return NEGATED
    modal = _last(_MODAL, before)
    if modal is not None:
        gap = [w for w in before[modal.end() :].lower().split() if w not in _ADVERBS]
        # "may have been killed" speaks of the past; "could kill", "would be deployed" do not.
        if len(gap) <= 2 and (not gap or gap[0] != "have"):
            return HYPOTHETICAL
    if _CONDITION.search(before):
        return HYPOTHETICAL
    return None


def event_modality(sentence: str, head: Trigger, members: Sequence[Trigger]) -> str | None:
    """The :func:`modality` of an event told by ``members`` and headed by ``head``: the head's,
    and when the head is a support verb, that of the first event word it heads ("no major
    clashes occurred": the negation sits before "clashes", not before "occurred")."""
    said = modality(sentence, head.start)
    if said is not None or head.kind != SUPPORT:
        return said
    told = next((t for t in members if t.kind != SUPPORT), None)
    return modality(sentence, told.start) if told is not None else None
