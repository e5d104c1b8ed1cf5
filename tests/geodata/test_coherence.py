"""Spatial coherence between the readings of an article's names."""

from __future__ import annotations

import pytest

from geodata.coherence import COHERENCE_WEIGHT, coherence_support
from geodata.model import MATCH_NAME, Candidate, Place


def candidate(place_id, lat, lon, kind="city", country="US", admin1="TX"):
    return Candidate(Place(place_id, f"p{place_id}", lat, lon, kind, country, admin1), MATCH_NAME)


def test_a_lone_name_gets_no_support():
    [support] = coherence_support([[(5.0, candidate(1, 32.2, -95.9))]])
    assert support.tolist() == [0.0]


def test_the_reading_near_another_name_gets_the_support():
    near, far = candidate(1, 32.20, -95.86), candidate(2, 37.98, 23.73, country="GR", admin1="")
    other = candidate(3, 32.35, -95.30)  # 55 km from the near reading
    first, second = coherence_support([[(9.0, far), (5.0, near)], [(4.0, other)]])
    assert first[0] == pytest.approx(0.0, abs=1e-9)
    assert 0.5 * COHERENCE_WEIGHT < first[1] <= COHERENCE_WEIGHT
    assert second[0] > 0  # and the other name is supported back by the near reading


def test_a_state_is_supported_by_the_towns_inside_it():
    georgia_state = candidate(1, 32.8, -83.2, kind="admin1", country="US", admin1="GA")
    georgia_country = candidate(2, 42.0, 43.5, kind="country", country="GE", admin1="")
    gainesville = candidate(3, 34.3, -83.8, country="US", admin1="GA")
    support, _ = coherence_support(
        [[(9.0, georgia_country), (8.0, georgia_state)], [(5.0, gainesville)]]
    )
    assert support[1] == pytest.approx(COHERENCE_WEIGHT) and support[0] == 0.0


def test_an_implausible_reading_lends_little_support():
    near = candidate(1, 32.20, -95.86)
    # The other name's reading near it scores 8 points below its best: it barely counts.
    best_elsewhere, weak_nearby = (
        candidate(2, 51.5, -0.1, "city", "GB", "ENG"),
        candidate(3, 32.3, -95.5),
    )
    support, _ = coherence_support([[(5.0, near)], [(12.0, best_elsewhere), (4.0, weak_nearby)]])
    assert support[0] < 0.1 * COHERENCE_WEIGHT
