"""Casualty figures in a sentence: how many were killed or injured, how sure, and who.

Patterns (English, regular expressions; the figure is read from the original text):

- verb first: "killed as many as 212 civilians", "killing 8 people and wounding about 20",
  "left 25 dead", "leaving at least three people injured";
- figure first: "at least 56 people were killed", "Five people died", "nearly 20 were wounded",
  "12 dead", "no civilians were reportedly killed";
- tolls: "the civilian death toll ... was reported to be 56", "the death toll rose to 40",
  "the number of deaths ... is now more than 1,200", "63 deaths".

Numbers come as digits ("1,200"), words ("twenty-one", "two dozen") or vague words, valued as
the annotation conventions say (dozens 24, hundreds 200, thousands 1000; "several", "many" and
"scores of" give no figure); a year or an age is no count (events/measure/counts.py). Ranges
("between 10 and 20", "10 to 20", "10-20") keep both ends; the figure reported is the low end
(ACLED's conservative choice), the qualifier says it was a range. The groups of one event add
up: two figures after one verb ("killing seven bodyguards and five civilians") and one named
before "N others" ("killing the district head and 11 others": 12) are read here, the groups
told before or after a figure ("Ten civilians and three technicians") in
events/measure/casualty_groups.py.
"""

from __future__ import annotations

import re
from dataclasses import replace

from events.classify.kinds import ANIMALS
from events.drafts import INJURED, KILLED, Figure, FigurePattern
from events.measure.casualty_groups import with_group_before, with_more_after, with_places_after
from events.measure.counts import (
    NUMBER,
    QUALIFIER,
    STOP,
    VAGUE_QUALIFIERS,
    VAGUE_WORDS,
    not_a_count,
    parse_number,
)
from events.measure.dating import MONTH_WORD
from newsmap.prefilter import Prefiltered
from newsmap.vocabulary import capitalised, weekdays

# Read by the patterns' callers from here: the figures, and the counts they are made of.
__all__ = ["VAGUE_QUALIFIERS", "find_figures", "parse_number"]

_FIGURE = (
    rf"(?:{QUALIFIER})?(?:between\s+(?P<low>{NUMBER})\s+and\s+|(?P<low2>\d[\d,]*)\s*(?:-|–)\s*"
    rf"|(?P<low3>{NUMBER})\s+(?:to|or)\s+)?"
    rf"(?P<num>{NUMBER}|no)\b"
)
_WHO = rf"(?P<who>(?:(?!(?:{STOP})\b)[A-Za-z][\w'’-]*(?:\s+|$|(?=[.,;:!?)]))){{0,4}})"
# The verbs that take lives: "claimed the lives of 12", "took 300 lives", "cost the life of"
_TAKE_LIFE = r"(?:claim(?:ed|ing|s)?|t(?:ook|aken|aking|akes)|cost(?:ing|s)?)"
_KILL_VERB = (
    rf"(?P<kverb>kill(?:ed|ing|s)?|{_TAKE_LIFE}"
    r"\s+the\s+lives\s+of|left|leaving|leaves|fatally\s+(?:sho(?:t|ots|oting)|stab(?:bed|bing|s))|"
    r"shot\s+and\s+killed|shot\s+dead|shot\s+to\s+death|gunned\s+down|massacred|massacring|murdered|murdering|"
    r"executed|executing|slaughtered|slaughtering|beheaded|beheading)"
)
_HURT_VERB = r"(?P<hverb>wound(?:ed|ing|s)?|injur(?:ed|ing|es)|hurt(?:ing)?|maim(?:ed|ing))"
_AFTER_KILLED = (
    r"(?:killed|dead|died|(?:lost|losing)\s+their\s+lives|perished|drowned|electrocuted|"
    r"suffocated|asphyxiated|"
    r"(?:found\s+)?shot\s+(?:to\s+death|dead)|"
    r"shot\s+and\s+killed|fatally\s+(?:shot|stabbed|wounded|injured)|gunned\s+down|murdered|"
    r"slain|executed|massacred|beheaded|lynched|(?:stabbed|beaten|burned|burnt|hacked|"
    r"stoned|crushed|hanged)\s+to\s+death)"
)
_AFTER_HURT = r"(?:wounded|injured|hurt)"

