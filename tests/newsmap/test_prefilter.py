"""The prefilter in front of the event rules' regular expressions (newsmap/prefilter.py, with
what it reads from each pattern: newsmap/pattern_reading.py): it never changes a pattern's
answer, only skips texts the pattern cannot match."""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

from newsmap.pattern_reading import first_words, required_strings, sure_words
from newsmap.prefilter import _UNTRACKED, Prefiltered, matching

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "articles" / "samples" / "wikinews-geovirus.jsonl"
TRAINING = sorted((ROOT / "tools" / "eventsets" / "annotations").glob("train_*.jsonl"))


def _project_patterns() -> dict[str, Prefiltered]:
    """Every prefiltered pattern the event rules use, by a readable name."""
    from events.classify import kinds
    from events.detect import trigger_senses
    from events.measure import casualties, dating

    found = {f"kinds.{name}": pattern for name, pattern in kinds.WORD_CLASSES.items()}
    for name in ("ANIMALS", "MISHAP", "STATE_CAPTORS", "ARMED_CAPTORS", "_PEOPLE_HIT", "_MOB"):
        found[f"kinds.{name}"] = getattr(kinds, name)
    for n, pattern in enumerate(casualties._PATTERNS):
        found[f"casualties.{n}"] = casualties._GATES[pattern]
    found["casualties._MAYBE"] = casualties._MAYBE
    found["dating._FUTURE"] = dating._FUTURE
    found["dating._RELATIVE"] = dating._RELATIVE
    found["trigger_senses._DISEASE"] = trigger_senses._DISEASE
    return found


def _real_texts() -> list[str]:
    """Sentences of the training annotations and stretches of the sample articles."""
    texts = []
    for path in TRAINING[:1]:
        with path.open(encoding="utf-8") as lines:
            texts += [json.loads(line)["text"] for line in lines if line.strip()]
    with SAMPLE.open(encoding="utf-8") as lines:
        for line in list(lines)[:25]:
            text = json.loads(line)["text"]
            texts += [text[at : at + 300] for at in range(0, len(text), 250)]
    return texts


def _variants(text: str) -> list[str]:
    """The text as written, upper-cased, title-cased, and with the characters whose case the
    test does not follow slipped in."""
    return [
        text,
        text.upper(),
        text.title(),
        text.replace("s", "ſ"),
        text.replace("I", "İ"),
        text.replace("1", "١"),
    ]


