"""Words for the problems core reports, in the patient's language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kiosk.core.validation import Invalid, Problem


def _tr(text: str) -> str:
    return QCoreApplication.translate("Problems", text)


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def problem_text(invalid: Invalid) -> str:
    """A plain sentence saying what to fix."""
    problem = invalid.problem
    if problem is Problem.REQUIRED:
        return _tr("Please answer this question.")
    if problem is Problem.NOT_A_NUMBER:
        return _tr("Please enter a number.")
    if problem is Problem.OUT_OF_RANGE:
        return (
            _tr("Please enter a number from %1 to %2.")
            .replace("%1", _number(invalid.minimum))
            .replace("%2", _number(invalid.maximum))
        )
    if problem is Problem.BAD_PHONE:
        return _tr("Please enter a phone number with its area code, for example 555 010 0123.")
    if problem is Problem.TOO_LONG:
        return _tr("This is too long. Please shorten it to %1 characters.").replace(
            "%1", _number(invalid.maximum)
        )
    if problem is Problem.DATE_IN_FUTURE:
        return _tr("The date of birth cannot be in the future.")
    if problem is Problem.DATE_TOO_OLD:
        return _tr("Please check the year of your date of birth.")
    return _tr("Please choose one of the answers.")
