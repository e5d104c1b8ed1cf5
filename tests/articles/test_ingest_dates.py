"""``ingest`` on articles without a publication date: the summary says how many and what
dated them; a fallback date is stored as such, and the event dates counted from it are marked
approximate (articles.published_fallback, events.measure.approximate_dates)."""

from __future__ import annotations

import csv
import os
from datetime import date, datetime

import pytest

from articles.__main__ import main

UNDATED = "Jets bomb Aleppo\n\nWarplanes struck Aleppo on Tuesday, killing 12 civilians.\n"
FULL_DATE = (
    "Protest in Cairo\n\nThousands of people protested in Cairo on 3 March 2024 against price "
    "rises, witnesses said.\n"
)
DATED = (
    "Shelling in Homs\n\nBy Ana Ruiz 5 March 2024\n\n"
    "Shelling hit Homs on Monday, killing four people, a monitor said.\n"
)


@pytest.fixture
def articles(tmp_path):
    """Three plain-text articles: two give no publication date, one does."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in (("aleppo.txt", UNDATED), ("cairo.txt", FULL_DATE), ("homs.txt", DATED)):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(autouse=True)
def no_online_geocoder(monkeypatch):
    monkeypatch.delenv("NEWSMAP_NOMINATIM_USER_AGENT", raising=False)


def _exported(store) -> dict[str, dict]:
    """The exported event of each place, by the place's name as written."""
    out = store.with_suffix(".csv")
    assert main(["export", "--store", str(store), "--format", "csv", "--out", str(out)]) == 0
    with open(out, encoding="utf-8", newline="") as rows:
        return {r["place_as_written"]: r for r in csv.DictReader(rows)}


def test_a_default_date_dates_the_undated_articles_and_marks_their_relative_dates(
    articles, tmp_path, capsys, geoparser
):
    store = tmp_path / "s.sqlite"
    # 2 December 2026 is a Wednesday: "on Tuesday" is 1 December.
    code = main(["ingest", str(articles), "--store", str(store), "--quiet",
                 "--published-default", "2026-12-02"])  # fmt: skip
    assert code == 0
    out = capsys.readouterr().out
    assert "  2 article(s) had no publication date: dated 2026-12-02 (--published-default)\n" in out
    events = _exported(store)
    aleppo, cairo, homs = events["Aleppo"], events["Cairo"], events["Homs"]
    assert (aleppo["published"], aleppo["published_fallback"]) == ("2026-12-02", "default")
    assert (aleppo["event_date"], aleppo["date_approximate"]) == ("2026-12-01", "True")
    # A date the sentence gives in full does not depend on the supplied one.
    assert (cairo["published_fallback"], cairo["event_date"]) == ("default", "2024-03-03")
    assert cairo["date_approximate"] == "False"
    # An article with its own date keeps it, unmarked.
    assert (homs["published"], homs["published_fallback"]) == ("2024-03-05", "")
    assert (homs["event_date"], homs["date_approximate"]) == ("2024-03-04", "False")


def test_the_files_modification_time_dates_the_undated_articles(
    articles, tmp_path, capsys, geoparser
):
    for name, day in (("aleppo.txt", date(2025, 6, 13)), ("cairo.txt", date(2025, 6, 20))):
        stamp = datetime(day.year, day.month, day.day, 12, 0).timestamp()
        os.utime(articles / name, (stamp, stamp))
    store = tmp_path / "s.sqlite"
    main(["ingest", str(articles), "--store", str(store), "--quiet", "--published-from-mtime"])
    out = capsys.readouterr().out
    assert (
        "  2 article(s) had no publication date: dated 2025-06-13 to 2025-06-20 "
        "(--published-from-mtime)\n"
    ) in out
    aleppo = _exported(store)["Aleppo"]
    assert (aleppo["published"], aleppo["published_fallback"]) == ("2025-06-13", "mtime")
    assert (aleppo["event_date"], aleppo["date_approximate"]) == ("2025-06-10", "True")


def test_without_a_fallback_the_summary_says_how_many_stay_undated(
    articles, tmp_path, capsys, geoparser
):
    store = tmp_path / "s.sqlite"
    main(["ingest", str(articles), "--store", str(store), "--quiet"])
    out = capsys.readouterr().out
    assert (
        "  2 article(s) had no publication date: left undated (give --published-default "
        "YYYY-MM-DD or --published-from-mtime to date them)\n"
    ) in out
    aleppo = _exported(store)["Aleppo"]
    assert (aleppo["published"], aleppo["event_date"], aleppo["date_precision"]) == (
        "",
        "",
        "unknown",
    )
    # Ingesting again adds nothing, and so counts no undated article either.
    main(["ingest", str(articles), "--store", str(store), "--quiet"])
    assert "no publication date" not in capsys.readouterr().out


def test_a_default_date_that_is_no_date_stops_before_reading_anything(articles, tmp_path, capsys):
    store = tmp_path / "s.sqlite"
    with pytest.raises(SystemExit) as stop:
        main(["ingest", str(articles), "--store", str(store), "--published-default", "Tuesday"])
    assert stop.value.code == 2
    assert "is not a date: give it as YYYY-MM-DD" in capsys.readouterr().err
    assert not store.exists()
    with pytest.raises(SystemExit):  # one fallback at a time
        main(["ingest", str(articles), "--published-default", "2026-12-01",
              "--published-from-mtime"])  # fmt: skip
