import importlib.util
import json
from pathlib import Path

import pytest

SCRIPT = Path(__file__).parents[2] / "articles" / "samples" / "make_wikinews_sample.py"


@pytest.fixture(scope="module")
def script():
    spec = importlib.util.spec_from_file_location("make_wikinews_sample", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _doc(doc_id, url, text):
    toponyms = [{"start": 0, "end": 4, "name": text[:4], "lat": 1.0, "lon": 2.0}]
    return {"id": doc_id, "text": text, "source": url, "toponyms": toponyms}


def test_conversion_joins_parts_decodes_titles_and_drops_toponyms(script, tmp_path):
    hogs = "https://en.wikinews.org/wiki/Philippines_culls_hogs"
    quoted = "https://en.wikinews.org/wiki/%22Aggressive%22_Bird_Flu_found_in_Sweden"
    docs = [
        _doc("g-0", hogs, "Pandi farm first part."),
        _doc("g-1", hogs, "Second part. "),
        _doc("g-2", quoted, "Swans in Sweden."),
    ]
    source = tmp_path / "GeoVirus.jsonl"
    source.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert script.main([str(source), "--out", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert records == [
        {
            "id": "g-0",
            "url": hogs,
            "title": "Philippines culls hogs",
            "published": None,
            "text": "Pandi farm first part.\n\nSecond part.",
            "credit": "Wikinews, CC BY 2.5",
        },
        {
            "id": "g-2",
            "url": quoted,
            "title": '"Aggressive" Bird Flu found in Sweden',
            "published": None,
            "text": "Swans in Sweden.",
            "credit": "Wikinews, CC BY 2.5",
        },
    ]


def test_conversion_rejects_a_file_that_is_not_geovirus(script, tmp_path, capsys):
    source = tmp_path / "other.jsonl"
    source.write_text('{"id": "x", "text": "no source"}\n', encoding="utf-8")
    assert script.main([str(source), "--out", str(tmp_path / "o.jsonl")]) == 1
    assert "other.jsonl:1" in capsys.readouterr().err
