"""Switches the interface language: one QTranslator per language from resources/i18n."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from kiosk.ui.resources import I18N_DIR
from kiosk.ui.widgets.keyboard import set_keyboard_language

_LOCALES = {
    "en": QLocale(QLocale.Language.English, QLocale.Country.UnitedStates),
    "es": QLocale(QLocale.Language.Spanish, QLocale.Country.UnitedStates),
}


class Translations:
    """Installs the translator of the chosen language (English is the source language)."""

    def __init__(self) -> None:
        self.language = "en"
        self._translator: QTranslator | None = None
        self._loaded: dict[str, QTranslator] = {}  # one each, loaded once: never one per patient

    def use(self, language: str) -> None:
        """Make ``language`` the interface language; widgets get a LanguageChange event."""
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("a QApplication must exist before choosing a language")
        if self._translator is not None:
            app.removeTranslator(self._translator)
            self._translator = None
        if language != "en":
            translator = self._loaded.get(language)
            if translator is None:
                translator = QTranslator(app)
                path = I18N_DIR / f"kiosk_{language}.qm"
                if not translator.load(str(path)):
                    raise FileNotFoundError(f"translation file missing or unreadable: {path}")
                self._loaded[language] = translator
            app.installTranslator(translator)
            self._translator = translator
        QLocale.setDefault(_LOCALES.get(language, _LOCALES["en"]))
        self.language = language
        self.sync_keyboard()

    def sync_keyboard(self) -> None:
        """Put the on-screen keyboard (once it exists) in the interface language."""
        set_keyboard_language(self.language)
