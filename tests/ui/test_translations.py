"""The Spanish interface translation: complete, compiled, and in step with the code.

Refresh both files with ``.ci/i18n`` after changing any ``tr()`` text under kiosk/ui or a
``QT_TRANSLATE_NOOP`` text of kiosk/core/faults.py.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication

REPO = Path(__file__).resolve().parents[2]
UI_DIR = REPO / "kiosk" / "ui"
# Pure modules whose texts are marked with QT_TRANSLATE_NOOP and translated by the UI.
MARKED = (REPO / "kiosk" / "core" / "faults.py",)
TS_FILE = REPO / "resources" / "i18n" / "kiosk_es.ts"
QM_FILE = REPO / "resources" / "i18n" / "kiosk_es.qm"

PLACEHOLDER = re.compile(r"%\d+")
# Quotes and marks the patient sees; a translation keeps each one the source has.
SYMBOLS = ("“", "”", "⚠", "✓")


@dataclass(frozen=True)
class Message:
    """One message of a .ts file."""

    context: str
    source: str
    translation: str
    unfinished: bool
    plurals: tuple[str, ...] = ()  # the numerus forms (one, other) of a %n message

    def __str__(self) -> str:
        return f"[{self.context}] {self.source!r}"


def read_ts(path: Path) -> list[Message]:
    """Every message of the .ts file at ``path``."""
    root = ET.parse(path).getroot()
    messages: list[Message] = []
    for context in root.iter("context"):
        name = context.findtext("name", default="")
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None, f"[{name}] a message without <translation>"
            plurals = tuple(form.text or "" for form in translation.findall("numerusform"))
            messages.append(
                Message(
                    context=name,
                    source=message.findtext("source", default=""),
                    translation=plurals[0] if plurals else translation.text or "",
                    unfinished=translation.get("type") is not None,
                    plurals=plurals,
                )
            )
    return messages


def find_lupdate() -> str | None:
    """pyside6-lupdate next to this Python (the venv) or on PATH, else None."""
    for name in ("pyside6-lupdate", "pyside6-lupdate.exe"):
        beside = Path(sys.executable).parent / name
        if beside.is_file():
            return str(beside)
    return shutil.which("pyside6-lupdate")


@pytest.fixture(scope="module")
def shipped() -> list[Message]:
    """The messages of the shipped Spanish .ts."""
    messages = read_ts(TS_FILE)
    assert messages, f"{TS_FILE} holds no messages"
    return messages


def test_every_message_has_a_finished_translation_with_the_same_placeholders(
    shipped: list[Message],
) -> None:
    """Each message is translated (non-empty, not unfinished) and keeps exactly its %N."""
    problems: list[str] = []
    for message in shipped:
        if message.unfinished:
            problems.append(f"{message}: marked unfinished")
        if not message.translation.strip() or not all(form.strip() for form in message.plurals):
            problems.append(f"{message}: empty translation")
        if message.plurals and not all("%n" in form for form in message.plurals):
            problems.append(f"{message}: a plural form without %n")
        wanted = sorted(PLACEHOLDER.findall(message.source))
        got = sorted(PLACEHOLDER.findall(message.translation))
        if wanted != got:
            problems.append(f"{message}: placeholders {got} instead of {wanted}")
    assert not problems, "\n".join(problems)


def test_translations_keep_the_symbols_of_the_source(shipped: list[Message]) -> None:
    """Quotes “ ”, ⚠ and ✓ in a source appear as often in its translation."""
    problems = [
        f"{message}: {symbol!r} {message.source.count(symbol)}x in source, "
        f"{message.translation.count(symbol)}x in translation"
        for message in shipped
        for symbol in SYMBOLS
        if message.source.count(symbol) != message.translation.count(symbol)
    ]
    assert not problems, "\n".join(problems)


def test_shipped_qm_translates_every_message_of_the_ts(
    qapp: QApplication, shipped: list[Message]
) -> None:
    """The compiled .qm, loaded by QTranslator, gives each source its .ts translation."""
    translator = QTranslator(qapp)
    assert translator.load(str(QM_FILE)), f"QTranslator cannot load {QM_FILE}"
    problems = [
        f"{message}: .qm gives {got!r}, .ts says {wanted!r} (run .ci/i18n)"
        for message in shipped
        for count, wanted in (
            zip((1, 5), message.plurals, strict=True)
            if message.plurals
            else [(-1, message.translation)]
        )
        if (got := translator.translate(message.context, message.source, None, count)) != wanted
    ]
    assert not problems, "\n".join(problems)


def test_ts_has_every_text_the_code_marks_for_translation(
    tmp_path: Path, shipped: list[Message]
) -> None:
    """pyside6-lupdate on kiosk/ui (and MARKED) finds no (context, source) the shipped .ts lacks."""
    lupdate = find_lupdate()
    if lupdate is None:
        pytest.skip("pyside6-lupdate is neither next to sys.executable nor on PATH")
    sources = sorted(str(p.relative_to(REPO)) for p in [*UI_DIR.rglob("*.py"), *MARKED])
    fresh_ts = tmp_path / "fresh.ts"
    result = subprocess.run(
        [lupdate, *sources, "-ts", str(fresh_ts)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"pyside6-lupdate failed:\n{result.stdout}\n{result.stderr}"
    extracted = {(m.context, m.source) for m in read_ts(fresh_ts)}
    assert extracted, "pyside6-lupdate found no translatable text under kiosk/ui"
    known = {(m.context, m.source) for m in shipped}
    missing = sorted(extracted - known)
    assert not missing, "not in kiosk_es.ts yet (run .ci/i18n, then translate):\n" + "\n".join(
        f"[{context}] {source!r}" for context, source in missing
    )
