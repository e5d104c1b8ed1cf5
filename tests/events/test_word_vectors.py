"""The judge's word vectors (events/classify/word_vectors.py): en_core_web_md's table."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from events.classify import word_vectors
from events.classify.word_vectors import WordVectorsMissing, mean_vector, word_vector

pytestmark = pytest.mark.model  # reads the vector table of a model package


def similarity(a: str, b: str) -> float:
    return float(word_vector(a) @ word_vector(b))


@pytest.mark.parametrize(
    ("word", "near", "far"),
    [
        ("riot", "mob", "election"),
        ("talks", "negotiations", "earthquake"),
        ("airstrike", "bombing", "vaccine"),
        ("cholera", "outbreak", "parliament"),
    ],
)
def test_words_of_one_meaning_are_near(word, near, far):
    assert similarity(word, near) > similarity(word, far) + 0.2


def test_a_capitalised_word_falls_back_to_its_lower_case_and_unknown_words_have_none():
    assert word_vector("Riot") is not None
    assert word_vector("qzxqzxqzx") is None
    assert mean_vector(["qzxqzxqzx", "wvwvwvwv"]) is None


def test_the_mean_of_words_is_a_unit_vector_between_them():
    mean = mean_vector(["riot", "protest"])
    assert mean.shape == (word_vectors.DIMENSIONS,)
    assert np.isclose(np.linalg.norm(mean), 1.0)
    assert float(mean @ word_vector("riot")) > 0.8 and float(mean @ word_vector("protest")) > 0.8


def test_a_missing_package_is_said_in_words(monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == word_vectors.PACKAGE else real(name, *a),
    )
    word_vectors._table.cache_clear()
    try:
        with pytest.raises(WordVectorsMissing, match="pip install -r requirements.txt"):
            word_vectors._table()
    finally:
        word_vectors._table.cache_clear()


def test_a_drafts_dense_features_are_its_trigger_and_context_vectors():
    from datetime import date

    from events.classify import kinds
    from events.classify.features import VECTOR_SCALE, draft_vector
    from events.drafts import Draft

    text = "A mob torched police cars in the capital on Monday."
    start = text.index("torched")
    draft = Draft(
        sentence=0, sentence_start=0, sentence_end=len(text), trigger_start=start,
        trigger_end=start + len("torched"), trigger="torched", kind=kinds.RIOT, generic=False,
        status="occurred", places=(), date=date(2016, 7, 18), date_precision="day",
    )  # fmt: skip
    vector = draft_vector(text, draft)
    size = word_vectors.DIMENSIONS
    assert np.allclose(vector[:size], VECTOR_SCALE * word_vector("torched"), atol=1e-6)
    expected = mean_vector(["mob", "police", "cars", "capital", "monday"])
    assert np.allclose(vector[size:], VECTOR_SCALE * expected, atol=1e-6)
