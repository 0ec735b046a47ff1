"""Words for the problems core reports, in the patient's language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kiosk.core.text import fill_in
from kiosk.core.validation import Invalid, Problem


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def problem_text(invalid: Invalid) -> str:
    """A plain sentence saying what to fix (each literal is written out so lupdate finds it)."""
    problem = invalid.problem
    if problem is Problem.REQUIRED:
        return QCoreApplication.translate("Problems", "Please answer this question.")
    if problem is Problem.NOT_A_NUMBER:
        return QCoreApplication.translate("Problems", "Please enter a number.")
    if problem is Problem.OUT_OF_RANGE:
        return fill_in(
            QCoreApplication.translate("Problems", "Please enter a number from %1 to %2."),
            _number(invalid.minimum),
            _number(invalid.maximum),
        )
    if problem is Problem.BAD_PHONE:
        return QCoreApplication.translate(
            "Problems", "Please enter a phone number with its area code, for example 555 010 0123."
        )
    if problem is Problem.TOO_LONG:
        return fill_in(
            QCoreApplication.translate(
                "Problems", "This is too long. Please shorten it to %1 characters."
            ),
            _number(invalid.maximum),
        )
    if problem is Problem.DATE_IN_FUTURE:
        return QCoreApplication.translate("Problems", "The date of birth cannot be in the future.")
    if problem is Problem.DATE_TOO_OLD:
        return QCoreApplication.translate(
            "Problems", "Please check the year of your date of birth."
        )
    return QCoreApplication.translate("Problems", "Please choose one of the answers.")
