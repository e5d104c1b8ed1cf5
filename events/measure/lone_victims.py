"""Deaths told without a number: "An Afghan policeman was killed", "He was shot dead".

ACLED counts such a report as one fatality; the casualty patterns (events/measure/casualties.py)
only read figures. Here the parse says who was killed: the passive subject or the object of a
killing verb, or the subject of "died", when it is one person (a person noun in the singular,
a pronoun, or a name that is no place), plus the people coordinated with it ("a soldier and a
policeman were killed": two), also those counted by a number ("a chief, his wife and three sons
were shot dead": five; "killing him and two guards": three).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from events.classify.kinds import ANIMALS
from events.detect.parsing import doc_text
from events.drafts import KILLED, Figure, FigurePattern
from events.measure.casualties import parse_number
from events.wordlists import words
from newsmap.vocabulary import person_nouns

# Past, present and participle forms only: "plans to kill the president" killed no one.
_KILLING = words(
    "killed kills killing murdered assassinated slain slew executed beheaded lynched strangled"
)
# Wounding words that kill with "fatally" ("fatally stabbed") or, for "shot", "dead".
_WOUNDING = words("shot stabbed wounded injured beaten hit struck")
_DIED = words("died dies")
# Verbs only people undergo (in news): whoever they name as the victim is a person, also in a
# noun no list holds ("a former champion boxer was shot dead", "a migrant was murdered"). Not
# "killed" nor "executed": "the deal was killed", "the plan was executed".
_ONLY_PEOPLE = words("murdered assassinated slain slew beheaded lynched strangled")
_PRONOUNS = words("he she him her himself herself")
# "Another was killed", "the other was shot and died": one more person
_ONE_MORE = words("another other")
_A = words("a an")
# Nouns for more than one person, none of them named: how many is not said
_GROUP_NOUNS = words("couple pair family group crowd team gang unit patrol convoy band squad crew")
_NEARLY = words("nearly almost narrowly")
_SAID = words("said says told added reported confirmed stated")
# One person: the nouns a news report names a single victim with (newsmap/vocabulary).
_PERSON_NOUNS = person_nouns()
# Plural people a number counts ("three sons", "two guards", "11 others").
_PEOPLE = _PERSON_NOUNS | words("people persons other others men women children")


def lone_victims(trigger_tokens: Sequence, places: Collection[int]) -> Figure | None:
    """The killed figure a killing trigger implies by naming its victims one by one, or None
    (no such trigger, no victim named, or a plural or a number: those are figures).

    ``places`` are the indexes of tokens inside place names (never a victim).
    """
    for token in trigger_tokens:
        victim, only_people = _victim(token)
        if victim is None or not _one_person(victim, places, only_people):
            continue
        conjuncts = [c for c in victim.conjuncts if not _speaker(c)]
        people = [
            victim,
            *(c for c in conjuncts if _one_person(c, places, only_people) and _another(c)),
        ]
        people += [
            c
            for c in _killed_with(victim)
            if _one_person(c, places, only_people) and c not in people
        ]
        counted = {c: n for c in conjuncts if (n := _counted(c)) is not None}
        groups = list(counted)
        count = len(people) + sum(counted.values())
        start = min(p.left_edge.idx for p in people + groups)
        end = max(p.idx + len(p) for p in people + groups)
        who = victim.lower_ if victim.tag_ == "NN" else ""
        text = doc_text(token.doc)[start:end]
        return Figure(KILLED, count, count, "", who, start, end, text, pattern=FigurePattern.LONE)
    return None


def _another(conjunct) -> bool:
    """Whether a noun coordinated with the victim is another person: "a soldier and a
    policeman", not "a journalist and critic" (one person, two roles)."""
    if conjunct.tag_ != "NN" or conjunct.lower_ in _PERSON_NOUNS:
        return True
    return any(c.dep_ in ("det", "poss") for c in conjunct.children)


def _speaker(token) -> bool:
    """Whether ``token`` is who said it ("killing him and two guards, police and a doctor
    said": the parse may join the doctor to the dead)."""
    doc = token.doc
    return any(doc[i].lower_ in _SAID for i in range(token.i + 1, min(token.i + 3, len(doc))))


def _killed_with(victim) -> list:
    """People killed beside the victim that the parse does not coordinate with it: a second
    subject joined by "and" ("Bertin, 35, and a companion were shot"), "along/together with
    her husband"."""
    verb = victim.head
    doc = victim.doc
    found = [
        c
        for c in verb.children
        if c.dep_ == victim.dep_
        and c.i != victim.i
        and any(doc[i].lower_ == "and" for i in range(min(c.i, victim.i), max(c.i, victim.i)))
    ]
    heads = [verb, *(c for c in verb.children if c.lower_ in ("along", "together"))]
    for head in heads:
        for prep in head.children:
            beside = prep.doc[prep.i - 1].lower_ if prep.i else ""
            if prep.dep_ == "prep" and prep.lower_ == "with" and beside in ("along", "together"):
                found += [c for c in prep.children if c.dep_ == "pobj"]
    return found


