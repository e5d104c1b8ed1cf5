from __future__ import annotations

import dataclasses
from datetime import date

from events.assemble.merge import casualty_summary, merge_drafts
from events.drafts import KILLED, Draft, Figure, Place

ALEPPO = Place(1, 100, 106, "Aleppo", "gn:170063", rank=0.0, country="SY")
SYRIA = Place(0, 50, 55, "Syria", "gn:163843", rank=2.0, country="SY")
MOSUL = Place(2, 300, 305, "Mosul", "gn:99072", rank=0.0, country="IQ")


def figure(value, qualifier=""):
    return Figure(KILLED, value, value, qualifier, "civilians", 0, 1, str(value))


def draft(sentence, kind="air_strike", places=(ALEPPO,), **kw):
    fields = {
        "sentence": sentence,
        "sentence_start": sentence * 100,
        "sentence_end": sentence * 100 + 90,
        "trigger_start": sentence * 100 + 5,
        "trigger_end": sentence * 100 + 10,
        "trigger": "strike",
        "kind": kind,
        "generic": False,
        "status": "occurred",
        "places": tuple(places),
        "date": date(2016, 7, 19),
        "date_precision": "day",
    }
    fields.update(kw)
    return Draft(**fields)


def test_a_later_sentence_referring_back_adds_its_figure_as_a_revision():
    first = draft(1, figures=(figure(212, "as many as"),))
    later = draft(2, places=(), anaphoric=True, figures=(figure(56),), date_precision="published")
    [merged] = merge_drafts([first, later])
    assert merged.trigger_start == first.trigger_start
    assert casualty_summary(merged.figures, KILLED) == (212, "as many as", (56,))


def test_a_new_event_of_the_same_kind_elsewhere_stays_apart():
    assert len(merge_drafts([draft(1), draft(2, places=(MOSUL,), anaphoric=True)])) == 2


def test_a_second_specific_telling_at_the_same_place_must_refer_back():
    assert len(merge_drafts([draft(1), draft(2)])) == 2
    assert len(merge_drafts([draft(1), draft(2, anaphoric=True)])) == 1
    generic = draft(2, kind="armed_clash", generic=True, trigger="carnage")
    [merged] = merge_drafts([draft(1), generic])
    assert merged.kind == "air_strike" and merged.trigger == "strike"


def test_a_headline_joins_the_precise_telling_which_leads():
    headline = draft(0, places=(SYRIA,), headline=True, figures=(figure(200, "more than"),))
    lead = draft(1, figures=(figure(212),))
    [merged] = merge_drafts([headline, lead])
    assert merged.places == (ALEPPO,) and merged.sentence == 1
    assert casualty_summary(merged.figures, KILLED) == (212, "", (200,))


def test_planned_and_occurred_or_far_apart_dates_never_merge():
    planned = draft(2, anaphoric=True, status="planned")
    assert len(merge_drafts([draft(1), planned])) == 2
    week_later = draft(2, anaphoric=True, date=date(2016, 7, 26))
    assert len(merge_drafts([draft(1), week_later])) == 2
    far = draft(9, anaphoric=True, places=())
    assert len(merge_drafts([draft(1), far])) == 2  # more than six sentences on


def test_other_kinds_do_not_merge_even_when_referring_back():
    meeting = draft(2, kind="meeting", places=(), anaphoric=True)
    assert len(merge_drafts([draft(1), meeting])) == 2
    bombings = dataclasses.replace(meeting, kind="bombing")  # "the bombings": same strikes
    assert len(merge_drafts([draft(1), bombings])) == 1


def test_no_figures_give_no_casualties():
    assert casualty_summary((), KILLED) == (None, "", ())


# -- one sentence: casualties told in generic words go to its one specific event ---------------


def test_a_sentences_generic_killing_gives_its_figures_to_the_sentences_one_event():
    from events.assemble.merge import fold_generic_tellings

    bombing = draft(1, kind="bombing", places=())
    killing = draft(1, kind="violence_against_civilians", generic=True, figures=(figure(60),))
    [folded] = fold_generic_tellings([bombing, killing])
    assert folded.kind == "bombing" and casualty_summary(folded.figures, KILLED)[0] == 60
    assert folded.places == (ALEPPO,)  # the place the generic telling had


def test_two_specific_events_or_none_keep_their_drafts():
    from events.assemble.merge import fold_generic_tellings

    killing = draft(1, kind="violence_against_civilians", generic=True, figures=(figure(9),))
    two = [draft(1, kind="bombing"), draft(1, kind="shelling"), killing]
    assert fold_generic_tellings(two) == two
    alone = [killing, draft(2, kind="bombing")]  # the bombing is told in another sentence
    assert fold_generic_tellings(alone) == alone
    planned = [draft(1, kind="bombing", status="planned"), killing]
    assert fold_generic_tellings(planned) == planned


def test_an_events_confidence_is_scaled_by_how_sure_the_ranker_is_of_its_place():
    from events.extract import _with_place_certainty

    unsure = dataclasses.replace(ALEPPO, probability=0.55)
    chosen, ruled, placeless = _with_place_certainty(
        [
            draft(1, confidence=0.9, places=(unsure, dataclasses.replace(SYRIA, probability=0.8))),
            draft(2, confidence=0.9),  # the rules' place: as sure as the event
            draft(3, confidence=0.9, places=()),
        ]
    )
    assert chosen.confidence == round(0.9 * 0.55, 3)
    assert ruled.confidence == placeless.confidence == 0.9


def test_a_toll_told_for_the_world_does_not_join_a_local_event():
    text = "Six people died in a hospital in Aleppo.".ljust(100) + (
        "The pandemic killed a million people worldwide.".ljust(100)
    )
    local = draft(0, kind="disaster")
    world = draft(1, kind="disaster", places=(), anaphoric=True, figures=(figure(1_000_000),))
    world = dataclasses.replace(world, date_precision="published")
    assert len(merge_drafts([local, world], text)) == 2
    assert len(merge_drafts([local, world])) == 1  # without the text, as before
