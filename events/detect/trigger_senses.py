"""Which lexicon matches are no event: a conflict word in another sense ("captured the
title", "a flu shot", "in March", "car strikes tree", "court cases") or a word inside a name
("the Highway Patrol", "Battle Ground Academy"). events/detect/triggers.py finds the matches.
"""

from __future__ import annotations

import re

from events.classify import diseases, kinds
from newsmap.prefilter import Prefiltered

# Other senses of conflict words: "captured the title", "prices shot up", "a film shot in".
_CAPTURE = re.compile(r"(?i)captur")
_CAPTURED_WHAT = re.compile(
    r"(?i)\s+(?:\S+\s+){0,4}?(?:titles?|gold|silver|bronze|medals?|crown|championships?|cup|"
    r"trophy|votes?|seats?|imagination|attention|essence|mood|spirit|vibe|moment|hearts?|awards?|"
    r"prizes?|lead|share|market|picture|images?|camera|film|footage|tape|pole|headlines?|"
    r"front\s+pages?|points?|victory|win)\b(?!-)"
    # a rank right after it: "captured second in 2:00.431" (not "captured a second town")
    r"|\s+(?:first|second|third|fourth|fifth|\d+(?:st|nd|rd|th))(?:\s+(?:place|spot)\b|"
    r"(?=\s+(?:in|at|with|on|behind|ahead)\b|\s*[,.;]))"
)
_SHOT = re.compile(r"(?i)sho[ot]")
# "prices shot up", "shot to fame", and a golfer's score: "shot a 65", "shot a 3-under 69"
_SHOT_UP = re.compile(
    r"(?i)\s+(?:up|past|higher|to\s+(?:fame|the\s+top|number)|(?:a|an)\s+(?:[\w-]+\s+)?\d\d"
    r"(?![\w-])(?!\s+(?:people|persons|times|civilians|rounds)))\b"
)
_FILMED = re.compile(
    r"(?i)\b(?:film|movie|scene|video|footage|episode|series|it)\s+(?:\w+\s+){0,3}$"
)
# "entered a not guilty plea", "to enter the race", "carbon capture": no troops, no fighting
_ENTER = re.compile(r"(?i)enter")
_ENTERED_WHAT = re.compile(
    r"(?i)\s+(?:\S+\s+){0,3}?(?:pleas?|race|contest|primary|office|politics|market|agreement|"
    r"deal|talks|negotiations|competition|tournament|draft|data|information|password|names?|"
    r"guilty)\b"
)
# "he recalled how", "residents recall the day": memory, not a product recall
_RECALL = re.compile(r"(?i)recall")
_REMEMBERED = re.compile(
    r"(?i)\s+(?:that|how|when|what|where|the\s+(?:day|night|moment|time|scene)|seeing|hearing|"
    r"being|his|her|their|my|our|a\s+time)\b"
)
_RECALLER_BEFORE = re.compile(
    r"(?i)\b(?:he|she|they|i|we|you|witnesses|residents|survivors|neighbou?rs|officials|who)\s+"
    r"(?:\w+\s+)?$"
)
# "occupying roads", "occupied the square": a sit-in, not troops taking ground
_OCCUPY = re.compile(r"(?i)occup")
_OCCUPIED_WHAT = re.compile(
    r"(?i)\s+(?:\S+\s+){0,3}?(?:roads?|streets?|squares?|plaza|offices?|buildings?|campus|"
    r"lobby|lobbies|halls?|parks?|highways?|bridges?|factory|factories|headquarters|"
    r"parliament|chambers?|rooms?|seats?|positions?|posts?|jobs?|places?)\b"
)
_OUTBREAK = re.compile(r"(?i)outbreaks?")
_CARBON_BEFORE = re.compile(r"(?i)\b(?:carbon|CO2|dioxide|emissions?)\s+(?:\w+\s+){0,3}$")
# "in March", "March 5", "since early March": the month, not a march.
_MONTH_BEFORE = re.compile(
    r"(?:in|on|since|until|till|by|from|of|last|next|early|late|mid-?|this|through|throughout|"
    r"between|and|to|during|before|after|or)\s+$",
    re.IGNORECASE,
)
_MONTH_AFTER = re.compile(r",?\s+\d")
# Strikes that are no attack: "a general strike", "a hunger strike", "lightning strikes",
# "car strikes tree", "striking workers", "to strike a deal".
_STRIKE = re.compile(r"(?i)strik")
# Vehicles, which strike things by accident: "car strikes tree", "the truck struck a cyclist"
_VEHICLES = "car|truck|vehicle|bus|train|van|motorcycle|pickup|SUV"
_NOT_AN_ATTACK_BEFORE = re.compile(
    r"(?i)\b(?:general|hunger|labou?r|national|nationwide|workers['’]?|teachers['’]?|"
    r"doctors['’]?|nurses['’]?|miners['’]?|truckers['’]?|transport|rail|postal|token|warning|"
    rf"one-day|\d+-hour|sit-down|wildcat|lightning|{_VEHICLES}|"
    r"tornado|storm|meteor|asteroid|virus|disease|flu|tragedy)\s+$"
)
_NOT_AN_ATTACK_AFTER = re.compile(
    r"(?i)\s+(?:a\s+)?(?:deal|balance|chord|agreement|pose|workers|teachers|doctors|nurses|"
    r"miners|employees|staff|similarity|resemblance|contrast|gold|oil|for\s+(?:higher|better|"
    r"more)|over\s+pay)\b"
)
# Working people anywhere in the sentence: "air traffic controllers began a strike", "a strike
# by dock workers over pay" is a labour strike (the protest lexicon has "went on strike").
_LABOUR = re.compile(
    r"(?i)\b(?:workers|employees|staff|unions?|controllers|pilots|drivers|teachers|nurses|"
    r"doctors|miners|dockers|porters|walk-?outs?|wages?|pay\s+(?:rise|deal|dispute|talks)|"
    r"pensions?|industrial\s+action|picket\w*)\b"
)
# Sports: "Striker Jones shot twice", "Mexico captured three points", "the fight went ten
# rounds". Strong words alone tell a sports sentence; weaker ones need a second.
_SPORTS_STRONG = re.compile(
    r"(?i)\b(?:goalkeeper|goalie|striker|midfielder|defender|quarterback|touchdowns?|innings|"
    r"wickets?|penalty\s+(?:kick|shot)|free\s+kick|hat-?trick|playoffs?|jockey|racecourse|"
    r"grand\s+prix|prix|knockout|heavyweight|middleweight|welterweight|referee|rebounds|"
    r"half-?time|overtime|semi-?finals?|quarter-?finals?|olympics?|world\s+cup|"
    r"pole\s+position|podium)\b"
)
_SPORTS_WEAK = re.compile(
    r"(?i)\b(?:goals?|match(?:es)?|league|tournament|championships?|cup|season|coach|team|"
    r"points|scored|score|game|games|title|medals?|race|rounds?|boxer|champion|fans|stadium|"
    r"club|players?|win|victory|defeat)\b"
)
_SPORTS_SENSES = re.compile(
    r"(?i)^(?:sho[ot]|fight|fought|beat|attack|strik|captur|battl|clash|kill)"
)


