"""What runs in production never imports the tools that train, evaluate or benchmark it."""

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
