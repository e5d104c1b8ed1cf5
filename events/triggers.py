"""Event triggers: words that say something happened (conflict, disaster, politics news).

The lexicon lists word forms, not lemmas: each entry is a small regular expression over whole
words ("kill(?:s|ed|ing)?"), matched case-insensitively on the original text so offsets stay
exact. No tagger or lemmatiser is needed, which keeps this far cheaper than NER; the price is that
a form missing from the list is missed. Several words in an entry match across any white space
("held talks", "air strikes").

Each entry carries a coarse kind ("violence", "disaster", ...): a hint for the later event-kind
classifier, not a final label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LEXICON: dict[str, tuple[str, ...]] = {
    "violence": (
        r"kill(?:s|ed|ing|ings)?",
        r"murder(?:s|ed|ing)?",
        r"massacre[sd]?",
        r"slaughter(?:ed)?",
        r"carnage",
        r"attack(?:s|ed|ing)?",
        r"assault(?:s|ed)?",
        r"ambush(?:es|ed)?",
        r"air(?:-|\s+)?strikes?",
        r"air(?:-|\s+)?raids?",
        r"drone strikes?",
        r"strikes?",
        r"struck",
        r"bomb(?:s|ed|ing|ings|ers?)?",
        r"bombard(?:ed|ment|ments)?",
        r"shell(?:ed|ing)",
        r"shot",
        r"shoot(?:s|ing|ings)?",
        r"gunfire",
        r"opened fire",
        r"explo(?:de|des|ded|sion|sions)",
        r"blasts?",
        r"detonat(?:ed|ion)",
        r"clash(?:es|ed)?",
        r"fighting",
        r"fought",
        r"battles?",
        r"offensives?",
        r"siege",
        r"besieged",
        r"seized",
        r"(?:re)?captured",
        r"overran",
        r"invaded",
        r"invasion",
        r"occupied",
        r"rockets?",
        r"missiles?",
        r"mortars?",
        r"stabb(?:ed|ing)",
        r"beheaded",
        r"executed",
        r"assassinated",
        r"kidnapp(?:ed|ing)",
        r"abducted",
    ),
    "casualties": (
        r"wounded",
        r"injur(?:ed|ing|ies)",
        r"casualties",
        r"died",
        r"dies",
        r"dead",
        r"deaths",
        r"death toll",
    ),
    "military": (
        r"deploy(?:s|ed|ing|ment|ments)?",
        # "sent troops", "committed an additional 560 US troops"
        r"(?:send|sends|sent|sending|commit|commits|committed|dispatch|dispatched) "
        r"(?:(?:a|an|the|its|their|more|additional|extra|new|some|about|around|nearly|almost|"
        r"over|several|hundreds of|thousands of|[\d,]+|(?-i:[A-Z][\w.-]*)) ){0,4}"
        r"(?:troops|forces|soldiers|warships)",
        r"reinforcements",
        r"mobili[sz](?:ed|ation)",
        r"withdr(?:ew|awn|awal)",
    ),
    "unrest": (
        r"protest(?:s|ed|ing|ers)?",
        r"demonstrat(?:ion|ions|ors|ed)",
        r"rall(?:y|ies|ied)",
        r"riot(?:s|ed|ing|ers)?",
        r"marched",
        r"unrest",
        r"uprising",
        r"coup",
        r"(?:went|go|going) on strike",
    ),
    "arrest": (
        r"arrest(?:s|ed|ing)?",
        r"detain(?:s|ed|ing)?",
        r"jailed",
        r"imprisoned",
        r"sentenced",
        r"raid(?:s|ed)?",
    ),
    "diplomacy": (
        r"met",
        r"meet(?:s|ing|ings)?",
        r"summit",
        r"(?:held|hold|holds|holding|peace) talks",
        r"negotiat(?:ed|ions)",
        r"signed",
        r"ceasefire",
        r"truce",
        r"elect(?:ed|ion|ions)",
        r"voted",
        r"referendum",
        r"inaugurat(?:ed|ion)",
        r"sworn in",
        r"resign(?:ed|ation)",
        r"visit(?:s|ed)?",
    ),
    "displacement": (
        r"fled",
        r"flee(?:s|ing)?",
        r"displaced",
        r"displacement",
        r"evacuat(?:e|ed|ion|ions)",
        r"exodus",
    ),
    "disaster": (
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
        r"erupt(?:s|ed|ion)",
        r"drought",
        r"famine",
    ),
    "health": (
        r"outbreaks?",
        r"infected",
        r"infections?",
        r"epidemic",
        r"pandemic",
    ),
    "accident": (
        r"crash(?:es|ed)?",
        r"collided",
        r"collision",
        r"derail(?:ed|ment)",
        r"capsized",
        r"sank",
        r"collapsed",
        r"caught fire",
        r"fire broke out",
    ),
}
TRIGGER_KINDS = tuple(LEXICON)


def _compile() -> re.Pattern[str]:
    groups = []
    for kind, forms in LEXICON.items():
        # Longer forms first so "air strikes" wins over "strikes" at the same place.
        ordered = sorted(forms, key=len, reverse=True)
        groups.append(f"(?P<{kind}>" + "|".join(f.replace(" ", r"\s+") for f in ordered) + ")")
    return re.compile(r"(?i)(?<!\w)(?:" + "|".join(groups) + r")(?!\w)")


_PATTERN = _compile()


@dataclass(frozen=True)
class Trigger:
    """An event word in a sentence: ``sentence[start:end] == text``; ``kind`` from LEXICON."""

    start: int
    end: int
    text: str
    kind: str


def find_triggers(sentence: str) -> list[Trigger]:
    """Every trigger in ``sentence``, in order, without overlaps."""
    return [
        Trigger(m.start(), m.end(), m.group(), m.lastgroup or "")
        for m in _PATTERN.finditer(sentence)
    ]


def nearest_trigger(triggers: list[Trigger], start: int, end: int) -> Trigger | None:
    """The trigger closest to the span ``[start, end)`` (ties go to the earlier one)."""
    if not triggers:
        return None
    return min(triggers, key=lambda t: (max(t.start - end, start - t.end, 0), t.start))
