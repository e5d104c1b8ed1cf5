"""One error tree: every exception newsmap raises on purpose is a NewsmapError (issue 12 item 10),
each keeping its built-in base, so callers catch "ours" in one place."""

from __future__ import annotations

import ast
import builtins
import importlib
from pathlib import Path

import pytest

from newsmap.errors import NewsmapError

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("articles", "dashboard", "events", "geodata", "newsmap", "store", "tools")
BUILTIN_EXCEPTIONS = {
    name
    for name, value in vars(builtins).items()
    if isinstance(value, type) and issubclass(value, BaseException)
}


def _base_names(node: ast.ClassDef) -> set[str]:
    return {
        b.id if isinstance(b, ast.Name) else b.attr
        for b in node.bases
        if isinstance(b, ast.Name | ast.Attribute)
    }


def exception_like_classes() -> list[tuple[str, str]]:
    """(module, class) for every public class of the project with a base that is a built-in
    exception or named like one (``FooError``, ``pkg.BarException``): the classes that could
    be an exception root of their own."""
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            for node in tree.body:
                if not isinstance(node, ast.ClassDef) or node.name.startswith("_"):
                    continue
                bases = _base_names(node)
                if bases & BUILTIN_EXCEPTIONS or any(
                    b.endswith(("Error", "Exception")) for b in bases
                ):
                    found.append((module, node.name))
    return found


def test_every_exception_class_of_the_project_is_a_newsmap_error():
    roots = exception_like_classes()
    # The nine former roots (and the ranker's bare RuntimeError) are all found by the scan.
    names = {name for _, name in roots}
    assert {
        "StoreError",
        "GazetteerError",
        "GazetteerSourceError",
        "GeocodeCacheError",
        "ModelMissingError",
        "NaturalEarthError",
        "FetchError",
        "AssetError",
        "ServerError",
        "RankerError",
        "NewsmapError",
        "FetchTimedOut",
    } <= names
    strays = [
        f"{module}.{name}"
        for module, name in roots
        if not issubclass(getattr(importlib.import_module(module), name), NewsmapError)
    ]
    assert strays == [], f"exception roots outside NewsmapError: {strays}"


@pytest.mark.parametrize(
    ("module", "name", "builtin"),
    [
        ("geodata.gazetteer", "GazetteerError", RuntimeError),
        ("geodata.gazetteer_sources", "GazetteerSourceError", ValueError),
        ("geodata.nlp", "ModelMissingError", RuntimeError),
        ("geodata.ranker", "RankerError", RuntimeError),
        ("dashboard.serve", "ServerError", RuntimeError),
        ("newsmap.fetching", "FetchTimedOut", TimeoutError),
    ],
)
def test_each_error_keeps_its_builtin_base(module, name, builtin):
    error = getattr(importlib.import_module(module), name)
    assert issubclass(error, NewsmapError) and issubclass(error, builtin)


def test_a_store_that_cannot_be_opened_is_caught_as_ours(tmp_path):
    from store.db import Store, StoreError

    with pytest.raises(NewsmapError, match="folder") as caught:
        Store(tmp_path)  # a folder, not a store file
    assert isinstance(caught.value, StoreError)


def test_an_unreadable_gazetteer_is_caught_as_ours_and_as_a_runtime_error(tmp_path):
    from geodata.gazetteer import stored_schema_version

    bogus = tmp_path / "gazetteer.sqlite"
    bogus.write_bytes(b"this is no SQLite file at all, " * 100)
    with pytest.raises(NewsmapError, match="delete it and run"):
        stored_schema_version(bogus)
    with pytest.raises(RuntimeError):
        stored_schema_version(bogus)


def test_a_fetch_past_its_deadline_is_caught_as_ours_and_as_a_timeout():
    from newsmap import fetching
    from tools.checks.hostile import hostile_server

    limits = fetching.Limits(deadline=1.0, read_timeout=1.0, min_rate=0)
    with hostile_server(interval=0.05) as server, pytest.raises(NewsmapError) as caught:
        fetching.get(f"{server.url}/drip-body", limits, allow_private=True)
    assert isinstance(caught.value, TimeoutError)
    assert isinstance(caught.value, fetching.FetchTimedOut)


@pytest.mark.parametrize(
    "error",
    [
        "geodata.gazetteer.GazetteerError",
        "geodata.nlp.ModelMissingError",
        "geodata.ranker.RankerError",
        "store.db.StoreError",
    ],
)
def test_the_cli_reports_any_error_of_ours_in_words_and_exits_2(error, monkeypatch, capsys):
    import articles.__main__ as cli

    module, name = error.rsplit(".", 1)
    cls = getattr(importlib.import_module(module), name)

    def failing(args):
        raise cls("the gazetteer.sqlite is broken; run python -m geodata.build_gazetteer")

    monkeypatch.setitem(cli._COMMANDS, "export", failing)
    assert cli.main(["export", "--format", "csv"]) == 2
    err = capsys.readouterr().err
    assert err == "error: the gazetteer.sqlite is broken; run python -m geodata.build_gazetteer\n"


def test_the_cli_lets_a_bug_keep_its_traceback(monkeypatch):
    import articles.__main__ as cli

    def buggy(args):
        raise KeyError("a bug")

    monkeypatch.setitem(cli._COMMANDS, "export", buggy)
    with pytest.raises(KeyError):
        cli.main(["export", "--format", "csv"])
