"""Fixtures shared across test packages, and the test tiers.

Every test belongs to one tier, each runnable alone (``python -m pytest -m unit``):

- ``browser``: drives Chromium (marked in its module);
- ``model``: loads the spaCy model or the offline gazetteer: marked by hand, or found here by
  the fixtures it uses (``MODEL_FIXTURES``);
- ``unit``: everything else. A unit test that tries to load the spaCy model or the built
  gazetteer fails with a message saying to mark it ``model``, so the tiers stay honest (in a
  ``-m unit`` run, where no model test has loaded them first).
"""

from __future__ import annotations

import pytest

# Fixtures that load the spaCy model or build/open the gazetteer.
MODEL_FIXTURES = frozenset({"geoparser", "gazetteer", "parse"})
TIERS = ("unit", "model", "browser")


def pytest_collection_modifyitems(config, items):
    """Give each test without a tier its tier: model by its fixtures, else unit."""
    for item in items:
        if any(item.get_closest_marker(tier) for tier in TIERS):
            continue
        if MODEL_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.model)
        else:
            item.add_marker(pytest.mark.unit)


@pytest.fixture(autouse=True)
def _unit_tests_load_no_model(request, monkeypatch):
    """In a unit test, loading the spaCy model or opening the built gazetteer is an error."""
    if request.node.get_closest_marker("unit") is None:
        return
    import spacy

    from geodata.gazetteer import Gazetteer
    from geodata.gazetteer_build import DEFAULT_PATH

    def no_model(*args, **kwargs):
        raise AssertionError(f"{request.node.nodeid} loads a spaCy model: mark it model")

    real_open = Gazetteer.open.__func__

    def no_gazetteer(cls, path=None, progress=None):
        if path is None or str(path) == str(DEFAULT_PATH):
            raise AssertionError(f"{request.node.nodeid} opens the gazetteer: mark it model")
        return real_open(cls, path, progress)

    monkeypatch.setattr(spacy, "load", no_model)
    monkeypatch.setattr(Gazetteer, "open", classmethod(no_gazetteer))


@pytest.fixture(scope="session")
def geoparser():
    """The real geoparser (spaCy sm NER + the offline gazetteer), loaded once per test run."""
    from geodata.geoparser import Geoparser

    return Geoparser.default()
