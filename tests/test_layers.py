"""What runs in production never imports the tools that train, evaluate or benchmark it, and
the event package keeps one subpackage per step below its orchestrator."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RUNTIME = ("articles", "dashboard", "events", "geodata", "newsmap", "store")


def _imports_outside_main(tree: ast.Module) -> list[str]:
    """Modules imported anywhere in ``tree`` except under ``if __name__ == "__main__":``."""
    found = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "__main__" in ast.unparse(node.test):
            return  # a command-line entry point may call a tool
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append(node.module)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


@pytest.mark.parametrize("package", RUNTIME)
def test_the_runtime_never_imports_tools(package):
    files = sorted((ROOT / package).rglob("*.py"))
    assert files, f"no package {package}"
    offenders = {
        str(path.relative_to(ROOT)): name
        for path in files
        for name in _imports_outside_main(ast.parse(path.read_text(encoding="utf-8")))
        if name == "tools" or name.startswith("tools.")
    }
    assert offenders == {}


def test_the_check_sees_an_import_of_a_tool_and_spares_an_entry_point():
    source = (
        "import sys\nfrom tools.eventtools.evaluate import compare\n"
        "if __name__ == '__main__':\n    from tools.eventtools.bench import main\n"
    )
    assert _imports_outside_main(ast.parse(source)) == ["sys", "tools.eventtools.evaluate"]


EVENTS = ROOT / "events"
EVENT_STEPS = ("detect", "classify", "locate", "measure", "assemble")
# The modules beside the steps: the orchestrator, its JSON Lines edge, the record the steps
# hand on, a word-list helper, and command-line entry points that only start a tool.
EVENT_TOP = {"__init__", "extract", "jsonl", "model", "wordlists"}
EVENT_COMMANDS = {"bench", "evaluate", "locations_eval", "train", "train_attach"}


def test_event_code_lives_in_one_subpackage_per_step():
    flat = {path.stem for path in EVENTS.glob("*.py")}
    assert flat - EVENT_TOP - EVENT_COMMANDS == set()
    packages = {path.parent.name for path in EVENTS.glob("*/__init__.py")}
    assert packages == set(EVENT_STEPS)


@pytest.mark.parametrize("step", EVENT_STEPS)
def test_no_event_step_imports_the_extractor_or_a_command(step):
    above = {f"events.{name}" for name in EVENT_COMMANDS | {"extract", "jsonl"}}
    offenders = {
        str(path.relative_to(ROOT)): name
        for path in sorted((EVENTS / step).rglob("*.py"))
        for name in _imports_outside_main(ast.parse(path.read_text(encoding="utf-8")))
        if name in above
    }
    assert offenders == {}