_VERB_FIRST = re.compile(
    rf"(?i)\b(?:{_KILL_VERB}|{_HURT_VERB})\s+(?:all\s+(?:of\s+)?)?(?:the\s+)?(?:{_FIGURE})\b\s*{_WHO}"
    # "killing seven bodyguards and five civilians", "killed two soldiers and 11 others"; not
    # "and 20 others were wounded" nor "and 20 more": their fate is told after them
    # "fatally shot eight people and himself": the killer died too
    rf"(?P<more>and\s+(?:him|her)self\b|(?:and|,)\s+(?:{NUMBER})\s+(?!more\b)(?!others?\s+(?:(?!who|that)\w+\s+){{0,2}}?"
    rf"(?:were|was|had|have|are|injured|wounded|hurt)\b)[A-Za-z][\w'’-]*\b"
    # nor "and six people sustained injuries": a group with a verb of its own
    rf"(?!\s+(?:were|was|had|have|has|are|sustained|suffered|received|escaped|survived)\b))?"
)
# "Four people from the NHS West Midlands in England have died": where the people were from.
# No number inside ("one of at least three soldiers killed", "seven of the 14 killed": the
# figure is the other one) and no relative clause ("a battle in which nine soldiers died").
_FROM = (
    rf"(?:(?:from|in|of|at|near)\s+(?:(?!(?:were|was|have|has|had|are|is|which|who|that|"
    rf"{NUMBER})\b)[\w'’.-]+\s+){{1,8}}?)?"
)
# "were reported to have been killed", "are believed to have died", "are feared dead": the
# figure told at one remove (not "are expected to die": a projection, not a toll)
_REPORTED = (
    r"reported|believed|feared|thought|said|confirmed|known|presumed|understood|estimated|"
    r"to|be|have|been|being"
)
# "Six civilians, including three children, have been killed": a subset of the figure
_ASIDE = (
    r"(?:,?\s*(?:including|among\s+them)\s+[^,.;()]{1,80}?,?\s+)?"
    # "37 people, who were attending a ceremony, were killed"; "Five civilians [residents
    # report ten] were killed": the figure is the first
    r"(?:,\s+who\s+[^,.;()]{1,60},\s+|[(\[][^()\[\].;]{1,60}[)\]]\s+)?"
)
# "were on Wednesday night killed", "were Tuesday killed", "were eventually killed"
_WHEN = (
    rf"(?:on\s+)?(?:{capitalised(weekdays())})(?:\s+(?:night|morning|evening|afternoon))?|"
    r"yesterday|today|recently|eventually|subsequently|allegedly|apparently"
)
_FIGURE_FIRST = re.compile(
    rf"(?i)\b{_FIGURE}\s+(?:others?\s+|more\s+)?{_WHO}{_FROM}{_ASIDE}(?:(?:were|was|have\s+been|"
    rf"had\s+been|are|is|reportedly|also|later|all|been|been\s+confirmed|have|had|now|already|"
    rf"so\s+far|were\s+reported|people|{_REPORTED}|{_WHEN})\s+){{0,6}}"
    rf"(?:(?P<k>{_AFTER_KILLED})|(?P<h>{_AFTER_HURT}))\b"
)
# "police shot two people to death", "gunmen hacked five villagers to death"
_VERB_TO_DEATH = re.compile(
    rf"(?i)\b(?P<kverb>shot|stabbed|beat|hacked|burned|burnt|stoned|clubbed)\s+(?:{_FIGURE})\b"
    rf"\s*{_WHO}\s*to\s+death\b"
)
_TOLL = re.compile(
    rf"(?i)\b(?P<who>\w+\s+)?(?:death\s+(?:toll|count)|body\s+count|number\s+of\s+(?:deaths|dead|fatalities|"
    rf"(?:people|persons)\s+(?:\w+\s+){{0,4}}?(?:killed|dead|died)))\b"
    rf"(?P<gap>(?:\s+[\w,'’-]+){{0,16}}?)\s+(?:{_FIGURE})\b"
)
# "63 deaths", "at least 3,330 deaths", "nine deaths from the slums"
_DEATHS = re.compile(
    rf"(?i)\b{_FIGURE}\s+(?:(?:new|more|confirmed|recorded|reported|civilian|other|"
    rf"additional|related|suspected)\s+){{0,2}}(?P<k>deaths|fatalities)\b"
)
# "caused the deaths of three people", "the death of six civilians"
_DEATHS_OF = re.compile(rf"(?i)\bdeaths?\s+of\s+(?:{_FIGURE})\b\s*{_WHO}")
# "claimed 4,288 lives", "took more than 300 civilian lives"
_LIVES = re.compile(
    rf"(?i)\b{_TAKE_LIFE}\s+(?:{_FIGURE})\s+"
    rf"(?P<who>(?:[a-z]+\s+)?)lives\b"
)
# Bodies counted: "retrieved approximately 800 bodies", "found two bodies"; "the bodies of
# 15 ethnic Albanians"
_BODIES = re.compile(
    rf"(?i)\b(?:found|recovered|retrieved|pulled|discovered|unearthed|exhumed|counted|saw)\s+"
    rf"(?:the\s+)?(?:{_FIGURE})\s+(?P<who>(?:[a-z]+\s+){{0,2}}?)(?:bodies|corpses)\b"
)
_BODIES_OF = re.compile(rf"(?i)\b(?:bodies|corpses)\s+of\s+(?:{_FIGURE})\b\s*{_WHO}")
_BODIES_WERE_FOUND = re.compile(
    rf"(?i)\b(?:{_FIGURE})\s+(?P<who>(?:[a-z]+\s+){{0,2}}?)(?:bodies|corpses)\s+(?:were|have\s+been|"
    rf"had\s+been)\s+(?:found|recovered|retrieved|pulled|discovered|unearthed|exhumed)\b"
)
# "killing the District Head, Ibrahim Dawi and 11 others": the one named and the others.
# Not "killed in the explosion and four others injured": a place or time is no victim, and
# others with a fate of their own are not the killed.
_AND_OTHERS = re.compile(
    rf"(?i)\b(?:{_KILL_VERB}|{_HURT_VERB})\s+(?!(?:by|in|on|at|during|when|after|near)\b)"
    rf"(?:(?!(?:and|were|was|{NUMBER})\b)"
    rf"[A-Za-z][\w'’.-]*,?\s+){{1,8}}and\s+(?:{_FIGURE})\s+"
    # "and 11 others", "and four civilians", "and three foreign tourists"
    rf"(?P<who>others?(?:\s+(?:people|persons|civilians|villagers|residents))?|"
    rf"(?:(?!(?:{STOP})\b)[A-Za-z][\w'’-]*\s+){{0,2}}(?!(?:{STOP})\b)[A-Za-z][\w'’-]*(?:s|men|people|children))\b"
    # not "and four others injured"; but "others who were Christians", "and wounded 20" are
    # no fate of theirs
    rf"(?!\s+(?:(?!(?:who|that|and)\b)\w+\s+){{0,2}}?(?:were|was|had|have|are|injured|wounded|"
    rf"hurt)\b)"
)
_LEFT_DEAD = re.compile(
    rf"(?i)\b(?:left|leaving|leaves)\s+(?:{_FIGURE})\s+{_WHO}(?:(?P<k>dead)|(?P<h>injured|wounded))\b"
)


