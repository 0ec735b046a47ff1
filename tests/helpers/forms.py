"""Broken copies of the shipped forms folder, for the loader's error tests."""

from __future__ import annotations

import shutil
from pathlib import Path

from kiosk.core.forms import shipped_forms_dir


def copy_forms(tmp_path: Path) -> Path:
    """A copy of the shipped forms folder under ``tmp_path`` that a test may break."""
    target = tmp_path / "forms"
    shutil.copytree(shipped_forms_dir(), target)
    return target


def edit_form(folder: Path, name: str, old: str, new: str) -> None:
    """Replace the one occurrence of ``old`` with ``new`` in ``folder/name``.

    Fails loudly if ``old`` is not there exactly once, so a test never breaks a form
    differently from what it says (for instance after the shipped form was reworded).
    """
    path = folder / name
    text = path.read_text(encoding="utf-8")
    count = text.count(old)
    if count != 1:
        raise AssertionError(f"{name}: expected {old!r} once, found it {count} times")
    path.write_text(text.replace(old, new), encoding="utf-8")


def broken_forms(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """A copy of the shipped forms with one text replacement made in ``name``."""
    folder = copy_forms(tmp_path)
    edit_form(folder, name, old, new)
    return folder
