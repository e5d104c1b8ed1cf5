"""Did the event happen, or is it planned? Read from the parse around the trigger words.

An event is *planned* (threatened, prepared, announced for later) when:

- its verb is in the future or conditional ("will send forces", "would deploy", "is going to"),
  or an infinitive under a verb of intent ("plans to expand", "ready to carry out"; but
  "managed to capture" and "began to shell" happened);
- its noun is what a plan or preparation is for ("Planning sessions for the attacks",
  "the final countdown for the offensives", "calls for NATO deployments", "ahead of the
  summit"), is being prepared ("the slaughter being prepared"), or carries a modifier such as
  "planned", "upcoming", "imminent";
- its noun is the subject of a future verb ("the assaults will be bloody affairs").

Everything else is taken to have happened (news reports the past).
"""

from __future__ import annotations

from collections.abc import Sequence

from events.detect.parsing import pos
from events.wordlists import words

OCCURRED = "occurred"
PLANNED = "planned"
STATUSES = (OCCURRED, PLANNED)

_FUTURE_AUX = frozenset({"will", "would", "'ll", "shall", "wo", "’ll"})
_HAPPENED_XCOMP_HEADS = words(
    "manage managed manages begin began begun begins start started starts continue continued "
    "continues resume resumed help helped rushed rush rushing scrambled hurried raced"
)
_PLAN_WORDS = words(
    """
    plan plans planned planning plot plotted plotting prepare prepared preparing preparation
    preparations countdown threat threats threaten threatened threatening intend intends intended
    aim aims aimed seek seeks sought propose proposed proposal call calls called calling press
    pressing pressed demand demands demanded expect expects expected vow vows vowed pledge
    pledged pledges promise promised promises decide decided decision agree agreed ready set
    due scheduled schedule going want wants wanted hope hopes hoped consider considering
    considered order ordered orders authorize authorized approve approved urge urged details
    blueprint timetable
    """
)
# What an event is for, not a plan for it: "rallies aimed at heading off a war" took place.
_PURPOSE_WORDS = words("aim aims aimed intend intends intended")
_LIKELY = words("likely expected set due poised ready about bound")
_PLAN_MODIFIERS = words(
    "planned upcoming proposed imminent looming future impending prospective expected possible "
    "potential threatened anticipated next"
)


def status_of(tokens: Sequence) -> str:
    """PLANNED or OCCURRED for the event whose trigger head tokens are ``tokens``."""
    return PLANNED if any(_planned(token) for token in tokens) else OCCURRED


def _planned(token) -> bool:
    if pos(token) in ("VERB", "AUX"):
        return _verb_planned(token)
    if any(c.dep_ == "amod" and c.lower_ in _PLAN_MODIFIERS for c in token.children):
        return True
    if any(
        c.dep_ in ("acl", "relcl") and c.lower_ in _PLAN_WORDS - _PURPOSE_WORDS
        for c in token.children
    ):
        return True  # "the slaughter being prepared by Washington"
    node = token
    for _ in range(4):  # "Planning sessions for the attacks", "calls for deployments"
        head = node.head
        if head.i == node.i:
            break
        if node.dep_ in ("nsubj", "nsubjpass") and pos(head) in ("VERB", "AUX"):
            return _verb_planned(head)  # "the assaults will be bloody"
        planning = head.lower_ == "ahead" or _plan_word(head.head)
        if node.dep_ == "pobj" and head.lower_ in ("for", "ahead", "before") and planning:
            return True
        if node.dep_ in ("dobj", "xcomp") and _plan_word(head):
            return True  # "called for stepped-up deployments", "pressing for"
        if node.dep_ not in ("pobj", "prep", "compound", "dobj", "conj", "amod"):
            break
        node = head
    return False


def _verb_planned(verb) -> bool:
    """Future, conditional or intended: the verb itself or the verbs it is coordinated with."""
    for node in (verb, verb.head if verb.dep_ == "conj" else verb):
        children = list(node.children)
        if any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in children):
            return True
        if any(c.dep_ == "acomp" and c.lower_ in _LIKELY for c in children):
            return True  # "outbreaks are likely to spread", "is set to"
        to = any(c.dep_ == "aux" and c.tag_ == "TO" for c in children)
        if to and any(c.dep_ == "aux" and c.lower_ == "have" for c in children):
            return False  # "is suspected to have died", "confirmed to have infected": past
        if to and node.dep_ == "xcomp":
            # "managed to capture" happened; "tried to storm" did not, nor is it planned
            return node.head.lower_ not in _HAPPENED_XCOMP_HEADS | {"tried", "attempted"}
        if node.dep_ == "xcomp" and _plan_word(node.head) and node.tag_ == "VB":
            return True
    return False


def _plan_word(token) -> bool:
    return token.lower_ in _PLAN_WORDS or any(c.lower_ in _PLAN_WORDS for c in token.lefts)
