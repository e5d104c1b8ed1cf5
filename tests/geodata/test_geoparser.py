"""The geoparser end to end (real NER model, real gazetteer) on the bundled seed article and on
short sentences written for the failures each test is named after."""

from __future__ import annotations

import math

import pytest

from articles.samples import sample_paths
from geodata.naturalearth import country_at

SEED_NAME = "us-air-raids-northern-syria-2016-07-22.txt"


def km(lat1, lon1, lat2, lon2):
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(a))


@pytest.fixture(scope="module")
def seed_places(geoparser):
    path = next(p for p in sample_paths() if p.name == SEED_NAME)
    text = path.read_text(encoding="utf-8")
    return text, geoparser.parse(text)


def placed(resolved, name):
    """The places a name was resolved to (demonyms excluded)."""
    return [
        r.place
        for r in resolved
        if r.toponym.name == name and not r.toponym.demonym and r.place is not None
    ]


# The acceptance list: a town within 25 km of its GeoNames point, a lake within 150 km.
SEED_EXPECTATIONS = [
    ("Aleppo", 36.20124, 37.16117, 25),
    ("Raqqa", 35.95283, 39.00788, 25),
    ("Mosul", 36.335, 43.11889, 25),
    ("Baghdad", 33.34058, 44.40088, 25),
    ("Paris", 48.85341, 2.3488, 25),
    ("Lake Chad", 13.0, 14.5, 150),
]


# "province of Aleppo" names the governorate: GeoNames marks it near its middle, not at the city.
SEED_DIVISIONS = {"Aleppo": (36.25, 37.5)}


@pytest.mark.parametrize("name, lat, lon, radius", SEED_EXPECTATIONS)
def test_seed_places_are_found_at_the_right_place(seed_places, name, lat, lon, radius):
    _, resolved = seed_places
    places = placed(resolved, name)
    assert places, f"{name} not found"
    assert any(place.kind != "admin1" for place in places)
    for place in places:
        expected = SEED_DIVISIONS[name] if place.kind == "admin1" else (lat, lon)
        assert km(place.lat, place.lon, *expected) <= radius, (name, place)


# Countries: resolved to the country itself, at a point inside it (Natural Earth outlines).
SEED_COUNTRIES = [
    ("Syria", "SY"),
    ("Iraq", "IQ"),
    ("Libya", "LY"),
    ("Jordan", "JO"),
    ("Niger", "NE"),
    ("Chad", "TD"),
    ("Nigeria", "NG"),
]


@pytest.mark.parametrize("name, code", SEED_COUNTRIES)
def test_seed_countries_are_the_countries(seed_places, name, code):
    _, resolved = seed_places
    places = placed(resolved, name)
    assert places, f"{name} not found"
    for place in places:
        assert (place.kind, place.country_code) == ("country", code)
        assert country_at(place.lat, place.lon) == code


def test_france_is_on_the_map_through_paris_and_the_french(seed_places):
    _, resolved = seed_places
    codes = {r.place.country_code for r in resolved if r.place is not None}
    assert "FR" in codes


@pytest.mark.parametrize("organisation", ["Washington Post", "Al Jazeera", "Charles de Gaulle"])
def test_no_place_inside_an_organisation_or_ship_name(seed_places, organisation):
    text, resolved = seed_places
    spans = []
    start = text.find(organisation)
    while start != -1:
        spans.append((start, start + len(organisation)))
        start = text.find(organisation, start + 1)
    assert spans
    for r in resolved:
        for lo, hi in spans:
            assert r.toponym.end <= lo or r.toponym.start >= hi, r.toponym


def test_nationalities_are_demonyms_of_their_country(seed_places):
    _, resolved = seed_places
    syrian = [r for r in resolved if r.toponym.name == "Syrian"]
    assert syrian and all(r.toponym.demonym for r in syrian)
    assert {r.place.country_code for r in syrian} == {"SY"}


