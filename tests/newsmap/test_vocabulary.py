"""The shared word lists (newsmap/vocabulary): each loads, holds what its users rely on, and a
malformed file is refused with a message naming it and the fault."""

from __future__ import annotations

import re
import shutil

import pytest

from newsmap import vocabulary
from newsmap.vocabulary import (
    VocabularyError,
    read_calendar,
    read_diseases,
    read_division_words,
    read_kind_words,
    read_person_nouns,
    read_trigger_lexicon,
)


def test_the_calendar_numbers_every_month_and_its_abbreviations():
    months = vocabulary.months()
    assert months["january"] == 1 and months["may"] == 5 and months["december"] == 12
    assert sorted(months.values()) == list(range(1, 13))
    abbreviations = vocabulary.month_abbreviations()
    assert abbreviations["sept"] == abbreviations["sep"] == 9
    assert "may" not in abbreviations  # "May" is its own abbreviation: listed once, as a month
    assert vocabulary.weekdays() == (
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    )


def test_each_vocabulary_is_read_once_and_cannot_be_changed_by_a_user():
    assert vocabulary.division_words() is vocabulary.division_words()
    assert vocabulary.diseases() is vocabulary.diseases()
    assert vocabulary.months() is vocabulary.months()
    with pytest.raises(TypeError):
        vocabulary.months()["smarch"] = 13  # type: ignore[index]


def test_the_division_words_hold_both_levels_their_plurals_and_the_local_words():
    words = vocabulary.division_words()
    assert {"province", "governorate", "state", "region", "oblast"} <= words.first_level
    assert {"district", "county", "municipality", "parish"} <= words.finer
    assert words.plurals["province"] == "provinces" and words.plurals["county"] == "counties"
    assert {"provinces", "states", "districts"} <= words.english_with_plurals
    assert words.english == words.first_level | words.finer
    # written and plain spellings both, as GeoNames closes a division's name with either
    assert {"sheng", "län", "lan", "oblast’", "raion", "muhafazat"} <= words.local
    assert not words.local & words.english


def test_the_diseases_compile_and_keep_the_specific_name_before_the_general_one():
    table = vocabulary.diseases()
    keys = list(table.named)
    assert keys.index("h1n1") < keys.index("flu")  # "swine flu" is H1N1, not plain flu
    assert keys.index("hfmd") < keys.index("foot_and_mouth")
    assert {"cholera", "ebola", "covid", "measles", "tetanus"} <= set(keys)
    every = "|".join(f"(?P<{k}>{'|'.join(names)})" for k, names in table.named.items())
    assert re.compile(every, re.IGNORECASE).fullmatch("swine flu").lastgroup == "h1n1"
    generic = re.compile("|".join(table.generic), re.IGNORECASE)
    assert generic.fullmatch("outbreak") and generic.fullmatch("outbreaks")
    assert generic.search("the outbreak of civil war") is None
    assert any(re.fullmatch(p, "swine flu", re.I) for p in table.animal_named)


def test_the_shipped_files_read_the_same_through_the_read_functions():
    folder = vocabulary.FOLDER
    assert read_calendar(folder / "calendar.toml").months == vocabulary.months()
    assert read_division_words(folder / "divisions.toml") == vocabulary.division_words()
    assert read_diseases(folder / "diseases.toml") == vocabulary.diseases()
    assert read_kind_words(folder / "kinds.toml") == vocabulary.kind_words()
    assert read_person_nouns(folder / "people.toml") == vocabulary.person_nouns()


