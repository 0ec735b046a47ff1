"""Qt's on-screen keyboard in the patient's language (its QML settings, reached at run time)."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication

# Layouts the keyboard ships: en_US, and es_MX for Latin American Spanish (there is no es_US).
KEYBOARD_LOCALES = {"en": "en_US", "es": "es_MX"}
_INPUT_VIEW = "QtVirtualKeyboard::InputView"


def set_keyboard_language(language: str) -> bool:
    """Switch the keyboard's layout; False while no keyboard has been shown yet (it is made on first use)."""
    from PySide6.QtQuick import QQuickView  # noqa: PLC0415 - only when a keyboard exists

    locale = KEYBOARD_LOCALES.get(language, KEYBOARD_LOCALES["en"])
    for window in QGuiApplication.topLevelWindows():
        if window.metaObject().className() != _INPUT_VIEW or not isinstance(window, QQuickView):
            continue
        settings = window.engine().singletonInstance(
            "QtQuick.VirtualKeyboard.Settings", "VirtualKeyboardSettings"
        )
        if not isinstance(settings, QObject):
            return False
        settings.setProperty("activeLocales", list(KEYBOARD_LOCALES.values()))
        if settings.property("locale") != locale:
            settings.setProperty("locale", locale)
        return True
    return False