_PATTERN_NAMES = {
    _VERB_FIRST.pattern: FigurePattern.VERB,
    _FIGURE_FIRST.pattern: FigurePattern.FIGURE,
    _VERB_TO_DEATH.pattern: FigurePattern.TO_DEATH,
    _TOLL.pattern: FigurePattern.TOLL,
    _DEATHS.pattern: FigurePattern.DEATHS,
    _DEATHS_OF.pattern: FigurePattern.DEATHS,
    _LIVES.pattern: FigurePattern.DEATHS,
    _BODIES.pattern: FigurePattern.DEATHS,
    _BODIES_OF.pattern: FigurePattern.DEATHS,
    _BODIES_WERE_FOUND.pattern: FigurePattern.DEATHS,
    _LEFT_DEAD.pattern: FigurePattern.LEFT,
    _AND_OTHERS.pattern: FigurePattern.OTHERS,
}

_MAYBE = Prefiltered(
    r"(?i)kill|dead|death|died|wound|injur|hurt|toll|fatalit|maim|lives|perish|gunned|murder|"
    r"slain|execut|massacr|behead|lynch|slaughter|fatal|drown|electrocut|suffocat|asphyx|"
    r"life\s+of|bodies|corpses"
)
# Patterns that count only the dead (tolls, deaths, lives, bodies)
_ONLY_DEATHS = frozenset({FigurePattern.TOLL, FigurePattern.DEATHS})
# The patterns in the order they are tried: an earlier one's figure keeps its words.
_PATTERNS = (
    _LEFT_DEAD,
    _VERB_TO_DEATH,
    _AND_OTHERS,
    _VERB_FIRST,
    _FIGURE_FIRST,
    _TOLL,
    _DEATHS,
    _DEATHS_OF,
    _LIVES,
    _BODIES,
    _BODIES_OF,
    _BODIES_WERE_FOUND,
)
# Each pattern behind the words it cannot match without (most casualty sentences hold the
# words of only one or two of them): the same matches, found sooner (newsmap/prefilter.py).
_GATES = {pattern: Prefiltered(pattern, at_words=True) for pattern in _PATTERNS}


