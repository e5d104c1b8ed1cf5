"""Per-country tolls count each death once (events/measure/tolls.py): issue 11's failure classes 3
and 7 as the map sums them."""

from __future__ import annotations

import pandas as pd

from events.measure.tolls import (
    COUNTED,
    MANY_PLACES,
    RUNNING,
    per_country,
    per_country_each,
    sentence_flags,
)


def rows(*events) -> pd.DataFrame:
    columns = ("event_id", "article_id", "trigger_start", "link_id", "country_code", "killed")
    base = [dict(zip(columns, e[:6], strict=True)) for e in events]
    for record, event in zip(base, events, strict=True):
        record.update({"role": "event", "status": "occurred", "background": False})
        record.update(event[6] if len(event) > 6 else {})
    frame = pd.DataFrame(base)
    frame["killed"] = frame["killed"].astype("Int64")
    frame["trigger_start"] = frame["trigger_start"].astype("Int64")
    return frame


def test_one_figure_for_places_in_several_countries_adds_to_none_of_them():
    frame = rows(
        ("e1", "a", 10, "e1", "KE", 300),
        ("e2", "a", 10, "e2", "SO", 300),
        ("e3", "a", 10, "e3", "MY", 300),
        ("e4", "b", 10, "e4", "KE", 11),
    )
    assert per_country(frame).to_dict() == {"KE": 11}


def test_one_event_at_two_places_of_a_country_counts_once():
    frame = rows(("e1", "a", 10, "e1", "SY", 30), ("e2", "a", 10, "e2", "SY", 30))
    assert per_country(frame).to_dict() == {"SY": 30}


def test_one_event_reported_by_two_articles_counts_once_with_the_highest_figure():
    frame = rows(("e1", "a", 10, "e1", "SY", 56), ("e2", "b", 4, "e1", "SY", 212))
    assert per_country(frame).to_dict() == {"SY": 212}


def test_different_events_add_up():
    frame = rows(("e1", "a", 10, "e1", "SY", 5), ("e2", "a", 90, "e2", "SY", 7))
    assert per_country(frame).to_dict() == {"SY": 12}


def test_planned_events_history_and_mentions_never_add():
    frame = rows(
        ("e1", "a", 10, "e1", "SY", 5),
        ("e2", "b", 10, "e2", "SY", 1000, {"status": "planned"}),
        ("e3", "c", 10, "e3", "SY", 4000, {"background": True}),
        ("e4", "d", 10, "e4", "SY", 9, {"role": "mention"}),
    )
    assert per_country(frame).to_dict() == {"SY": 5}


def test_running_totals_of_one_outbreak_count_their_highest_once():
    frame = rows(
        ("e1", "a", 10, "e1", "ZW", 500, {"snippet": "It has killed 500 people since August."}),
        ("e2", "b", 10, "e2", "ZW", 978, {"snippet": "A total of 978 people have died."}),
        ("e3", "c", 10, "e3", "ZW", 91, {"snippet": "In Beitbridge 91 people died on Monday."}),
    )
    frame["kind"] = "disaster"
    assert per_country(frame).to_dict() == {"ZW": 978 + 91}


def test_the_same_figure_told_twice_in_an_article_counts_once():
    frame = rows(("e1", "a", 10, "e1", "US", 593), ("e2", "a", 90, "e2", "US", 593))
    frame["kind"] = "disaster"
    assert per_country(frame).to_dict() == {"US": 593}


def test_a_towns_toll_inside_the_national_running_toll_of_the_same_article_counts_once():
    national = {"precision": "country", "snippet": "A total of 978 people have died in Zimbabwe."}
    town = {"precision": "town", "snippet": "In Harare, 208 people died."}
    frame = rows(
        ("e1", "a", 10, "e1", "ZW", 978, national),
        ("e2", "a", 90, "e2", "ZW", 208, town),
        ("e3", "b", 10, "e3", "ZW", 5, town),  # another article's town: its own deaths
    )
    assert per_country(frame).to_dict() == {"ZW": 983}
    separate = {"precision": "country", "snippet": "Five soldiers died in Zimbabwe."}
    frame = rows(("e1", "a", 10, "e1", "ZW", 5, separate), ("e2", "a", 90, "e2", "ZW", 208, town))
    assert per_country(frame).to_dict() == {"ZW": 213}  # no running toll: two events


def test_deaths_from_one_disease_in_one_country_are_one_growing_count():
    frame = rows(
        ("e1", "a", 10, "e1", "MX", 15, {"snippet": "Mexico confirmed 15 deaths from swine flu."}),
        ("e2", "b", 10, "e2", "MX", 152, {"snippet": "H1N1 has killed 152 people in Mexico."}),
        (
            "e3",
            "c",
            10,
            "e3",
            "MX",
            217,
            {"snippet": "Mexico has 217 fatalities from the virus."},
        ),
        ("e4", "c", 90, "e4", "MX", 60, {"snippet": "The swine flu story named H1N1 twice."}),
        ("e5", "d", 10, "e5", "MX", 18, {"snippet": "A gun battle left 18 dead in Acapulco."}),
    )
    frame["kind"] = ["disaster", "disaster", "disaster", "disaster", "armed_clash"]
    assert per_country(frame).to_dict() == {"MX": 217 + 18}


def test_deaths_from_different_diseases_add_up():
    frame = rows(
        ("e1", "a", 10, "e1", "AO", 1200, {"snippet": "Cholera has killed 1,200 in Angola."}),
        ("e2", "b", 10, "e2", "AO", 180, {"snippet": "Marburg fever killed 180 people."}),
        ("e3", "b", 90, "e3", "AO", 2, {"snippet": "Two Marburg deaths in Luanda."}),
    )
    frame["kind"] = "disaster"
    assert per_country(frame).to_dict() == {"AO": 1200 + 180}


