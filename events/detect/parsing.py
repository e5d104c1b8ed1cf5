"""The dependency parser for event sentences, loaded once per process, and span helpers.

The geoparser runs spaCy's NER alone (geodata/nlp.py); the event stage needs the tagger and the
dependency parser instead, and only on the sentences that hold a trigger word, which keeps it
within its speed budget (tools/eventtools/bench.py). Both come from the same installed model
package.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from geodata.nlp import load_pipeline

# NER comes from the geoparser; lemmas are not used (triggers are word forms); coarse parts
# of speech come from the fine tags (pos() below), cheaper than the attribute ruler.
PARSER_EXCLUDE = ("ner", "lemmatizer", "attribute_ruler")
_BE = frozenset({"be", "is", "are", "was", "were", "been", "being", "am", "'s", "'re", "'m"})
BATCH_SIZE = 64


def load_parser():
    """The spaCy pipeline with tagger and dependency parser (loaded on first use)."""
    return load_pipeline(PARSER_EXCLUDE)


_TEXT = "newsmap_text"


def parse_sentences(texts: Iterable[str], nlp=None) -> Iterator:
    """Parsed Docs of ``texts``, in order (``nlp`` defaults to :func:`load_parser`), each
    keeping its text for :func:`doc_text`."""
    nlp = nlp if nlp is not None else load_parser()
    texts = list(texts)
    for text, doc in zip(texts, nlp.pipe(texts, batch_size=BATCH_SIZE), strict=True):
        doc.user_data[_TEXT] = text
        yield doc


def doc_text(doc) -> str:
    """``doc.text``, which spaCy rebuilds from every token at each call: the text the doc was
    parsed from (spaCy's tokenizer loses none of it), kept with the doc."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def token_span(doc, start: int, end: int):
    """The tokens covering the characters ``[start, end)`` of ``doc``, or None if none do."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span


def head_of(span):
    """The token of ``span`` whose head lies outside it (its syntactic head)."""
    return span.root


def pos(token) -> str:
    """The coarse part of speech (NOUN, PROPN, VERB, AUX, ...) from the fine (Penn) tag."""
    tag = token.tag_
    if tag in ("NN", "NNS"):
        return "NOUN"
    if tag in ("NNP", "NNPS"):
        return "PROPN"
    if tag == "MD" or (tag.startswith("VB") and (token.dep_ in ("aux", "auxpass"))):
        return "AUX"
    if tag.startswith("VB"):
        return "AUX" if token.lower_ in _BE else "VERB"
    return tag