def test_the_syria_iraq_border_is_a_point_on_that_border(seed_places):
    _, resolved = seed_places
    [border] = [r for r in resolved if "border" in r.toponym.name]
    assert border.place is not None
    assert 33.0 < border.place.lat < 37.5 and 38.5 < border.place.lon < 42.5
    assert border.place.precision == "region"


def parse(geoparser, text):
    return [(r.toponym.name, r.place) for r in geoparser.parse(text)]


def test_us_abbreviation_is_the_united_states_not_a_french_town(geoparser):
    for text in ("The U.S. sent more troops.", "Officials in the US said so."):
        found = [(n, p) for n, p in parse(geoparser, text) if n in ("U.S.", "US")]
        assert found and all(p.country_code == "US" and p.kind == "country" for _, p in found)


def test_paris_texas_is_not_the_eiffel_tower(geoparser):
    [(_, paris)] = [
        (n, p)
        for n, p in parse(geoparser, "Flooding closed roads in Paris, Texas.")
        if n == "Paris"
    ]
    assert paris.country_code == "US" and paris.admin1_code == "TX"


def test_washington_post_is_not_washington(geoparser):
    names = [n for n, _ in parse(geoparser, "The Washington Post reported the strikes.")]
    assert "Washington" not in names


def test_province_of_aleppo_is_the_province(geoparser):
    text = "Airstrikes killed 56 civilians in Syria's northern province of Aleppo on Tuesday."
    [aleppo] = [p for n, p in parse(geoparser, text) if n == "Aleppo"]
    assert aleppo.kind == "admin1" and aleppo.country_code == "SY"


def test_common_words_are_not_towns(geoparser):
    text = "Police said in March that the University would reopen."
    assert parse(geoparser, text) == []


def test_a_leading_article_is_not_part_of_the_name(geoparser):
    [(name, place)] = parse(geoparser, "Tensions rose across the Middle East this week.")
    assert name == "Middle East" and place.kind == "region"


def test_us_led_is_the_us_without_the_hyphen(geoparser):
    names = [n for n, _ in parse(geoparser, "The US-led coalition struck again.")]
    assert names == ["US"]


def test_washington_as_a_government_is_the_capital(geoparser):
    [(_, place)] = parse(geoparser, "The strikes were planned by Washington and its allies.")
    assert place.kind == "city" and place.admin1_code == "DC"


def test_sub_saharan_africa_is_one_region(geoparser):
    [(name, place)] = parse(geoparser, "NATO deployments to sub-Saharan Africa were discussed.")
    assert name == "sub-Saharan Africa" and place.kind == "region"


def places_of(geoparser, text):
    """(name, kind, country, admin1) of every placed toponym, demonyms excluded."""
    return [
        (r.toponym.name, r.place.kind, r.place.country_code, r.place.admin1_code)
        for r in geoparser.parse(text)
        if r.place is not None and not r.toponym.demonym
    ]


def test_georgia_is_the_state_in_a_story_from_georgia(geoparser):
    text = (
        "Gainesville police arrested two men. Hall County deputies said the Georgia Bureau of "
        "Investigation will help. Georgia lawmakers reacted."
    )
    georgia = [p for p in places_of(geoparser, text) if p[0] == "Georgia"]
    assert georgia and all(p[1:] == ("admin1", "US", "GA") for p in georgia)


def test_georgia_is_the_country_in_a_story_from_the_caucasus(geoparser):
    text = "Russian troops left Georgia after talks in Tbilisi."
    georgia = [p for p in places_of(geoparser, text) if p[0] == "Georgia"]
    assert georgia and all(p[1:3] == ("country", "GE") for p in georgia)


def test_news_abbreviations_of_states_are_the_states(geoparser):
    text = "A man from Marion, Ind., was hurt in Charleston, W.Va., on Monday."
    found = {p[0]: p[1:] for p in places_of(geoparser, text)}
    assert found["Ind."] == ("admin1", "US", "IN")
    assert found["W.Va."] == ("admin1", "US", "WV")
    assert found["Marion"] == ("city", "US", "IN")  # the town, not Marion County
    assert found["Charleston"] == ("city", "US", "WV")


