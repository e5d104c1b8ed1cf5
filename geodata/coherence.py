"""Spatial coherence: the places an article names lie near each other.

A local story that names "Athens", "Henderson County" and "Frankston" is about three places
in east Texas, not about Greece: each name has a reading close to a reading of the others.
After every name's candidates are scored alone (geodata.resolve), each candidate gains support
from the other names of the article:

- a reading of another name near it (towns and counties; the kernel halves every ~70 km);
- a reading of another name inside it (a town inside a candidate state or country: "Georgia"
  the state in an article about Gainesville and Hall County), or a state containing it;

each other name counting once, through its reading that supports the candidate best, weighted
by how plausible that reading is on its own (``exp((score - best score) / TEMPERATURE)``: the
runner-up reading of "Springfield" counts, its fortieth does not).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from geodata.model import Candidate

DISTANCE_SCALE_KM = 100.0  # exp(-d / scale): 0.37 at 100 km, 0.2 at 160 km
TEMPERATURE = 2.0  # score points per factor e of plausibility
COHERENCE_WEIGHT = 3.0  # score points for one other name fully supporting a candidate
MAX_SUPPORT = 3.0  # other names beyond this many add nothing more
POINT_KINDS = ("city", "admin2")
EARTH_RADIUS_KM = 6371.0088


def coherence_support(scored: Sequence[Sequence[tuple[float, Candidate]]]) -> list[np.ndarray]:
    """For each name's scored candidates, the support each candidate gets from the other names.

    ``scored[n]`` lists name n's (score, candidate) pairs; the result has one array per name,
    aligned with its pairs.
    """
    sizes = [len(pairs) for pairs in scored]
    if sum(1 for size in sizes if size) < 2:
        return [np.zeros(size) for size in sizes]
    places = [c.place for pairs in scored for _, c in pairs]
    owner = np.repeat(np.arange(len(scored)), sizes)
    scores = np.array([s for pairs in scored for s, _ in pairs], dtype=float)
    best = np.array([max((s for s, _ in pairs), default=0.0) for pairs in scored])
    plausible = np.exp((scores - best[owner]) / TEMPERATURE)

    relation = _relations(places)
    relation[owner[:, None] == owner[None, :]] = 0.0  # a name does not support itself
    weighted = relation * plausible[None, :]
    starts = np.cumsum([0, *sizes[:-1]])
    nonempty = [i for i, size in enumerate(sizes) if size]
    per_name = np.maximum.reduceat(weighted, starts[nonempty], axis=1)
    support = np.minimum(per_name.sum(axis=1), MAX_SUPPORT)
    return np.split(COHERENCE_WEIGHT * support, np.cumsum(sizes)[:-1])


def _relations(places) -> np.ndarray:
    """relation[i, j]: how much place j, if meant, supports place i being meant (0..1)."""
    lat = np.radians([p.lat for p in places])
    lon = np.radians([p.lon for p in places])
    dlat = lat[:, None] - lat[None, :]
    dlon = lon[:, None] - lon[None, :]
    a = np.sin(dlat / 2) ** 2 + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dlon / 2) ** 2
    distance = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    kinds = np.array([p.kind for p in places])
    point = np.isin(kinds, POINT_KINDS)
    relation = np.where(point[:, None] & point[None, :], np.exp(-distance / DISTANCE_SCALE_KM), 0.0)
    inside = _inside_matrix(places, kinds)
    # A state supports the towns inside it; a country does not (the article's countries already
    # count when each name is scored alone), so a country outranks its namesake province.
    within_state = inside.T * (kinds == "admin1")[None, :]
    return np.maximum(relation, np.maximum(inside, within_state))


def _inside_matrix(places, kinds: np.ndarray) -> np.ndarray:
    """inside[i, j] = 1 when place j lies inside place i (a state or a country)."""
    country = np.array([p.country_code or "" for p in places])
    admin1 = np.array([p.admin1_code or "" for p in places])
    same_country = (country[:, None] == country[None, :]) & (country[:, None] != "")
    same_admin1 = same_country & (admin1[:, None] == admin1[None, :]) & (admin1[:, None] != "")
    is_country = kinds == "country"
    is_admin1 = kinds == "admin1"
    below_country = np.isin(kinds, ("city", "admin1", "admin2"))
    below_admin1 = np.isin(kinds, POINT_KINDS)
    inside = (is_country[:, None] & below_country[None, :] & same_country) | (
        is_admin1[:, None] & below_admin1[None, :] & same_admin1
    )
    return inside.astype(float)
