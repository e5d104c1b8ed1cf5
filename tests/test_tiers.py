"""The test tiers (tests/conftest.py): each test in exactly one of unit, model and browser, and a
unit test that loads the spaCy model or the gazetteer fails saying to mark it model."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _collected(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--co", "-q", "-p", "no:cacheprovider", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode in (0, 5), done.stdout + done.stderr  # 5: nothing collected
    return {line for line in done.stdout.splitlines() if re.match(r"tests/\S+::", line)}


def test_every_test_is_in_exactly_one_tier_and_the_default_run_takes_them_all():
    folders = ["tests/geodata", "tests/dashboard/test_browser.py", "tests/test_tiers.py"]
    everything = _collected(*folders)
    tiers = {tier: _collected(*folders, "-m", tier) for tier in ("unit", "model", "browser")}
    assert all(tiers.values()), {tier: len(ids) for tier, ids in tiers.items()}
    assert sum(len(ids) for ids in tiers.values()) == len(everything)
    assert set().union(*tiers.values()) == everything
    assert any("test_nlp.py" in node for node in tiers["model"])  # marked by hand
    assert any("test_gazetteer.py" in node for node in tiers["model"])  # by its fixture
    assert any("test_geocoding_chain.py" in node for node in tiers["unit"])


def test_a_unit_test_that_loads_the_spacy_model_is_told_to_mark_it_model(request):
    assert request.node.get_closest_marker("unit") is not None
    import spacy

    from geodata.nlp import MODEL_NAME

    with pytest.raises(AssertionError, match="mark it model"):
        spacy.load(MODEL_NAME)


def test_a_unit_test_that_opens_the_gazetteer_is_told_to_mark_it_model():
    from geodata.gazetteer import Gazetteer

    with pytest.raises(AssertionError, match="mark it model"):
        Gazetteer.open()