def find_figures(sentence: str) -> list[Figure]:
    """Every casualty figure in ``sentence``, in text order, without overlaps."""
    if not _MAYBE.matches(sentence):  # a cheap test before the patterns
        return []
    found: list[Figure] = []
    for pattern in _PATTERNS:
        for match in _matches(pattern, sentence):
            figure = _figure(pattern, match)
            if figure is None:
                continue
            # A group before it counts with it, unless another figure already counts that
            # group ("killed five people and 20 others were wounded": 20 wounded, not 25).
            options = [figure]
            if pattern is _FIGURE_FIRST:
                options.insert(0, with_group_before(figure, sentence))
            if pattern in (_VERB_FIRST, _FIGURE_FIRST):
                options = [
                    with_more_after(with_places_after(o, sentence), sentence) for o in options
                ]
            options = [_dead_of_the_wounded(o, sentence) for o in options]
            if _counts_animals(figure):
                continue
            free = [
                o for o in options if not any(o.start < f.end and f.start < o.end for f in found)
            ]
            if free:
                found.append(free[0])
    found += [
        f
        for f in _the_life_of(sentence)
        if not any(f.start < o.end and o.start < f.end for o in found)
    ]
    return sorted(found, key=lambda f: f.start)


# "claimed the life of a former student", "took the life of a pilot": one dead
_THE_LIFE_OF = re.compile(rf"(?i)\b{_TAKE_LIFE}\s+the\s+life\s+of\b")


def _the_life_of(sentence: str) -> list[Figure]:
    """One death told as "claimed the life of" someone."""
    return [
        Figure(KILLED, 1, 1, "", "", m.start(), m.end(), m.group(), pattern=FigurePattern.LONE)
        for m in _THE_LIFE_OF.finditer(sentence)
    ]


def _counts_animals(figure: Figure) -> bool:
    """ "two donkeys were shot", "2,600 birds died": animals are no casualties."""
    return bool(ANIMALS.search(figure.who.lower()))


