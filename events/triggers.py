"""Event triggers: words that say something happened (conflict, disaster, politics news).

The lexicon lists word forms, not lemmas: each entry is a small regular expression over whole
words ("kill(?:s|ed|ing)?"), matched case-insensitively on the original text so offsets stay
exact. No tagger or lemmatiser is needed, which keeps finding triggers far cheaper than NER; the
price is that a form missing from the list is missed. Several words in an entry match across any
white space ("held talks", "air strikes").

Each entry carries a *hint*: an event kind of events/kinds.py ("air_strike", "protest", ...), a
generic hint ("violence", "casualties": the kind comes from the other triggers of the event or
from its participants), or "support" for verbs that only head another trigger ("launched an
attack", "clashes erupted"). Where two entries could match at one place, the entry listed first
wins ("bombing raids" is an air strike before "bombing" is a bombing).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from events import kinds
from events.trigger_senses import inside_a_name, is_headline, other_sense

SUPPORT = "support"

LEXICON: dict[str, tuple[str, ...]] = {
    kinds.AIR_STRIKE: (
        r"air(?:-|\s+)?strikes?",
        r"air(?:-|\s+)?raids?",
        r"drone (?:strikes?|attacks?)",
        r"bombing raids?",
        r"aerial (?:bombardment|bombing|attacks?|campaign)",
        r"strikes?",
    ),
    kinds.SHELLING: (
        r"shell(?:ed|ing|s)",
        r"artillery",
        r"mortars?",
        r"rockets?",
        r"missiles?",
        r"bombard(?:ed|ment|ments)?",
    ),
    kinds.BOMBING: (
        r"bomb(?:s|ed|ing|ings|ers?)?",
        r"car(?:-|\s+)bombs?",
        r"blasts?",
        r"explo(?:de|des|ded|sion|sions)",
        r"detonat(?:e|es|ed|ion|ing)",
        r"blew up",
        r"IEDs?",
    ),
    kinds.ARMED_CLASH: (
        r"clash(?:es|ed|ing)?",
        r"fighting",
        r"fought",
        r"gun(?:-|\s+)?battles?",
        r"firefights?",
        r"battles?",
        r"battled",
        r"skirmish(?:es)?",
        r"offensives?",
        r"counter-?(?:offensives?|attacks?)",
        r"siege",
        r"besieg(?:ed|ing)",
        r"seiz(?:e|ed|es|ing)",
        r"(?:re)?captur(?:e|ed|es|ing)",
        r"overran",
        r"overrun",
        r"retook",
        r"liberat(?:ed|ing|ion)",
        r"invad(?:e|ed|ing)",
        r"invasion",
        r"occup(?:y|ied|ying)",
        r"storm(?:ed|ing)",
        r"encircled",
        r"ambush(?:es|ed)?",
    ),
    kinds.VIOLENCE_AGAINST_CIVILIANS: (
        r"murder(?:s|ed|ing)?",
        r"massacre[sd]?",
        r"slaughter(?:ed)?",
        r"beheaded",
        r"beheadings?",
        r"executed",
        r"executions?",
        r"assassinat(?:ed|ion)",
        r"kidnapp(?:ed|ing|ings)",
        r"abduct(?:ed|ion|ions)",
        r"stabb(?:ed|ing|ings)",
        r"lynched",
        r"tortured",
    ),
    kinds.VIOLENCE: (
        r"attack(?:s|ed|ing)?",
        r"assault(?:s|ed)?",
        r"target(?:ed|ing)",
        r"struck",
        r"shot",
        r"shoot(?:s|ing|ings)?",
        r"gunned down",
        r"gunfire",
        r"opened fire",
        r"fired (?:on|at|upon)",
        r"firing",
        r"striking",
        r"destroy(?:ed|s|ing)?",
        r"burn(?:ed|t)",
        r"torched",
        r"set (?:on )?fire",
        r"raid(?:s|ed|ing)?",
        r"carnage",
        r"violence",
    ),
    kinds.CASUALTIES: (
        r"kill(?:s|ed|ing|ings)?",
        r"wound(?:ed|ing)",
        r"injur(?:ed|ing|ies)",
        r"casualties",
        r"died",
        r"dies",
        r"dead",
        r"deaths",
        r"death toll",
        r"(?:bod(?:y|ies)|corpses?|remains) (?:were |was |have been |has been )?"
        r"(?:found|discovered|recovered|pulled|dug up|exhumed)",
        r"found dead",
    ),
    kinds.DEPLOYMENT: (
        r"deploy(?:s|ed|ing|ment|ments)?",
        # "sent troops", "committed an additional 560 US troops"
        r"(?:send|sends|sent|sending|commit|commits|committed|dispatch|dispatched|"
        r"contribute|contributed) "
        r"(?:(?:a|an|the|its|their|more|additional|extra|new|some|about|around|nearly|almost|"
        r"over|several|hundreds of|thousands of|[\d,]+|(?-i:[A-Z][\w.-]*)) ){0,4}"
        r"(?:troops|forces|soldiers|warships)",
        r"reinforcements",
        r"mobili[sz](?:ed|ation)",
        r"withdr(?:ew|awn|awal)",
        r"patroll?(?:s|ed|ing)?",
        r"stationed",
        r"enter(?:ed|ing|s)?",
    ),
    kinds.PROTEST: (
        r"protest(?:s|ed|ing|ers)?",
        r"demonstrat(?:ion|ions|ors|ed|ing)",
        r"rall(?:y|ies|ied)",
        r"march(?:ed|es|ing)?",
        r"sit-ins?",
        r"hunger strikes?",
        r"(?:general|nationwide|national|labou?r) strikes?",
        r"(?:went|go|going|are|were|is|was|remain(?:ed)?) on strike",
        r"strike action",
        r"(?:began|begun|staged|called|held|declared|started) an? (?:[\w-]+ ){0,2}?strike",
        r"walk-?outs?",
    ),
    kinds.RIOT: (
        r"riot(?:s|ed|ing|ers)?",
        r"loot(?:ed|ing)",
        r"unrest",
    ),
    kinds.ARREST: (
        r"arrest(?:s|ed|ing)?",
        r"detain(?:s|ed|ing)?",
        r"detention",
        r"jailed",
        r"imprisoned",
        r"rounded up",
        r"taken into custody",
    ),
    kinds.MEETING: (
        r"met",
        r"meet(?:s|ing|ings)?",
        r"summit",
        r"conference",
        r"(?:planning )?sessions",
        r"talks",
        r"negotiat(?:ed|ions)",
        r"signed",
        r"ceasefire",
        r"truce",
        r"agreed",
        r"agreement",
        r"visit(?:s|ed)?",
    ),
    kinds.DISPLACEMENT: (
        r"fled",
        r"flee(?:s|ing)?",
        r"displaced",
        r"displacement",
        r"evacuat(?:e|ed|ion|ions)",
        r"exodus",
    ),
    kinds.DISASTER: (
        r"earthquakes?",
        r"quake",
        r"tremors?",
        r"aftershocks?",
        r"flood(?:s|ed|ing)?",
        r"floodwaters?",
        r"hurricanes?",
        r"cyclones?",
        r"typhoons?",
        r"tornado(?:es)?",
        r"storms?",
        r"(?:wild|bush|forest )fires?",
        r"blaze",
        r"(?:land|mud)slides?",
        r"avalanche",
        r"tsunami",
        r"erupt(?:ed|ion)",
        r"drought",
        r"famine",
        r"outbreaks?",
        r"infected",
        r"infections?",
        r"epidemic",
        r"pandemic",
        r"crash(?:es|ed)?",
        r"collided",
        r"collision",
        r"derail(?:ed|ment)",
        r"capsized",
        r"sank",
        r"collapsed",
        r"caught fire",
        r"fire broke out",
        r"cases?",  # of a disease only (_other_sense)
        r"tested positive",
        r"accidents?",
        r"diagnosed",
        # a disease found or caught (of a disease only, as "cases": _other_sense)
        r"(?:found|discovered|detected|identified|contracted|hospitali[sz]ed|sickened)",
        r"illness(?:es)?",
        r"(?:fell|falls|became) ill",
        r"cull(?:ed|ing|s)?",
    ),
    kinds.OTHER: (
        r"coup",
        r"uprising",
        r"elect(?:ed|ion|ions)",
        r"voted",
        r"referendum",
        r"inaugurat(?:ed|ion)",
        r"sworn in",
        r"resign(?:ed|ation)",
    ),
    # Support verbs: an event only when they govern another trigger ("launched an attack",
    # "clashes erupted", "sessions were held"); they then head it.
    SUPPORT: (
        r"launch(?:ed|es|ing)?",
        r"carr(?:y|ied|ies|ying) out",
        r"conduct(?:ed|s|ing)?",
        r"stag(?:e|ed|es|ing)",
        r"occurr?(?:ed|s|ing)?",
        r"beg(?:an|un|in|ins)",
        r"continu(?:ed|es|ing)",
        r"resum(?:ed|es|ing)",
        r"broke out",
        r"erupted",
        r"took place",
        r"happened",
        r"held",
        r"hit(?:s|ting)?",
        r"leaving",
        r"left",
        r"claimed",
    ),
}
TRIGGER_KINDS = tuple(LEXICON)


def _compile() -> re.Pattern[str]:
    groups = []
    for kind, forms in LEXICON.items():
        # Longer forms first so "air strikes" wins over "strikes" at the same place.
        ordered = sorted(forms, key=len, reverse=True)
        groups.append(f"(?P<{kind}>" + "|".join(f.replace(" ", r"\s+") for f in ordered) + ")")
    # Not inside a hyphenated word: "rebel-held" is no meeting held.
    return re.compile(r"(?i)(?<![\w-])(?:" + "|".join(groups) + r")(?![\w-])")


_PATTERN = _compile()
_WORD = re.compile(r"(?<![\w-])\w+")
_MAX_FORMS = 5000  # first words one lexicon entry may have before we stop enumerating


class _Unsupported(Exception):
    """A lexicon entry whose first words cannot be listed (the prefilter is then off)."""


def _first_words() -> frozenset[str] | None:
    """Every word (case-folded) a trigger can begin with, enumerated from the lexicon's
    regular expressions; None when an entry cannot be enumerated (then every word is tried).

    Trying the whole alternation at each word costs 4x more than looking the word up first:
    this set is that lookup. It relies on the standard library's regular-expression parser
    (``re._parser``, present since Python 3.11); on any surprise it gives up, never guesses.
    """
    try:
        from re import _constants as c
        from re import _parser as parser

        found: set[str] = set()
        for forms in LEXICON.values():
            for form in forms:
                found |= {w.casefold() for w, _ in _sequence(parser.parse(form), c)}
    except (ImportError, AttributeError, _Unsupported, RecursionError):
        return None
    return None if "" in found else frozenset(found)


def _sequence(items, c) -> set[tuple[str, bool]]:
    """The starts of the strings ``items`` match, up to the first non-word character, each
    with whether that character was reached."""
    states = {("", False)}
    for op, arg in items:
        states = {
            (start + more, stopped)
            for start, done in states
            for more, stopped in ([("", True)] if done else _item(op, arg, c))
        }
        if len(states) > _MAX_FORMS:
            raise _Unsupported
    return states


def _item(op, arg, c) -> set[tuple[str, bool]]:
    if op is c.LITERAL:
        return {_char(chr(arg))}
    if op is c.IN:
        chars = set()
        for kind, value in arg:
            if kind is c.LITERAL:
                chars.add(chr(value))
            elif kind is c.RANGE and value[1] - value[0] < 128:
                chars.update(map(chr, range(value[0], value[1] + 1)))
            elif kind is c.CATEGORY and value is c.CATEGORY_SPACE:
                chars.add(" ")
            else:
                raise _Unsupported
        return {_char(ch) for ch in chars}
    if op is c.CATEGORY and arg is c.CATEGORY_SPACE:
        return {("", True)}
    if op is c.SUBPATTERN:
        return _sequence(arg[-1], c)
    if op is c.BRANCH:
        return set().union(*(_sequence(branch, c) for branch in arg[1]))
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        low, high, sub = arg
        once = _sequence(sub, c)
        if high is c.MAXREPEAT:
            if all(stopped and not text for text, stopped in once):
                return {("", True)}  # "\s+": a word ends here
            raise _Unsupported
        found, states = set(), {("", False)}
        for times in range(high + 1):
            if times >= low:
                found |= states
            states = {(t + m, s) if not d else (t, d) for t, d in states for m, s in once}
        return found
    raise _Unsupported


def _char(ch: str) -> tuple[str, bool]:
    return (ch, False) if ch.isalnum() or ch == "_" else ("", True)


FIRST_WORDS = _first_words()


@dataclass(frozen=True)
class Trigger:
    """An event word in a sentence: ``sentence[start:end] == text``; ``kind`` from LEXICON."""

    start: int
    end: int
    text: str
    kind: str


def find_triggers(sentence: str, disease_story: bool = False) -> list[Trigger]:
    """Every trigger in ``sentence``, in order, without overlaps (other senses and words
    inside a name left out). ``disease_story``: the sentence is from a story about a disease
    (its "cases" are the disease's without naming it)."""
    headline = is_headline(sentence)
    return [
        Trigger(m.start(), m.end(), m.group(), m.lastgroup or "")
        for m in _matches(sentence)
        if not other_sense(sentence, m, disease_story)
        and (headline or not inside_a_name(sentence, m))
    ]


def _matches(sentence: str) -> Iterator[re.Match[str]]:
    """The lexicon's matches in ``sentence``, like ``_PATTERN.finditer`` (same matches), but
    trying the pattern only at words a trigger can begin with (:data:`FIRST_WORDS`)."""
    if FIRST_WORDS is None:
        yield from _PATTERN.finditer(sentence)
        return
    end = 0
    for word in _WORD.finditer(sentence):
        if word.start() < end or word.group().casefold() not in FIRST_WORDS:
            continue
        match = _PATTERN.match(sentence, word.start())
        if match is not None:
            end = match.end()
            yield match


def nearest_trigger(triggers: list[Trigger], start: int, end: int) -> Trigger | None:
    """The trigger closest to the span ``[start, end)`` (ties go to the earlier one)."""
    if not triggers:
        return None
    return min(triggers, key=lambda t: (max(t.start - end, start - t.end, 0), t.start))
