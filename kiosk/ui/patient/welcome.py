"""Welcome: choose a language and a text size, then Start."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal, SignalInstance
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QWidget

from kiosk.core.text import fill_in
from kiosk.ui.patient.frame import scrolled_column
from kiosk.ui.patient.reading import heading
from kiosk.ui.widgets.accessible import RADIO, group
from kiosk.ui.widgets.buttons import text_label, touch_button
from kiosk.ui.widgets.choices import ChoiceButton, ChoiceRing

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
        self.title = heading(text_label("", "Title"))
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subtitle = text_label("", "Subtitle")
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.language_caption = text_label("", "QuestionText")
        self.size_caption = text_label("", "QuestionText")
        self.language_group = QWidget()
        self.language_buttons = self._choices(
            self.language_group, LANGUAGE_NAMES, language, self.language_chosen
        )
        self.size_group = QWidget()
        sizes = dict.fromkeys(("normal", "large", "extra_large"), "")
        self.size_buttons = self._choices(self.size_group, sizes, text_size, self.size_chosen)
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
        layout.addWidget(self.language_group)
        layout.addWidget(self.size_caption)
        layout.addWidget(self.size_group)
        layout.addSpacing(12)
        layout.addWidget(self.start_button)
        layout.addWidget(self.getting_ready)
        layout.addStretch(1)
        self.retranslate()

    def _choices(
        self, box: QWidget, labels: dict[str, str], chosen: str, signal: SignalInstance
    ) -> dict[str, ChoiceButton]:
        """A row of radio buttons in ``box``; touching one emits ``signal`` with its code."""
        exclusive = QButtonGroup(self)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        ring = ChoiceRing(self)
        buttons: dict[str, ChoiceButton] = {}
        for code, label in labels.items():
            button = ChoiceButton(label, RADIO)
            button.setObjectName("")  # the look of a plain button
            button.setChecked(code == chosen)
            button.clicked.connect(lambda _=False, c=code: signal.emit(c))
            exclusive.addButton(button)
            ring.add(button)
            row.addWidget(button)
            buttons[code] = button
        return buttons

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
        group(self.language_group, self.tr("Language"))
        group(self.size_group, self.tr("Text size"))
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
