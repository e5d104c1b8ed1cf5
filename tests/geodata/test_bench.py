"""The benchmark's scoring: the definitions of the public geoparsing scorer."""

from __future__ import annotations

import json

import pytest

from geodata.bench import haversine_km, main, match_spans, score


def gold_doc(doc_id, *toponyms):
    return {"id": doc_id, "text": "", "toponyms": list(toponyms)}


def top(start, end, lat=None, lon=None):
    return {"start": start, "end": end, "name": "x", "lat": lat, "lon": lon}


def test_spans_match_when_they_overlap_one_to_one_in_text_order():
    gold = [top(0, 5), top(10, 15)]
    predicted = [top(4, 12), top(14, 20)]
    pairs = match_spans(gold, predicted)
    assert [(g["start"], p["start"]) for g, p in pairs] == [(0, 4), (10, 14)]


def test_recognition_resolution_and_end_to_end_figures():
    paris = (48.85, 2.35)
    docs = [
        gold_doc("a", top(0, 5, *paris), top(10, 15, *paris), top(20, 25)),
        gold_doc("b", top(0, 5, *paris)),
    ]
    predictions = {
        "a": [top(0, 5, *paris), top(10, 15, 33.66, -95.56), top(30, 35, 0.0, 0.0)],
        "b": [top(1, 3)],  # found, but placed nowhere: counts as half the Earth away
    }
    result = score(docs, predictions)
    assert (result.gold, result.predicted, result.matched) == (4, 4, 3)
    assert result.precision == pytest.approx(0.75) and result.recall == pytest.approx(0.75)
    assert result.resolved_pairs == 3
    assert result.acc161 == pytest.approx(1 / 3)
    assert result.e2e_acc161 == pytest.approx(1 / 3)  # of the 3 gold places with coordinates
    assert result.median_km == pytest.approx(haversine_km(*paris, 33.66, -95.56))


@pytest.mark.model
def test_the_command_scores_a_corpus_and_reports_speed(tmp_path, capsys):
    corpus = tmp_path / "tiny.jsonl"
    text = "Flooding closed roads in Paris, Texas. The U.S. sent help."
    start = text.index("Paris")
    gold = [{"start": start, "end": start + 5, "name": "Paris", "lat": 33.66, "lon": -95.56}]
    corpus.write_text(json.dumps({"id": "d1", "text": text, "toponyms": gold}) + "\n")
    assert main([str(corpus), "--json", "--out", str(tmp_path / "out")]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["recall"] == 1.0 and result["acc161"] == 1.0
    assert result["docs_per_s"] > 0 and result["ner_docs_per_s"] > 0 and result["peak_mb"] > 0
    written = (tmp_path / "out" / "tiny.pred.jsonl").read_text().splitlines()
    assert [json.loads(line)["id"] for line in written] == ["d1"]


def test_a_country_read_right_but_placed_by_another_convention_is_counted_apart():
    # Gold puts China at 35N 103E (Wikipedia); the GeoNames point is 35N 105E, 182 km away.
    docs = [gold_doc("a", top(0, 5, 35.0, 103.0), top(10, 15, 35.0, 103.0))]
    china = {**top(0, 5, 35.0, 105.0), "precision": "country", "country_code": "CN"}
    elsewhere = {**top(10, 15, 35.0, 105.0), "precision": "country", "country_code": "MN"}
    result = score(docs, {"a": [china, elsewhere]}, country_at=lambda lat, lon: "CN")
    assert result.acc161 == 0.0
    assert result.same_country_misses == 1