def test_every_project_pattern_answers_as_the_plain_pattern_on_real_sentences():
    patterns = _project_patterns()
    assert all(p.words is not None or p.needles is not None for p in patterns.values())
    texts = [variant for text in _real_texts() for variant in _variants(text)]
    assert len(texts) > 1000
    for name, gated in patterns.items():
        plain = gated.pattern
        for text in texts:
            expected = plain.search(text)
            if expected is not None:
                assert gated.may_match(text), (name, text)
            assert gated.matches(text) == (expected is not None), (name, text)
            found = gated.search(text)
            assert (found and found.span()) == (expected and expected.span()), (name, text)
            if gated.at_words and expected is not None:  # from later places, as a loop asks
                for pos in (1, expected.start() + 1, expected.end(), len(text) // 2):
                    later, plain_later = gated.search(text, pos), plain.search(text, pos)
                    assert (later and later.group()) == (plain_later and plain_later.group())


def test_the_classes_a_text_names_are_those_whose_plain_patterns_match():
    from events.classify.kinds import WORD_CLASSES

    for sentence in _real_texts():
        for text in _variants(sentence):
            expected = {name for name, p in WORD_CLASSES.items() if p.pattern.search(text)}
            assert matching(WORD_CLASSES, text) == expected, text


def test_word_lists_follow_alternatives_optional_letters_and_open_endings():
    pattern = re.compile(r"(?i)\b(?:soldiers?|flood\w*|aid\s+workers?|(?<!armed\s)men|H\dN\d)\b")
    words, prefixes = first_words(pattern)
    assert {"soldier", "soldiers", "aid", "men"} < words and len(words) == 104
    assert prefixes == ("flood",)
    assert {"h1n1", "h5n1", "h0n9"} < words  # \d is read as 0-9 (texts with other digits: untested)
    # only the alternatives that are a word alone make the word a match by itself
    assert sure_words(pattern) == {"soldier", "soldiers"}


def test_a_word_gate_needs_a_pattern_that_starts_at_a_word_boundary():
    assert first_words(re.compile(r"(?i)kill|dead")) is None
    assert first_words(re.compile(r"(?i)\b\w+\s+killed")) is None  # any word may begin it
    assert required_strings(re.compile(r"(?i)kill|dead")) == {"kill", "dead"}
    assert required_strings(re.compile(r"(?i)\b\w+\s+(?:death\s+toll|number\s+of)")) == {
        "death",
        "number",
    }
    assert required_strings(re.compile(r"\d+|x")) is None  # a digit: nothing to look for
    # a run of items matching a few strings gives those strings, uncased characters kept
    future = re.compile(r"(?i)\b(?:is|are) (?:to|due to)\b|\w+['’]ll\b")
    assert required_strings(future) == {"is to", "is due to", "are to", "are due to", "'ll", "’ll"}
    gated = Prefiltered(future)
    for text in ("It IS DUE TO rain", "They’LL go", "THEY'll go", "This is a tour", "isto"):
        assert gated.matches(text) == bool(future.search(text)), text


def test_the_gate_rules_out_only_texts_without_the_words():
    gated = Prefiltered(r"(?i)\b(?:soldiers?|troops)\b")
    assert not gated.may_match("Government officials met on Monday.")
    assert gated.may_match("TROOPS were sent.") and gated.matches("TROOPS were sent.")
    # a word inside another word is no word of the pattern's
    assert not gated.matches("The soldiery of old.")
    # the long s is matched by a case-insensitive "s": the pattern decides alone
    assert gated.matches("ſoldiers marched") == bool(gated.pattern.search("ſoldiers marched"))
    needles = Prefiltered(r"(?i)death\s+toll")
    assert needles.search("The DEATH  toll rose").span() == (4, 15)
    assert needles.search("The toll rose") is None
    assert needles.search("death toll, then more", 3) is None


def test_random_texts_from_the_words_of_the_patterns_get_the_plain_answers():
    rng = random.Random(7)
    patterns = _project_patterns()
    vocabulary = sorted({w for p in patterns.values() for w in (p.words or ())})
    glue = [" ", "-", ", ", "'s ", "  ", "\n", "’", "armed "]
    filler = ["the", "men", "2", "were", "in", "of", "killed", "at least 5", "people", "Men"]
    for _ in range(3000):
        parts = []
        for _ in range(rng.randint(1, 8)):
            word = rng.choice(vocabulary if rng.random() < 0.5 else filler)
            word = word.upper() if rng.random() < 0.2 else word
            parts.append(word[: rng.randint(1, len(word))] if rng.random() < 0.1 else word)
            parts.append(rng.choice(glue))
        text = "".join(parts)
        for name, gated in patterns.items():
            assert gated.matches(text) == bool(gated.pattern.search(text)), (name, text)


def test_the_characters_whose_case_the_gate_does_not_follow_are_all_listed():
    everything = "".join(
        chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code <= 0xDFFF
    )
    for letter in "abcdefghijklmnopqrstuvwxyz":
        for ch in set(re.findall(f"(?i){letter}", everything)):
            if ch.lower() != letter or ch.casefold() != letter:
                assert _UNTRACKED.fullmatch(ch), (letter, hex(ord(ch)))
    for ch in re.findall(r"\d", everything):
        assert ch in "0123456789" or _UNTRACKED.fullmatch(ch), hex(ord(ch))
