"""Synthetic but realistic stores for the benchmark: real places, plausible articles and events.

Places are drawn from the offline gazetteer (towns of 15,000 people or more in the countries
conflict news is about, weighted by population, so big cities recur as they do in the news);
each article reports a few events (kinds, casualties, dates over a year) in sentences that
name the place, and mentions a capital in passing. Each event carries how sure the extractor
is, as events/classify stores it (about one in six under the dashboard's threshold, so the
benchmark's default view filters them out); mentions keep 1.0. Everything is written through
Store.add_article, like a real ingest.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from articles.model import Article, article_id
from events.classify.kind_table import Kind
from events.model import ROLE_EVENT, ROLE_MENTION, Event
from store.db import Store

COUNTRIES = {  # country -> weight of its news
    "SY": 10, "IQ": 8, "YE": 6, "AF": 6, "UA": 8, "NG": 5, "ML": 3, "SD": 4, "SO": 3,
    "CD": 3, "ET": 3, "MM": 3, "PK": 4, "LY": 3, "LB": 2, "TR": 3, "IN": 3, "MX": 3,
    "CO": 2, "PH": 2, "BF": 2, "NE": 2, "TD": 1, "CM": 2, "EG": 2, "IR": 2, "IL": 3,
}  # fmt: skip
# How an article tells of each kind: (sentence, what officials condemned). Every kind of the
# table but OTHER, in the table's order (the order draws from a seed depend on).
KINDS: tuple[Kind, ...] = tuple(kind for kind in Kind if kind is not Kind.OTHER)
PHRASES: dict[Kind, tuple[str, str]] = {
    Kind.AIR_STRIKE: ("Air strikes hit {place}", "air strikes"),
    Kind.SHELLING: ("Shelling pounded {place}", "shelling"),
    Kind.ARMED_CLASH: ("Fighters clashed near {place}", "clashes"),
    Kind.BOMBING: ("A bomb exploded in {place}", "a bombing"),
    Kind.VIOLENCE_AGAINST_CIVILIANS: ("Gunmen attacked villagers in {place}", "an attack"),
    Kind.PROTEST: ("Thousands protested in {place}", "protests"),
    Kind.RIOT: ("Rioters burned cars in {place}", "riots"),
    Kind.ARREST: ("Police arrested activists in {place}", "arrests"),
    Kind.DEPLOYMENT: ("Troops were sent to {place}", "a deployment"),
    Kind.MEETING: ("Delegations met in {place}", "talks"),
    Kind.DISPLACEMENT: ("Families fled {place}", "displacement"),
    Kind.DISASTER: ("Floods struck {place}", "floods"),
}
# Beta(4, 1.6): a mean near .71, about 13% of events under the map's .5 and 63% under .8.
CONFIDENCE_SHAPE = (4.0, 1.6)
HOSTS = ("news.example.org", "wire.example.com", "daily.example.net", "radio.example.org")
START = date(2016, 1, 1)


@dataclass(frozen=True)
class Town:
    """A gazetteer place to put events at."""

    geonameid: int
    name: str
    lat: float
    lon: float
    country: str
    population: int


def towns(gazetteer_path: Path, min_population: int = 15_000) -> list[Town]:
    """The gazetteer's towns in COUNTRIES with at least ``min_population`` people."""
    marks = ",".join("?" * len(COUNTRIES))
    sql = (
        "SELECT geonameid, name, lat, lon, country_code, population FROM places "
        f"WHERE kind = 'city' AND population >= ? AND country_code IN ({marks}) "
        "AND geonameid IS NOT NULL ORDER BY place_id"
    )
    uri = f"{Path(gazetteer_path).resolve().as_uri()}?mode=ro"
    connection = sqlite3.connect(uri, uri=True)
    try:
        rows = connection.execute(sql, (min_population, *COUNTRIES)).fetchall()
    finally:
        connection.close()
    return [Town(*row) for row in rows]


def fill(
    path: Path,
    events: int,
    places: list[Town],
    seed: int = 5,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write articles holding ``events`` events and mentions into a new store; returns articles."""
    rng = random.Random(seed)
    # A generator of its own, so the stores keep the events they had before confidences.
    judge = random.Random(f"{seed}:judge")
    weights = [COUNTRIES[t.country] * max(t.population, 1) ** 0.6 / 1000 for t in places]
    capitals = {}
    for town in sorted(places, key=lambda t: -t.population):
        capitals.setdefault(town.country, town)
    written = n = 0
    with Store(path) as store:
        while written < events:
            count = min(rng.randint(2, 8), events - written)
            chosen = rng.choices(places, weights=weights, k=max(count - 1, 1))
            article, rows = _article(rng, n, chosen, capitals, count, judge)
            store.add_article(article, rows)
            written += len(rows)
            n += 1
            if progress and n % 500 == 0:
                progress(written)
    return n


def _article(rng, n, chosen, capitals, count, judge):
    """One article: an event sentence per chosen town, then a capital mentioned in passing;
    ``judge`` draws the events' confidences."""
    day = START + timedelta(days=rng.randrange(366))
    kind = rng.choice(KINDS)
    host = rng.choice(HOSTS)
    url = f"https://{host}/{day.isoformat()}/story-{n}"
    sentences, spots = [], []
    for town in chosen[:count]:
        this_kind = rng.choice([kind, kind, rng.choice(KINDS)])
        killed = rng.choice([None, None, None, 0, 1, 2, 3, 5, 8, 12, 20, 45])
        tail = f", killing {killed} people." if killed else "."
        sentence = PHRASES[this_kind][0].format(place=town.name) + f" on {day:%B} {day.day}" + tail
        spots.append((town, this_kind, sentence, killed))
        sentences.append(sentence)
    if len(spots) < count:
        capital = capitals[chosen[0].country]
        sentence = f"Officials in {capital.name} condemned {PHRASES[kind][1]}."
        spots.append((capital, None, sentence, None))
        sentences.append(sentence)
    text = " ".join(sentences)
    first = chosen[0].name
    title = f"{PHRASES[kind][1].capitalize()} reported in {first}"
    article = Article(
        id=article_id(url, text),
        title=title,
        text=text,
        url=url,
        published=day,
        byline="Staff",
        source=f"bench/{n}",
        credit=f"{host} (synthetic)",
    )
    rows, offset = [], 0
    for i, (town, event_kind, sentence, killed) in enumerate(spots):
        role = ROLE_EVENT if event_kind else ROLE_MENTION
        at = sentence.index(town.name)
        rows.append(
            Event(
                id=f"{article.id}:{i}",
                article_id=article.id,
                role=role,
                name=town.name,
                resolved_name=town.name,
                lat=town.lat,
                lon=town.lon,
                precision="town",
                country_code=town.country,
                geonameid=town.geonameid,
                start=offset + at,
                end=offset + at + len(town.name),
                snippet=sentence,
                name_start=at,
                name_end=at + len(town.name),
                date=day,
                date_precision="day",
                kind=event_kind,
                killed=killed if role == ROLE_EVENT else None,
                injured=(killed or 0) * 2 if role == ROLE_EVENT and killed else None,
                confidence=_probability(judge) if role == ROLE_EVENT else 1.0,
                kind_confidence=_probability(judge) if role == ROLE_EVENT else 1.0,
            )
        )
        offset += len(sentence) + 1
    return article, rows


def _probability(judge: random.Random) -> float:
    return round(judge.betavariate(*CONFIDENCE_SHAPE), 2)
