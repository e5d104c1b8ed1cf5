"""Toponym resolution: decide which real place each name in an article means.

Each candidate reading of a name is described by well-founded signals (geodata.resolve_features):
how the name matched, what kind of place it is, how many people live there, whether it is a
national capital, the countries and states the article names, "City, State" pairs ("Paris,
Texas"), and cue words before the name ("province of Aleppo" prefers the province). Then each
reading is measured against the article's other names (geodata.coherence): "Athens" with
"Henderson County" and "Frankston" is in Texas. A ranking model with learned weights
(geodata.ranker, trained and cross-validated by ``python -m geodata.train_ranker``) weighs it all.
One sense per document: a name gets the same place every time it appears in an article.
Two checks follow the ranking: a part of an unknown name ("West Midlands" read as "Midlands")
means no place in a country the article is not about, and a town named with its state or
country ("Stroud, Ontario") no namesake abroad.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from geodata.coherence import COHERENCE_FEATURES, coherence_features
from geodata.model import MATCH_LOOSE, MATCH_NAME, Candidate, Place, ResolvedToponym, Toponym
from geodata.names import normalize
from geodata.ranker import Ranker, default_ranker
from geodata.resolve_features import LOCAL_FEATURES, ArticleContext, inside, local_features
from newsmap.vocabulary import division_words

TOP_CANDIDATES = 12  # readings per name weighed for coherence (by their own score)
CONFIRMING_NEARNESS = math.exp(-1.0)  # a tentative town within ~100 km of a resolved place
# log10 of the people a tentative city needs for the article's country alone to confirm it.
_COUNTRY_CONFIRMS_FROM = {"tentative+ner:ORG": 4.0, "tentative+ner:PERSON": 5.0}
_NEAR = COHERENCE_FEATURES.index("near")
_WITHIN_STATE = COHERENCE_FEATURES.index("within_state")
# A division named like a city inside it means the city ("Mosul") when the city holds at least
# this share of the division's people; a state is not its namesake village ("Minnesota").
NAMESAKE_SHARE = 0.2
# "the province of Aleppo", "Hebei province": the shared division words
# (newsmap/vocabulary/divisions.toml). Singular only: a plural names the parts of a place ("30
# provinces and regions of China") or a group of places ("the Gulf states").
_DIVISION = "|".join(sorted(division_words().english))
_ADMIN_CUE = re.compile(rf"\b(?:{_DIVISION})\s+of\s+$", re.IGNORECASE)
_ADMIN_CUE_AFTER = re.compile(rf"\s+(?:{_DIVISION})\b", re.IGNORECASE)
_BORDER_PARTS = re.compile(r"^(.+?)\s?[-\u2013/]\s?(.+?)\s+(?:border|frontier|boundary)$")

BorderPoint = Callable[[str, str], "tuple[float, float] | None"]


@dataclass(frozen=True)
class NameReadings:
    """One distinct name of an article (its key), its candidate readings and their features.

    ``scores`` are the readings' log-odds on their own (the ranker's ``alone`` model), best
    first; only the TOP_CANDIDATES best are kept.
    """

    key: str
    candidates: list[Candidate]
    features: np.ndarray
    scores: np.ndarray


def resolve_toponyms(
    text: str,
    toponyms: Sequence[Toponym],
    gazetteer,
    border_point: BorderPoint | None = None,
    ranker: Ranker | None = None,
) -> list[ResolvedToponym]:
    """Resolve each toponym of one article to a Place (or None), using the article as context."""
    ranker = ranker or default_ranker()
    names = article_names(text, toponyms, gazetteer)
    candidates, context, containers = names.candidates, names.context, names.containers
    senses = _senses(name_readings(names.firm, candidates, context, containers, ranker), ranker)
    tentative = [t for t in toponyms if is_tentative(t) and normalize(t.name) not in senses]
    readings = name_readings(tentative, candidates, context, containers, ranker)
    sources = {normalize(t.name): t.source for t in tentative}
    senses |= _confirmed(readings, sources, senses, ranker)
    resolved = []
    for toponym in toponyms:
        if is_tentative(toponym) and normalize(toponym.name) not in senses:
            continue  # a person's or an organisation's name after all, as far as we can tell
        if toponym.demonym:
            place = gazetteer.demonym_country(toponym.name)
            resolved.append(ResolvedToponym(toponym, place, 1.0 if place else 0.0))
        elif toponym.source == "border":
            resolved.append(_resolve_border(toponym, gazetteer, border_point))
        elif _division_cue(text, toponym):
            # "province of Aleppo" names the province here, without changing other mentions.
            own = context.without(normalize(toponym.name))
            choice = _best_division(candidates[toponym], own, containers.get(toponym), ranker)
            resolved.append(ResolvedToponym(toponym, *choice))
        else:
            resolved.append(ResolvedToponym(toponym, *senses[normalize(toponym.name)]))
    return without_foreign_parts(outside_their_container(text, resolved))


def name_readings(toponyms, candidates, context, containers, ranker) -> list[NameReadings]:
    """Each distinct name's readings, with local features and scores on their own.

    One sense per document: all mentions of a name share one set of readings; a "City, State"
    pair on any mention settles the container for the whole article.
    """
    entries: dict[str, tuple[list[Candidate], list[Candidate] | None]] = {}
    for toponym in toponyms:
        if toponym.demonym or toponym.source == "border":
            continue
        key = normalize(toponym.name)
        container = containers.get(toponym)
        if key not in entries or (container and entries[key][1] is None):
            entries[key] = (candidates[toponym], container)
    readings = []
    for key, (found, container) in entries.items():
        kept = without_namesake_divisions(found)
        features = local_features(kept, context.without(key), container)
        scores = ranker.score_alone(features)
        order = np.argsort(-scores, kind="stable")[:TOP_CANDIDATES]
        readings.append(NameReadings(key, [kept[i] for i in order], features[order], scores[order]))
    return readings


def coherence_for(readings: Sequence[NameReadings]) -> list[np.ndarray]:
    """The support each reading gets from the article's other names (geodata.coherence)."""
    return coherence_features(
        [list(zip(r.scores.tolist(), r.candidates, strict=True)) for r in readings]
    )


