import codecs
import os
import time

import pytest

from articles.readers import decoding, read_file
from articles.readers.decoding import decode, load_bytes

LATIN_TEXT = "Flood in Bogotá\n\nRains hit Bogotá and Réunion; “aid” costs 5 €.\n"


def test_empty_file_is_a_problem(write):
    path = write("empty.txt", b"")
    result = read_file(path)
    assert result.articles == ()
    assert result.problems[0].path == str(path)
    assert result.problems[0].reason.startswith("empty file")


def test_white_space_only_file_is_an_empty_file(write):
    assert read_file(write("blank.txt", " \n\n\t\n")).problems[0].reason.startswith("empty file")


def test_binary_file_is_refused(write):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    for name in ("photo.png", "disguised.txt"):
        result = read_file(write(name, png))
        assert result.articles == ()
        assert "binary file, not an article" in result.problems[0].reason


def test_control_heavy_bytes_without_nul_are_binary():
    assert decode(bytes(range(1, 32)) * 20) is None


def test_latin1_file_decodes_right(write):
    (article,) = read_file(write("latin.txt", LATIN_TEXT, encoding="cp1252")).articles
    assert article.title == "Flood in Bogotá"
    assert article.text == "Rains hit Bogotá and Réunion; “aid” costs 5 €."


def test_bytes_undefined_in_cp1252_fall_back_to_latin1():
    text = "Rains hit Bogotá. " * 10
    assert decode(text.encode("latin-1") + b"\x81") == text + "\x81"


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16"])
def test_byte_order_marks_are_honoured_and_dropped(write, codec):
    (article,) = read_file(write("bom.txt", LATIN_TEXT, encoding=codec)).articles
    assert article.title == "Flood in Bogotá"
    assert (
        write("x.txt", LATIN_TEXT, encoding=codec)
        .read_bytes()
        .startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    )


def test_a_50_mb_file_is_refused_by_its_size_without_being_read(tmp_path, monkeypatch):
    path = tmp_path / "huge.jsonl"
    with open(path, "wb") as handle:
        handle.truncate(50_000_000)  # sparse: instant, no 50 MB written

    def no_open(*args, **kwargs):
        raise AssertionError("the file was opened")

    monkeypatch.setattr(decoding, "open", no_open, raising=False)
    started = time.perf_counter()
    result = read_file(path)
    assert time.perf_counter() - started < 1.0
    (problem,) = result.problems
    assert problem.path == str(path)
    assert "50.0 MB" in problem.reason and "10.0 MB limit" in problem.reason
    assert "--max-mb" in problem.reason  # says what to do


def test_the_size_limit_is_configurable(write):
    path = write("small.txt", "Title\n\n" + "Body text about Lima. " * 10)
    assert read_file(path, max_bytes=100).problems[0].reason.startswith("file is 0.0 MB, over")
    assert len(read_file(path, max_bytes=1_000).articles) == 1


def test_a_file_that_grew_past_the_limit_after_stat_is_refused(write, monkeypatch):
    path = write("grow.txt", "Title\n\n" + "x" * 500)
    real_stat = type(path).stat

    def stat_when_small(self, **kwargs):
        fields = list(real_stat(self, **kwargs))
        fields[6] = 10  # st_size as it was before the file grew
        return os.stat_result(fields)

    monkeypatch.setattr(type(path), "stat", stat_when_small)
    assert "grew past" in load_bytes(path, max_bytes=100).reason


def test_missing_file_folder_and_fifo_are_problems_not_hangs(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    for path, words in [
        (tmp_path / "missing.txt", "file not found"),
        (tmp_path, "is a folder"),
        (fifo, "not a regular file"),
    ]:
        (problem,) = read_file(path).problems
        assert problem.path == str(path) and words in problem.reason


RUSSIAN = "Обстрел Донецка\n\nВ Донецке в понедельник обстреляли рынок, погибли шесть человек.\n"


@pytest.mark.parametrize("stray", [b"\xff", b"\x81", b"\xc3", b"\xed\xa0\x80"])
def test_utf8_with_one_stray_invalid_byte_is_read_with_a_note(write, stray):
    # Cyrillic: as Latin-1 every letter would be a C1 control, and the file looked "binary".
    raw = RUSSIAN.encode("utf-8")
    cut = raw.index("рынок".encode())
    result = read_file(write("stray.txt", raw[:cut] + stray + raw[cut:]))
    (article,) = result.articles
    assert article.title == "Обстрел Донецка"
    assert "погибли шесть человек" in article.text
    assert "\ufffdрынок" in article.text  # the bad bytes marked where they were
    (note,) = result.problems
    assert note.kept and "invalid byte sequence" in note.reason and "encoding" in note.reason


def test_utf8_with_a_stray_byte_keeps_its_accents_instead_of_mojibake(write):
    text = "Rains hit Bogotá and Réunion.\n\nMore rain fell on Bogotá on Monday." + "\n"
    raw = text.encode("utf-8").replace(b"Monday", b"Mon\x81day")
    result = read_file(write("stray-latin.txt", raw))
    (article,) = result.articles
    assert article.text == "More rain fell on Bogotá on Mon\ufffdday."
    assert result.problems[0].kept


def test_a_file_holding_its_own_replacement_characters_is_valid_utf8_with_no_note(write):
    result = read_file(write("fffd.txt", "Title\n\nA \ufffd stood in Bogotá.\n"))
    assert result.articles[0].text == "A \ufffd stood in Bogotá." and result.problems == ()
