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
# The modules beside the steps: the orchestrator, its JSON Lines edge, the records the steps
# hand each other (drafts) and hand on (model), a word-list helper, and command-line entry
# points that only start a tool.
EVENT_TOP = {"__init__", "drafts", "extract", "jsonl", "model", "wordlists"}
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


def _step_imports(events: Path) -> dict[str, set[str]]:
    """For each event step, the other steps its modules import (imports inside functions
    too: a loop put off until call time is still a loop)."""
    graph: dict[str, set[str]] = {step: set() for step in EVENT_STEPS}
    for step in EVENT_STEPS:
        for path in sorted((events / step).rglob("*.py")):
            for name in _imports_outside_main(ast.parse(path.read_text(encoding="utf-8"))):
                parts = name.split(".")
                if parts[0] == "events" and len(parts) > 1 and parts[1] in graph:
                    graph[step].add(parts[1])
        graph[step].discard(step)
    return graph


def _a_loop(graph: dict[str, set[str]]) -> list[str]:
    """Steps that import one another round in a loop (["a", "b", "a"]), or [] when none do."""
    done: set[str] = set()

    def visit(step: str, path: list[str]) -> list[str]:
        if step in path:
            return path[path.index(step) :] + [step]
        if step in done:
            return []
        for imported in sorted(graph.get(step, ())):
            if loop := visit(imported, path + [step]):
                return loop
        done.add(step)
        return []

    for step in sorted(graph):
        if loop := visit(step, []):
            return loop
    return []


def test_the_event_steps_import_one_another_one_way_only():
    # The records the steps pass each other live in events/drafts.py, so no step needs a
    # later one's module for them ("classify" reading the Draft of "assemble", which reads
    # the kinds of "classify").
    assert _a_loop(_step_imports(EVENTS)) == []


def test_the_loop_check_sees_two_steps_importing_each_other_and_a_longer_round():
    assert _a_loop({"classify": {"assemble"}, "assemble": {"classify", "measure"}}) == [
        "assemble",
        "classify",
        "assemble",
    ]
    round_trip = {"detect": {"classify"}, "classify": {"measure"}, "measure": {"detect"}}
    assert _a_loop(round_trip) == ["classify", "measure", "detect", "classify"]
    assert (
        _a_loop({"locate": {"detect", "classify"}, "classify": set(), "detect": {"classify"}}) == []
    )


def test_the_step_graph_counts_an_import_inside_a_function(tmp_path):
    for step in EVENT_STEPS:
        (tmp_path / step).mkdir()
        (tmp_path / step / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "measure" / "figures.py").write_text(
        "from events.drafts import Figure\nfrom events.measure import dating\n\n"
        "def animals():\n    from events.classify.kinds import ANIMALS\n    return ANIMALS\n",
        encoding="utf-8",
    )
    graph = _step_imports(tmp_path)
    assert graph["measure"] == {"classify"}
    assert graph["classify"] == set()