def _senses(readings: list[NameReadings], ranker: Ranker) -> dict[str, tuple[Place | None, float]]:
    """Each name's place and its log-odds score, weighing the readings with coherence."""
    senses = {}
    for reading, support in zip(readings, coherence_for(readings), strict=True):
        if not reading.candidates:
            senses[reading.key] = (None, 0.0)
            continue
        totals = ranker.score_combined(reading.features, support)
        best = int(np.argmax(totals))
        senses[reading.key] = (reading.candidates[best].place, float(totals[best]))
    return senses


def outside_their_container(text: str, resolved: list[ResolvedToponym]) -> list[ResolvedToponym]:
    """No reading for a town named with its state or country ("Stroud, Ontario") when the
    reading lies in another country than that state or country: the gazetteer lacks the town,
    and a namesake abroad (Stroud, England) is not what the article says. All mentions of the
    name go with it (one sense per document). Only a second name read as a state or country
    counts ("Moscow, Kiev, Minsk" is a list of cities), and a state or country first is left
    alone ("Jordan, Syria and Iraq")."""
    wrong = {
        normalize(first.toponym.name)
        for first, second in zip(resolved, resolved[1:], strict=False)
        if text[first.toponym.end : second.toponym.start] == ", "
        and first.place is not None
        and second.place is not None
        and not second.toponym.demonym
        and second.place.kind in ("country", "admin1")
        and first.place.kind not in ("country", "admin1")
        and first.place.country_code != second.place.country_code
    }
    return _without_readings(resolved, wrong)


def without_foreign_parts(resolved: list[ResolvedToponym]) -> list[ResolvedToponym]:
    """No reading for the names read after a compass word ("West Midlands" -> "Midlands") that
    mean a part of a country the article's other places are not in. The whole name was
    unknown, so the part is a guess; when the article's own places all lie elsewhere
    (Birmingham, England, or "the British health ministry"), a same-named province on another
    continent is not what it means. A country ("Eastern Ukraine") or a part alone in its
    article keeps its reading. The same for a name before a division word that only a foreign
    town goes by ("Nyanza Province" in a story from Kenya is no town in Rwanda; "Helmand
    province" in a story from Pakistan is still the Afghan province)."""
    parts = {normalize(item.toponym.name) for item in resolved if _a_part(item.toponym)}
    home = {
        item.place.country_code
        for item in resolved
        if item.place is not None
        and item.place.country_code
        and normalize(item.toponym.name) not in parts
    }
    if not home:
        return resolved
    foreign = {
        normalize(item.toponym.name)
        for item in resolved
        if _a_part(item.toponym)
        and item.place is not None
        and item.place.kind != "country"
        and item.place.country_code  # a sea or a world region belongs to no country
        and item.place.country_code not in home
        and (item.toponym.source.endswith("+compass") or item.place.kind not in _DIVISIONS)
    }
    return _without_readings(resolved, foreign)


