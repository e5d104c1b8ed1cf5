"""Article-level sheets (tools/eventsets/article_sheet): scoring what the map shows now
against what a reader judged before."""

from __future__ import annotations

from tools.eventsets.article_sheet import (
    merge_sheets,
    recheck_rows,
    rescore,
    unjudged_rows,
    without_text,
)


def event(sentence, trigger, real=True, place_right=True, place="Aleppo", kind="shelling"):
    judged = {"real": real, "kind_right": real, "place_right": place_right, "status_right": real}
    return {"sentence": sentence, "trigger": trigger, "place": place, "kind": kind, **judged}


def row(article, *events, missed=()):
    return {"id": article, "events": list(events), "missed": list(missed)}


def test_an_event_still_shown_keeps_its_judgement_and_one_gone_counts_as_missed():
    judged = [row("a", event("S1.", "shelled"), event("S2.", "shelled", place_right=False),
                  event("S3.", "killed"), missed=["one more"])]  # fmt: skip
    now = [row("a", event("S1.", "shelled"), event("S2.", "shelled"), event("S4.", "attack"))]
    scores = rescore(judged, now)
    assert scores["events"] == 2 and scores["place_right"] == 0.5
    assert (scores["no_longer_shown"], scores["of_them_real"], scores["unjudged"]) == (1, 1, 1)
    assert scores["recall"] == 2 / 4  # two found; S3 gone and the reader's own miss


def test_a_real_event_told_now_by_another_trigger_of_its_sentence_is_not_missed():
    judged = [row("a", event("S1.", "infected"), event("S1.", "hospitalized"))]
    now = [row("a", event("S1.", "hospitalized"))]
    assert rescore(judged, now)["recall"] == 1.0


def test_events_judged_later_join_the_first_judgement_and_only_new_ones_are_asked_for():
    first = [row("a", event("S1.", "shelled"), missed=["m"])]
    now = [row("a", event("S1.", "shelled"), event("S2.", "attack")), row("b", event("S9.", "x"))]
    asked = unjudged_rows(first, now)
    assert [(r["id"], [e["trigger"] for e in r["events"]]) for r in asked] == [
        ("a", ["attack"]),
        ("b", ["x"]),
    ]
    merged = merge_sheets([first, asked, first])
    assert [len(r["events"]) for r in merged] == [2, 1] and merged[0]["missed"] == ["m"]
    assert rescore(merged, now)["unjudged"] == 0


def test_a_missed_event_a_recheck_finds_told_counts_while_its_event_is_shown():
    first = [row("a", event("S1.", "shelled"), missed=["the siege of X", "a raid in Y"])]
    now = [row("a", event("S1.", "shelled"), event("S2.", "siege"))]
    [asked] = recheck_rows(merge_sheets([first]), now)
    assert asked["missed"] == ["the siege of X", "a raid in Y"]
    assert [e["trigger"] for e in asked["shown"]] == ["shelled", "siege"]
    answered = {**asked, "covered": [{"missed": "the siege of X", "by": 1}]}
    judged_later = [row("a", event("S2.", "siege"))]  # the new event, judged real
    merged = merge_sheets([first, judged_later, [answered]])
    assert rescore(merged, now)["recall"] == 2 / 3  # shelled, siege found; the raid missed
    # ... found only while the event that tells it is shown (then missed once, not twice)
    assert rescore(merged, [row("a", event("S1.", "shelled"))])["recall"] == 1 / 3
    # the answered miss is not asked again
    assert recheck_rows(merged, now)[0]["missed"] == ["a raid in Y"]


def test_a_sheet_without_the_articles_text_scores_like_the_sheet_it_was_made_from():
    judged = [
        {**row("a", event("Shells hit Aleppo.", "shelled"), event("S2.", "killed", real=False),
               missed=["one more"]), "text": "Shells hit Aleppo. S2.", "title": "T"}
    ]  # fmt: skip
    now = [row("a", event("Shells hit Aleppo.", "shelled"), event("S3.", "attack"))]
    stripped = without_text(judged)
    assert "text" not in stripped[0] and "title" not in stripped[0]
    events = stripped[0]["events"]
    assert all("sentence" not in e and len(e["sentence_sha256"]) == 64 for e in events)
    assert rescore(stripped, now) == rescore(judged, now)
