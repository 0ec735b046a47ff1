"""Welcome: choose a language and a text size, then Start."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QWidget

from kiosk.core.text import fill_in
from kiosk.ui.patient.frame import scrolled_column
from kiosk.ui.widgets.buttons import text_label, touch_button

# Language names are written in their own language, never translated.
LANGUAGE_NAMES = {"en": "English", "es": "Español"}


class WelcomeScreen(QWidget):
    """The first screen; shows nothing of any patient."""

    language_chosen = Signal(str)
    size_chosen = Signal(str)
    start_requested = Signal()

    def __init__(
        self, clinic_name: str, language: str, text_size: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._clinic_name = clinic_name
        self.title = text_label("", "Title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subtitle = text_label("", "Subtitle")
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.language_caption = text_label("", "QuestionText")
        self.size_caption = text_label("", "QuestionText")
        self.language_buttons: dict[str, object] = {}
        languages = QButtonGroup(self)
        language_row = QHBoxLayout()
        for code, name in LANGUAGE_NAMES.items():
            button = touch_button(name, checkable=True)
            button.setChecked(code == language)
            button.clicked.connect(lambda _=False, c=code: self.language_chosen.emit(c))
            languages.addButton(button)
            language_row.addWidget(button)
            self.language_buttons[code] = button
        sizes = QButtonGroup(self)
        size_row = QHBoxLayout()
        self.size_buttons = {}
        for code in ("normal", "large", "extra_large"):
            button = touch_button("", checkable=True)
            button.setChecked(code == text_size)
            button.clicked.connect(lambda _=False, c=code: self.size_chosen.emit(c))
            sizes.addButton(button)
            size_row.addWidget(button)
            self.size_buttons[code] = button
        self.start_button = touch_button("", role="Primary")
        self.start_button.setMinimumHeight(96)
        self.start_button.clicked.connect(self.start_requested)
        self.getting_ready = text_label("", "Calm")
        self.getting_ready.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.getting_ready.hide()
        layout = scrolled_column(self, (96, 24, 96, 24))
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addSpacing(12)
        layout.addWidget(self.language_caption)
        layout.addLayout(language_row)
        layout.addWidget(self.size_caption)
        layout.addLayout(size_row)
        layout.addSpacing(12)
        layout.addWidget(self.start_button)
        layout.addWidget(self.getting_ready)
        layout.addStretch(1)
        self.retranslate()

    def set_ready(self, ready: bool) -> None:
        """Start works only when ready; until then a plain "Getting ready…" line (the kiosk
        checks its database at start)."""
        self.start_button.setEnabled(ready)
        self.getting_ready.setVisible(not ready)

    def changeEvent(self, event: QEvent) -> None:
        """Words follow the language as soon as it is touched."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.title.setText(fill_in(self.tr("Welcome to %1"), self._clinic_name))
        self.subtitle.setText(self.tr("Please check in here before your infusion."))
        self.language_caption.setText(self.tr("Language"))
        self.size_caption.setText(self.tr("Text size"))
        labels = {
            "normal": self.tr("Normal"),
            "large": self.tr("Large"),
            "extra_large": self.tr("Extra large"),
        }
        for code, button in self.size_buttons.items():
            button.setText(labels[code])
            button.setAccessibleName(fill_in(self.tr("Text size: %1"), labels[code]))
        self.start_button.setText(self.tr("Start"))
        self.start_button.setAccessibleName(self.tr("Start check-in"))
        self.getting_ready.setText(self.tr("Getting ready…"))
