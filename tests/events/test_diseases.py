"""One table of diseases (events/classify/diseases.py) for the kinds and the per-country tolls."""

from __future__ import annotations

import pytest

from events.classify import diseases, kinds


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Mexico reported 15 deaths from swine flu.", "h1n1"),
        ("The H1N1 virus has killed 217 people.", "h1n1"),
        ("Bird flu (H5N1) was found in swans.", "h5n1"),
        ("Hand, foot and mouth disease killed 42 children.", "hfmd"),
        ("West Nile virus was detected in Texas.", "west_nile"),
        ("Ten infants died of whooping cough.", "pertussis"),
        ("AIDS deaths fell last year.", "hiv"),
        ("Seven people died of the flu.", "flu"),
    ],
)
def test_each_name_of_a_disease_gives_its_key(text, key):
    assert diseases.disease_named(text) == key


@pytest.mark.parametrize(
    "text",
    [
        "The virus has killed 3,759 people.",  # generic: the article says which
        "The army aids the refugees.",  # "aids" is no AIDS
        "Five people died in the floods.",
    ],
)
def test_generic_words_and_other_senses_name_no_disease(text):
    assert diseases.disease_named(text) is None


def test_an_article_is_about_the_disease_it_names_most_and_plain_flu_gives_way():
    texts = ["Deaths from the flu rose.", "Swine flu reached Texas.", "The virus spread."]
    assert diseases.main_disease(texts) == "h1n1"
    assert diseases.main_disease(["Deaths from the flu rose."]) == "flu"
    assert diseases.main_disease(["Five died in the floods."]) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Ten infants have died of whooping cough in California.",
        "Over 400 have died of Japanese encephalitis in Uttar Pradesh.",
        "Twenty-six people have died of West Nile virus this year.",
    ],
)
def test_deaths_from_any_disease_of_the_table_are_a_disaster(sentence):
    assert kinds.classify({kinds.CASUALTIES}, sentence) == kinds.DISASTER
