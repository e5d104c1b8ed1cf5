from __future__ import annotations

import time
from datetime import date

import pytest

from events.measure.dating import find_date_phrases, is_future, resolve_date
from events.model import DATE_DAY, DATE_MONTH, DATE_PUBLISHED, DATE_UNKNOWN, DATE_WEEK, DATE_YEAR

FRI = date(2016, 7, 22)  # the seed's publication day, a Friday
SEED_FIRST = (
    "Airstrikes by the American-led war coalition killed as many as 212 civilians in Syria's "
    "northern province of Aleppo on Tuesday, according to estimates published Thursday by "
    "Al Jazeera."
)


@pytest.mark.parametrize(
    ("sentence", "expected", "precision"),
    [
        # seed sentences
        (SEED_FIRST, date(2016, 7, 19), DATE_DAY),
        (
            'The strikes "pulverized entire families," the Washington Post reported Thursday.',
            date(2016, 7, 21),
            DATE_DAY,
        ),
        (
            "Having committed an additional 560 US troops to Iraq last week, Washington is "
            "pressing for greater troop contributions from its allies.",
            date(2016, 7, 11),
            DATE_WEEK,
        ),
        (
            "Planning sessions for the attacks on Raqqa and Mosul were held this week.",
            date(2016, 7, 18),
            DATE_WEEK,
        ),
        (
            "Just prior to Wednesday's conference, Secretary Carter met with French Defense "
            "Minister Jean-Yves Le Drian.",
            date(2016, 7, 20),
            DATE_DAY,
        ),
        (
            '"We\'re all going to need to do more," Carter said, following discussions '
            "Wednesday morning.",
            date(2016, 7, 20),
            DATE_DAY,
        ),
        (
            "The Australian government announced Tuesday that it will send forces to Baghdad.",
            date(2016, 7, 19),
            DATE_DAY,
        ),
        (
            "They are modeled on the lessons of the 2003-2011 US occupation of Iraq.",
            FRI,
            DATE_PUBLISHED,
        ),
        ("The original civilian death toll was reported to be 56.", FRI, DATE_PUBLISHED),
        # weekdays: past by default, future with a marker; same weekday = publication day
        ("Protesters gathered in Tahrir Square on Friday.", FRI, DATE_DAY),
        ("Rebels shelled the town last Friday.", date(2016, 7, 15), DATE_DAY),
        ("France will deploy the carrier on Monday.", date(2016, 7, 25), DATE_DAY),
        ("On Monday, NATO ministers will meet in Brussels.", date(2016, 7, 25), DATE_DAY),
        ("The summit is scheduled for Tuesday in Warsaw.", date(2016, 7, 26), DATE_DAY),
        ("Talks are to be held Sunday in Geneva.", date(2016, 7, 24), DATE_DAY),
        ("Ministers meet again next Friday.", date(2016, 7, 29), DATE_DAY),
        # a report is past even inside a future sentence
        (
            "Carter, who will visit Baghdad, said on Monday that troops were ready.",
            date(2016, 7, 18),
            DATE_DAY,
        ),
        # relative days
        ("A car bomb exploded in Baghdad yesterday.", date(2016, 7, 21), DATE_DAY),
        ("Police arrested 12 people last night in Nice.", date(2016, 7, 21), DATE_DAY),
        ("Today, we made the plans and commitments.", FRI, DATE_DAY),
        ("Fighting resumed in Aleppo this morning.", FRI, DATE_DAY),
        ("Three days ago a quake struck Ecuador.", date(2016, 7, 19), DATE_DAY),
        # weeks and months
        ("Two weeks ago floods hit Wuhan.", date(2016, 7, 4), DATE_WEEK),
        ("Clashes erupted over the weekend in Juba.", date(2016, 7, 11), DATE_WEEK),
        ("Turkey purged thousands of judges last month.", date(2016, 6, 1), DATE_MONTH),
        ("Iraqi forces recaptured Fallujah in June.", date(2016, 6, 1), DATE_MONTH),
        ("Belgium was hit by bombings in March.", date(2016, 3, 1), DATE_MONTH),
        ("Protests began in mid-November.", date(2015, 11, 1), DATE_MONTH),
        ("Elections will be held in March.", date(2017, 3, 1), DATE_MONTH),
        ("The siege began in March 2015.", date(2015, 3, 1), DATE_MONTH),
        # explicit dates
        ("A truck attack killed 84 people in Nice on 14 July 2016.", date(2016, 7, 14), DATE_DAY),
        ("The coup attempt began on July 15, 2016, in Ankara.", date(2016, 7, 15), DATE_DAY),
        ("The coup attempt began on July 15 in Ankara.", date(2016, 7, 15), DATE_DAY),
        ("Gunmen attacked the Bataclan on Nov. 13, 2015.", date(2015, 11, 13), DATE_DAY),
        ("The blast (2016-06-28) hit Istanbul airport.", date(2016, 6, 28), DATE_DAY),
        ("The Brexit vote of 23rd June shook markets.", date(2016, 6, 23), DATE_DAY),
        ("A storm struck on 1 August.", date(2015, 8, 1), DATE_DAY),  # past: last year's
        # look-alikes that are not dates
        ("The Sunday Times reported the raid.", FRI, DATE_PUBLISHED),
        ("USA Today said the vote was close.", FRI, DATE_PUBLISHED),
        ("Officials may march to the capital.", FRI, DATE_PUBLISHED),
        # a year after "in" is a date of year precision (history, not news of the day)
        ("Troops were sent in 2014 and withdrawn in 2016.", date(2014, 1, 1), DATE_YEAR),
        ("the 2003-2011 US occupation", FRI, DATE_PUBLISHED),
        ("It happened on 31 April 2016.", FRI, DATE_PUBLISHED),  # no such day
        ("Tories lost confidence in May's leadership.", FRI, DATE_PUBLISHED),
        ("The plan was rejected by May in Downing Street.", FRI, DATE_PUBLISHED),
        ("A rocket landed next to the school on Monday.", date(2016, 7, 18), DATE_DAY),
    ],
)
def test_resolve_date_against_friday_22_july_2016(sentence, expected, precision):
    assert resolve_date(sentence, FRI) == (expected, precision)


