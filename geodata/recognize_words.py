"""Small English vocabularies the recognizer uses to read names around place names.

General knowledge of how news English names institutions and people; none of it is about
particular places.
"""

from __future__ import annotations

from newsmap.vocabulary import division_words


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that, right after a place name, make an organisation of that place's own public
# bodies or services ("Gainesville Police", "Ohio Department of Transportation", "Laurel County
# Sheriff's Office", "U.S. Army"). The place name is then a mention of the place. Company,
# newspaper and team names ("Washington Post", "Texas Instruments") are not of this kind.
CIVIC_HEADS = _words(
    """
    police sheriff fire rescue ems emergency city town township village borough county
    parish council commission commissioners board school schools high middle elementary
    public department dept. municipal regional community hospital medical health library
    airport recreation chamber utilities water housing court courts circuit superior
    district state legislature assembly senate government administration attorney
    prosecutor coroner jail corrections army navy marine marines air coast guard embassy
    consulate ministry zoo convention visitors transit transportation highway planning
    zoning development authority office agency service services bureau institute institutes
    centers centres census congress parliament forces
    """
)

# Words closing the name of a site that opens with the name of the town it is in ("Donetsk
# Railway Station", "Evin Prison", "Zaporizhzhia Nuclear Power Plant", "Kherson Market"). Not
# "house", "university", "college" or "church": those are often named after people, saints or
# distant places ("Chatham House", "Georgetown University", "Trinity Episcopal Church").
FACILITY_HEADS = _words(
    """
    station plant prison market bazaar mosque camp base airbase airfield mine factory
    refinery dam bridge stadium square port harbour harbor terminal checkpoint crossing
    barracks slaughterhouse
    """
)

# Compass words that open a part of a place ("Northeast Georgia", "Eastern Ukraine", "South
# Philadelphia"): the place named is the rest, when the whole is not a name of its own.
COMPASS_WORDS = _words(
    """
    north northern south southern east eastern west western central northeast northeastern
    northwest northwestern southeast southeastern southwest southwestern north-east
    north-eastern north-west north-western south-east south-eastern south-west south-western
    upper lower
    """
)

# Words after a place name that name its division ("Hebei province", "the Artibonite region"):
# the shared English ones, either level (newsmap/vocabulary/divisions.toml). Singular only:
# after one name a plural names a group of places ("the Gulf states", "Midlands provinces").
DIVISION_WORDS = division_words().english

# Titles and honorifics before a person's name ("Mr. Jackson", "Gov. Perry", "Judge Lynch").
PERSON_TITLES = _words(
    """
    mr mr. mrs mrs. ms ms. miss dr dr. prof prof. sir lady lord rev rev. fr fr. sen sen.
    senator rep rep. representative gov gov. governor lt lt. gen gen. general col col. maj
    maj. capt capt. captain sgt sgt. officer deputy det det. detective judge justice mayor
    president president-elect pres. secretary minister premier chancellor king queen prince
    princess pope saint coach chief commissioner councilman councilwoman trooper inspector
    """
)

# Words that are names of places somewhere ("Central", Uganda; "West", a town in Texas) but in
# news are nearly always parts of longer names or plain adjectives: never a place on their own.
GENERIC_WORDS = _words(
    """
    north south east west central northern southern eastern western northeast northwest
    southeast southwest upper lower greater new old middle mid inner outer metro national
    international united federal royal union independence liberty victory unity
    """
)
