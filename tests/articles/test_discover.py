from articles.readers import discover


def test_folders_are_walked_sorted_skipping_hidden_files_and_sidecars(write, tmp_path):
    for name in [
        "b.txt",
        "a.html",
        "sub/z.jsonl",
        "sub/deeper/y.rss",
        ".hidden.txt",
        ".git/config",
        "sub/.cache/x.txt",
        "a.html.meta.json",
        "README.md",
        "sub/CREDITS.txt",
        "photo.PNG",
        "make_sample.py",
        "no-extension",
        "UPPER.TXT",
    ]:
        write(name, "x")
    found = discover([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "UPPER.TXT",
        "a.html",
        "b.txt",
        "sub/z.jsonl",
        "sub/deeper/y.rss",
    ]


def test_named_files_come_once_and_missing_ones_are_kept_for_read_file(write, tmp_path):
    a = write("a.txt", "x")
    hidden = write(".named.txt", "x")  # named explicitly: kept, whatever it is
    image = write("photo.png", b"\x89PNG")
    missing = tmp_path / "nope.txt"
    found = discover([a, str(a), tmp_path, hidden, image, missing])
    assert found == [a, hidden, image, missing]