def test_a_dateline_names_a_place(geoparser):
    found = places_of(geoparser, "NEWARK -- The recent surge in home sales has not reached us.")
    assert found == [("NEWARK", "city", "US", "NJ")]


def test_a_place_opening_a_public_body_is_a_place(geoparser):
    found = places_of(geoparser, "The Laurel County Sheriff's Office said two people were hurt.")
    assert found == [("Laurel County", "admin2", "US", "KY")]


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Shelling hit the Donetsk Railway Station on Monday.", "Donetsk", "UA"),
        ("A fire broke out at the Zaporizhzhia Nuclear Power Plant.", "Zaporizhzhia", "UA"),
    ],
)
def test_a_town_opening_the_name_of_a_site_is_a_place(geoparser, text, name, country):
    [(found, place)] = parse(geoparser, text)
    assert found == name and place.country_code == country


def test_a_saints_name_opening_a_site_is_no_town(geoparser):
    text = "Thousands prayed in St. Peter's Square as the Pope spoke in Rome."
    found = [place.country_code for _, place in parse(geoparser, text) if place is not None]
    assert found == ["IT"]  # not Saint Peter, Minnesota


def test_a_name_that_is_a_place_once_is_a_place_throughout(geoparser):
    # NER tags the second "Gainesville" PERSON; the article already used it as a place.
    text = (
        "Officials in Gainesville said the road will reopen. "
        "Gainesville Mayor Myrtle Figueras spoke on Monday."
    )
    names = [p[0] for p in places_of(geoparser, text)]
    assert names == ["Gainesville", "Gainesville"]


@pytest.mark.parametrize(
    "text",
    [
        "Michael Flores grew up here. Flores, 26, had just left the Army.",
        '"It was a good win," said coach Ripley after the match.',
    ],
)
def test_people_named_like_places_are_not_places(geoparser, text):
    assert places_of(geoparser, text) == []


def test_athens_among_east_texas_places_is_athens_texas(geoparser):
    text = (
        "Police found the car in Athens. Deputies from Henderson County and officers from "
        "Tyler searched the area."
    )
    found = {p[0]: p[1:] for p in places_of(geoparser, text)}
    assert found["Athens"] == ("city", "US", "TX")
    assert found["Henderson County"] == ("admin2", "US", "TX")


def test_a_state_is_not_its_namesake_village(geoparser):
    found = places_of(geoparser, "Minnesota lawmakers met in St. Paul to debate the budget.")
    assert ("Minnesota", "admin1", "US", "MN") in found


def test_a_state_is_marked_near_its_middle_not_at_its_largest_city(geoparser):
    # GeoNames: Texas 31.25,-99.25; California 37.25,-119.75 (Houston and Los Angeles are
    # 400 km and more away).
    for name, lat, lon in (("Texas", 31.25, -99.25), ("California", 37.25, -119.75)):
        [resolved] = geoparser.parse(f"Lawmakers in {name} voted on Tuesday.")
        assert km(resolved.place.lat, resolved.place.lon, lat, lon) < 100, name


def test_the_united_states_is_marked_in_the_middle_of_the_contiguous_states(geoparser):
    # GeoNames 39.76,-98.5; Wikipedia 40,-100: the centre of the 48 contiguous states.
    [us] = [r.place for r in geoparser.parse("The U.S. sent more troops.")]
    assert km(us.lat, us.lon, 39.76, -98.5) < 161 and km(us.lat, us.lon, 40.0, -100.0) < 161


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Fighting continued in Eastern Ukraine on Monday.", "Ukraine", "UA"),
        ("She moved to North Texas in 1973.", "Texas", "US"),
        ("Troops entered South Sudan on Friday.", "South Sudan", "SS"),  # a name of its own
    ],
)
def test_a_compass_word_before_a_place_leaves_the_place(geoparser, text, name, country):
    [(found, place)] = parse(geoparser, text)
    assert found == name and place.country_code == country