# "Three of the wounded died later": three dead, no longer wounded.
_DIED_AFTER = re.compile(
    r"(?i)\s+(?:(?:later|also|have|had|has|subsequently)\s+){0,2}(?:died|succumbed)\b"
)


def _dead_of_the_wounded(figure: Figure, sentence: str) -> Figure:
    """A count of "the wounded" who then died is a count of the dead."""
    if (
        figure.kind == INJURED
        and " of the " in figure.text
        and _DIED_AFTER.match(sentence, figure.end)
    ):
        return replace(figure, kind=KILLED)
    return figure


def _matches(pattern: re.Pattern[str], sentence: str):
    """The pattern's matches, where one that starts with a year or an age ("On 3 May 2004 five
    people were killed") gives way to a match starting after it."""
    gate, position = _GATES[pattern], 0
    while (match := gate.search(sentence, position)) is not None:
        yield match
        number = match.start("num")
        if number >= 0 and not_a_count(sentence, number, match.end("num"), match.group("num")):
            position = match.end("num")
        else:
            position = max(match.end(), position + 1)


def _figure(pattern: re.Pattern[str], match: re.Match[str]) -> Figure | None:
    groups = match.groupdict()
    if pattern is _VERB_TO_DEATH:
        kind = KILLED
    elif pattern in (_VERB_FIRST, _AND_OTHERS):
        if groups.get("kverb") and groups["kverb"].lower().startswith("le"):
            return None  # "left 25 ..." counts only with "dead"/"injured" after it
        kind = KILLED if groups.get("kverb") else INJURED
    elif _PATTERN_NAMES[pattern.pattern] in _ONLY_DEATHS:
        kind = KILLED
    else:
        kind = KILLED if groups.get("k") else INJURED
    number = groups["num"]
    if number.lower() == "no" and pattern is not _FIGURE_FIRST:
        return None
    if _not_this_figure(pattern, match):
        return None
    if not_a_count(match.string, match.start("num"), match.end("num"), number):
        return None
    value = parse_number(number)
    if value is None:
        return None
    low_text = groups.get("low") or groups.get("low2") or groups.get("low3")
    low = parse_number(low_text) if low_text else None
    qualifier = " ".join((groups.get("qual") or "").lower().split())
    if low is not None and low < value:
        qualifier = qualifier or "between"
    else:
        low = value
    if number.lower().split()[0] in VAGUE_WORDS:
        qualifier = qualifier or number.lower().split()[0]
    high = value
    if pattern is _AND_OTHERS:  # the ones named before the others
        named = _named_before_others(match)
        low, high = low + named, high + named
    more = groups.get("more")
    if more and more.lower().endswith("self"):
        low, high = low + 1, high + 1
    elif more:
        extra = parse_number(re.split(r"\s+", more.strip(" ,").split(None, 1)[1])[0])
        if extra:
            low, high = low + extra, high + extra
    who = " ".join((groups.get("who") or "").split())
    if pattern is _TOLL:
        who = who if who.lower() not in ("the", "a", "its", "their", "overall", "final") else ""
    text = match.group().rstrip()
    before = match.string[max(0, match.start() - 30) : match.start()]
    running = pattern is _TOLL and bool(_BRINGING.search(before) or who.lower() == "total")
    return Figure(
        kind, low, high, qualifier, who, match.start(), match.start() + len(text), text, running,
        _PATTERN_NAMES[pattern.pattern],
    )  # fmt: skip


