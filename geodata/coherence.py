"""Spatial coherence: the places an article names lie near each other.

A local story that names "Athens", "Henderson County" and "Frankston" is about three places
in east Texas, not about Greece: each name has a reading close to a reading of the others.
After every name's readings are scored alone, each reading is measured against the article's
other names, in four separate ways (a ranking model weighs them, geodata.ranker):

- ``near``: a reading of another name near it (towns and counties; ``exp(-km / 100)``);
- ``contains``: a reading of another name inside it (a town inside a candidate state or
  country: "Georgia" the state in an article about Gainesville and Hall County);
- ``within_state``: it lies inside a state that another name reads as;
- ``sibling_state``: it is a state, and another name reads as a state of the same country
  (a list of US states: "Kansas" is the state, not a village in Illinois);
- ``same_state``: it is a town or county, and another name reads as one in the same state;
- ``same_country``: it lies in a country (town, county or state) another name's town, county or
  state lies in ("Dublin" in a story whose other places are in Ohio is not in Ireland).

Each other name counts once per measure, through its reading that supports the candidate best,
weighted by how plausible that reading is on its own (``exp(score - best score)``: the runner-up
reading of "Springfield" counts, its fortieth does not); a measure sums over the other names,
up to MAX_SUPPORT of them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from geodata.model import Candidate

COHERENCE_FEATURES = (
    "near",
    "contains",
    "within_state",
    "sibling_state",
    "same_state",
    "same_country",
)
DISTANCE_SCALE_KM = 100.0  # exp(-d / scale): 0.37 at 100 km, 0.2 at 160 km
MAX_SUPPORT = 3.0  # other names beyond this many add nothing more
POINT_KINDS = ("city", "admin2")
EARTH_RADIUS_KM = 6371.0088


def coherence_features(scored: Sequence[Sequence[tuple[float, Candidate]]]) -> list[np.ndarray]:
    """For each name's scored readings, a (readings x COHERENCE_FEATURES) array of support.

    ``scored[n]`` lists name n's (score, candidate) pairs, scores on a log-odds scale; the result
    has one array per name, its rows aligned with the pairs.
    """
    sizes = [len(pairs) for pairs in scored]
    width = len(COHERENCE_FEATURES)
    if sum(1 for size in sizes if size) < 2:
        return [np.zeros((size, width)) for size in sizes]
    places = [c.place for pairs in scored for _, c in pairs]
    owner = np.repeat(np.arange(len(scored)), sizes)
    scores = np.array([s for pairs in scored for s, _ in pairs], dtype=float)
    best = np.array([max((s for s, _ in pairs), default=0.0) for pairs in scored])
    plausible = np.exp(scores - best[owner])
    other_name = owner[:, None] != owner[None, :]  # a name does not support itself
    starts = np.cumsum([0, *sizes[:-1]])
    nonempty = [i for i, size in enumerate(sizes) if size]
    columns = []
    for relation in _relations(places):
        weighted = relation * other_name * plausible[None, :]  # bool relations become 0/1
        per_name = np.maximum.reduceat(weighted, starts[nonempty], axis=1)
        columns.append(np.minimum(per_name.sum(axis=1), MAX_SUPPORT))
    features = np.stack(columns, axis=1)
    return np.split(features, np.cumsum(sizes)[:-1])


def _relations(places) -> tuple[np.ndarray, ...]:
    """relation[i, j]: how much place j, if meant, supports place i (0..1), one per measure."""
    lat = np.radians([p.lat for p in places])
    lon = np.radians([p.lon for p in places])
    dlat = lat[:, None] - lat[None, :]
    dlon = lon[:, None] - lon[None, :]
    a = np.sin(dlat / 2) ** 2 + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dlon / 2) ** 2
    distance = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    kinds = np.array([p.kind for p in places])
    point = np.isin(kinds, POINT_KINDS)
    state = kinds == "admin1"
    local = np.isin(kinds, ("city", "admin1", "admin2"))
    country = np.array([p.country_code or "" for p in places])
    admin1 = np.array([p.admin1_code or "" for p in places])
    same_country = (country[:, None] == country[None, :]) & (country[:, None] != "")
    same_admin1 = same_country & (admin1[:, None] == admin1[None, :]) & (admin1[:, None] != "")

    near = np.where(point[:, None] & point[None, :], np.exp(-distance / DISTANCE_SCALE_KM), 0.0)
    # contains[i, j]: place j lies inside place i (a country, or a state holding a town/county).
    contains = (
        ((kinds == "country")[:, None] & local[None, :] & same_country)
        | (state[:, None] & point[None, :] & same_admin1)
    ).astype(float)
    within_state = contains.T * state[None, :]
    sibling = state[:, None] & state[None, :] & same_country
    same_state = point[:, None] & point[None, :] & same_admin1
    in_country = local[:, None] & local[None, :] & same_country
    return near, contains, within_state, sibling, same_state, in_country