def about_sports(sentence: str) -> bool:
    """Whether a sentence is about a game: a strong sports word, or two weaker ones."""
    return (
        bool(_SPORTS_STRONG.search(sentence))
        or len(set(m.group().lower() for m in _SPORTS_WEAK.finditer(sentence))) >= 2
    )


# "a flu shot", "a booster shot", "a long shot", "a mug shot": a noun, no shooting (every
# disease's names, events/classify/diseases.py)
_DISEASE_NAMES = "|".join(name for names in diseases.NAMED.values() for name in names)
_SHOT_NOUN = re.compile(
    rf"(?i)\b(?:{_DISEASE_NAMES}|vaccine|vaccination|booster|"
    r"long|mug|big|parting|warning|jump|free|penalty|slap|moon)\s+$"
)


# "cases" (and "diagnosed", "found", "hospitalised"...) are an outbreak's only beside a disease
# ("97 cases of swine flu", not "court cases"; "H5N1 was found in swans", not "the body was
# found"; "diagnosed with cholera", not "diagnosed with depression")
_CASES = re.compile(
    r"(?i)cases?|diagnosed|found|discovered|detected|identified|contracted|hospitali[sz]ed|"
    r"sickened|illness(?:es)?|(?:fell|falls|became)\s+ill"
)
_DISEASE = Prefiltered(rf"(?i)\b(?:{kinds.DISEASE})\b")
# In a story about a disease, its "cases" need not name it again ("Chile has 2,335 cases");
# "in most cases" is a manner of speaking in any story.
_CASES_NOUN = re.compile(r"(?i)cases?")
_IN_SOME_CASES = re.compile(
    r"(?i)(?:\b(?:in|of)\s+(?:most|some|many|few|such|both|all|these|those|rare|other|severe|"
    r"extreme)\s+(?:\w+\s+)?|\bmajority\s+of\s+)$"
)


