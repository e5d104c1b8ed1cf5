"""Resolution logic on a tiny gazetteer of real GeoNames entries (ids, points, populations)."""

from __future__ import annotations

import re

import pytest

from geodata.model import MATCH_ALT, MATCH_NAME, Candidate, Place, Toponym
from geodata.names import normalize
from geodata.resolve import resolve_toponyms

PARIS_FR = Place(1, "Paris", 48.85341, 2.3488, "city", "FR", "11", 2138551, 2988507)
PARIS_TX = Place(2, "Paris", 33.66094, -95.55551, "city", "US", "TX", 24782, 4717560)
TEXAS = Place(3, "Texas", 31.25044, -99.25061, "admin1", "US", "TX", 0, 4736286)
FRANCE = Place(4, "France", 46.0, 2.0, "country", "FR", None, 66987244, 3017382)
UNITED_STATES = Place(5, "United States", 39.76, -98.5, "country", "US", None, 327167434, 6252001)
ALEPPO = Place(6, "Aleppo", 36.20124, 37.16117, "city", "SY", "09", 1602264, 170063)
ALEPPO_GOV = Place(7, "Aleppo Governorate", 36.25, 37.5, "admin1", "SY", "09", 0, 170062)
SYRIA = Place(8, "Syria", 35.0, 38.0, "country", "SY", None, 17070135, 163843)
CHAD = Place(9, "Chad", 15.0, 19.0, "country", "TD", None, 15477751, 2434508)
CHAD_TOWN = Place(10, "Chad", 57.96, 60.63, "city", "RU", "71", 600, 1508000)

NAMES = {
    "paris": [Candidate(PARIS_FR, MATCH_NAME), Candidate(PARIS_TX, MATCH_NAME)],
    "texas": [Candidate(TEXAS, MATCH_NAME)],
    "france": [Candidate(FRANCE, MATCH_NAME)],
    "us": [Candidate(UNITED_STATES, MATCH_ALT)],
    "aleppo": [Candidate(ALEPPO, MATCH_NAME), Candidate(ALEPPO_GOV, MATCH_ALT)],
    "syria": [Candidate(SYRIA, MATCH_NAME)],
    "chad": [Candidate(CHAD_TOWN, MATCH_NAME), Candidate(CHAD, MATCH_NAME)],
}
CAPITALS = {PARIS_FR}
DEMONYMS = {"french": FRANCE, "syrian": SYRIA, "american": UNITED_STATES}


class TinyGazetteer:
    """The two questions the resolver asks, answered from the table above."""

    def candidates(self, name):
        return NAMES.get(normalize(name), [])

    def demonym_country(self, word):
        return DEMONYMS.get(normalize(word))

    def is_capital(self, place):
        return place in CAPITALS


def toponyms_in(text: str, *names: str, demonyms: tuple[str, ...] = ()) -> list[Toponym]:
    """Toponyms for every whole-word occurrence of the given names, in text order."""
    found = []
    for name in names + demonyms:
        for match in re.finditer(rf"\b{re.escape(name)}\b", text):
            found.append(Toponym(match.start(), match.end(), name, "test", name in demonyms))
    return sorted(found, key=lambda t: t.start)


def resolve(text, *names, demonyms=()):
    toponyms = toponyms_in(text, *names, demonyms=demonyms)
    return {
        (r.toponym.name, r.toponym.start): r.place
        for r in resolve_toponyms(text, toponyms, TinyGazetteer())
    }


def places(text, *names, demonyms=()):
    return list(resolve(text, *names, demonyms=demonyms).values())


def test_paris_alone_is_the_capital_of_france():
    assert places("The minister flew to Paris on Monday.", "Paris") == [PARIS_FR]


def test_paris_texas_when_the_text_names_the_state():
    assert places("A storm hit Paris, Texas, overnight.", "Paris", "Texas") == [PARIS_TX, TEXAS]


def test_paris_stays_french_in_an_article_about_france_and_the_us():
    text = "French officials said Paris would send ships; the US welcomed it. US troops ..."
    resolved = places(text, "Paris", "US", demonyms=("French",))
    assert resolved[1] == PARIS_FR


def test_a_country_name_beats_a_small_town_of_the_same_name():
    assert places("Troops went to Chad.", "Chad") == [CHAD]


def test_province_of_prefers_the_admin_division():
    text = "Strikes in Syria's northern province of Aleppo killed 56."
    assert places(text, "Syria", "Aleppo") == [SYRIA, ALEPPO_GOV]


def test_the_city_is_preferred_without_a_cue():
    assert places("Fighting continued in Aleppo.", "Aleppo") == [ALEPPO]