@pytest.mark.parametrize(
    "text",
    [
        "Nineteen people have died of swine flu in the West Midlands, England.",
        "Health officials in Birmingham said the West Midlands had the most cases in England.",
        "Two more people have died of swine flu in the West Midlands, the British ministry said.",
    ],
)
def test_a_part_after_a_compass_word_is_not_a_namesake_in_a_country_the_article_is_not_about(
    geoparser, text
):
    # "Midlands" alone is a province of Zimbabwe; this article's places are all in England.
    found = {name: place for name, place in parse(geoparser, text)}
    assert found.get("Midlands") is None
    assert {place.country_code for place in found.values() if place} == {"GB"}


def test_a_name_before_a_division_word_is_no_town_of_a_country_the_article_is_not_about(
    geoparser,
):
    # Kenya's old Nyanza Province is not in the gazetteer; Nyanza, Rwanda is a town
    text = (
        "Health officials in Kenya issued an alert after cholera killed 60 people near "
        "Kisumu. Nyanza Province, with 750 infections, has felt the brunt of the outbreak."
    )
    found = {name: place for name, place in parse(geoparser, text)}
    assert found["Nyanza"] is None and found["Kisumu"].country_code == "KE"
    # a division of a neighbouring country keeps its reading
    text = "Pakistani troops said militants crossed from Helmand province into Quetta."
    assert dict(parse(geoparser, text))["Helmand"].country_code == "AF"


def test_a_town_named_with_its_province_is_no_namesake_in_another_country(geoparser):
    # Stroud, Ontario is not in the gazetteer; Stroud, England is
    text = "The man was arrested on Highway 11 in Stroud, Ontario, Canada."
    found = dict(parse(geoparser, text))
    assert found["Stroud"] is None and found["Ontario"].country_code == "CA"
    assert dict(parse(geoparser, "He was born in Paris, Texas."))["Paris"].country_code == "US"
    listed = dict(parse(geoparser, "Flooding hit Jordan, Syria and Iraq."))
    assert listed["Jordan"].country_code == "JO"


def test_a_part_after_a_compass_word_keeps_its_reading_when_the_article_agrees(geoparser):
    found = dict(parse(geoparser, "Storms hit Northern Queensland and Brisbane on Monday."))
    assert found["Queensland"].country_code == "AU"
    alone = dict(parse(geoparser, "Floods hit Western Kenya on Monday."))
    assert alone["Kenya"].country_code == "KE"


@pytest.mark.parametrize(
    ("text", "name", "kind", "country"),
    [
        ("The United Kingdom's health minister resigned.", "United Kingdom", "country", "GB"),
        ("Cases rose in Hebei province on Monday.", "Hebei", "admin1", "CN"),
        ("Rain fell across Washington state.", "Washington", "admin1", "US"),
        ("The U.S. Food and Drug Administration approved it.", "U.S.", "country", "US"),
        ("The Texas Alcoholic Beverage Commission ruled.", "Texas", "admin1", "US"),
        (
            "The order came from the Ministry of Health of the People's Republic of China.",
            "People's Republic of China",
            "country",
            "CN",
        ),
    ],
)
def test_a_place_inside_a_longer_phrase_is_found(geoparser, text, name, kind, country):
    [(found, place)] = parse(geoparser, text)
    assert found == name and (place.kind, place.country_code) == (kind, country)


@pytest.mark.parametrize(
    "text",
    ["He works for Texas Instruments in Dallas.", "She works at the Bank of America in Dallas."],
)
def test_a_company_named_after_a_place_is_not_a_place(geoparser, text):
    assert [name for name, _ in parse(geoparser, text)] == ["Dallas"]


