"""The whole store's links computed by the engine in SQL (dashboard.engine_links) are those of
pipeline.linking, the reference, on every row: on generated records that exercise its edge
cases, and on generated stores read back through the mirror."""

from __future__ import annotations

import random
from dataclasses import asdict
from datetime import date, timedelta

import duckdb
import pandas as pd
import pytest

from articles.model import Article, article_id
from dashboard import engine_exports, engine_links
from events.model import DATE_DAY, DATE_UNKNOWN, ROLE_EVENT, ROLE_MENTION, Event
from pipeline.linking import LinkRecord, frame_link_ids, link_ids
from store.db import Store
from store.engine import EventsEngine
from store.mirror import sync

DAY0 = date(2016, 7, 1)


def article_of(n: int) -> str:
    """The article of the n-th generated record (seven articles, so links span articles)."""
    return f"article-{n % 7}"


def _in_duckdb(records: list[LinkRecord], sql_of, window: int) -> list[tuple]:
    """The rows of ``sql_of(table, window, levels)`` over ``records`` (an in-memory DuckDB)."""
    frame = pd.DataFrame([asdict(r) for r in records], columns=list(LinkRecord.__annotations__))
    frame["article_id"] = [article_of(n) for n in range(len(frame))]
    frame["date"] = pd.to_datetime(frame["date"])
    frame["killed"] = frame["killed"].astype("Int64")
    days = [r.date for r in records if r.date is not None]
    levels = engine_links.levels_for((max(days) - min(days)).days if days else 0, window)
    with duckdb.connect() as con:
        con.register("records", frame)
        return con.sql(sql_of("records", window, levels)).fetchall()


def sql_link_ids(records: list[LinkRecord], window: int = 2) -> list[str]:
    """engine_links.links_sql's answer for ``records``, in their order."""
    found = dict(_in_duckdb(records, engine_links.links_sql, window))
    return [found[r.event_id] for r in records]


def link_table(records: list[LinkRecord], ids: list[str]) -> set[tuple]:
    """The link table rows (event, link, articles of the link) for the link ``ids``."""
    articles: dict[str, set[str]] = {}
    for n, link in enumerate(ids):
        articles.setdefault(link, set()).add(article_of(n))
    rows = {(r.event_id, link, len(articles[link])) for r, link in zip(records, ids, strict=True)}
    return {row for row in rows if row[0] != row[1] or row[2] > 1}


def rec(event_id, day, kind="air_strike", place="gn:1", status="occurred", role="event",
        country="SY", precision="town", killed=None) -> LinkRecord:  # fmt: skip
    when = None if day is None else DAY0 + timedelta(days=day)
    return LinkRecord(event_id, role, kind, status, place, when, country, precision, killed)


def both(records, window=2) -> list[str]:
    """The reference's answer, after checking the engine gives the same."""
    want = link_ids(records, window)
    assert sql_link_ids(records, window) == want
    return want


def test_a_daily_series_makes_a_new_link_each_window_from_its_first_event():
    # Gaps of one day never break the run, yet the link is anchored at its first event.
    records = [rec(f"e{day:02d}", day) for day in range(10)]
    assert both(records) == ["e00"] * 3 + ["e03"] * 3 + ["e06"] * 3 + ["e09"]
    assert both(records, window=4) == ["e00"] * 5 + ["e05"] * 5


def test_a_long_daily_run_is_anchored_every_window_to_its_end():
    # 1,000 days of daily reports: 334 links, found by doubling (9 steps).
    records = [rec(f"e{day:04d}", day) for day in range(1000)]
    assert both(records) == [f"e{day - day % 3:04d}" for day in range(1000)]


def test_a_run_with_uneven_gaps_is_anchored_step_by_step():
    # 0, 2 link; 3 starts a link (3 > 0 + 2) that 5 joins; 6 starts one; 9 is past a gap.
    records = [rec(name, day) for name, day in
               [("a", 0), ("b", 2), ("c", 3), ("d", 5), ("e", 6), ("f", 9), ("g", 10)]]  # fmt: skip
    assert both(records) == ["a", "a", "c", "c", "e", "f", "f"]


def test_ties_in_date_take_the_smallest_id_whatever_the_order():
    records = [rec("m", 4), rec("k", 3), rec("z", 3), rec("b", 5), rec("a", 6)]
    assert both(records) == ["k", "k", "k", "k", "a"]


