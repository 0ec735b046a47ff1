"""Fixtures of the GUI tests: the real main window on a temp data folder and a fake clock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QDialog

from kiosk.core.clock import FakeClock
from kiosk.ui.app import build_main_window
from kiosk.ui.main_window import MainWindow
from tests.helpers.kiosk_driver import KioskDriver
from tests.helpers.widgets import flush_deletes


@pytest.fixture
def kiosk_window(qtbot: Any, data_dir: Path, clock: FakeClock) -> Iterator[MainWindow]:
    """The whole app, shown at a 1280x800 touchscreen's size; closed and its database closed after."""
    window = build_main_window(data_dir, clock=clock)
    assert isinstance(window, MainWindow)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.allow_close = True
    window.close()
    window.context.close()
    window.translations.use("en")
    window.deleteLater()
    flush_deletes()


@pytest.fixture
def driver(kiosk_window: MainWindow, qtbot: Any) -> KioskDriver:
    """A finger on the real window."""
    return KioskDriver(kiosk_window, qtbot)


@pytest.fixture(autouse=True)
def _no_leaked_windows(qapp: QApplication) -> Iterator[None]:
    """A kiosk runs for weeks: no test leaves a visible window behind."""
    yield
    flush_deletes()
    leaked = [w for w in qapp.topLevelWidgets() if w.isVisible()]
    for widget in leaked:
        widget.close()
    assert not leaked, f"windows left open: {[type(w).__name__ for w in leaked]}"


@pytest.fixture(autouse=True)
def _no_unanswered_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal dialog a test did not answer would wait forever: fail at once instead."""

    def refuse(self: QDialog) -> int:
        raise AssertionError(
            f"{type(self).__name__} opened modally in a test; answer it by patching its ask()"
        )

    monkeypatch.setattr(QDialog, "exec", refuse)
