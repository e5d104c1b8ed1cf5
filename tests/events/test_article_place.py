"""Events whose sentence names no place take the place the article gives them
(events/locate/article_place.py): issue 11's failure class 5."""

from __future__ import annotations

from datetime import date

import pytest

from articles.model import Article
from events.extract import extract_events
from events.model import ROLE_EVENT, PlaceSource
from tests.events.conftest import find_resolved

pytestmark = pytest.mark.model  # loads the spaCy model (tests/conftest.py: tiers)


def events_in(text: str, title: str = "") -> list:
    article = Article(id="t", title=title, text=text, published=date(2016, 7, 22))
    return [e for e in extract_events(article, find_resolved(text)) if e.role == ROLE_EVENT]


def test_a_toll_told_after_its_town_takes_the_town():
    text = (
        "Government forces shelled Aleppo again on Monday. The city has been cut off for weeks. "
        "The siege has killed more than 900 people."
    )
    [toll] = [e for e in events_in(text) if e.killed == 900]
    assert (toll.resolved_name, toll.place_source) == ("Aleppo", "previous")
    assert toll.place_source is PlaceSource.PREVIOUS  # typed, and stored as its value
    assert toll.lat is not None and toll.snippet.startswith("The siege")


def test_a_dateline_places_a_wire_story():
    text = "Baghdad (Reuters) - Gunmen killed four policemen at a checkpoint on Monday."
    [attack] = events_in(text)
    assert (attack.resolved_name, attack.place_source) == ("Baghdad", "dateline")


def test_the_articles_focus_places_violence_it_does_not_place_itself():
    text = (
        "Mosul has been under fire for a month. Residents of Mosul say food is running out. "
        "Gunmen killed four policemen at a checkpoint on Monday."
    )
    [attack] = [e for e in events_in(text) if e.trigger.startswith("killed")]
    assert (attack.resolved_name, attack.place_source) == ("Mosul", "focus")
    # a place from the article's focus is less sure than one the sentence names
    from events.classify.place_trust import place_trust

    assert attack.confidence <= place_trust()["focus"]


def test_another_events_place_in_the_same_sentence_is_not_taken():
    text = "Commanders met this week to plan the attacks on Raqqa."
    meetings = [e for e in events_in(text) if e.kind == "meeting"]
    assert meetings and all(e.name == "" and e.lat is None for e in meetings)


def test_a_meeting_is_not_placed_at_the_war_the_story_is_about():
    text = "Airstrikes hit Aleppo on Monday. Foreign ministers met on Tuesday to discuss a truce."
    [meeting] = [e for e in events_in(text) if e.kind == "meeting"]
    assert meeting.lat is None and meeting.place_source == "sentence"


def test_no_article_place_leaves_the_event_off_the_map():
    [attack] = events_in("Gunmen killed four policemen at a checkpoint on Monday.")
    assert attack.lat is None and attack.name == "" and attack.place_source == "sentence"


def test_a_sentence_naming_another_country_keeps_the_articles_place_away():
    text = (
        "Mosul has been under fire for a month. Residents of Mosul say food is running out. "
        "Syrian officials said gunmen killed four policemen at a checkpoint on Monday."
    )
    [attack] = [e for e in events_in(text) if e.trigger.startswith("killed")]
    assert attack.lat is None and attack.place_source == "sentence"


def test_deaths_in_outbreak_news_without_violence_are_the_judges_to_read():
    text = (
        "A cholera outbreak has spread through Baghdad. Four people have died since Monday, "
        "health officials said."
    )
    kinds = {e.trigger: e.kind for e in events_in(text)}
    assert kinds.get("died") == "disaster"


def test_a_place_from_the_article_lowers_the_events_confidence_by_its_sources_trust():
    from events.classify.place_trust import place_trust, trusted_confidence

    trust = place_trust()
    assert set(trust) <= {"previous", "dateline", "focus"} and "focus" in trust
    assert all(0.0 < value <= 1.0 for value in trust.values()) and trust["focus"] < 1.0
    assert trusted_confidence(0.9, "sentence") == 0.9
    for source, value in trust.items():
        assert trusted_confidence(0.9, source) == round(0.9 * value, 3)


@pytest.mark.parametrize(
    "toll",
    [
        "Over ninety cases of the flu have been reported throughout the world.",
        "Since then 55 people have died of the flu outside of Syria.",
    ],
)
def test_a_toll_told_for_the_world_or_outside_the_country_takes_no_place(toll):
    text = f"Syria has reported a flu outbreak. Syria closed its schools. {toll}"
    told = [e for e in events_in(text) if e.snippet == toll]
    assert told and all(e.lat is None for e in told)


def test_an_outbreak_named_only_by_a_nationality_takes_that_country():
    text = "Bird flu was found in Syrian poultry in December. Farmers were told to keep birds in."
    [outbreak] = [e for e in events_in(text) if e.kind == "disaster"]
    # the sentence names the country, by its nationality: the sentence's own place
    assert (outbreak.country_code, outbreak.place_source) == ("SY", "sentence")
    assert outbreak.lat is not None and outbreak.name == "Syrian"


def test_a_speakers_nationality_or_two_nationalities_give_an_outbreak_no_place():
    spoken = "Syrian officials said the cholera outbreak has killed 40 people."
    two = "Cholera has killed 40 people, Syrian and Iraqi doctors found."
    for text in (spoken, two):
        [outbreak] = [e for e in events_in(text) if e.kind == "disaster"]
        assert outbreak.lat is None, text


