"""Fixtures shared across test packages."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def geoparser():
    """The real geoparser (spaCy sm NER + the offline gazetteer), loaded once per test run."""
    from geodata.geoparser import Geoparser

    return Geoparser.default()
