"""Fixtures for the events tests: the seed article (copied here) and toponyms found in it."""

from __future__ import annotations

import re
from datetime import date

import pytest

from articles.model import Article, article_id
from geodata.model import Place, ResolvedToponym, Toponym

# Paragraphs of the seed article (wsws.org, 22 July 2016), copied verbatim (joined by blank
# lines), including the stray blank line inside a quote.
SEED_PARAGRAPHS = (
    "US air raids kill more than 200 civilians in northern Syria",
    "By Thomas Gaist 22 July 2016",
    (
        "Airstrikes by the American-led war coalition killed as many as 212 civilians in Syria's "
        "northern province of Aleppo on Tuesday, according to estimates published Thursday by Al "
        "Jazeera."
    ),
    (
        "The carnage in Aleppo is merely a foretaste of the slaughter being prepared by "
        "Washington against the Syrian city of Raqqa and Iraqi city of Mosul. The bombings, "
        "carried out in total disregard for civilian lives, serve notice that Washington and its "
        "allies are ready to carry out large-scale war crimes in pursuit of strategic domination "
        "over the Middle East."
    ),
    (
        "Planning sessions for the attacks on Raqqa and Mosul were held this week, attended by "
        "leaders from the US-dominated North Atlantic Treaty Organization (NATO) and other "
        'governments aligned with Washington\'s "anti-Islamic State coalition."'
    ),
    (
        '"Mosul is now increasingly coming upon us. We have it in sight," anti-ISIS coalition '
        "spokesman Brett McGurk declared Thursday."
    ),
    (
        "Having committed an additional 560 US troops to Iraq last week, bringing the official US"
        " troop presence there to nearly 5,000, Washington is pressing for greater troop "
        "contributions from its allies. The Australian government announced Tuesday that it will "
        'send forces to Baghdad in support of "counter-terror" training programs for Iraqi '
        "forces. NATO plans to expand efforts to train Iraqi military officers, in an effort to "
        "bolster the imperialist-controlled Iraqi government in Baghdad."
    ),
    ('"Today, we made the plans and commitments that'),
    (
        'will help us deliver ISIL the lasting defeat that it deserves," he stated. "We\'ve '
        'pursued a number of deliberate decisions to accelerate our plan."'
    ),
    (
        "Just prior to Wednesday's conference, Secretary Carter met with French Defense Minister "
        "Jean-Yves Le Drian, who confirmed that Paris would deploy the aircraft carrier Charles "
        "de Gaulle in support of the US-led aerial bombardment of Iraq and Syria."
    ),
)
SEED_TEXT = "\n\n".join(SEED_PARAGRAPHS) + "\n"

SEED_PUBLISHED = date(2016, 7, 22)

# Gazetteer-like records (GeoNames ids and points of the real places).
SEED_PLACES = {
    "Syria": Place(1, "Syria", 35.0, 38.0, "country", "SY", geonameid=163843),
    "Aleppo": Place(2, "Aleppo", 36.20124, 37.16117, "city", "SY", "09", 1602264, 170063),
    "Raqqa": Place(3, "Ar Raqqah", 35.95283, 39.00788, "city", "SY", "04", 177636, 172955),
    "Mosul": Place(4, "Mosul", 36.335, 43.11889, "city", "IQ", "15", 1739800, 99072),
    "Iraq": Place(5, "Iraq", 33.0, 44.0, "country", "IQ", geonameid=99237),
    "Baghdad": Place(6, "Baghdad", 33.34058, 44.40088, "city", "IQ", "07", 7216000, 98182),
    "Paris": Place(7, "Paris", 48.85341, 2.3488, "city", "FR", "11", 2138551, 2988507),
    "Middle East": Place(8, "Middle East", 29.0, 41.0, "region"),
}
# Demonyms resolve to their country but are only context.
SEED_DEMONYMS = {"Syrian": SEED_PLACES["Syria"], "Iraqi": SEED_PLACES["Iraq"]}


def find_resolved(text: str) -> list[ResolvedToponym]:
    """Every whole-word occurrence of the seed places and demonyms, as resolved toponyms."""
    found = []
    for names, demonym in ((SEED_PLACES, False), (SEED_DEMONYMS, True)):
        for name, place in names.items():
            for match in re.finditer(rf"\b{re.escape(name)}\b", text):
                toponym = Toponym(match.start(), match.end(), name, "test", demonym)
                found.append(ResolvedToponym(toponym, place, 1.0))
    return found


@pytest.fixture
def seed_article() -> Article:
    return Article(
        id=article_id("https://www.wsws.org/en/articles/2016/07/22/syri-j22.html", SEED_TEXT),
        title="US air raids kill more than 200 civilians in northern Syria",
        text=SEED_TEXT,
        url="https://www.wsws.org/en/articles/2016/07/22/syri-j22.html",
        published=SEED_PUBLISHED,
        source="seeds/us-air-raids-northern-syria-2016-07-22.txt",
    )


@pytest.fixture
def seed_resolved() -> list[ResolvedToponym]:
    return find_resolved(SEED_TEXT)


@pytest.fixture(scope="session")
def parse():
    """Parse one sentence with the real dependency parser (the installed spaCy model)."""
    from events.detect.parsing import load_parser

    nlp = load_parser()
    return nlp


def tokens_of(doc, *words):
    """The first token of ``doc`` spelled like each of ``words``."""
    found = []
    for word in words:
        found.append(next(t for t in doc if t.text == word))
    return found
