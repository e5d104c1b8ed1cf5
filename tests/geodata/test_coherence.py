"""Spatial coherence between the readings of an article's names."""

from __future__ import annotations

import pytest

from geodata.coherence import COHERENCE_FEATURES, MAX_SUPPORT, coherence_features
from geodata.model import MATCH_NAME, Candidate, Place

NEAR, CONTAINS, WITHIN_STATE, SIBLING_STATE = (
    COHERENCE_FEATURES.index(name) for name in ("near", "contains", "within_state", "sibling_state")
)


def candidate(place_id, lat, lon, kind="city", country="US", admin1="TX"):
    return Candidate(Place(place_id, f"p{place_id}", lat, lon, kind, country, admin1), MATCH_NAME)


def test_a_lone_name_gets_no_support():
    [support] = coherence_features([[(5.0, candidate(1, 32.2, -95.9))]])
    assert support.shape == (1, len(COHERENCE_FEATURES))
    assert not support.any()


def test_the_reading_near_another_name_gets_the_support():
    near, far = candidate(1, 32.20, -95.86), candidate(2, 37.98, 23.73, country="GR", admin1="")
    other = candidate(3, 32.35, -95.30)  # 55 km from the near reading
    first, second = coherence_features([[(9.0, far), (5.0, near)], [(4.0, other)]])
    assert first[0, NEAR] == pytest.approx(0.0, abs=1e-9)
    assert 0.5 < first[1, NEAR] <= 1.0
    assert second[0, NEAR] > 0  # and the other name is supported back by the near reading


def test_a_state_is_supported_by_the_towns_inside_it():
    georgia_state = candidate(1, 32.8, -83.2, kind="admin1", country="US", admin1="GA")
    georgia_country = candidate(2, 42.0, 43.5, kind="country", country="GE", admin1="")
    gainesville = candidate(3, 34.3, -83.8, country="US", admin1="GA")
    support, town = coherence_features(
        [[(2.0, georgia_country), (1.5, georgia_state)], [(1.0, gainesville)]]
    )
    assert support[1, CONTAINS] == pytest.approx(1.0) and support[0, CONTAINS] == 0.0
    # ... and the town lies in a state the other name may mean, as plausible as that reading.
    assert town[0, WITHIN_STATE] == pytest.approx(0.6065, abs=1e-3)  # exp(1.5 - 2.0)


def test_a_state_is_supported_by_other_states_of_its_country():
    kansas_state = candidate(1, 38.5, -98.5, kind="admin1", country="US", admin1="KS")
    kansas_village = candidate(2, 39.55, -87.94, country="US", admin1="IL")
    illinois = candidate(3, 40.0, -89.0, kind="admin1", country="US", admin1="IL")
    nevada = candidate(4, 39.0, -117.0, kind="admin1", country="US", admin1="NV")
    kansas, *_ = coherence_features(
        [[(1.0, kansas_state), (0.5, kansas_village)], [(1.0, illinois)], [(1.0, nevada)]]
    )
    assert kansas[0, SIBLING_STATE] == pytest.approx(2.0)
    assert kansas[1, SIBLING_STATE] == 0.0 and kansas[1, WITHIN_STATE] == pytest.approx(1.0)


def test_an_implausible_reading_lends_little_support():
    near = candidate(1, 32.20, -95.86)
    # The other name's reading near it scores 4 log-odds below its best: it barely counts.
    best_elsewhere, weak_nearby = (
        candidate(2, 51.5, -0.1, "city", "GB", "ENG"),
        candidate(3, 32.3, -95.5),
    )
    support, _ = coherence_features([[(2.5, near)], [(6.0, best_elsewhere), (2.0, weak_nearby)]])
    assert support[0, NEAR] < 0.05


def test_support_counts_each_other_name_once_up_to_a_limit():
    town = candidate(1, 32.20, -95.86)
    others = [[(1.0, candidate(10 + i, 32.20, -95.86))] for i in range(5)]
    support, *_ = coherence_features([[(1.0, town)], *others])
    assert support[0, NEAR] == pytest.approx(MAX_SUPPORT)