@pytest.mark.parametrize(
    "text",
    [
        "Two horses died of West Nile virus in Texas.",
        "A patient with Marburg virus was treated in Texas.",
        "Cases of Rift Valley fever were reported in Texas.",
        "A second Swine Flu victim died in a hospital in Texas.",
        "Pigs on a farm in Texas tested positive for the Reston ebolavirus.",
        "Like the 1918 Spanish influenza, the outbreak in Texas spread fast.",
    ],
)
def test_a_disease_named_after_a_place_is_not_the_place(geoparser, text):
    assert [name for name, _ in parse(geoparser, text)] == ["Texas"]


def test_a_town_ner_calls_an_organisation_is_kept_when_its_nationals_are_named(geoparser):
    # spaCy sm tags this "Bethlehem" ORG; the only other place is a nationality
    text = "Hundreds of Palestinians protested at the gates of Bethlehem on Friday."
    found = {name: place for name, place in parse(geoparser, text)}
    assert found["Bethlehem"].country_code == "PS"
    alone = "Hundreds of people protested at the gates of Bethlehem on Friday."
    assert "Bethlehem" not in [name for name, _ in parse(geoparser, alone)]


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        # spaCy sm tags these ORG; what is captured is a place
        ("The northeastern rebels first captured Birao on Oct. 29.", "Birao", "CF"),
        ("ISIS routed rebel groups last month to seize control of Azaz.", "Azaz", "SY"),
    ],
)
def test_a_town_ner_calls_an_organisation_is_a_place_when_it_is_captured(
    geoparser, text, name, country
):
    found = {found_name: place for found_name, place in parse(geoparser, text)}
    assert found[name].country_code == country
    # the same name with nothing saying it is a place stays out
    alone = f"A spokesman for {name} said on Friday that talks would go on."
    assert name not in [found_name for found_name, _ in parse(geoparser, alone)]


@pytest.mark.parametrize(
    "text",
    [
        "Vaccination began in 19 West and Southern African countries and in Texas.",
        "There is no outbreak in Texas, Region 8, officials said.",
    ],
)
def test_a_compass_or_division_word_alone_is_not_a_place(geoparser, text):
    assert [name for name, _ in parse(geoparser, text)] == ["Texas"]


def test_a_country_opening_a_sentence_untagged_is_still_a_country(geoparser):
    text = "The boycott ended in July, 2004. Nigeria reported having 782 cases of the disease."
    assert [(name, place.kind) for name, place in parse(geoparser, text)] == [
        ("Nigeria", "country")
    ]


def test_a_list_joined_by_dashes_is_split_into_its_places(geoparser):
    text = "Outbreaks are likely to spread to Central Africa - Nigeria, Cameroon and Chad - soon."
    names = [name for name, _ in parse(geoparser, text)]
    assert names == ["Central Africa", "Nigeria", "Cameroon", "Chad"]


def test_a_city_ner_calls_a_product_is_kept_when_the_article_names_its_country(geoparser):
    # spaCy sm tags this "Calcutta" PRODUCT; India vouches for it (Kolkata, by its old name).
    text = (
        "India has many street vendors. "
        'Over 150,000 "stall wallahs" in Calcutta will be shown how to properly prepare dishes.'
    )
    found = {name: place for name, place in parse(geoparser, text)}
    assert found["Calcutta"].country_code == "IN" and found["Calcutta"].population > 1_000_000
    alone = 'Over 150,000 "stall wallahs" in Calcutta will be shown how to prepare dishes.'
    assert "Calcutta" not in [name for name, _ in parse(geoparser, alone)]


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("A tsunami hit the Indonesian island of Java on Monday.", "Java", "ID"),
        ("Migrants landed on Lampedusa overnight.", "Lampedusa", "IT"),
    ],
)
def test_major_islands_are_places(geoparser, text, name, country):
    found = {n: place for n, place in parse(geoparser, text)}
    assert found[name].country_code == country and found[name].kind == "region"


def test_a_city_no_entity_covers_is_a_place_when_it_was_captured(geoparser):
    # spaCy sm tags no entity in this sentence
    text = "Grozny has not been captured, and the army has taken the brunt of the blame."
    found = {name: place for name, place in parse(geoparser, text)}
    assert found["Grozny"].country_code == "RU"