# "bringing the death toll to 16", "raising the toll to", "taking the total death toll to"
_BRINGING = re.compile(r"(?i)\b(?:bring\w*|brought|rais\w*|tak(?:e|es|ing)|push\w*)\s+(?:\w+\s+)?$")
# The verb's other half: "killed or wounded 20", "captured or killed 15", "killing and wounding
# dozens" (one figure for both, which the conventions leave null: no split is known).
_JOINED_BEFORE = re.compile(
    r"(?i)(?:\bor|\b(?:kill\w*|wound\w*|injur\w*|hurt\w*|maim\w*)\s+and)\s+$"
)
_JOINED_AFTER = re.compile(
    r"(?i)^\s*(?:and|or)\s+(?:wounded|injured|hurt|maimed|kidnapped|abducted|captured|missing|"
    r"arrested|detained|disappeared|taken\s+hostage)\b"
)
# Passive or perfect forms: "were killed", "have been murdered" ("two gunmen shot dead a
# shopkeeper" has none: the gunmen killed).
_PASSIVE = re.compile(r"(?i)\b(?:were|was|been|are|is|being|be)\b")
_TRANSITIVE = re.compile(
    r"(?i)^(?:killed|murdered|executed|massacred|beheaded|lynched|gunned\s+down|"
    r"shot\s+(?:dead|and\s+killed)|fatally\s+(?:shot|stabbed|wounded))$"
)
# What follows a killing verb told in the passive without "were" ("Five people killed in a
# blast", "12 killed Monday", "two killed, 30 injured"); anything else starts its object.
_NO_OBJECT = re.compile(
    rf"(?i)^\s*(?:[.,;:!?)'\"”’-]|$|(?:in|on|at|near|during|after|before|when|while|as|by|and|or|"
    rf"but|since|across|around|outside|inside|following|amid|over|under|from|with|without|"
    rf"within|throughout|into|for|of|to|last|this|early|late|earlier|later|overnight|today|"
    rf"yesterday|tonight|so|far|there|here|since|because|according|instantly|immediately|"
    rf"{capitalised(weekdays())}|{MONTH_WORD})\b)"
)


_ONE_EACH = re.compile(r"(?i)(?:^|,\s*)(?:a|an|one)\s")


def _named_before_others(match: re.Match[str]) -> int:
    """How many people a list before "and N others" names: "the District Head, Ibrahim Dawi"
    is one (a name beside its title), "a pastor, a teacher" two (each with its own article)."""
    listed = match.string[
        match.end("kverb" if match.group("kverb") else "hverb") : match.start("num")
    ]
    return max(1, len(_ONE_EACH.findall(listed.strip())))


def _not_this_figure(pattern: re.Pattern[str], match: re.Match[str]) -> bool:
    """The figure counts no one killed or injured alone: it is joined to another fate ("killed
    or wounded 20", "captured or killed 15"), or it counts the killers ("two gunmen shot dead a
    shopkeeper")."""
    sentence = match.string
    verb = "kverb" if match.groupdict().get("kverb") else "hverb"
    if pattern in (_VERB_FIRST, _AND_OTHERS) and match.start(verb) >= 0:
        return bool(
            _JOINED_BEFORE.search(sentence[max(0, match.start(verb) - 30) : match.start(verb)])
        )
    if pattern is _DEATHS_OF:  # "could prevent the deaths of thousands": none happened
        return bool(_AVERTED_BEFORE.search(sentence[max(0, match.start() - 40) : match.start()]))
    if pattern is not _FIGURE_FIRST:
        return False
    said = "k" if match.group("k") else "h"
    if _JOINED_AFTER.match(sentence[match.end(said) :]):
        return True
    between = sentence[match.end("num") : match.start(said)]
    verb = match.group(said)
    if between.rstrip().lower().endswith(" shot"):  # "Two gunmen shot dead": "shot" read as who
        verb = "shot " + verb
    return (
        bool(_TRANSITIVE.match(" ".join(verb.split())))
        and not _PASSIVE.search(between)
        and not _NO_OBJECT.match(sentence[match.end(said) :])
    )


_AVERTED_BEFORE = re.compile(
    r"(?i)\b(?:prevent(?:ed|ing|s)?|avert(?:ed|ing|s)?|avoid(?:ed|ing|s)?|sav(?:e|ed|ing)|"
    r"risk(?:ed|ing|s)?|could|would|might|may|will|fear(?:ed|s)?|predict(?:ed|s)?)\b[^.;]*$"
)