def _copy_with(tmp_path, name, old, new):
    """The shipped vocabulary ``name`` with ``old`` replaced by ``new``, in tmp_path."""
    path = tmp_path / name
    shutil.copy(vocabulary.FOLDER / name, path)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "old", "new", "read", "fault"),
    [
        ("calendar.toml", "may = 5", "may = ", read_calendar, "not valid TOML"),
        ("calendar.toml", "may = 5", "may = 13", read_calendar, "may = 13"),
        ("calendar.toml", "june = 6", "june = 7", read_calendar, "twelve months"),
        ("calendar.toml", '"monday", ', "", read_calendar, "seven days"),
        ("calendar.toml", "[months]", "[month]", read_calendar, "needs a table [months]"),
        ("divisions.toml", '"district", ', '"district", "Ward", ', read_division_words, "'Ward'"),
        ("divisions.toml", '"canton", ', '"canton", "county", ', read_division_words, "twice"),
        ("divisions.toml", 'parish = "parishes"\n', "", read_division_words, "plural for parish"),
        ("divisions.toml", '"sheng", ', '"sheng", "sheng", ', read_division_words, "sheng"),
        ("diseases.toml", "cholera = ['cholera']", "cholera = ['chol(era']", read_diseases,
         "named.cholera"),
        ("diseases.toml", "cholera = ['cholera']", "Chol-era = ['cholera']", read_diseases,
         "disease 'Chol-era'"),
        ("triggers.toml", "'riot(?:s|ed|ing|ers)?',", "'riot(?:s|ed|ing|ers?',",
         read_trigger_lexicon, "lexicon.riot"),
        ("triggers.toml", "protest = [", "Protest = [", read_trigger_lexicon, "hint 'Protest'"),
        ("triggers.toml", "'fled',", "'(?:fled)?',", read_trigger_lexicon, "empty text"),
        ("diseases.toml", "cholera = ['cholera']", "cholera = ['(?:cholera)?']", read_diseases,
         "matches an empty text"),
        ("diseases.toml", "cholera = ['cholera']", "cholera = []", read_diseases, "named.cholera"),
        ("kinds.toml", "'lynch(?:ed|ing|ings|es)?',", "'lynch(?:ed',", read_kind_words,
         "word_classes.mob"),
        ("kinds.toml", "mob = [", "Mob = [", read_kind_words, "word class 'Mob'"),
        ("kinds.toml", "'fans',", "'(?:fans)?',", read_kind_words, "matches an empty text"),
        ("kinds.toml", "[word_classes]", "[words]", read_kind_words,
         "needs a table [word_classes]"),
        ("people.toml", '"policeman", ', '"policeman", "Police man", ', read_person_nouns,
         "'Police man' is not one lower-case word"),
        ("people.toml", '"policeman", ', '"policeman", "policeman", ', read_person_nouns,
         "policeman listed twice"),
        ("people.toml", "person_nouns = [", "people = [", read_person_nouns,
         "needs a list person_nouns"),
    ],
)  # fmt: skip
def test_a_malformed_vocabulary_is_refused_naming_the_file_and_the_fault(
    tmp_path, name, old, new, read, fault
):
    path = _copy_with(tmp_path, name, old, new)
    with pytest.raises(VocabularyError) as caught:
        read(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert fault in str(caught.value)


def test_a_missing_vocabulary_file_is_named_in_the_error(tmp_path):
    with pytest.raises(VocabularyError, match="cannot read the vocabulary") as caught:
        read_diseases(tmp_path / "diseases.toml")
    assert str(tmp_path / "diseases.toml") in str(caught.value)


def test_the_users_build_on_the_shared_lists():
    from events.classify.diseases import disease_named
    from events.detect.sentences import sentence_spans
    from events.detect.triggers import find_triggers

    # a month's abbreviation ends no sentence
    text = "The attack came on Sept. 11 in New York. Nobody claimed it."
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "The attack came on Sept. 11 in New York.",
        "Nobody claimed it.",
    ]
    # any disease of the table before "shot" makes a noun, no shooting
    assert find_triggers("Nurses gave each child a tetanus shot.") == []
    assert find_triggers("Clinics ran out of the cholera shot.") == []
    assert [t.text for t in find_triggers("A man was shot in Kabul.")] == ["shot"]
    assert disease_named("three tetanus deaths") == "tetanus"


