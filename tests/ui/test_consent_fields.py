"""The sign screen's typed fields (the name in print, the name typed as a signature) take only
what typing could give, however the text comes: set through Qt's accessibility interface (what
AT-SPI serves to Orca and switch access), a control character is refused as typing refuses it."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QLineEdit

from tests.helpers.accessible_names import interface
from tests.helpers.kiosk_driver import KioskDriver

BIRTH = date(1975, 3, 14)


def set_through_accessibility(field: QLineEdit, text: str) -> None:
    """What an accessibility client's set-text does to ``field``."""
    interface(field).setText(QAccessible.Text.Value, text)


@pytest.mark.parametrize("bad", ["José\tMuñoz", "José\nDROP", "José\x1b", "José\x7f", "José\x85"])
def test_the_printed_name_refuses_control_characters_from_accessibility(
    driver: KioskDriver, bad: str
) -> None:
    """The name in print (filled in from the identify screen) takes a plain name set through
    accessibility, keeps it when a text with a control character is set, and keeps its limit."""
    sign = driver.to_sign("José", "Muñoz", BIRTH).sign
    field = sign.printed_name
    assert field.text() == "José Muñoz"
    set_through_accessibility(field, "José A. Muñoz")
    assert field.text() == "José A. Muñoz"
    set_through_accessibility(field, bad)
    assert field.text() == "José A. Muñoz"
    set_through_accessibility(field, "x" * 500)
    assert len(field.text()) == 400


def test_the_typed_signature_refuses_control_characters_from_accessibility(
    driver: KioskDriver,
) -> None:
    """Typed: the name typed as a signature refuses a control character set or inserted through
    accessibility; a plain name set so is taken, and with the tick the copy is made."""
    screen = driver.to_sign("José", "Muñoz", BIRTH)
    sign = screen.sign
    assert sign.typed_button is not None
    driver.tap(sign.typed_button)
    field = sign.typed.name
    set_through_accessibility(field, "José\nMuñoz")
    assert field.text() == ""
    set_through_accessibility(field, "José Muñoz")
    assert field.text() == "José Muñoz"
    editable = interface(field).editableTextInterface()
    if editable is not None:  # insert-text, where Qt offers it for a line edit
        editable.insertText(0, "\t")
        assert field.text() == "José Muñoz"
    set_through_accessibility(field, "José Muñoz\r")
    assert field.text() == "José Muñoz"
    sign.typed.attest.setChecked(True)
    driver.see_copy(screen)
    assert screen.stack.currentWidget() is screen.review
