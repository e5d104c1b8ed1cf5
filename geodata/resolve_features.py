"""What the resolver knows about one reading of a name, as numbers a ranking model can weigh.

Each candidate place of a name gets one row of local features (how the name matched, what kind
of place it is, how many people live there, what the rest of the article says about its country
and state, a "City, State" pair naming its container). Features that are the same for every
reading of a name carry no information in a ranking of those readings, so each feature is
chosen to differ between readings. The article-level context is collected once per article.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from geodata.model import MATCH_ALT, MATCH_LOOSE, MATCH_NAME, Candidate, Place

# Curated regions, seas and continents have no population: they count as prominent as a city
# of this many people (log10), so "Middle East" is not a neighbourhood of Baltimore.
UNPEOPLED_PROMINENCE = {"continent": 7.0, "region": 6.5, "water": 6.5}
KINDS = ("country", "continent", "region", "water", "admin1", "admin2", "city")
LOCAL_FEATURES = (
    "match_name",
    "match_alt",
    "match_loose",
    *(f"kind_{kind}" for kind in KINDS),
    "log_population",  # log10(people + 1): big places are mentioned more
    "population_gap",  # log10 of the share of the name's most populous reading (<= 0)
    "capital",  # a national capital: named for its government too ("Washington")
    "country_named",  # the article names the reading's country (or its nationals)
    "country_share",  # ... times the share of the article's country mentions
    "admin1_named",  # the article names the reading's first-level division
    "container",  # "City, State": the reading lies in the named state or country
)


@dataclass(frozen=True)
class ArticleContext:
    """Countries and first-level divisions an article names, each name's own part kept apart.

    ``own`` maps a name key to what that name itself contributed, so an ambiguous name
    ("Washington": a state, or the capital?) is judged by the rest of the article.
    """

    countries: Counter
    admin1s: Counter  # (country_code, admin1_code)
    is_capital: Callable[[Place], bool] = lambda place: False
    own: dict = field(default_factory=dict)

    def without(self, key: str) -> ArticleContext:
        """The context less what the name ``key`` itself contributed."""
        if key not in self.own:
            return self
        countries, admin1s = self.own[key]
        return replace(self, countries=self.countries - countries, admin1s=self.admin1s - admin1s)


def local_features(
    candidates: Sequence[Candidate],
    context: ArticleContext,
    container: Sequence[Candidate] | None = None,
) -> np.ndarray:
    """One row of LOCAL_FEATURES per candidate reading of one name."""
    rows = np.zeros((len(candidates), len(LOCAL_FEATURES)))
    if not candidates:
        return rows
    column = {name: i for i, name in enumerate(LOCAL_FEATURES)}
    total_countries = sum(context.countries.values())
    for row, candidate in zip(rows, candidates, strict=True):
        place = candidate.place
        row[column[_MATCH_FEATURE[candidate.match]]] = 1.0
        if place.kind in KINDS:
            row[column[f"kind_{place.kind}"]] = 1.0
        row[column["log_population"]] = max(
            math.log10(max(place.population, 0) + 1), UNPEOPLED_PROMINENCE.get(place.kind, 0.0)
        )
        row[column["capital"]] = float(context.is_capital(place))
        if place.country_code and place.kind != "country":
            mentions = context.countries[place.country_code]
            if mentions:
                row[column["country_named"]] = 1.0
                row[column["country_share"]] = mentions / total_countries
            if place.admin1_code and context.admin1s[(place.country_code, place.admin1_code)]:
                row[column["admin1_named"]] = 1.0
        if container and any(inside(place, c.place) for c in container):
            row[column["container"]] = 1.0
    populations = rows[:, column["log_population"]]
    rows[:, column["population_gap"]] = populations - populations.max()
    return rows


_MATCH_FEATURE = {MATCH_NAME: "match_name", MATCH_ALT: "match_alt", MATCH_LOOSE: "match_loose"}


def inside(place: Place, container: Place) -> bool:
    """Whether ``place`` lies in ``container`` (a country or a first-level division)."""
    if container.kind == "country":
        return place.country_code == container.country_code and place.kind != "country"
    if container.kind == "admin1":
        return (
            place.country_code == container.country_code
            and place.admin1_code == container.admin1_code
            and place.kind not in ("admin1", "country")
        )
    return False
