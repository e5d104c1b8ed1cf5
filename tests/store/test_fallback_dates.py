"""A fallback publication date and the approximate event dates it gives are stored, read and
exported as such."""

from __future__ import annotations

import csv
import dataclasses
import io
from datetime import date

from articles.model import FALLBACK_MTIME
from events.measure.approximate_dates import mark_approximate
from store.db import Store
from store.export import to_csv, to_geojson
from tests.store.conftest import make_article, make_events


def test_a_fallback_date_is_stored_read_and_exported_with_its_mark(tmp_path):
    own = make_article()
    undated = make_article(text="Later. " + own.text, url="https://news.example/2")
    dated = dataclasses.replace(
        undated, published=date(2026, 12, 1), published_fallback=FALLBACK_MTIME
    )
    with Store(tmp_path / "s.sqlite") as store:
        store.add_article(own, make_events(own))
        store.add_article(dated, mark_approximate(make_events(dated)))
        frame = store.events_frame()
    mine = frame["article_id"] == dated.id
    assert set(frame.loc[mine, "published_fallback"]) == {"mtime"}
    assert frame.loc[mine, "date_approximate"].all()
    assert frame.loc[~mine, "published_fallback"].isna().all()
    assert not frame.loc[~mine, "date_approximate"].any()

    rows = list(csv.DictReader(io.StringIO(to_csv(frame))))
    theirs = [r for r in rows if r["article_id"] == dated.id]
    assert {(r["published"], r["published_fallback"], r["date_approximate"]) for r in theirs} == {
        ("2026-12-01", "mtime", "True")
    }
    assert {r["published_fallback"] for r in rows if r["article_id"] == own.id} == {""}
    features = to_geojson(frame)["features"]
    marks = {f["properties"]["published_fallback"] for f in features}
    assert marks == {None, "mtime"}
