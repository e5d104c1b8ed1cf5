from __future__ import annotations

import time

import pytest

from events.detect.sentences import sentence_spans
from tests.events.conftest import SEED_TEXT


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "U.S. forces struck a convoy. The U.S. military denied it.",
            ["U.S. forces struck a convoy.", "The U.S. military denied it."],
        ),
        (
            "The strike was ordered by the U.S. President Obama approved it.",
            ["The strike was ordered by the U.S. President Obama approved it."],
        ),
        (
            "Troops arrived in the U.S. The base was closed.",
            ["Troops arrived in the U.S.", "The base was closed."],
        ),
        (
            "Mr. Carter met Gen. Votel in Baghdad. They spoke for an hour.",
            ["Mr. Carter met Gen. Votel in Baghdad.", "They spoke for an hour."],
        ),
        (
            "The talks began on Jan. 5 in Geneva. George W. Bush was not there.",
            ["The talks began on Jan. 5 in Geneva.", "George W. Bush was not there."],
        ),
        (
            "The blast came at 9 a.m. Police sealed the area.",
            ["The blast came at 9 a.m. Police sealed the area."],
        ),
        (
            "The blast came at 9 a.m. The police sealed the area.",
            ["The blast came at 9 a.m.", "The police sealed the area."],
        ),
        (
            'He said "We will win." Then he left! Was it true? Nobody knows...',
            ['He said "We will win."', "Then he left!", "Was it true?", "Nobody knows..."],
        ),
        (
            '"Mosul is now increasingly coming upon us. We have it in sight," anti-ISIS '
            "coalition spokesman Brett McGurk declared Thursday. He left.",
            [
                '"Mosul is now increasingly coming upon us. We have it in sight," anti-ISIS '
                "coalition spokesman Brett McGurk declared Thursday.",
                "He left.",
            ],
        ),
        (
            "“It is over. We lost,” the mayor said. Rescue teams arrived.",
            ["“It is over. We lost,” the mayor said.", "Rescue teams arrived."],
        ),
        (
            "Quake hits Ecuador\n\nBy Jane Doe 17 April 2016\n\nA quake struck Ecuador. Many died.",
            [
                "Quake hits Ecuador",
                "By Jane Doe 17 April 2016",
                "A quake struck Ecuador.",
                "Many died.",
            ],
        ),
        (
            "Floods in Wuhan\nThe Yangtze burst its banks.\nThousands fled.",
            ["Floods in Wuhan", "The Yangtze burst its banks.", "Thousands fled."],
        ),
        (
            "The commitments that\n\nwill help us win were made. Then talks ended.",
            ["The commitments that\n\nwill help us win were made.", "Then talks ended."],
        ),
        (
            "The answer was no. Resolution No. 2254 passed. See Fig. 3 below.",
            ["The answer was no.", "Resolution No. 2254 passed.", "See Fig. 3 below."],
        ),
        ("", []),
        ("   \n\n  ", []),
        ("No final stop", ["No final stop"]),
    ],
)
def test_sentence_spans_split_news_text(text, expected):
    assert sentences(text) == expected


def test_hard_wrapped_lines_run_on_until_the_full_stop():
    text = (
        "Airstrikes by the American-led war coalition killed as many as 212\n"
        "civilians in Syria's northern province of Aleppo on Tuesday, according\n"
        "to estimates published Thursday by Al Jazeera. The toll was 56.\n"
        "\n"
        "Short heading\n"
        "The carnage in Aleppo is merely a foretaste of the slaughter being\n"
        "prepared by Washington.\n"
    )
    found = sentences(text)
    assert len(found) == 4
    assert found[0].startswith("Airstrikes") and found[0].endswith("Al Jazeera.")
    assert found[2] == "Short heading"
    assert found[3].endswith("Washington.")


def test_seed_article_sentences_keep_quotes_and_a_broken_paragraph_together():
    found = sentences(SEED_TEXT)
    assert found[0] == "US air raids kill more than 200 civilians in northern Syria"
    assert found[2].startswith("Airstrikes") and found[2].endswith("by Al Jazeera.")
    assert any(s.startswith('"Today, we made') and s.endswith("he stated.") for s in found)
    assert any(s.startswith('"Mosul is now') and s.endswith("declared Thursday.") for s in found)
    assert len(found) == 13


def test_spans_are_trimmed_ordered_and_inside_the_text():
    spans = sentence_spans(SEED_TEXT)
    for (start, end), (next_start, _) in zip(spans, spans[1:], strict=False):
        assert start < end <= next_start
    for start, end in spans:
        piece = SEED_TEXT[start:end]
        assert piece == piece.strip() and piece


def test_runs_without_punctuation_are_cut_into_bounded_pieces():
    text = "casualty list " * 300 + "ends here."
    spans = sentence_spans(text)
    assert len(spans) == 5
    assert all(end - start <= 1000 for start, end in spans)
    assert " ".join(text[s:e] for s, e in spans) == text.strip()


def test_splitting_200_sentences_is_cheap():
    text = "\n\n".join([SEED_TEXT] * 16)  # 208 sentences
    began = time.perf_counter()
    spans = sentence_spans(text)
    assert len(spans) == 13 * 16
    assert time.perf_counter() - began < 0.5  # measured ~5 ms here


def test_the_last_word_before_a_stop_is_what_its_pattern_finds():
    import random

    from events.detect.sentences import _LAST_WORD, _last_word

    edges = ["", " ", "\n", "a", "a ", "a\n", "a \n", "a\n\n", "a\r\n", "Mr", "x\u00a0Dr"]
    edges += ["the U.S", "(Gen", "word\u2028", "two words\n", "\tend", "é\u3000ü"]
    rng = random.Random(3)
    pieces = ["Dr", "U.S", " ", "\n", "\t", "\u00a0", "é", "(", "x", "\r", "\u2028", "."]
    edges += ["".join(rng.choices(pieces, k=rng.randint(0, 9))) for _ in range(3000)]
    for before in edges:
        found = _LAST_WORD.search(before)
        assert _last_word(before) == (found.group(1) if found else None), repr(before)
