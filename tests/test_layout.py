"""Tests share code only through tests/helpers or a conftest.py, never by importing another test module.

Every .py under tests/ is parsed with ``ast``; an import of a ``tests.`` module (absolute or
relative, at the top or inside a function) must reach ``tests.helpers`` or a ``conftest``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent


def allowed(module: str) -> bool:
    """Whether a test file may import this ``tests.`` module."""
    parts = module.split(".")
    return parts[:2] == ["tests", "helpers"] or parts[-1] == "conftest"


def package_of(path: Path) -> list[str]:
    """The dotted package a file under tests/ belongs to, as parts (``["tests", "ui"]``)."""
    return ["tests", *path.relative_to(TESTS).parent.parts]


def imported(node: ast.Import | ast.ImportFrom, package: list[str]) -> list[tuple[str, str]]:
    """(module, submodule) pairs a node imports; the submodule is what ``from m import x`` may load."""
    if isinstance(node, ast.Import):
        return [(alias.name, alias.name) for alias in node.names]
    if node.level:
        base = package[: len(package) - node.level + 1]
        module = ".".join([*base, *([node.module] if node.module else [])])
    else:
        module = node.module or ""
    return [(module, f"{module}.{alias.name}") for alias in node.names]


def offences(source: str, path: Path) -> list[str]:
    """``file:line: import statement`` for each import of a test module in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source, str(path))):
        if not isinstance(node, ast.Import | ast.ImportFrom):
            continue
        if any(
            module.split(".")[0] == "tests" and not (allowed(module) or allowed(submodule))
            for module, submodule in imported(node, package_of(path))
        ):
            found.append(f"{path.relative_to(TESTS.parent)}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_no_test_module_imports_another_test_module() -> None:
    """Shared code lives in tests/helpers or a conftest.py; no file under tests/ reaches elsewhere."""
    found = [
        offence
        for path in sorted(TESTS.rglob("*.py"))
        for offence in offences(path.read_text(encoding="utf-8"), path)
    ]
    assert not found, "move shared code to tests/helpers or a conftest.py:\n" + "\n".join(found)


@pytest.mark.parametrize(
    ("source", "bad"),
    [
        ("from tests.ui.test_station import sign_in", True),
        ("import tests.e2e.test_program", True),
        ("from tests.documents import test_consent_pdf", True),
        ("from .test_station import sign_in", True),
        ("def f():\n    from tests.e2e.test_program import REPO", True),
        ("from tests.helpers.station import sign_in", False),
        ("from tests.helpers import cups", False),
        ("from tests.reliability.conftest import Tally", False),
        ("from tests.ui import conftest", False),
        ("from . import conftest", False),
        ("from kiosk.core import pins", False),
    ],
)
def test_the_check_sees_every_form_of_import(source: str, bad: bool) -> None:
    """Absolute, relative, ``import x`` and imports inside functions are all read."""
    assert bool(offences(source, TESTS / "ui" / "test_example.py")) is bad
