"""The Qt bindings keep Python's reference counts straight: a kiosk runs for weeks."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QApplication, QLineEdit


@pytest.mark.skipif(
    sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 on (PEP 683)"
)
def test_void_qt_calls_do_not_release_none(qapp: QApplication) -> None:
    """PySide6 6.12.0 on Python 3.11 dropped a reference to None on every void call, which
    crashes a long-running kiosk; the pinned PySide6 must not."""
    field = QLineEdit()
    before = sys.getrefcount(None)
    for _ in range(2000):
        field.setReadOnly(True)
        field.setMaxLength(50)
    assert sys.getrefcount(None) >= before - 10
