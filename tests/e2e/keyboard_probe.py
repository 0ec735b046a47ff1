"""Run under Xvfb with the virtual keyboard: touch a name field, print what the keyboard shows."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ["QT_IM_MODULE"] = "qtvirtualkeyboard"

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtQuick import QQuickView
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk.core.clock import FakeClock
from kiosk.ui.app import build_main_window, ensure_application
from kiosk.ui.main_window import MainWindow
from kiosk.ui.patient.identify import IdentifyScreen


def main() -> int:
    """Prints ``visible=<bool> top=<y> field_bottom=<y> locale=<name>``."""
    language = sys.argv[1]
    ensure_application()
    window = build_main_window(Path(tempfile.mkdtemp()), clock=FakeClock())
    assert isinstance(window, MainWindow)
    window.resize(1280, 800)
    window.show()
    QTest.qWaitForWindowExposed(window)
    window.activateWindow()
    welcome = window.current_screen()
    welcome.language_chosen.emit(language)  # type: ignore[attr-defined]
    window.start()
    screen = window.current_screen()
    assert isinstance(screen, IdentifyScreen)
    QTest.qWait(200)
    QTest.mouseClick(screen.first_name, Qt.MouseButton.LeftButton)
    QTest.qWait(2500)
    method = QGuiApplication.inputMethod()
    field_bottom = screen.first_name.mapTo(window, screen.first_name.rect().bottomLeft()).y()
    locale = ""
    for top in QGuiApplication.topLevelWindows():
        if isinstance(top, QQuickView):
            settings = top.engine().singletonInstance(
                "QtQuick.VirtualKeyboard.Settings", "VirtualKeyboardSettings"
            )
            locale = str(settings.property("locale"))  # type: ignore[union-attr]
    rect = method.keyboardRectangle()
    print(
        f"visible={method.isVisible()} top={int(rect.top())} field_bottom={field_bottom} locale={locale}"
    )
    sys.stdout.flush()
    window.allow_close = True
    window.close()
    QApplication.processEvents()
    os._exit(0)  # the keyboard's QML engine may not tear down cleanly under a bare X server


if __name__ == "__main__":
    sys.exit(main())
