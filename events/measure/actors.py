"""Who did it: the actors an event's sentence names, read from the dependency parse.

- the agent: "Airstrikes *by the American-led war coalition*", "was shot *by Haitian gunmen*";
- the subject of an active event verb: "*Israeli troops* shot", "*Carter* met with ...";
- the other party of a meeting or clash: "met *with French Defense Minister Jean-Yves Le
  Drian*", "clashed *with police*";
- supporters: "*with significant support from the French military*", "*backed by* Hezbollah",
  "*in coordination with* the NDF", "*alongside* the army".

A phrase is the noun's own words (determiners, relative clauses and trailing phrases dropped);
a group noun ("leaders from NATO", "members of Boko Haram") gives way to the group. Pronouns and
the victims are not actors.
"""

from __future__ import annotations

from collections.abc import Sequence

from events.detect.parsing import pos
from events.wordlists import words

_PRONOUNS = words(
    "i you he she it we they who whom which that this these those someone somebody anyone one none"
)
_GROUP_NOUNS = words(
    "leaders leader members member officials official representatives delegates ministers "
    "minister fighters elements units troops forces militants soldiers delegation"
)
# "support from X", "with the help of X", "in coordination with X" (not "in support of X")
_SUPPORT_PREPS = {
    "support": ("from",),
    "help": ("of", "from"),
    "backing": ("of", "from"),
    "assistance": ("of", "from"),
    "cooperation": ("with",),
    "coordination": ("with",),
}
_ATTENDING = words("attended hosted chaired led organized organised")
_OWN_DEPS = frozenset({"compound", "amod", "nmod", "poss", "nummod", "punct", "case", "hmod"})
_MAX_WORDS = 8


def actors_of(tokens: Sequence, exclude: set[int] = frozenset()) -> tuple[str, ...]:
    """Actor phrases for the event whose trigger head tokens are ``tokens``, in order found.

    ``exclude`` holds token indexes that may not be actors (place names, other triggers).
    """
    found: list = []
    own = {t.i for t in tokens}
    for token in tokens:
        subjects = [c for c in token.children if c.dep_ == "nsubj"]
        if not subjects and token.dep_ == "advcl":
            subjects = [c for c in token.head.children if c.dep_ == "nsubj"]  # "Having sent ..., X"
        if pos(token) == "VERB":
            found += [s for s in subjects if s.i not in own]
        for child in token.children:
            if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ in ("by", "with")):
                found += [c for c in child.children if c.dep_ == "pobj"]
            if child.dep_ in ("acl", "advcl") and child.lower_ in _ATTENDING:
                for agent in child.children:  # "sessions ..., attended by leaders from NATO"
                    if agent.dep_ == "agent":
                        found += [c for c in agent.children if c.dep_ == "pobj"]
        found += _supporters(token)
    phrases: list[str] = []
    for head in found:
        for part in [head, *_conjuncts(head)]:
            phrase = _phrase(_group(part), exclude | own)
            if phrase and phrase not in phrases:
                phrases.append(phrase)
    return tuple(phrases)


def _supporters(token) -> list:
    """Heads of "with support from X", "backed by X", "in coordination with X", "alongside X"."""
    found = []
    for node in token.subtree:
        if node.lower_ in _SUPPORT_PREPS:
            for prep in node.children:
                if prep.dep_ == "prep" and prep.lower_ in _SUPPORT_PREPS[node.lower_]:
                    found += [c for c in prep.children if c.dep_ == "pobj"]
        elif node.lower_ in ("backed", "supported", "aided", "assisted"):
            for agent in node.children:
                if agent.dep_ == "agent":
                    found += [c for c in agent.children if c.dep_ == "pobj"]
        elif node.lower_ == "alongside" and node.dep_ == "prep":
            found += [c for c in node.children if c.dep_ == "pobj"]
    return found


def _group(token):
    """ "leaders from NATO" -> NATO; "members of Boko Haram" -> Boko Haram."""
    if token.lower_ in _GROUP_NOUNS:
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ in ("from", "of"):
                for obj in prep.children:
                    if obj.dep_ == "pobj" and pos(obj) == "PROPN":
                        return obj
    return token


def _conjuncts(token) -> list:
    return [c for c in token.children if c.dep_ == "conj" and pos(c) in ("PROPN", "NOUN")]


def _phrase(token, exclude: set[int]) -> str | None:
    """The noun's own words: modifiers to its left and itself, no determiner."""
    if token.lower_ in _PRONOUNS or pos(token) not in ("NOUN", "PROPN") or token.i in exclude:
        return None
    words = [token]
    for child in reversed(list(token.lefts)):
        if child.dep_ not in _OWN_DEPS and child.dep_ != "det":
            break
        words = [*child.subtree, *words] if child.dep_ != "det" else words
    # "North Atlantic Treaty Organization (NATO)": keep an acronym in brackets
    right = list(token.rights)
    if right and right[0].dep_ == "appos" and right[0].text.isupper():
        words.append(right[0])
    words = sorted({w.i: w for w in words}.values(), key=lambda w: w.i)
    if len(words) > _MAX_WORDS or any(w.i in exclude for w in words if w.i == token.i):
        return None
    text = token.doc[words[0].i : words[-1].i + 1].text
    if words[-1].i != token.i and right and right[0].dep_ == "appos":
        text = f"{token.doc[words[0].i : token.i + 1].text} ({right[0].text})"
    return text.strip(" ,\"'“”")
