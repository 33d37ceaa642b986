"""The dependency rule, checked on the source: interfaces are leaves, never imported."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = [
    "telegram_bot",
    "web_minimal",
    "orchestrator",
    "ai_strategies",
    "billing_tripay",
    "emulators",
]
INTERFACES = {"telegram_bot", "web_minimal"}
# The CLI is the composition root: it starts the interfaces, so it may import them.
COMPOSITION_ROOT = ROOT / "nofomo"


def imported_packages(path: Path) -> set[str]:
    """Return the top-level packages a module imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def violations() -> list[str]:
    problems = []
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if COMPOSITION_ROOT in path.parents:
                continue
            for target in imported_packages(path) & INTERFACES:
                if target != package:
                    problems.append(f"{path.relative_to(ROOT)} imports {target}")
    return problems


def test_nothing_imports_the_interfaces() -> None:
    assert violations() == []


def test_the_checker_sees_imports(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import web_minimal.app\nfrom telegram_bot import x\nfrom . import y\n")
    assert imported_packages(sample) == {"web_minimal", "telegram_bot"}