def test_an_outbreaks_own_nationality_places_it_beside_a_speakers():
    text = "The Syrian cholera outbreak has killed 40 people, according to the Syrian government."
    [outbreak] = [e for e in events_in(text) if e.kind == "disaster"]
    assert (outbreak.country_code, outbreak.place_source) == ("SY", "sentence")


def test_an_arrest_follows_the_event_told_just_before_it_else_the_storys_town():
    text = "A car bomb killed five people in Mosul on Monday. Police arrested two men on Tuesday."
    [arrest] = [e for e in events_in(text) if e.kind == "arrest"]
    assert (arrest.resolved_name, arrest.place_source) == ("Mosul", "previous")
    # a local story: the arrest is the town's (with the lower trust of a focus)
    far = (
        "Mosul has been under fire for a month. Residents of Mosul say food is running out. "
        "Aid groups asked for a truce. Police arrested two men on Tuesday."
    )
    [arrest] = [e for e in events_in(far) if e.kind == "arrest"]
    assert (arrest.resolved_name, arrest.place_source) == ("Mosul", "focus")
    # a country's story says too little of where an arrest was made
    country = (
        "Iraq has been at war for a decade. Iraq's economy is in ruins. "
        "Aid groups asked for a truce. Police arrested two men on Tuesday."
    )
    [arrest] = [e for e in events_in(country) if e.kind == "arrest"]
    assert arrest.lat is None


def test_a_place_named_as_an_exception_is_not_where_the_event_happened():
    text = "Excluding the deaths in Syria, 163 people have died of the flu this year."
    [deaths] = [e for e in events_in(text) if e.killed == 163]
    assert deaths.country_code != "SY"


def test_the_focus_is_the_country_named_most_also_by_its_nationality():
    # "Iraqi" three times (once in the title) outweighs Syria named twice
    title = "Iraqi police clamp down on protests"
    text = (
        "Iraqi police sealed off the square on Sunday. Iraqi officials defended the decision to "
        "allow imports from Syria. Syria said nothing. Thousands of protesters gathered in "
        "nearby streets on Sunday night."
    )
    [protest] = [e for e in events_in(text, title) if e.kind == "protest"]
    assert (protest.resolved_name, protest.place_source) == ("Iraq", "focus")


def test_nationality_words_of_the_events_own_sentence_make_no_focus():
    [attack] = [e for e in events_in("Iraqi troops killed two Iraqi civilians on Monday.")]
    assert attack.lat is None and attack.place_source == "sentence"


def test_a_disasters_own_nationality_word_outranks_the_articles_focus():
    text = (
        "Mosul has had no power for a week. Residents of Mosul fear the winter. "
        "Bird flu was found in Iraqi poultry on Monday."
    )
    [outbreak] = [e for e in events_in(text) if e.kind == "disaster"]
    assert (outbreak.resolved_name, outbreak.place_source) == ("Iraq", "sentence")


def test_the_one_place_named_in_a_country_told_by_nationality_is_the_focus():
    text = (
        "Iraqi police sealed off a square in Baghdad on Sunday. Iraqi officials defended the "
        "ban. The ministry said nothing more. Thousands of protesters gathered on Sunday night."
    )
    [protest] = [e for e in events_in(text) if e.kind == "protest"]
    assert (protest.resolved_name, protest.place_source) == ("Baghdad", "focus")


def test_the_place_of_the_event_the_story_opens_with_outranks_the_country_named_more():
    # the lead places the battle in Mosul; "Iraq" named three times later is background
    text = (
        "A gun battle between the army and militants killed 18 people in Mosul on Saturday. "
        "Residents were told to stay inside. Hotels in Iraq offered discounts. The violence in "
        "Iraq has hurt trade. Officials in Iraq met on Monday. "
        "Five gunmen were killed by soldiers in the night."
    )
    [later] = [e for e in events_in(text) if e.snippet.startswith("Five gunmen")]
    assert (later.resolved_name, later.place_source) == ("Mosul", "focus")
    # without the lead, the country named most is the focus, as before
    [alone] = [e for e in events_in(text[text.index("Residents") :]) if e.killed == 5]
    assert (alone.resolved_name, alone.place_source) == ("Iraq", "focus")


def test_a_lead_in_another_country_than_the_focus_leaves_the_focus():
    text = (
        "Bird flu killed 12 people in Aleppo this month. Health officials in Iraq reported "
        "new cases. Iraq closed its markets. Iraqi farmers protested. In Iraq, schools shut. "
        "Gunmen killed two guards at a market in the night."
    )
    [later] = [e for e in events_in(text) if e.snippet.startswith("Gunmen")]
    assert (later.resolved_name, later.place_source) == ("Iraq", "focus")


def test_an_event_after_one_told_for_many_countries_does_not_take_its_place():
    text = (
        "The WHO reports 8,829 confirmed cases of swine flu in forty countries, most of them in "
        "Iraq and Syria. 76 people have been confirmed dead from the influenza."
    )
    [dead] = [e for e in events_in(text) if e.killed == 76]
    assert dead.lat is None and dead.place_source == "sentence"


def test_an_event_is_marked_at_its_finest_place_not_again_at_the_country_containing_it():
    text = "An outbreak of cholera in a hospital in Mosul, Iraq has closed a ward."
    assert [e.resolved_name for e in events_in(text)] == ["Mosul"]


def test_an_event_at_a_name_the_gazetteer_does_not_know_takes_its_sentences_nationality():
    text = "Over 27 children are dead after eating tainted cassava on the Iraqi island of Qarnah."
    [deaths] = events_in(text)
    assert (deaths.name, deaths.resolved_name) == ("Qarnah", "Iraq")  # the name as written
    assert deaths.lat is not None and deaths.place_source == "sentence"