def _counted(token) -> int | None:
    """How many people a plural noun with a number counts ("three sons": 3), or None."""
    if token.tag_ != "NNS" or not {token.lower_, _singular(token.lower_)} & _PEOPLE:
        return None
    numbers = [c for c in token.children if c.dep_ == "nummod"]
    return parse_number(numbers[0].text) if len(numbers) == 1 else None


def _singular(word: str) -> str:
    """The singular of a plural person noun ("sons", "policemen", "deputies"); the pipeline
    that parses has no lemmatiser."""
    if word.endswith("men"):
        return word[:-3] + "man"
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") else word


def _victim(token) -> tuple[object | None, bool]:
    """Who the killing word says was killed (or None), and whether the word is one only people
    undergo."""
    word = token.lower_
    if any(c.dep_ == "advmod" and c.lower_ in _NEARLY for c in token.children):
        return None, False  # "was nearly killed", "almost died": alive
    dead = word in _WOUNDING and _says_dead(token)
    killing = word in _KILLING or dead
    only_people = word in _ONLY_PEOPLE or dead
    verbs = [token]
    if (killing or word in _DIED) and token.dep_ == "conj" and not _subject(token):
        # "has been shot and killed", "was shot in the head and died": the victim hangs from
        # the first verb (but "soldiers shot and killed a man": from this one)
        verbs.append(token.head)
        # "was shot in the chest and died": the shooting killed
        only_people = only_people or token.head.lower_ in _WOUNDING
    for verb in verbs:
        for child in verb.children:
            if child.dep_ == "nsubjpass" and killing:
                return child, only_people
            # the object of an active verb ("gunmen shot dead a hunter"; the tagger may take
            # "shot" for a participle there, its subject says it is not one)
            if child.dep_ == "dobj" and killing and (verb.tag_ != "VBN" or _subject(verb)):
                return child, only_people
            if child.dep_ in ("nsubj", "nsubjpass") and word in _DIED:
                return child, only_people
        # "gunmen shot dead an officer", parsed with the officer under "dead"
        for child in verb.children:
            if killing and child.lower_ == "dead" and _subject(verb):
                for object_ in child.children:
                    if object_.dep_ in ("dobj", "pobj"):
                        return object_, only_people
    return None, False


def _subject(token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)


def _says_dead(token) -> bool:
    """ "shot dead", "fatally stabbed", "shot to death" ("shot and killed": the killing word is
    a trigger too)."""
    if any(c.lower_ in ("dead", "fatally", "mortally") for c in token.children):
        return True
    return any(
        c.lower_ == "to" and any(g.lower_ == "death" for g in c.children) for c in token.children
    )


def _one_person(token, places: Collection[int], only_people: bool = False) -> bool:
    """Whether ``token`` names one person: a pronoun, a person noun, a name that is no place,
    "another"; a noun with an age ("a 24-year-old"), a nationality ("an Israeli") or, after a
    verb only people undergo, any singular noun that names no animal."""
    if token.i in places or any(c.dep_ == "nummod" for c in token.children):
        return False
    tag, word = token.tag_, token.lower_
    if tag == "PRP":
        return word in _PRONOUNS
    if word in _ONE_MORE and tag in ("DT", "JJ", "NN"):
        return True
    if tag == "NN":
        if word in _GROUP_NOUNS or ANIMALS.search(word):
            return False
        return word in _PERSON_NOUNS or _aged(token) or only_people
    # "an Israeli", "a Palestinian": a nationality read as an adjective or a name
    if tag in ("JJ", "NNP") and any(c.dep_ == "det" and c.lower_ in _A for c in token.children):
        return token.text[:1].isupper()
    # the name itself, not what is said beside it ("Dirir, a member of Puntland parliament")
    name = [token, *(c for c in token.children if c.dep_ == "compound")]
    return tag == "NNP" and not any(t.i in places for t in name)


def _aged(token) -> bool:
    """ "a 24-year-old", "a 50-year-old reporter": an age is a person's."""
    doc = token.doc
    before = doc_text(doc)[token.left_edge.idx : token.idx + len(token)].lower()
    return bool(_AGE.search(before))


_AGE = re.compile(r"\byears?\W{0,2}old\b")