def other_sense(sentence: str, match: re.Match[str], disease_story: bool = False) -> bool:
    """Whether the lexicon's ``match`` in ``sentence`` is a word used in another sense.
    ``disease_story``: the article is about a disease (its title or opening names one)."""
    word, end = match.group(), match.end()
    before = sentence[max(0, match.start() - 40) : match.start()]
    if _CASES.fullmatch(word):
        if _CASES_NOUN.fullmatch(word) and _IN_SOME_CASES.search(before):
            return True
        return not (_DISEASE.matches(sentence) or (disease_story and _CASES_NOUN.fullmatch(word)))
    if _SPORTS_SENSES.match(word) and about_sports(sentence):
        return True
    if _CAPTURE.match(word):
        return bool(_CAPTURED_WHAT.match(sentence, end) or _CARBON_BEFORE.search(before))
    if _ENTER.match(word):
        return bool(_ENTERED_WHAT.match(sentence, end))
    if _OCCUPY.match(word):
        return bool(_OCCUPIED_WHAT.match(sentence, end))
    if _RECALL.match(word):
        return bool(_REMEMBERED.match(sentence, end) or _RECALLER_BEFORE.search(before))
    if _OUTBREAK.fullmatch(word):
        # "the outbreak of civil war": the contagion words (newsmap/vocabulary/diseases.toml)
        # leave out an outbreak of violence
        return _DISEASE.pattern.match(sentence, match.start()) is None
    if _HAZARD_WORD.fullmatch(word) and _QUALIFIED_NOUN.match(sentence, end):
        return True
    if _WEAPON_WORD.fullmatch(word) and (
        _WEAPON_NOUN.match(sentence, end) or _WEAPON_HANDLED_BEFORE.search(before)
    ):
        return True
    if _STRUCK.fullmatch(word) and _a_crash(sentence, end, before):
        return True
    if word == "March":
        return bool(_MONTH_BEFORE.search(before) or _MONTH_AFTER.match(sentence, end))
    if _STRIKE.match(word):
        return bool(
            _NOT_AN_ATTACK_BEFORE.search(before)
            or _NOT_AN_ATTACK_AFTER.match(sentence, end)
            or (word.lower().startswith("strike") and _LABOUR.search(sentence))
        )
    if _SHOT.match(word) and not word.lower().startswith("shoot"):
        return (
            bool(_SHOT_UP.match(sentence, end))
            or bool(_FILMED.search(before))
            or (word.lower() == "shot" and bool(_SHOT_NOUN.search(before)))
        )
    return False


# A hazard word that only qualifies the noun after it: "the storm door", "drought-resistant
# plants", "flood insurance", "earthquake drills" (no hazard struck). Not "hurricane warnings",
# "storm season", "flood walls" or "flood experts": those are often told of a hazard that is
# coming or came.
_HAZARD_WORD = re.compile(
    r"(?i)(?:storm|drought|flood|earthquake|quake|hurricane|tornado|typhoon|cyclone|tsunami|"
    r"avalanche|landslide|mudslide)s?"
)
_QUALIFIED_NOUN = re.compile(
    r"(?i)(?:\s+|-)(?:doors?|drains?|windows?|sewers?|shelters?|cellars?|resistant|tolerant|"
    r"proof|insurance|plains?|maps?|preparedness|drills?|"
    r"kits?|codes?|standards?)\b"
)
# A weapon word naming a weapon system or a threat, not a strike: "missile defences being
# built", "a missile shield", "a bomb threat", "the bomb squad", "rocket scientists"
_WEAPON_WORD = re.compile(r"(?i)(?:missile|rocket|bomb|mortar|artillery)s?")
_WEAPON_NOUN = re.compile(
    r"(?i)(?:\s*\([^()]{1,15}\))?(?:\s+|-)(?:defen[cs]es?|shields?|systems?|programs?|"
    r"programmes?|technology|treaty|treaties|deals?|silos?|interceptors?|tests?|testing|"
    r"threats?|scares?|hoax(?:es)?|squads?|sniffing|detectors?|makers?|factory|factories|"
    r"scientists?|science|stockpiles?|arsenals?|capabilit(?:y|ies))\b"
)
# A weapon deployed, built, bought or sold is no strike: "the deployment of missiles in
# Kaliningrad", "plans to buy 24 rockets"
_WEAPON_HANDLED_BEFORE = re.compile(
    r"(?i)\b(?:deploy\w*|station\w*|install\w*|position(?:ed|ing|s)?|build\w*|built|"
    r"stockpil\w*|acquir\w*|buy\w*|bought|sell\w*|sold|develop\w*|supply\w*|supplied|"
    r"deliver\w*|ship(?:s|ped|ping|ment)?|purchas\w*)\s+(?:of\s+)?(?:[\w-]+\s+){0,3}$"
)

