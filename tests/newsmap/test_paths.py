"""Where newsmap keeps its files: the project folder from a checkout, the user's folders when
installed (newsmap.paths)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsmap import paths


def test_this_checkout_is_recognised_and_keeps_its_files_in_the_project_folder(monkeypatch):
    monkeypatch.delenv("NEWSMAP_STORE", raising=False)
    root = Path(__file__).resolve().parents[2]
    assert paths.source_checkout() is True
    assert paths.store_file() == root / "data" / "newsmap.sqlite"
    assert paths.cache_file("gazetteer.sqlite") == root / "geodata" / "gazetteer.sqlite"


def test_a_folder_without_newsmaps_pyproject_is_no_checkout(tmp_path):
    bare, other, ours = (tmp_path / name for name in ("site-packages", "other", "ours"))
    for folder in (bare, other, ours):
        folder.mkdir()
    (other / "pyproject.toml").write_text('[project]\nname = "someone-else"\n')
    (ours / "pyproject.toml").write_text('[project]\nname = "newsmap"\n')
    assert paths.source_checkout(bare) is False  # site-packages has no pyproject.toml
    assert paths.source_checkout(other) is False
    assert paths.source_checkout(ours) is True


def test_the_store_named_in_the_environment_wins(tmp_path):
    chosen = tmp_path / "mine.sqlite"
    assert paths.store_file({"NEWSMAP_STORE": str(chosen)}) == chosen
    assert paths.store_file({"NEWSMAP_STORE": "~/x.sqlite"}) == Path.home() / "x.sqlite"


@pytest.mark.parametrize(
    ("environ", "data", "cache"),
    [
        ({"HOME": "/home/ana"}, "/home/ana/.local/share/newsmap", "/home/ana/.cache/newsmap"),
        (
            {"HOME": "/home/ana", "XDG_DATA_HOME": "/srv/data", "XDG_CACHE_HOME": "/srv/cache"},
            "/srv/data/newsmap",
            "/srv/cache/newsmap",
        ),
        # The XDG specification says to ignore a relative path.
        (
            {"HOME": "/home/ana", "XDG_DATA_HOME": "rel", "XDG_CACHE_HOME": " "},
            "/home/ana/.local/share/newsmap",
            "/home/ana/.cache/newsmap",
        ),
    ],
)
def test_an_installed_copy_uses_the_xdg_folders_on_linux(environ, data, cache):
    assert paths.data_dir(environ, "linux") == Path(data)
    assert paths.cache_dir(environ, "linux") == Path(cache)


def test_an_installed_copy_uses_the_platforms_own_folders_elsewhere():
    home = {"HOME": "/Users/ana"}
    assert paths.data_dir(home, "darwin") == Path("/Users/ana/Library/Application Support/newsmap")
    assert paths.cache_dir(home, "darwin") == Path("/Users/ana/Library/Caches/newsmap")
    local = {"HOME": "C:/Users/ana", "LOCALAPPDATA": "C:/Users/ana/AppData/Local"}
    assert paths.data_dir(local, "win32") == Path("C:/Users/ana/AppData/Local/newsmap")
    assert paths.cache_dir(local, "win32") == Path("C:/Users/ana/AppData/Local/newsmap/Cache")
