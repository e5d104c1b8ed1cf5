"""The spaCy pipelines: loaded once per process, sharing one vocabulary and tokenizer."""

from __future__ import annotations

import pytest
import spacy

from events.detect.parsing import PARSER_EXCLUDE, load_parser
from geodata.nlp import MODEL_NAME, load_ner

pytestmark = pytest.mark.model  # loads the spaCy model (tests/conftest.py: tiers)


def test_the_ner_and_the_parser_share_vocabulary_and_tokenizer():
    ner, parser = load_ner(), load_parser()
    assert ner is load_ner() and parser is load_parser()
    assert parser.vocab is ner.vocab and parser.tokenizer is ner.tokenizer
    assert "ner" in ner.pipe_names and "parser" not in ner.pipe_names
    assert "parser" in parser.pipe_names and "ner" not in parser.pipe_names


def test_a_shared_vocabulary_parses_exactly_like_a_pipeline_of_its_own():
    text = "Zorbluxian jets shelled the outskirts of Qwertyville on Monday, killing 12 people."
    load_ner()(text)  # the NER meets the new words first, as in the geoparser
    alone = spacy.load(MODEL_NAME, exclude=list(PARSER_EXCLUDE))

    def analysis(doc):
        return [(t.text, t.tag_, t.dep_, t.head.i, t.norm_, t.shape_) for t in doc]

    assert analysis(load_parser()(text)) == analysis(alone(text))