# A vehicle striking something is a crash, not an attack ("the driver struck a parked car",
# "a truck struck a pedestrian"), unless the sentence names a weapon ("a roadside bomb struck
# a vehicle")
_STRUCK = re.compile(r"(?i)struck")
_VEHICLE_STRUCK = re.compile(
    r"(?i)\s+(?:\w+\s+){0,3}?(?:car|cars|vehicle|truck|bus|van|suv|pickup|motorcycle|"
    r"bicycle|pedestrian|pedestrians|cyclist|bicyclist|motorist|pole|tree|guardrail|median|"
    r"curb)\b"
)
_VEHICLE_BEFORE = re.compile(rf"(?i)\b(?:{_VEHICLES}|driver|motorist)\s+(?:\w+\s+){{0,2}}$")
_WEAPON_IN_SENTENCE = re.compile(
    r"(?i)\b(?:bombs?|mines?|IEDs?|explosives?|explosion|rockets?|missiles?|shells?|mortars?|"
    r"grenades?|drones?|airstrikes?|gunmen|gunman|militants?|insurgents?|rebels?|attackers?|"
    r"suicide|aircraft|jets?|warplanes?|planes?|helicopters?|tanks?|artillery|troops|forces|"
    r"soldiers|army|police|shooters?|armed)\b"
)


def _a_crash(sentence: str, end: int, before: str) -> bool:
    """Whether "struck" tells a vehicle hitting something (see _VEHICLE_STRUCK)."""
    if _WEAPON_IN_SENTENCE.search(sentence):
        return False
    return bool(_VEHICLE_STRUCK.match(sentence, end) or _VEHICLE_BEFORE.search(before))


_CAPITALISED_WORD = re.compile(r"[A-Z][\w'’.-]*")
_PREVIOUS_WORD = re.compile(r"([\w'’.-]+)\s+$")
_NEXT_WORD = re.compile(r"\s+([\w'’.-]+)")
# Named after the hazard, and still the hazard: "Hurricane Katrina", "Typhoon Haiyan".
_HAZARD_TITLES = frozenset({"hurricane", "typhoon", "cyclone", "storm", "tropical"})


def names_a_disease(text: str) -> bool:
    """Whether ``text`` names a disease or a word of contagion (events/classify/diseases.py)."""
    return _DISEASE.matches(text)


_LONG_WORD = re.compile(r"[A-Za-z][\w'’-]{3,}")


def is_headline(sentence: str) -> bool:
    """Title Case ("Chapin Man Dies After Car Strikes Tree"): capitals tell no names. Every
    word of four letters or more is capitalised."""
    count = 0
    for word in _LONG_WORD.finditer(sentence):  # stops at the first word in lower case
        if not word.group()[0].isupper():
            return False
        count += 1
    return count >= 2


def inside_a_name(sentence: str, match: re.Match[str]) -> bool:
    """A capitalised trigger next to another capitalised word, not opening the sentence, is
    part of a name: "the Highway Patrol", "Battle Ground Academy", "the Patrol Division";
    not "the Battle of Mosul" nor "Hurricane Katrina"."""
    word = match.group()
    if not word[:1].isupper():
        return False
    before = _PREVIOUS_WORD.search(sentence, 0, match.start())
    if before is not None and _CAPITALISED_WORD.fullmatch(before.group(1)):
        opening = not sentence[: before.start(1)].strip(" \"'“‘(")
        if not opening:
            return True
    after = _NEXT_WORD.match(sentence, match.end())
    return (
        after is not None
        and _CAPITALISED_WORD.fullmatch(after.group(1)) is not None
        and word.split()[0].lower() not in _HAZARD_TITLES
    )
