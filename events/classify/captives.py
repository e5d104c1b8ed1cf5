"""People captured or seized: an arrest or an abduction, not a battle for ground.

"Captured" and "seized" are triggers of an armed clash (rebels captured the town). When what
was taken is people ("the army captured 18 Palestinians", "Rudolph was captured near
Murphy"), ACLED codes an arrest when security forces take them, and an abduction (violence against
civilians) when an armed group does ("four Britons were captured by separatist rebels").
Who counts as either is data: the word classes ``state_captors`` and ``armed_captors`` of
newsmap/vocabulary/kinds.toml (:data:`events.classify.kinds.STATE_CAPTORS`, ``ARMED_CAPTORS``).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from events.classify import kinds
from events.wordlists import words
from newsmap.vocabulary import person_nouns

_TAKING = words(
    "capture captured captures capturing recapture recaptured seize seized seizes seizing"
)
_PRONOUNS = words("he she him her they them")
# People taken without a word on who took them who are hostages, not suspects.
_HELD_FOR_RANSOM = words(
    "hostage worker journalist reporter tourist civilian engineer contractor missionary "
    "employee volunteer nurse doctor teacher"
)
# "Palestinians", "Britons", "Iraqis", "Japanese": people of a nation
_NATIONALS = re.compile(r"[A-Z][a-z]+(?:ans|ons|is|ese|ers)")
_IRREGULAR = {"men": "man", "women": "woman", "children": "child", "people": "person"}
_PERSON_NOUNS = person_nouns()  # one person: "journalist", "policeman" (newsmap/vocabulary)


def captive_kind(trigger_tokens: Sequence, places: Collection[int]) -> str | None:
    """ARREST or VIOLENCE_AGAINST_CIVILIANS when a capturing trigger took people, else None.

    Who took them decides: security forces make an arrest, an armed group an abduction; when
    the sentence does not say, hostages and aid workers were abducted, anyone else arrested
    unless an armed group is named elsewhere in the sentence. ``places`` are the indexes of
    tokens inside place names (never people)."""
    for token in trigger_tokens:
        if token.lower_ not in _TAKING:
            continue
        for child in token.children:
            if child.dep_ in ("dobj", "nsubjpass") and _people(child, places):
                return _taken_by(token, child, places)
    return None


def _taken_by(verb, captives, places: Collection[int]) -> str:
    agent = _agent(verb)
    if agent is not None:
        said = " ".join(t.text for t in agent.subtree)
        if kinds.STATE_CAPTORS.search(said) or agent.i in places:
            return kinds.ARREST  # "Colombia captures rebel commander": a state takes them
        if kinds.ARMED_CAPTORS.search(said) or agent.tag_ in ("NNP", "NNPS"):
            return kinds.VIOLENCE_AGAINST_CIVILIANS  # "Hezbollah captured three soldiers"
        return kinds.ARREST
    if _singular(captives.lower_) in _HELD_FOR_RANSOM:
        return kinds.VIOLENCE_AGAINST_CIVILIANS
    taken = {t.i for t in captives.subtree}
    rest = " ".join(t.text for t in captives.doc if t.i not in taken)
    return kinds.VIOLENCE_AGAINST_CIVILIANS if kinds.ARMED_CAPTORS.search(rest) else kinds.ARREST


def _agent(verb):
    """Who did the taking: the subject of an active verb, the "by" phrase of a passive one."""
    for child in verb.children:
        if child.dep_ == "nsubj":
            return child
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def _people(token, places: Collection[int]) -> bool:
    if token.i in places:
        return False
    word, tag = token.lower_, token.tag_
    if tag == "PRP":
        return word in _PRONOUNS
    if tag in ("NNS", "NNPS") and _NATIONALS.fullmatch(token.text):
        return True
    if tag in ("NN", "NNS"):
        return _singular(word) in _PERSON_NOUNS
    if tag in ("NNP", "CD"):
        return _named_person(token, places)
    return False


def _named_person(token, places: Collection[int]) -> bool:
    """Whether a name (or "one of ...") the parse gives no noun for is said to be people: by
    an age or a person noun beside it ("Velu Kumar, 34", "rebel Velu Kumar", "Ahmed Salim, a
    senior commander"), people joined to it ("Bembe and his guard"), or "one of the leaders".
    A bare name may be a town the geoparser did not know ("captured Marjah"): not enough."""
    for child in token.children:
        if child.i in places:
            continue
        if child.dep_ == "appos" and (child.tag_ == "CD" or _people(child, places)):
            return True
        if child.dep_ == "compound" and child.tag_ == "NN" and _people(child, places):
            return True
        if child.dep_ == "conj" and _people(child, places):
            return True
        if child.dep_ == "prep" and child.lower_ == "of" and token.tag_ == "CD":
            return any(g.dep_ == "pobj" and _people(g, places) for g in child.children)
    return False


def _singular(word: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith("men"):
        return word[:-3] + "man"  # policemen, militiamen
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") else word