def test_the_geoparser_reads_every_shared_division_word():
    from geodata.gazetteer_curated import SUBDIVISION_WORDS
    from geodata.names import display_name
    from geodata.recognize_text import fought_over
    from geodata.recognize_words import DIVISION_WORDS

    assert {"province", "governorate", "oblast", "voivodeship", "krai"} <= DIVISION_WORDS
    assert "states" not in DIVISION_WORDS  # "the Gulf states" is no state named Gulf
    text = "Rebels captured the governorate of Raqqa."
    assert fought_over(text, text.index("Raqqa"), text.index("Raqqa") + 5)
    # a local word closes a name that is not English: its English alias is shown
    assert display_name("Hebei Sheng", ["Hebei"]) == "Hebei"
    assert display_name("Kostromskoy Rayon", ["Kostromskoy District"]) == "Kostromskoy District"
    # "Xinxiang Shi" is matched to its seat city, Xinxiang, without its division word
    assert {"shi", "district", "oblast", "zupanija", "lan"} <= SUBDIVISION_WORDS


def test_a_division_word_before_of_names_the_division_and_a_plural_names_its_parts(geoparser):
    def places(text):
        return {r.toponym.name: r.place for r in geoparser.parse(text)}

    donetsk = places("Shelling hit the oblast of Donetsk on Monday.")["Donetsk"]
    assert (donetsk.kind, donetsk.country_code) == ("admin1", "UA")
    china = places("The disease has spread across 30 provinces and regions of China.")["China"]
    assert (china.kind, china.country_code) == ("country", "CN")


def test_the_trigger_lexicon_holds_every_kind_in_its_order_of_precedence():
    from events.classify.kind_table import Kind

    lexicon = vocabulary.trigger_lexicon()
    hints = list(lexicon)
    assert set(Kind) <= set(hints) and {"violence", "casualties", "support"} <= set(hints)
    assert hints.index("air_strike") < hints.index("bombing")  # "bombing raids": air strike
    assert "kill(?:s|ed|ing|ings)?" in lexicon["casualties"]
    assert read_trigger_lexicon(vocabulary.FOLDER / "triggers.toml") == lexicon


def test_a_trigger_hint_the_extractor_does_not_know_is_refused_naming_the_file():
    from events.detect.triggers import _known_hints

    with pytest.raises(VocabularyError, match=r"triggers\.toml: unknown hints air_strik;"):
        _known_hints({"air_strik": ("air raids?",), "support": ("launched",)})


def test_the_kind_rules_find_every_plain_word_of_each_shared_class():
    from events.classify import kinds

    table = vocabulary.kind_words()
    assert read_kind_words(vocabulary.FOLDER / "kinds.toml") == table
    for name in kinds.WORD_CLASSES.keys() & table.keys():
        for word in (word for word in table[name] if word.isalpha()):
            assert name in kinds.word_classes(f"Reports said {word} were there."), (name, word)
    # the animals are common nouns: lower case only ("Goose Creek High School" is no goose)
    assert "goose" in table["animals"]
    assert kinds.about_animals("A goose was found dead near the farm.")
    assert not kinds.about_animals("Police said Goose Creek High School was closed.")
    assert kinds.MISHAP.search("The earthquake struck at dawn.")


def test_a_kind_word_class_the_rules_do_not_read_or_miss_is_refused_naming_the_file():
    from events.classify.kinds import _known_classes

    table = dict(vocabulary.kind_words())
    del table["mob"]
    table["mobb"] = ("mobs?",)
    with pytest.raises(VocabularyError, match=r"kinds\.toml: no class mob: add it; class mobb"):
        _known_classes(table)


def test_the_person_nouns_name_one_person_in_the_singular():
    nouns = vocabulary.person_nouns()
    assert {"policeman", "journalist", "soldier", "child", "hostage"} <= nouns
    assert not {"people", "men", "soldiers", "police"} & nouns  # plurals and groups count
    assert vocabulary.person_nouns() is nouns