def test_one_sense_per_document():
    # The second "Paris" is the one the article already placed in Texas, even though the
    # French capital is far bigger and "Texas" is not next to it.
    text = "Paris, Texas was flooded. Later, Paris reopened its schools in France."
    assert places(text, "Paris", "Texas", "France") == [PARIS_TX, TEXAS, PARIS_TX, FRANCE]


def test_demonyms_resolve_to_their_country():
    assert places("Syrian forces advanced.", demonyms=("Syrian",)) == [SYRIA]


def test_an_unknown_name_resolves_to_nothing():
    toponyms = [Toponym(0, 7, "Atlantis", "test")]
    [resolved] = resolve_toponyms("Atlantis sank.", toponyms, TinyGazetteer())
    assert resolved.place is None


@pytest.mark.parametrize(
    "codes, expected",
    [(("SY", "IQ"), (34.5, 40.9)), (("FR", "JP"), None)],
)
def test_border_resolves_through_the_border_function(codes, expected):
    iraq = Place(11, "Iraq", 33.0, 44.0, "country", "IQ", None, 38433600, 99237)
    japan = Place(12, "Japan", 35.7, 139.7, "country", "JP", None, 126529100, 1861060)
    NAMES.update({"iraq": [Candidate(iraq, MATCH_NAME)], "japan": [Candidate(japan, MATCH_NAME)]})
    names = {"SY": "Syria", "IQ": "Iraq", "FR": "France", "JP": "Japan"}
    text = f"Both sides of the {names[codes[0]]}-{names[codes[1]]} border."
    start = text.index(names[codes[0]])
    toponym = Toponym(start, text.index(" border") + 7, text[start : text.index(".")], "border")
    calls = []

    def border_point(a, b):
        calls.append((a, b))
        return expected

    [resolved] = resolve_toponyms(text, [toponym], TinyGazetteer(), border_point)
    assert calls == [codes]
    if expected is None:
        assert resolved.place is None
    else:
        assert (resolved.place.lat, resolved.place.lon) == expected
        assert resolved.place.precision == "region"


def test_a_capital_outranks_a_bigger_namesake_division():
    # Washington, D.C. (690,000) against Washington State (7.7 million, summed from its towns).
    dc = Place(20, "Washington", 38.89511, -77.03637, "city", "US", "DC", 689545, 4140963)
    state = Place(21, "Washington", 47.50012, -120.50147, "admin1", "US", "WA", 7705281, 5815135)
    NAMES["washington"] = [Candidate(dc, MATCH_NAME), Candidate(state, MATCH_NAME)]
    CAPITALS.add(dc)
    assert places("The talks in Washington ended.", "Washington") == [dc]


ATHENS_GR = Place(30, "Athens", 37.98376, 23.72784, "city", "GR", "ESYE31", 664046, 264371)
ATHENS_TX = Place(31, "Athens", 32.20487, -95.85552, "city", "US", "TX", 12710, 4673353)
MALAKOFF = Place(32, "Malakoff", 32.16959, -96.01247, "city", "US", "TX", 2324, 4709013)
MINNESOTA = Place(34, "Minnesota", 46.16, -93.76, "admin1", "US", "MN", 5303925, 5037779)
MINNESOTA_TOWN = Place(35, "Minnesota", 44.55885, -95.98559, "city", "US", "MN", 1293, 5037785)


def test_a_nearby_place_pulls_an_ambiguous_name_home():
    # Alone, Athens is the bigger Athens, in Greece; next to Malakoff (a Texas town 16 km away)
    # it is Athens, Texas.
    NAMES["athens"] = [Candidate(ATHENS_GR, MATCH_NAME), Candidate(ATHENS_TX, MATCH_NAME)]
    NAMES["malakoff"] = [Candidate(MALAKOFF, MATCH_NAME)]
    assert places("Athens reopened.", "Athens") == [ATHENS_GR]
    text = "Athens and Malakoff reopened."
    assert places(text, "Athens", "Malakoff") == [ATHENS_TX, MALAKOFF]


def test_a_state_is_not_dropped_for_its_namesake_village():
    NAMES["minnesota"] = [
        Candidate(MINNESOTA_TOWN, MATCH_NAME),
        Candidate(MINNESOTA, MATCH_NAME),
    ]
    assert places("Snow fell across Minnesota.", "Minnesota") == [MINNESOTA]


KANSAS = Place(40, "Kansas", 38.50029, -98.50063, "admin1", "US", "KS", 2911505)
KANSAS_IL = Place(41, "Kansas", 39.55281, -87.93864, "city", "US", "IL", 787)
ILLINOIS = Place(42, "Illinois", 40.00032, -89.25037, "admin1", "US", "IL", 12830632)
NEVADA = Place(43, "Nevada", 39.25021, -116.75119, "admin1", "US", "NV", 2700551)