def test_kind_status_place_and_role_must_match_and_undated_or_unplaced_stay_alone():
    records = [
        rec("a", 0),
        rec("b", 0, kind="bombing"),
        rec("c", 0, place="gn:2"),
        rec("d", 0, status="planned"),
        rec("e", 0, status="planned"),
        rec("f", 0, role="mention"),
        rec("g", None),
        rec("h", 0, place=None),
        rec("i", 0, kind=None),
        rec("j", 0, kind=""),
        rec("k", 0, status=None),
        rec("l", 1, status=None),
        rec("m", 1, status=""),
    ]
    assert both(records) == [*"abcddfghijkkm"]


def test_a_country_report_joins_the_earliest_finer_report_with_its_toll():
    records = [
        rec("town-late", 6, killed=12),
        rec("admin-early", 4, place="gn:9", precision="admin", killed=12),
        rec("town-same-day", 4, place="gn:3", killed=12),
        rec("country", 5, place="gn:SY", precision="country", killed=12),
        rec("other-toll", 5, place="gn:SY", precision="country", killed=3),
        rec("no-toll", 5, place="gn:SY", precision="country"),
        rec("zero-toll", 5, place="gn:SY", precision="country", killed=0),
        rec("too-late", 8, place="gn:SY", precision="country", killed=12),
        rec("planned", 5, place="gn:SY", precision="country", killed=12, status="planned"),
        rec("in-iraq", 5, place="gn:IQ", precision="country", killed=12, country="IQ"),
        rec("before-town", 3, place="gn:SY", precision="country", killed=12),
    ]
    got = both(records)
    assert got[3] == "admin-early"  # day 4: admin-early < town-same-day
    assert got[10] == "admin-early"  # a finer report after it joins too (within two days)
    # Without the toll they only chain with the country's reports (anchored on day 3).
    assert got[4:7] == ["before-town"] * 3
    assert got[7:10] == ["town-late", "planned", "in-iraq"]  # day 8: joins day 6's report


def test_a_country_report_takes_the_link_of_the_finer_report_it_joins():
    # The finer report is the second of its town's link: the country report takes that link.
    records = [
        rec("first", 10),
        rec("second", 11, killed=7),
        rec("country", 12, place="gn:SY", precision="country", killed=7),
        rec("country-mate", 12, place="gn:SY", precision="country"),
        rec("unplaced-country", 12, place=None, precision="country", killed=7),
    ]
    assert both(records) == ["first", "first", "first", "country", "first"]


@pytest.mark.parametrize("seed", range(40))
def test_generated_records_get_the_reference_links(seed):
    rng = random.Random(seed)
    records = []
    for n in range(rng.randint(1, 400)):
        records.append(
            rec(
                f"{rng.randrange(16**6):06x}-{n}",
                rng.choice([None, *range(rng.randint(1, 30))]),
                kind=rng.choice(["air_strike", "bombing", "bombing", None, ""]),
                place=rng.choice(["gn:1", "gn:2", "gn:3", "gn:SY", None, ""]),
                status=rng.choice(["occurred", "occurred", "planned", None]),
                role=rng.choice([ROLE_EVENT] * 5 + [ROLE_MENTION]),
                country=rng.choice(["SY", "SY", "IQ", None, ""]),
                precision=rng.choice(["town", "admin", "country", "country", "region", None]),
                killed=rng.choice([None, 0, 1, 1, 12, -1]),
            )
        )
    window = rng.choice([0, 1, 2, 2, 5])
    ids = both(records, window)
    table = set(_in_duckdb(records, engine_links.links_table_sql, window))
    assert table == link_table(records, ids)


# -- generated stores, through the store, its mirror and its engine ----------------------------

PLACES = [  # (name, lat, lon, country, precision, geonameid)
    ("Manbij", 36.5281, 37.9549, "SY", "town", 166365),
    ("Aleppo", 36.20124, 37.16117, "SY", "town", 170063),
    ("Aleppo Governorate", 36.25, 37.5, "SY", "admin", 170062),
    ("Syria", 35.0, 38.0, "SY", "country", 163843),
    ("Mosul", 36.335, 43.11889, "IQ", "town", 99072),
    ("Iraq", 33.0, 44.0, "IQ", "country", 99237),
    ("the Mediterranean", 35.0, 18.0, None, "region", None),
]