def test_plain_flu_in_a_swine_flu_story_is_swine_flu_but_a_flu_season_story_is_not():
    swine = [
        (
            "e1",
            "a",
            10,
            "e1",
            "US",
            593,
            {"snippet": "As of September 16 the US had 593 deaths from the flu."},
        ),
        ("e2", "a", 90, "e2", "US", 0, {"snippet": "Swine flu (H1N1) spread in Texas."}),
        ("e3", "b", 10, "e3", "US", 75, {"snippet": "75 people have died of H1N1 in New York."}),
    ]
    frame = rows(*swine)
    frame["kind"] = "disaster"
    assert per_country(frame).to_dict() == {"US": 593}
    season = ("e4", "c", 10, "e4", "US", 20, {"snippet": "20 children died of flu this season."})
    frame = rows(*swine, season)
    frame["kind"] = "disaster"
    assert per_country(frame).to_dict() == {"US": 593 + 20}


def test_a_toll_placed_by_another_sentence_adds_to_no_countrys_total():
    frame = rows(
        ("e1", "a", 10, "e1", "SA", 4, {"snippet": "Four pilgrims died in Mecca and Medina."}),
        (
            "e2",
            "a",
            90,
            "e2",
            "SA",
            6750,
            {"snippet": "The WHO puts the death toll at 6,750.", "place_source": "previous"},
        ),
    )
    assert per_country(frame).to_dict() == {"SA": 4}


def test_deaths_told_without_their_cause_in_an_outbreak_story_are_the_outbreaks():
    story = {"title": "Swine flu deaths in Brazil pass Argentina's"}
    frame = rows(
        ("e1", "a", 10, "e1", "BR", 899, {"snippet": "Sao Paulo reported 327 deaths.", **story}),
        ("e2", "a", 90, "e2", "BR", 512, {"snippet": "Argentina has 512 H1N1 deaths.", **story}),
        ("e3", "a", 150, "e3", "BR", 7, {"snippet": "Floods killed seven in Recife.", **story}),
    )
    frame["kind"] = "disaster"
    assert per_country(frame).to_dict() == {"BR": 899 + 7}


def test_a_figure_told_only_as_hundreds_or_thousands_adds_to_no_total():
    frame = rows(
        ("e1", "a", 10, "e1", "ZW", 1000, {"killed_qualifier": "thousands"}),
        ("e2", "a", 90, "e2", "ZW", 200, {"killed_qualifier": "hundreds"}),
        ("e3", "b", 10, "e3", "ZW", 58, {"killed_qualifier": "more than"}),
        ("e4", "b", 90, "e4", "ZW", 3, {"killed_qualifier": None}),
    )
    assert per_country(frame).to_dict() == {"ZW": 61}


def test_a_toll_told_for_the_world_adds_to_no_country_even_when_its_sentence_names_one():
    frame = rows(
        (
            "e1", "a", 10, "e1", "AR", 163,
            {"snippet": "Excluding the deaths in Argentina there have been 163 deaths globally."},
        ),
        ("e2", "a", 90, "e2", "AR", 4, {"snippet": "Four people have died in Argentina."}),
    )  # fmt: skip
    assert per_country(frame).to_dict() == {"AR": 4}


def _mixed() -> pd.DataFrame:
    """Sentences of every kind the sums read: world-wide tolls, running totals, outbreaks,
    plain figures; killed and injured, some hedged as a size."""
    frame = rows(
        ("e1", "a", 10, "e1", "ZW", 500, {"snippet": "It has killed 500 people since August."}),
        ("e2", "b", 10, "e2", "ZW", 978, {"snippet": "A total of 978 people have died."}),
        ("e3", "c", 10, "e3", "ZW", 91, {"snippet": "In Beitbridge 91 people died on Monday."}),
        ("e4", "d", 10, "e4", "MX", 163, {"snippet": "There were 163 deaths globally."}),
        ("e5", "e", 12, "e5", "MX", 15, {"snippet": "15 deaths from swine flu in Mexico."}),
        ("e6", "f", 12, "e6", "MX", 217, {"snippet": "Mexico has 217 fatalities from the virus."}),
        ("e7", "g", 3, "e7", "SY", 12, {"snippet": "Air strikes killed 12 in Manbij."}),
        ("e8", "g", 40, "e8", "SY", None, {"snippet": "Nine were hurt in Aleppo."}),
        ("e9", "h", 5, "e9", "SY", 2, {"snippet": "Two died in 66 countries.", "role": "mention"}),
    )
    frame["kind"] = ["disaster"] * 6 + ["air_strike", "shelling", "air_strike"]
    frame["injured"] = pd.array([None, None, 4, None, None, None, 3, 9, None], dtype="Int64")
    frame["injured_qualifier"] = [None] * 6 + ["dozens", None, None]
    frame["title"] = "News"
    return frame


def test_sentences_read_once_for_the_frame_give_the_same_sums():
    frame = _mixed()
    flags = sentence_flags(frame)
    assert flags[MANY_PLACES].tolist() == [False] * 3 + [True] + [False] * 5
    assert flags[RUNNING].tolist() == [True, True] + [False] * 7
    flagged = frame.join(flags)
    for column in COUNTED:
        plain = per_country(frame, column)
        assert not plain.empty, column
        assert per_country(flagged, column).to_dict() == plain.to_dict(), column
    both = per_country_each(flagged)
    assert {c: s.to_dict() for c, s in both.items()} == {
        c: per_country(frame, c).to_dict() for c in COUNTED
    }
    assert per_country(frame, "injured").to_dict() == {"SY": 9, "ZW": 4}  # "dozens": a size