def test_a_list_of_states_keeps_each_a_state_not_a_village_in_another():
    # Kansas, Illinois is a village inside a state the list names; the list is of states.
    NAMES["kansas"] = [Candidate(KANSAS_IL, MATCH_NAME), Candidate(KANSAS, MATCH_NAME)]
    NAMES["illinois"] = [Candidate(ILLINOIS, MATCH_NAME)]
    NAMES["nevada"] = [Candidate(NEVADA, MATCH_NAME)]
    text = "Cases were confirmed in Illinois, Kansas and Nevada."
    assert places(text, "Illinois", "Kansas", "Nevada") == [ILLINOIS, KANSAS, NEVADA]


def tentative(text, name, source="tentative+ner:PERSON"):
    start = text.index(name)
    return Toponym(start, start + len(name), name, source)


def test_a_town_name_taken_for_a_person_is_kept_when_a_place_nearby_confirms_it():
    # NER called "Athens" a person; Malakoff, 16 km from Athens, Texas, vouches for it.
    NAMES["athens"] = [Candidate(ATHENS_GR, MATCH_NAME), Candidate(ATHENS_TX, MATCH_NAME)]
    NAMES["malakoff"] = [Candidate(MALAKOFF, MATCH_NAME)]
    text = "Athens spoke to reporters in Malakoff."
    toponyms = [tentative(text, "Athens"), *toponyms_in(text, "Malakoff")]
    resolved = resolve_toponyms(text, toponyms, TinyGazetteer())
    assert [(r.toponym.name, r.place) for r in resolved] == [
        ("Athens", ATHENS_TX),
        ("Malakoff", MALAKOFF),
    ]


def test_a_town_name_taken_for_a_person_is_dropped_when_nothing_confirms_it():
    NAMES["athens"] = [Candidate(ATHENS_GR, MATCH_NAME), Candidate(ATHENS_TX, MATCH_NAME)]
    text = "Athens spoke to reporters in Paris."
    toponyms = [tentative(text, "Athens"), *toponyms_in(text, "Paris")]
    resolved = resolve_toponyms(text, toponyms, TinyGazetteer())
    assert [r.toponym.name for r in resolved] == ["Paris"]


def test_a_tentative_name_does_not_shape_the_others():
    # A tentative "Texas" must not pull Paris to Texas: it is not yet known to be a place.
    text = "Texas said the summit in Paris went well."
    toponyms = [tentative(text, "Texas", "tentative+ner:ORG"), *toponyms_in(text, "Paris")]
    resolved = resolve_toponyms(text, toponyms, TinyGazetteer())
    assert [(r.toponym.name, r.place) for r in resolved if r.toponym.name == "Paris"] == [
        ("Paris", PARIS_FR)
    ]


MALAKAL = Place(50, "Malakal", 9.53342, 31.66049, "city", "SS", "02", 160765)
SOUTH_SUDAN = Place(51, "South Sudan", 8.0, 30.0, "country", "SS", None, 8260490)


@pytest.mark.parametrize("source", ["ORG", "PERSON"])
def test_a_big_city_taken_for_a_name_is_confirmed_by_its_country(source):
    NAMES["malakal"] = [Candidate(MALAKAL, MATCH_NAME)]
    NAMES["south sudan"] = [Candidate(SOUTH_SUDAN, MATCH_NAME)]
    text = "Aid reached Malakal, the second city of South Sudan."
    toponyms = [tentative(text, "Malakal", f"tentative+ner:{source}")]
    toponyms += toponyms_in(text, "South Sudan")
    resolved = resolve_toponyms(text, toponyms, TinyGazetteer())
    assert "Malakal" in [r.toponym.name for r in resolved]


def test_a_small_town_taken_for_a_person_needs_more_than_its_country():
    small = Place(52, "Malakal", 9.53342, 31.66049, "city", "SS", "02", 20000)
    NAMES["malakal"] = [Candidate(small, MATCH_NAME)]
    NAMES["south sudan"] = [Candidate(SOUTH_SUDAN, MATCH_NAME)]
    text = "Malakal told reporters in South Sudan that aid had come."
    for source, kept in (("ORG", True), ("PERSON", False)):
        toponyms = [tentative(text, "Malakal", f"tentative+ner:{source}")]
        toponyms += toponyms_in(text, "South Sudan")
        resolved = resolve_toponyms(text, toponyms, TinyGazetteer())
        assert ("Malakal" in [r.toponym.name for r in resolved]) is kept, source