def test_no_date_phrase_falls_back_to_publication_date():
    assert resolve_date("Fighting continued in Aleppo.", FRI) == (FRI, DATE_PUBLISHED)


def test_no_date_phrase_and_no_publication_date_is_unknown():
    assert resolve_date("Fighting continued in Aleppo.", None) == (None, DATE_UNKNOWN)


def test_relative_phrase_without_publication_date_is_unknown():
    assert resolve_date("Fighting resumed on Tuesday.", None) == (None, DATE_UNKNOWN)


def test_explicit_date_with_year_needs_no_publication_date():
    assert resolve_date("A bomb exploded on 22 July 2016.", None) == (date(2016, 7, 22), DATE_DAY)


def test_report_date_gives_way_to_event_date_even_when_nearer_the_anchor():
    anchor = SEED_FIRST.index("published")
    assert resolve_date(SEED_FIRST, FRI, anchor=anchor) == (date(2016, 7, 19), DATE_DAY)


def test_reporting_phrases_are_flagged():
    phrases = find_date_phrases(SEED_FIRST, FRI)
    assert [(p.text, p.reporting) for p in phrases] == [("on Tuesday", False), ("Thursday", True)]


@pytest.mark.parametrize(
    ("trigger", "expected"),
    [("shelled", date(2016, 3, 3)), ("marched", date(2016, 3, 5)), (None, date(2016, 3, 3))],
)
def test_the_date_nearest_the_trigger_wins(trigger, expected):
    sentence = "Troops shelled Homs on 3 March and protesters marched in Hama on 5 March."
    anchor = sentence.index(trigger) if trigger else None
    assert resolve_date(sentence, FRI, anchor=anchor) == (expected, DATE_DAY)


def test_same_weekday_as_publication_in_the_future_is_the_publication_day():
    assert resolve_date("Leaders will meet on Friday.", FRI) == (FRI, DATE_DAY)


def test_phrase_offsets_point_into_the_sentence():
    for phrase in find_date_phrases(SEED_FIRST, FRI):
        assert SEED_FIRST[phrase.start : phrase.end] == phrase.text


def test_resolving_200_sentences_is_cheap():
    sentences = [SEED_FIRST, "Fighting continued in Aleppo.", "Elections will be held in March."]
    sentences = (sentences * 67)[:200]
    began = time.perf_counter()
    for sentence in sentences:
        resolve_date(sentence, FRI, anchor=10)
    # Measured ~15 ms here; NER runs at ~15 docs/s, so even 1 s would be cheap beside it.
    assert time.perf_counter() - began < 1.0


def test_a_date_after_since_is_not_the_event_date():
    published = date(2009, 6, 12)
    sentence = "Four people have died and over 500 have been infected since August 22."
    assert resolve_date(sentence, published, sentence.index("died")) == (published, "published")


def test_set_to_take_place_is_the_future():
    published = date(2009, 6, 12)
    sentence = "A protest organised online, set to take place on February 10, was announced."
    when, precision = resolve_date(sentence, published, sentence.index("protest"))
    assert (when, precision) == (date(2010, 2, 10), "day")


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        # a possessive date dates the noun after it
        ("Tuesday's attack killed 12 people.", "attack", (date(2009, 6, 9), "day")),
        ("Last week's suicide bombing in Kabul killed 12.", "bombing", (date(2009, 6, 1), "week")),
        (
            "They protested, a day after a rally against last week's boardroom coup.",
            "protested",
            (date(2009, 6, 12), "published"),
        ),
    ],
)
def test_a_possessive_date_dates_its_own_noun(sentence, trigger, expected):
    published = date(2009, 6, 12)
    assert resolve_date(sentence, published, sentence.index(trigger)) == expected


@pytest.mark.parametrize(
    ("sentence", "word", "future"),
    [
        ("Plans are already made to kill 10,000 birds to contain the outbreak.", "kill", True),
        ("Plans were drawn up to deploy 500 troops to the border.", "deploy", True),
        ("The army plans to deploy troops next week.", "deploy", True),
        ("Floods killed 10 people in Kano on Monday.", "killed", False),
        ("The outbreak killed 12, and plans for a vaccine are far off.", "killed", False),
    ],
)
def test_the_future_is_read_from_the_words_of_the_clause(sentence, word, future):
    start = sentence.index(word)
    assert is_future(sentence, start, start + len(word)) is future


def test_the_cheap_look_for_a_date_word_answers_as_its_pattern():
    import random

    from events.measure.dating import _MAYBE_DATE, _may_hold_a_date

    rng = random.Random(5)
    pieces = ["Jan", "jan", "MAY", "Ma", "y", " ", "DAY", "nİght", "week", "ago", "٣", "7", "."]
    pieces += ["tomorrow", "Morning", "ſ", "Dec", "ember", "x", "evenıng", "Sept", "\n"]
    texts = ["", "No date here.", "On Monday", "IN THE AFTERNOON"]
    texts += ["".join(rng.choices(pieces, k=rng.randint(0, 6))) for _ in range(4000)]
    for text in texts:
        assert _may_hold_a_date(text) == bool(_MAYBE_DATE.search(text)), repr(text)
