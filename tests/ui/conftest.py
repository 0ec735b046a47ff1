"""Fixtures of the GUI tests: the real main window on a temp data folder and a fake clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
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
    window.translations.use("en")
    close_window(window)
    flush_deletes()


def close_window(window: MainWindow) -> None:
    """Close a window even in kiosk mode, with its database."""
    window.allow_close = True
    window.close()
    window.context.close()
    window.deleteLater()


@pytest.fixture
def more_windows(
    qtbot: Any, data_dir: Path, clock: FakeClock
) -> Iterator[Callable[..., MainWindow]]:
    """More windows on the same data folder (a nurse's second screen, a restarted kiosk); all
    closed afterwards.

    ``beside`` places a window right of the kiosk, as a second monitor would be: needed when
    the kiosk underneath is still touched, because QScroller replays a press by screen
    position. A window that is itself driven through scrolled screens stays at the origin.
    """
    made: list[MainWindow] = []

    def make(forms_dir: Path | None = None, *, beside: bool = True) -> MainWindow:
        window = build_main_window(data_dir, clock=clock, forms_dir=forms_dir)
        assert isinstance(window, MainWindow)
        window.setGeometry(1400 * (len(made) + 1) if beside else 0, 0, 1280, 800)
        window.show()
        qtbot.waitExposed(window)
        made.append(window)
        return window

    yield make
    for window in made:
        close_window(window)
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
