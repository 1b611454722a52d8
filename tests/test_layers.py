"""The code's shape, checked: no import cycles, no imports hidden in functions, layers kept."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "sheets")


def _module_name(path: Path) -> str:
    """bot/core/rules.py -> bot.core.rules; bot/core/__init__.py -> bot.core."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources() -> dict[str, ast.Module]:
    """Every module of the project's packages, parsed."""
    out = {}
    for pkg in PACKAGES:
        for path in sorted((ROOT / pkg).rglob("*.py")):
            out[_module_name(path)] = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return out


def _imported(node: ast.AST, module: str, known: set[str]) -> list[str]:
    """The project modules an import statement brings in (relative imports resolved)."""
    names: list[str] = []
    if isinstance(node, ast.Import):
        names = [a.name for a in node.names]
    elif isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            pkg = module.split(".")
            is_pkg = module in {m for m in known if any(k.startswith(m + ".") for k in known)}
            anchor = pkg if is_pkg else pkg[:-1]
            anchor = anchor[: len(anchor) - (node.level - 1)]
            base = ".".join(anchor + ([base] if base else []))
        names = [f"{base}.{a.name}" for a in node.names] + [base]
    found = []
    for name in names:
        while name and name not in known:
            name = name.rpartition(".")[0]
        if name and name != module:
            found.append(name)
    return found


def import_graph() -> dict[str, set[str]]:
    """module -> project modules it imports (at any depth of the file, TYPE_CHECKING too)."""
    sources = _sources()
    known = set(sources)
    graph: dict[str, set[str]] = {m: set() for m in known}
    for module, tree in sources.items():
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                graph[module].update(_imported(node, module, known))
    # a package's __init__ is imported with each of its modules; that is not a cycle of ours
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules, or None (depth-first search)."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        stack.append(m)
        for n in sorted(graph[m]):
            if m.startswith(n + ".") or n.startswith(m + "."):
                continue  # a module and its own package
            if state.get(n) == 1:
                return stack[stack.index(n):] + [n]
            if n not in state:
                found = visit(n)
                if found:
                    return found
        stack.pop()
        state[m] = 2
        return None

    for m in sorted(graph):
        if m not in state:
            found = visit(m)
            if found:
                return found
    return None


def test_the_import_graph_has_no_cycle() -> None:
    assert find_cycle(import_graph()) is None


def test_a_cycle_is_found_when_there_is_one() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}
    assert find_cycle(graph) == ["a", "b", "c", "a"]


def test_no_import_sits_inside_a_function() -> None:
    hidden = []
    for module, tree in _sources().items():
        for fn in ast.walk(tree):
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for node in ast.walk(fn):
                    if isinstance(node, (ast.Import, ast.ImportFrom)):
                        hidden.append(f"{module}:{node.lineno}")
    assert hidden == []


def test_the_layer_contract_holds_and_catches_a_violation(tmp_path: Path) -> None:
    """lint-imports passes on the code, and fails on a copy whose core imports sqlite3."""
    exe = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    if not Path(exe).exists():
        raise AssertionError("import-linter is not installed: pip install -r requirements.txt")
    ok = subprocess.run([exe], cwd=ROOT, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    copy = tmp_path / "copy"
    shutil.copytree(ROOT / "bot", copy / "bot", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "sheets", copy / "sheets",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    rules = copy / "bot" / "core" / "rules.py"
    rules.write_text("import sqlite3  # noqa: F401\n" + rules.read_text(encoding="utf-8"),
                     encoding="utf-8")
    broken = subprocess.run([exe, "--no-cache"], cwd=copy, capture_output=True, text=True,
                            env={"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin"})
    assert broken.returncode != 0
    assert "bot.core.rules -> sqlite3" in broken.stdout


MODULE_LINES, FUNCTION_LINES = 600, 60
REASON = "Long because"


def _long_without_reason() -> list[str]:
    """Modules over 600 lines and functions over 60 whose docstring does not say why."""
    found = []
    for folder in ("bot", "sheets", "tests", "bench"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            tree = ast.parse(text)
            name = str(path.relative_to(ROOT))
            if text.count("\n") > MODULE_LINES and REASON not in (ast.get_docstring(tree) or ""):
                found.append(name)
            for fn in ast.walk(tree):
                if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    size = (fn.end_lineno or fn.lineno) - fn.lineno + 1
                    if size > FUNCTION_LINES and REASON not in (ast.get_docstring(fn) or ""):
                        found.append(f"{name}:{fn.name}")
    return found


def test_a_long_module_or_function_says_why_at_its_top() -> None:
    assert _long_without_reason() == []
