"""Every command's ``--help`` speaks to its user: no source file paths, no module names, no
issue numbers, no folders outside the project."""

from __future__ import annotations

import re
import runpy
import sys

import pytest

COMMANDS = [
    ["newsmap"],
    ["newsmap", "ingest"],
    ["newsmap", "export"],
    ["newsmap", "serve"],
    ["newsmap", "extract"],
    ["newsmap", "watch"],
    ["articles"],
    ["articles", "ingest"],
    ["articles", "export"],
    ["articles", "extract"],
    ["articles", "watch"],
    ["articles.bench_ingest"],
    ["pipeline", "ingest"],
    ["dashboard"],
    ["dashboard.bench"],
    ["geodata.build_gazetteer"],
    ["geodata.geoparse"],
    ["geodata.bench"],
    ["geodata.train_ranker"],
    ["events.bench"],
    ["events.evaluate"],
    ["events.locations_eval"],
    ["events.train"],
    ["events.train_attach"],
    ["tools.checks"],
    ["tools.eventsets.article_sheet"],
    ["tools.eventsets.country_totals"],
    ["tools.eventsets.place_trust"],
    ["tools.eventsets.sample"],
]
_PACKAGES = "articles|dashboard|events|geodata|newsmap|pipeline|store|tools|scripts"
INTERNAL = {
    "an issue number": re.compile(r"(?i)\bissues?\b"),
    "a folder outside the project": re.compile(r"\.\./"),
    "a source file": re.compile(r"\b\w+\.py\b"),
    # "events/eval/x.jsonl", but not the end of an absolute path the user may pass
    "a path inside the code": re.compile(rf"(?<![\w/.-])(?:{_PACKAGES})/\S+"),
    # "dashboard.synthetic", but not a command to run ("python -m geodata.bench")
    "a module name": re.compile(rf"(?<!-m )(?<![\w/.-])(?:{_PACKAGES})\.[a-z_]+\b"),
}


# Running a package's __main__ again in this process is what this test does on purpose.
pytestmark = pytest.mark.filterwarnings("ignore:.*found in sys.modules:RuntimeWarning")


def _help(command: list[str], monkeypatch, capsys) -> str:
    """What ``python -m COMMAND --help`` prints, run in this process (imports are shared)."""
    module, *rest = command
    monkeypatch.setattr(sys, "argv", [module, *rest, "--help"])
    with pytest.raises(SystemExit) as stop:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    out, err = capsys.readouterr()
    assert stop.value.code == 0, f"python -m {' '.join(command)} --help failed:\n{out}{err}"
    return out


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_the_help_text_names_nothing_internal(command, monkeypatch, capsys):
    text = " ".join(_help(command, monkeypatch, capsys).split())  # argparse wraps anywhere
    found = {what: p.findall(text) for what, p in INTERNAL.items() if p.search(text)}
    assert not found, f"python -m {' '.join(command)} --help shows {found}"


@pytest.mark.parametrize(
    "command",
    [["newsmap", "ingest"], ["newsmap", "export"], ["newsmap", "serve"], ["newsmap", "watch"]]
    + [["dashboard"]],
)
def test_the_store_option_says_where_the_store_is_by_default(command, monkeypatch, capsys):
    from newsmap.paths import store_file

    monkeypatch.delenv("NEWSMAP_STORE", raising=False)
    text = " ".join(_help(command, monkeypatch, capsys).split()).replace("- ", "-")
    assert f"default: {store_file()}; set NEWSMAP_STORE" in text
