"""Our annotated sentences as training records for the place ranker, and the held-out split
kept out of its training."""

from __future__ import annotations

import pytest

from tools.eventtools.train_attach import document, from_annotated, training_records

pytestmark = pytest.mark.unit

TEXT = "Gunmen killed five villagers in Kadarko on Monday, police in Lafia said."


def _row(id_, text=TEXT, trigger="killed", locations=("Kadarko",), doc="APW_ENG_20050807.0008"):
    event = None if trigger is None else {"trigger": trigger, "locations": list(locations)}
    return {"id": id_, "doc": doc, "record": f"evloc-{doc}_3_kill", "text": text, "event": event}


def test_an_annotated_sentence_becomes_a_record_with_its_trigger_and_places_as_spans():
    record = from_annotated(_row("tr1"))
    verb, place = record["event_verbs"][0], record["toponyms"][0]
    assert TEXT[verb["start"] : verb["end"]] == "killed"
    assert TEXT[place["start"] : place["end"]] == "Kadarko"
    # the event_location record's id, so it falls in the same half of that corpus
    assert record["id"] == "evloc-APW_ENG_20050807.0008_3_kill"


def test_a_sentence_with_no_place_is_a_record_whose_right_answer_is_no_place():
    assert from_annotated(_row("tr2", locations=()))["toponyms"] == []


def test_sentences_with_no_event_or_words_not_in_the_text_are_left_out():
    assert from_annotated(_row("tr3", trigger=None)) is None
    assert from_annotated(_row("tr4", locations=("Lagos",))) is None


def test_a_wire_record_belongs_to_its_story():
    assert document("evloc-APW_ENG_20050807.0008_3_kill") == "APW_ENG_20050807.0008"
    assert document("evloc-2073080776729557445") == "evloc-2073080776729557445"


def test_our_annotation_replaces_the_corpus_record_and_held_out_stories_are_left_out():
    corpus = [
        {"id": "evloc-APW_ENG_20050807.0008_3_kill", "text": TEXT, "toponyms": []},
        {"id": "evloc-AFP_ENG_20010101.0001_1_shoot", "text": "Police shot a man in Kano."},
        {"id": "evloc-XIN_ENG_19980617.0103_2_kill", "text": "Rebels killed two in Gulu."},
    ]
    held_out = [{"doc": "XIN_ENG_19980617.0103", "text": "another sentence of that story"}]
    records = training_records(corpus, [_row("tr1")], held_out)
    texts = [(r["id"], r.get("source")) for r in records]
    assert texts == [
        ("evloc-AFP_ENG_20010101.0001_1_shoot", None),
        ("evloc-APW_ENG_20050807.0008_3_kill", "annotated"),
    ]
    # a held-out sentence of our own is never trained on either
    assert training_records([], [_row("tr1")], [{"doc": "x", "text": TEXT}]) == []
