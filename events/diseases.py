"""The diseases news reports outbreaks of: one table, read by the event kinds (deaths beside a
disease are a disaster, "cases" are an outbreak's only beside one) and by the per-country tolls
(deaths from one disease in one country are one growing count).

Each disease has a key and the names news gives it, as regular expressions matched whole-word
and case-insensitively ("swine flu", "H1N1" and "swine influenza" are one disease). The generic
words of contagion ("the virus", "the outbreak") name no disease: a sentence that only has
them is about the disease its article names (:func:`main_disease`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

# key: names (regular expressions; acronyms that are words too keep their case: "AIDS", not
# "aids"). The more specific names come first where one contains
# another ("swine flu" before the plain "flu", "hand, foot and mouth disease" before "disease").
NAMED: dict[str, tuple[str, ...]] = {
    "h1n1": (r"swine\s+(?:flu|influenza)", r"H1N1", r"novel\s+influenza(?:\s+A)?"),
    "h5n1": (r"bird\s+flu", r"avian\s+(?:flu|influenza)", r"H5N1"),
    "h7n9": (r"H7N9",),
    "hfmd": (r"hand,?\s+foot,?\s+and\s+mouth\s+disease", r"(?-i:HFMD)", r"enterovirus(?:\s+71)?"),
    "foot_and_mouth": (r"foot-and-mouth(?:\s+disease)?",),
    "cholera": (r"cholera",),
    "ebola": (r"ebola\w*",),
    "marburg": (r"marburg(?:\s+(?:virus|fever|ha?emorrhagic\s+fever))?",),
    "lassa": (r"lassa(?:\s+fever)?",),
    "dengue": (r"dengue(?:\s+fever)?",),
    "zika": (r"zika",),
    "sars": (r"(?-i:SARS)",),
    "mers": (r"(?-i:MERS)",),
    "covid": (r"covid\S*", r"coronavirus", r"SARS-CoV-2"),
    "mpox": (r"mpox", r"monkeypox"),
    "plague": (r"(?:bubonic\s+|pneumonic\s+)?plague",),
    "anthrax": (r"anthrax",),
    "salmonella": (r"salmonella\w*",),
    "e_coli": (r"e\.\s?coli",),
    "listeria": (r"listeri\w*",),
    "typhoid": (r"typhoid(?:\s+fever)?",),
    "malaria": (r"malaria",),
    "measles": (r"measles",),
    "polio": (r"polio(?:myelitis)?",),
    "meningitis": (r"meningitis",),
    "diphtheria": (r"diphtheria",),
    "tuberculosis": (r"tuberculosis", r"(?-i:TB)"),
    "hepatitis": (r"hepatitis(?:\s+[A-E])?",),
    "hiv": (r"(?-i:HIV|AIDS)",),
    "rabies": (r"rabies",),
    "bse": (
        r"(?-i:BSE)",
        r"mad\s+cow(?:\s+disease)?",
        r"(?:variant\s+)?creutzfeldt-jakob(?:\s+disease)?",
    ),
    "encephalitis": (r"(?:japanese\s+)?encephalitis",),
    "west_nile": (r"west\s+nile(?:\s+(?:virus|fever))?",),
    "pertussis": (r"whooping\s+cough", r"pertussis"),
    "yellow_fever": (r"yellow\s+fever",),
    "chikungunya": (r"chikungunya",),
    "nipah": (r"nipah(?:\s+virus)?",),
    "legionnaires": (r"legionnaires'?(?:\s+disease)?", r"legionella"),
    "flu": (r"flu", r"influenza"),
}
# Words of contagion that name no disease.
GENERIC: tuple[str, ...] = (
    r"disease",
    r"virus",
    r"viral",
    r"outbreaks?",
    r"epidemic",
    r"pandemic",
    r"infect\w*",
    r"illness",
    r"fever",
    r"H\dN\d",
)
# Diseases named after animals name no animal ("swine flu" killed people, not swine).
ANIMAL_NAMED: tuple[str, ...] = (
    r"(?:swine|bird|avian|pig|chicken|cow|monkey|camel|horse|cat|dog)s?\s+"
    r"(?:flu|influenza|pox|fever|disease|virus|plague)",
    r"mad\s+cow(?:\s+disease)?",
)

# Every name and contagion word, for "is a disease named here" (events/kinds.py).
PATTERN = "|".join([name for names in NAMED.values() for name in names] + list(GENERIC))


@lru_cache(maxsize=1)
def _named() -> re.Pattern[str]:
    # One pass: a group per disease, named by its key; the leftmost name wins, and at one
    # place the table's order (the longer name first).
    groups = "|".join(f"(?P<{key}>{'|'.join(names)})" for key, names in NAMED.items())
    return re.compile(rf"(?i)\b(?:{groups})\b")


@lru_cache(maxsize=4096)  # asked for each row of the same sentence
def disease_named(text: str) -> str | None:
    """The key of the disease ``text`` names first ("h1n1" for "swine flu deaths"), or None
    when it names none (only generic words: "the virus", "the outbreak")."""
    match = _named().search(text)
    return match.lastgroup if match else None


def main_disease(texts: Iterable[str]) -> str | None:
    """The disease an article is about: the one its sentences name most often (the first
    named on a tie; plain "flu" only when no other is named), or None."""
    counts = Counter(key for text in texts if (key := disease_named(text)) is not None)
    specific = Counter({key: n for key, n in counts.items() if key != "flu"})
    if specific:
        return max(specific, key=specific.get)
    return "flu" if counts else None