_DIVISIONS = frozenset({"admin1", "admin2"})


def _without_readings(resolved: list[ResolvedToponym], names: set[str]) -> list[ResolvedToponym]:
    """``resolved`` with no reading for any mention of ``names`` (one sense per document: a
    name's other mentions go with it)."""
    if not names:
        return resolved
    return [
        ResolvedToponym(item.toponym, None, 0.0)
        if item.place is not None and normalize(item.toponym.name) in names
        else item
        for item in resolved
    ]


def _a_part(toponym: Toponym) -> bool:
    return toponym.source.endswith(("+compass", "+division"))


def _division_cue(text: str, toponym: Toponym) -> bool:
    """ "province of Aleppo", "Hebei province": words around the name say it is a division."""
    before = _ADMIN_CUE.search(text[max(0, toponym.start - 40) : toponym.start])
    return bool(before or _ADMIN_CUE_AFTER.match(text, toponym.end))


def is_tentative(toponym: Toponym) -> bool:
    """A name recognition was unsure of: a place only if the article's places confirm it."""
    return toponym.source.startswith("tentative")


@dataclass(frozen=True)
class ArticleNames:
    """An article's toponyms with their candidate readings and what the article says around them.

    ``firm`` are the toponyms recognition was sure of; only they make up the ``context``.
    ``containers`` maps the first name of a "City, State" pair to the state's readings.
    """

    candidates: dict[Toponym, list[Candidate]]
    firm: list[Toponym]
    context: ArticleContext
    containers: dict[Toponym, list[Candidate]]


def article_names(text: str, toponyms: Sequence[Toponym], gazetteer) -> ArticleNames:
    """Look every name of an article up, and collect the article's countries and states."""
    candidates = {t: _candidates_for(t, gazetteer) for t in toponyms if not t.demonym}
    firm = [t for t in toponyms if not is_tentative(t)]
    return ArticleNames(
        candidates,
        firm,
        article_context(firm, candidates, gazetteer),
        _containers(text, toponyms, candidates),
    )


def _confirmed(readings, sources, senses, ranker) -> dict[str, tuple[Place, float]]:
    """The tentative names whose best reading the article's resolved places confirm.

    A town's name NER took for a person or an organisation ("Gainesville") is a place when its
    reading lies near another place of the article, in a state the article names, in the
    state of "City, State", or is a city in a country the article names ("Malakal" in a story
    about South Sudan; 10,000 people or more for a name NER called an organisation, 100,000 for
    one it called a person: people are named after towns far more often than organisations
    are); the resolved places vouch for it, tentative names never do.
    """
    anchors = [[(0.0, Candidate(place, MATCH_NAME))] for place, _ in senses.values() if place]
    confirmed = {}
    for reading in readings:
        if not reading.candidates:
            continue
        pairs = list(zip(reading.scores.tolist(), reading.candidates, strict=True))
        if anchors:
            support = coherence_features([pairs, *anchors])[0]
        else:  # only nationalities to go by ("Palestinians demonstrated at Bethlehem")
            support = np.zeros((len(pairs), len(COHERENCE_FEATURES)))
        totals = ranker.score_combined(reading.features, support)
        best = int(np.argmax(totals))
        local = dict(zip(LOCAL_FEATURES, reading.features[best], strict=True))
        near, within_state = support[best, _NEAR], support[best, _WITHIN_STATE]
        if (
            near >= CONFIRMING_NEARNESS
            or within_state
            or local["admin1_named"]
            or local["container"]
            or (
                local["country_named"]
                and local["log_population"] >= _COUNTRY_CONFIRMS_FROM.get(sources[reading.key], 5.0)
            )
        ):
            confirmed[reading.key] = (reading.candidates[best].place, float(totals[best]))
    return confirmed


def _candidates_for(toponym: Toponym, gazetteer) -> list[Candidate]:
    return [] if toponym.source == "border" else gazetteer.candidates(toponym.name)


def _best_division(candidates, context, container, ranker) -> tuple[Place | None, float]:
    """ "province of Aleppo": the cue names the kind of place outright."""
    candidates = [c for c in candidates if c.place.kind in ("admin1", "admin2")] or candidates
    if not candidates:
        return None, 0.0
    scores = ranker.score_alone(local_features(candidates, context, container))
    best = int(np.argmax(scores))
    return candidates[best].place, float(scores[best])