def _generated_store(path, seed: int, articles: int) -> None:
    """A store of ``articles`` articles with one to five events and mentions each: towns,
    an admin region and countries, planned and occurred, tolls or none, undated, unplaced
    and kindless events, over a month (many reports of one event, long daily runs)."""
    rng = random.Random(seed)
    with Store(path) as store:
        for n in range(articles):
            text = f"Report {n}. " + " ".join(p[0] for p in PLACES) + "."
            article = Article(
                id=article_id(f"https://example.org/{seed}/{n}", text), title=f"Report {n}",
                text=text, url=f"https://example.org/{seed}/{n}", published=DAY0, byline="",
                source="tests", credit="",
            )  # fmt: skip
            events = []
            for k in range(rng.randint(1, 5)):
                name, lat, lon, country, precision, geonameid = rng.choice(PLACES)
                role = rng.choice([ROLE_EVENT] * 6 + [ROLE_MENTION])
                unplaced = role == ROLE_EVENT and rng.random() < 0.1
                when = None if rng.random() < 0.1 else DAY0 + timedelta(days=rng.randint(0, 30))
                start = text.index(name)
                events.append(
                    Event(
                        id=f"{article.id}:{k}", article_id=article.id, role=role, name=name,
                        resolved_name=name, lat=None if unplaced else lat,
                        lon=None if unplaced else lon, precision=precision,
                        country_code=None if unplaced else country,
                        geonameid=None if unplaced else geonameid, start=start,
                        end=start + len(name), snippet=text, name_start=start,
                        name_end=start + len(name), date=when,
                        date_precision=DATE_DAY if when else DATE_UNKNOWN,
                        kind=rng.choice(["air_strike", "air_strike", "bombing", None])
                        if role == ROLE_EVENT else None,
                        killed=rng.choice([None, 0, 4, 12]),
                        status=rng.choice(["occurred", "occurred", "planned"]),
                    )
                )  # fmt: skip
            assert store.add_article(article, events)


def _table(engine) -> pd.DataFrame:
    return engine.frame(f"SELECT * FROM {engine_links.LINKS} ORDER BY event_id")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_generated_store_gets_the_links_of_the_store_frame(tmp_path, seed):
    path = tmp_path / "newsmap.sqlite"
    _generated_store(path, seed, 400)
    sync(path)
    with Store(path, readonly=True, linker=frame_link_ids) as store:
        frame = store.events_frame(include_unlocated=True)
    with EventsEngine(path) as engine:
        linked = engine_links.fill_links(engine)
        in_sql = _table(engine)
        # in chunks of whole country-kind-status groups: the same table
        assert engine_links.fill_links(engine, chunk_rows=60) == linked
        assert _table(engine).equals(in_sql)
        assert len(engine.rows("SELECT * FROM duckdb_tables()")) == 1  # no staging table left
        assert engine_exports.prepare_links(engine, frame_link_ids) == linked
        assert in_sql.equals(_table(engine))  # the same table as linking in Python
    # ... and every located row's link is the store frame's (the reference linker, over
    # every event, the unplaced ones included)
    located = frame[frame["lat"].notna()].set_index("event_id")
    got = located[[]].join(in_sql.set_index("event_id"))
    got["link_id"] = got["link_id"].fillna(pd.Series(got.index, index=got.index))
    got["link_size"] = got["link_size"].fillna(1).astype("int64")
    assert got["link_id"].tolist() == located["link_id"].tolist()
    assert got["link_size"].tolist() == located["link_size"].tolist()
    # the store exercised what the linker distinguishes
    countries = located[(located["precision"] == "country") & (located["killed"] > 0)]
    assert (countries["link_id"] != countries.index).sum() >= 3  # country reports joined
    assert located.loc[located["status"] == "planned", "link_size"].max() > 1
    assert (located["link_size"] > 1).sum() > 100
    assert frame["lat"].isna().any() and frame["date"].isna().any()


def test_an_empty_store_has_an_empty_link_table(tmp_path):
    path = tmp_path / "newsmap.sqlite"
    Store(path).close()
    sync(path)
    with EventsEngine(path) as engine:
        assert engine_links.fill_links(engine) == 0
        assert list(_table(engine).columns) == ["event_id", "link_id", "link_size"]
