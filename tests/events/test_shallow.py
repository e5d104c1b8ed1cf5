from __future__ import annotations

import pytest

from events.locate.shallow import nearest_places
from geodata.model import Place, ResolvedToponym, Toponym


def named(sentence, *names, offset=0, demonyms=()):
    """Resolved toponyms for ``names`` as they occur in ``sentence`` (article offsets)."""
    found = []
    for n, name in enumerate(names):
        start = sentence.index(name) + offset
        toponym = Toponym(start, start + len(name), name, "test", name in demonyms)
        found.append((n, ResolvedToponym(toponym, Place(n, name, 0.0, 0.0, "city"), 1.0)))
    return found


def places_of(sentence, trigger, *names, demonyms=()):
    start = sentence.index(trigger)
    chosen = nearest_places(
        sentence, (start, start + len(trigger)), named(sentence, *names, demonyms=demonyms)
    )
    return [names[i] for i in chosen]


@pytest.mark.parametrize(
    ("sentence", "trigger", "names", "expected"),
    [
        (
            "Severe flooding in Burkina Faso has affected 100,000 people.",
            "flooding",
            ("Burkina Faso",),
            ["Burkina Faso"],
        ),
        # who reports an outbreak is where it is
        ("Health officials in Gaza confirmed five new cases of flu.", "cases", ("Gaza",), ["Gaza"]),
        # the names listed with the nearest one come along
        (
            "Cholera cases were reported in Botswana, Mozambique and South Africa.",
            "cases",
            ("Botswana", "Mozambique", "South Africa"),
            ["Botswana", "Mozambique", "South Africa"],
        ),
        # the nearest name wins over one further away
        (
            "Officials in Kenya said the outbreak began in Nairobi.",
            "outbreak",
            ("Kenya", "Nairobi"),
            ["Nairobi"],
        ),
        # a quote and a reporting verb after the event cut the sentence
        ('"The outbreak is growing," a doctor said in Baghdad.', "outbreak", ("Baghdad",), []),
        ("Cases of cholera rose again, the WHO said in Geneva.", "Cases", ("Geneva",), []),
        # who reports an outbreak is where it is
        (
            "Officials in Lagos said 12 new cases of cholera were found.",
            "cases",
            ("Lagos",),
            ["Lagos"],
        ),
        # a nationality is context, not a place
        ("The Syrian outbreak worries doctors.", "outbreak", ("Syrian",), []),
        # where a traveller came from or went to is not where the case was found
        (
            "In Auckland, 26 students might have been infected during their trip to Mexico.",
            "infected",
            ("Auckland", "Mexico"),
            ["Auckland"],
        ),
        (
            "A passenger who had arrived from Toronto tested positive in Lima.",
            "tested positive",
            ("Toronto", "Lima"),
            ["Lima"],
        ),
        ("Two patients were infected after traveling to Peru.", "infected", ("Peru",), []),
        (
            "Passengers from Toronto and Lima raised the cases in Quito to 10.",
            "cases",
            ("Toronto", "Lima", "Quito"),
            ["Quito"],
        ),
        # who returned to a place is home
        (
            "A woman who had returned to Lima was infected, officials said.",
            "infected",
            ("Lima",),
            ["Lima"],
        ),
    ],
)
def test_a_disaster_is_set_at_the_nearest_place_of_its_stretch(sentence, trigger, names, expected):
    demonyms = {n for n in names if n.endswith("ian")}
    assert places_of(sentence, trigger, *names, demonyms=demonyms) == expected


def test_offsets_are_article_offsets():
    sentence = "Floods hit Dhaka."
    [(index, _)] = named(sentence, "Dhaka", offset=100)
    assert nearest_places(sentence, (0, 6), named(sentence, "Dhaka", offset=100), 100) == [index]
    assert nearest_places(sentence, (0, 6), named(sentence, "Dhaka", offset=100), 0) == []


def _resolved(sentence, name, place):
    start = sentence.index(name)
    return ResolvedToponym(Toponym(start, start + len(name), name, "test", False), place, 1.0)


@pytest.mark.parametrize(
    ("outer_kind", "outer_admin1", "expected"),
    [
        ("admin1", "03", ["Cabanatuan"]),  # the province holds the town
        ("admin2", "03", ["Cabanatuan"]),  # a second-level division of its province
        ("admin2", "07", ["Nueva Ecija"]),  # one of another province: not its container
    ],
)
def test_the_nearest_name_that_only_says_where_the_one_before_lies_gives_way(
    outer_kind, outer_admin1, expected
):
    sentence = "A farm worker in Cabanatuan in Nueva Ecija has tested positive for the virus."
    town = Place(0, "Cabanatuan City", 15.5, 121.0, "city", "PH", "03")
    outer = Place(1, "Nueva Ecija", 15.6, 121.0, outer_kind, "PH", outer_admin1)
    named_ = [
        (0, _resolved(sentence, "Cabanatuan", town)),
        (1, _resolved(sentence, "Nueva Ecija", outer)),
    ]
    start = sentence.index("tested positive")
    chosen = nearest_places(sentence, (start, start + len("tested positive")), named_)
    assert [["Cabanatuan", "Nueva Ecija"][i] for i in chosen] == expected