def without_namesake_divisions(candidates: list[Candidate]) -> list[Candidate]:
    """Drop divisions named after a city inside them: "Mosul" is the city, not the district.

    Without a cue ("province of"), a name shared by a city and the division around it means
    the city; the division's larger population must not outvote it. A state is not its
    namesake village, though ("Minnesota"): see :func:`_namesake`.
    """
    cities = [c for c in candidates if c.place.kind == "city"]
    if not cities:
        return candidates
    return [
        c
        for c in candidates
        if c.place.kind not in ("admin1", "admin2")
        or not any(_namesake(city, c) for city in cities)
    ]


def _namesake(city: Candidate, division: Candidate) -> bool:
    """The city stands for the division of its name around it: it holds a good share of its
    people ("Mosul"), or the name is the city's own and only a short form of the division's
    ("Marion" for Marion County)."""
    if not (inside(city.place, division.place) or _same_admin2_country(city.place, division.place)):
        return False
    if city.place.population >= NAMESAKE_SHARE * division.place.population:
        return True
    return city.match == MATCH_NAME and division.match != MATCH_NAME


def _same_admin2_country(city: Place, division: Place) -> bool:
    # Our admin2 records carry their admin1 code; a namesake city in the same admin1 is inside.
    return (
        division.kind == "admin2"
        and city.country_code == division.country_code
        and city.admin1_code == division.admin1_code
    )


def article_context(toponyms, candidates, gazetteer) -> ArticleContext:
    """Countries and admin1 divisions the article itself names, or whose nationals it mentions.

    Each name's own contribution is kept apart, so that an ambiguous name ("Washington": a
    state, or the capital?) is judged by the rest of the article, not by itself.
    """
    countries: Counter = Counter()
    admin1s: Counter = Counter()
    own: dict[str, tuple[Counter, Counter]] = {}
    for toponym in toponyms:
        country, admin1 = _evidence(toponym, candidates, gazetteer)
        if country is None:
            continue
        key = normalize(toponym.name)
        mine = own.setdefault(key, (Counter(), Counter()))
        countries[country] += 1
        mine[0][country] += 1
        if admin1 is not None:
            admin1s[admin1] += 1
            mine[1][admin1] += 1
    return ArticleContext(countries, admin1s, gazetteer.is_capital, own)


def _evidence(toponym, candidates, gazetteer) -> tuple[str | None, tuple | None]:
    """The country (and admin1) a mention plainly points to, if it does."""
    if toponym.demonym:
        place = gazetteer.demonym_country(toponym.name)
        return (place.country_code if place else None), None
    exact = [c.place for c in candidates.get(toponym) or [] if c.match != MATCH_LOOSE]
    country = next((p for p in exact if p.kind == "country"), None)
    if country is not None:
        return country.country_code, None
    admin1 = [p for p in exact if p.kind == "admin1"]
    if len(admin1) == 1:
        return admin1[0].country_code, (admin1[0].country_code, admin1[0].admin1_code)
    return None, None


def _containers(text: str, toponyms, candidates) -> dict[Toponym, list[Candidate]]:
    """For "Paris, Texas": Paris -> the admin1/country candidates of "Texas"."""
    containers = {}
    for first, second in zip(toponyms, toponyms[1:], strict=False):
        if first.demonym or second.demonym or text[first.end : second.start] != ", ":
            continue
        found = [c for c in candidates.get(second, []) if c.place.kind in ("admin1", "country")]
        if found:
            containers[first] = found
    return containers


def _resolve_border(toponym: Toponym, gazetteer, border_point) -> ResolvedToponym:
    match = _BORDER_PARTS.match(toponym.name)
    if match is None or border_point is None:
        return ResolvedToponym(toponym, None, 0.0)
    codes = []
    for part in match.groups():
        country = next(
            (c.place for c in gazetteer.candidates(part) if c.place.kind == "country"), None
        )
        if country is None:
            return ResolvedToponym(toponym, None, 0.0)
        codes.append(country.country_code)
    point = border_point(codes[0], codes[1])
    if point is None:
        return ResolvedToponym(toponym, None, 0.0)
    place = Place(
        place_id=0,
        name=f"{match.group(1)}\u2013{match.group(2)} border",
        lat=point[0],
        lon=point[1],
        kind="border",
        country_code=None,
    )
    return ResolvedToponym(toponym, place, 1.0)
