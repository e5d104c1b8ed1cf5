"""Toponym resolution: decide which real place each name in an article means.

Each candidate from the gazetteer is scored on well-founded signals, summed:
- how the name matched (primary name > alternate name > transliteration-loosened key);
- what kind of place it is (a name that is a country's is usually the country: "Chad");
- how many people live there (log scale: big places are mentioned more), and whether it is a
  national capital (named in news far beyond its size, also for its government: "Washington");
- the article's context: countries it names or whose nationals it mentions, first-level
  divisions it names, "City, State" pairs ("Paris, Texas"), and cue words before the name
  ("province of Aleppo" prefers the province).
One sense per document: a name gets the same place every time it appears in an article.
Then each reading gains from the article's other names that have readings near it or inside
it (geodata.coherence): "Athens" with "Henderson County" and "Frankston" is in Texas.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from geodata.coherence import coherence_support
from geodata.model import (
    MATCH_ALT,
    MATCH_LOOSE,
    MATCH_NAME,
    Candidate,
    Place,
    ResolvedToponym,
    Toponym,
)
from geodata.names import normalize

MATCH_WEIGHT = {MATCH_NAME: 2.0, MATCH_ALT: 1.2, MATCH_LOOSE: 0.3}
# Curated regions, seas and continents have no population: their weight stands for the
# prominence of a place the size of a big city, so "Middle East" is not a hamlet in Maryland.
KIND_WEIGHT = {
    "country": 4.0,
    "continent": 7.0,
    "region": 6.0,
    "water": 6.0,
    "admin1": 1.0,
    "admin2": 0.5,
    "city": 0.0,
}
POPULATION_WEIGHT = 1.0  # per factor of ten
COUNTRY_PRESENT_WEIGHT = 2.0  # the article names the candidate's country at all
COUNTRY_SHARE_WEIGHT = 1.0  # ... times the share of the article's country mentions
ADMIN1_CONTEXT_WEIGHT = 1.5
CAPITAL_WEIGHT = 2.5
CONTAINER_WEIGHT = 6.0  # "City, State": the candidate lies in the named container
TOP_CANDIDATES = 12  # readings per name weighed for coherence (by their own score)
# A division named like a city inside it means the city ("Mosul") when the city holds at least
# this share of the division's people; a state is not its namesake village ("Minnesota").
NAMESAKE_SHARE = 0.2
_ADMIN_CUE = re.compile(
    r"\b(?:province|governorate|state|region|county|district|prefecture|department)\s+of\s+$",
    re.IGNORECASE,
)
_BORDER_PARTS = re.compile(r"^(.+?)\s?[-\u2013/]\s?(.+?)\s+(?:border|frontier|boundary)$")

BorderPoint = Callable[[str, str], "tuple[float, float] | None"]


@dataclass(frozen=True)
class _Context:
    countries: Counter
    admin1s: Counter  # (country_code, admin1_code)
    is_capital: Callable[[Place], bool] = lambda place: False
    own: dict = field(default_factory=dict)  # name key -> its own (countries, admin1s)

    def without(self, key: str) -> _Context:
        """The context less what the name ``key`` itself contributed."""
        if key not in self.own:
            return self
        countries, admin1s = self.own[key]
        return replace(self, countries=self.countries - countries, admin1s=self.admin1s - admin1s)


def resolve_toponyms(
    text: str,
    toponyms: Sequence[Toponym],
    gazetteer,
    border_point: BorderPoint | None = None,
) -> list[ResolvedToponym]:
    """Resolve each toponym of one article to a Place (or None), using the article as context."""
    candidates = {t: _candidates_for(t, gazetteer) for t in toponyms if not t.demonym}
    context = _context(toponyms, candidates, gazetteer)
    containers = _containers(text, toponyms, candidates)
    senses = _senses(toponyms, candidates, context, containers)
    resolved = []
    for toponym in toponyms:
        if toponym.demonym:
            place = gazetteer.demonym_country(toponym.name)
            resolved.append(ResolvedToponym(toponym, place, 1.0 if place else 0.0))
        elif toponym.source == "border":
            resolved.append(_resolve_border(toponym, gazetteer, border_point))
        elif _ADMIN_CUE.search(text[max(0, toponym.start - 40) : toponym.start]):
            # "province of Aleppo" names the province here, without changing other mentions.
            own = context.without(normalize(toponym.name))
            choice = _best(candidates[toponym], own, containers.get(toponym), admin_cue=True)
            resolved.append(ResolvedToponym(toponym, *choice))
        else:
            resolved.append(ResolvedToponym(toponym, *senses[normalize(toponym.name)]))
    return resolved


def _senses(toponyms, candidates, context, containers) -> dict[str, tuple[Place | None, float]]:
    """One sense per document: each name's place, scored alone and then by coherence.

    A "City, State" pair settles the sense of that name for the whole article.
    """
    entries: dict[str, tuple[list[Candidate], list[Candidate] | None]] = {}
    for toponym in toponyms:
        if toponym.demonym or toponym.source == "border":
            continue
        key = normalize(toponym.name)
        container = containers.get(toponym)
        if key not in entries or (container and entries[key][1] is None):
            entries[key] = (candidates[toponym], container)
    scored = []
    for key, (found, container) in entries.items():
        own = context.without(key)
        pairs = [
            (score_candidate(c, own, container), c) for c in _without_namesake_divisions(found)
        ]
        pairs.sort(key=lambda pair: -pair[0])
        scored.append(pairs[:TOP_CANDIDATES])
    senses = {}
    for key, pairs, support in zip(entries, scored, coherence_support(scored), strict=True):
        if not pairs:
            senses[key] = (None, 0.0)
            continue
        totals = [score + extra for (score, _), extra in zip(pairs, support, strict=True)]
        best = max(range(len(pairs)), key=totals.__getitem__)
        senses[key] = (pairs[best][1].place, totals[best])
    return senses


def _candidates_for(toponym: Toponym, gazetteer) -> list[Candidate]:
    return [] if toponym.source == "border" else gazetteer.candidates(toponym.name)


def score_candidate(
    candidate: Candidate,
    context: _Context,
    container: list[Candidate] | None = None,
) -> float:
    """The summed evidence that this candidate is the place meant (higher is better)."""
    place = candidate.place
    score = MATCH_WEIGHT.get(candidate.match, 0.0) + KIND_WEIGHT.get(place.kind, 0.0)
    score += POPULATION_WEIGHT * math.log10(max(place.population, 0) + 1)
    if context.is_capital(place):
        score += CAPITAL_WEIGHT
    if place.country_code and place.kind != "country":
        mentions = context.countries[place.country_code]
        if mentions:
            share = mentions / sum(context.countries.values())
            score += COUNTRY_PRESENT_WEIGHT + COUNTRY_SHARE_WEIGHT * share
        if place.admin1_code and context.admin1s[(place.country_code, place.admin1_code)]:
            score += ADMIN1_CONTEXT_WEIGHT
    if container and any(_inside(place, c.place) for c in container):
        score += CONTAINER_WEIGHT
    return score


def _best(candidates, context, container, admin_cue=False) -> tuple[Place | None, float]:
    if admin_cue:
        # "province of Aleppo": the cue names the kind of place outright.
        candidates = [c for c in candidates if c.place.kind in ("admin1", "admin2")] or candidates
    else:
        candidates = _without_namesake_divisions(candidates)
    if not candidates:
        return None, 0.0
    scored = [(score_candidate(c, context, container), c) for c in candidates]
    score, best = max(scored, key=lambda pair: pair[0])
    return best.place, score


def _without_namesake_divisions(candidates: list[Candidate]) -> list[Candidate]:
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
    if not (
        _inside(city.place, division.place) or _same_admin2_country(city.place, division.place)
    ):
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


def _inside(place: Place, container: Place) -> bool:
    if container.kind == "country":
        return place.country_code == container.country_code and place.kind != "country"
    if container.kind == "admin1":
        return (
            place.country_code == container.country_code
            and place.admin1_code == container.admin1_code
            and place.kind not in ("admin1", "country")
        )
    return False


def _context(toponyms, candidates, gazetteer) -> _Context:
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
    return _Context(countries, admin1s, gazetteer.is_capital, own)


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
