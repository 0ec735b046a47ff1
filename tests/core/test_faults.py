"""The fault table: every kind has its words for every audience, and placeholders only where a
queue or folder is named."""

from __future__ import annotations

import re

import pytest

from kiosk.core.faults import (
    ADVICE,
    DISCHARGE_TEXTS,
    PRINT_TEXTS,
    QT_TRANSLATE_NOOP,
    DischargeProblem,
    Fault,
    PrintFault,
    PrintProblem,
)

PLACEHOLDER = re.compile(r"%\d+")


@pytest.mark.parametrize("kind", list(Fault))
def test_every_storage_fault_has_all_three_texts(kind: Fault) -> None:
    """Patient screen, staff screens and command line: each a non-empty plain sentence."""
    advice = ADVICE[kind]
    for text in (advice.patient, advice.staff, advice.command):
        assert text.strip() == text and text, (kind, text)
        assert not PLACEHOLDER.search(text), (kind, text)


def test_the_patient_is_never_told_technical_words() -> None:
    """The patient's words send them to the desk: no disk, database, key or support."""
    for kind, advice in ADVICE.items():
        lowered = advice.patient.lower()
        assert "front desk" in lowered, kind
        for word in ("disk", "database", "key", "support", "backup"):
            assert word not in lowered, (kind, word)


def test_the_tables_cover_every_kind_and_nothing_else() -> None:
    assert set(ADVICE) == set(Fault)
    assert set(PRINT_TEXTS) == set(PrintFault)
    assert set(DISCHARGE_TEXTS) == set(DischargeProblem)
    for text in [*PRINT_TEXTS.values(), *DISCHARGE_TEXTS.values()]:
        assert text.strip() == text and text


def test_print_texts_name_the_queue_only_where_they_have_one() -> None:
    """Texts about a queue (or, for NOT_SAVED, the folder) say %1 once; the others none."""
    without = {
        PrintFault.NOT_INSTALLED,
        PrintFault.NOT_RUNNING,
        PrintFault.NO_PRINTER,
        PrintFault.NO_DEFAULT,
        PrintFault.NO_ANSWER,
    }
    for kind, text in PRINT_TEXTS.items():
        assert PLACEHOLDER.findall(text) == ([] if kind in without else ["%1"]), kind
    for text in DISCHARGE_TEXTS.values():
        assert not PLACEHOLDER.search(text)


def test_a_print_problem_in_english_names_its_queue() -> None:
    problem = PrintProblem(PrintFault.GONE, "Front")
    assert problem.english() == "The printer 'Front' went away before the sheet came out."
    assert PrintProblem(PrintFault.GONE, "%2 {until}").english() == (
        "The printer '%2 {until}' went away before the sheet came out."
    )


def test_the_marker_is_a_no_op() -> None:
    assert QT_TRANSLATE_NOOP("Faults", "Some text.") == "Some text."
