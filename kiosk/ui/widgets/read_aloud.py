"""Audio help: a screen's words gathered in reading order and read aloud by the system's voice.

Nothing here knows about patients or sessions. ``screen_words`` reads what a screen shows
(labels, buttons' names, fields' names: never what was typed), ``Reader`` speaks with Qt's
text-to-speech (the ``speechd`` engine: speech-dispatcher with espeak-ng on Debian), and
``ReadAloudButton`` joins the two: touch to hear the screen on display, touch again to stop.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QObject, Qt, Signal
from PySide6.QtGui import QHideEvent, QTextDocumentFragment
from PySide6.QtTextToSpeech import QTextToSpeech
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTextEdit,
    QWidget,
)

from kiosk.ui.widgets.layout_order import layout_entries

log = logging.getLogger("kiosk.ui.read_aloud")

ENGINE = "speechd"  # Qt's "mock" engine is for Qt's own tests: it says nothing
_ENDINGS = (".", "?", "!", ":", ";", "…", "”", '"', ")")


def _plain(text: str) -> str:
    """Words only: no tick marks, warning signs or runs of spaces; "" when no letter or digit."""
    text = " ".join(text.replace("&", "").split())
    start = 0
    while start < len(text) and not text[start].isalnum() and text[start] not in "¿¡(“\"'":
        start += 1
    text = text[start:]
    return text if any(c.isalnum() for c in text) else ""


def _button_words(button: QAbstractButton) -> str:
    if len(button.text().strip()) == 1:
        return ""  # a key of a pad (a digit, ⌫): keys read out say nothing about the screen
    words = _plain(button.accessibleName() or button.text())
    if words and button.isCheckable() and button.isChecked():
        return QCoreApplication.translate("ReadAloud", "%1, your choice").replace("%1", words)
    return words


def _field_name(field: QWidget) -> str:
    """What a text field is for: its accessible name, else its placeholder."""
    placeholder = field.placeholderText() if isinstance(field, QLineEdit) else ""
    return field.accessibleName() or placeholder


def screen_words(screen: QWidget) -> list[str]:
    """What ``screen`` shows, in reading order: headings and questions, answers, then buttons.

    The order is the order of the screen's layouts (a scroll area's content, a stack's page
    on show); hidden widgets are skipped, and so is every ``ReadAloudButton``. A text field
    gives its name, never its text, unless it is read-only clinic text.
    """
    words: list[str] = []
    seen: set[int] = set()

    def add(piece: str, *, once: bool = False) -> None:
        if piece and not (once and piece.casefold() in {w.casefold() for w in words}):
            words.append(piece)

    def add_name(name: str) -> None:
        """A field's name, unless the caption just read already says it ("Month" before a
        field named "Date of birth: month")."""
        if not (words and words[-1].casefold() in name.casefold()):
            add(name, once=True)

    def widget(item: QWidget) -> None:
        if id(item) in seen or (item is not screen and not item.isVisibleTo(screen)):
            return
        seen.add(id(item))
        if isinstance(item, ReadAloudButton):
            return
        if isinstance(item, QLabel):
            if item.pixmap().isNull() and item.text():
                add(_plain(_label_text(item)))
            return
        if isinstance(item, QAbstractButton):
            add(_button_words(item))
            return
        if isinstance(item, QLineEdit | QTextEdit | QPlainTextEdit):
            if isinstance(item, QTextEdit | QPlainTextEdit) and item.isReadOnly():
                add(_plain(item.toPlainText()))  # clinic text, never the patient's
            else:
                add_name(_plain(_field_name(item)))
            return
        if isinstance(item, QScrollArea):
            inner = item.widget()
            if inner is not None:
                widget(inner)
            return
        if isinstance(item, QStackedWidget):
            page = item.currentWidget()
            if page is not None:
                widget(page)
            return
        children = item.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        if not children and item.accessibleName():
            add(_plain(item.accessibleName()), once=True)  # a drawn control, such as a pad
            return
        layout = item.layout()
        if layout is not None:
            in_layout(layout)
        for child in children:  # what no layout places, in the order it was made
            if not child.isWindow():
                widget(child)

    def in_layout(layout: QLayout) -> None:
        for entry in layout_entries(layout):
            if isinstance(entry, QLayout):
                in_layout(entry)
            else:
                widget(entry)

    widget(screen)
    return words


def _label_text(label: QLabel) -> str:
    text = label.text()
    if label.textFormat() is Qt.TextFormat.PlainText or "<" not in text:
        return text
    return QTextDocumentFragment.fromHtml(text).toPlainText()  # a rich label's words


def spoken_text(words: Sequence[str]) -> str:
    """The words as one text, each piece ended like a sentence so the voice pauses between."""
    return " ".join(w if w.endswith(_ENDINGS) else w + "." for w in words if w)


class Reader(QObject):
    """One text-to-speech engine for the whole kiosk, made the first time it is needed.

    ``speak`` returns False, and says nothing, when there is no engine or no voice for the
    language; the reason is logged and ``broken`` stays set for the engine. It never raises.
    """

    speaking_changed = Signal(bool)

    def __init__(self, engine: str = ENGINE, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine_name = engine
        self._tts: QTextToSpeech | None = None
        self.broken = False
        self.owner: QObject | None = None
        self.last_text = ""
        self._silent_languages: set[str] = set()

    def installed(self) -> bool:
        """The engine's plugin is there (a cheap check: nothing is loaded or connected)."""
        return self._engine_name in QTextToSpeech.availableEngines()

    def can_speak(self, language: str) -> bool:
        """Installed, working, and not known to lack a voice for ``language``."""
        return not self.broken and self.installed() and language not in self._silent_languages

    def speaking(self) -> bool:
        """Reading now (or about to)."""
        if self._tts is None:
            return False
        return self._tts.state() in (
            QTextToSpeech.State.Speaking,
            QTextToSpeech.State.Synthesizing,
        )

    def speak(self, words: Sequence[str], language: str, owner: QObject | None = None) -> bool:
        """Read ``words`` in ``language`` ("en", "es"), after stopping whatever was being read."""
        self.stop()
        text = spoken_text(words)
        if not text or not self.can_speak(language):
            return False
        tts = self._engine(language)
        if tts is None:
            return False
        if not self._use_voice(tts, language):
            self._silent_languages.add(language)
            log.warning("audio help: no voice for language %s", language)
            return False
        self.owner = owner
        self.last_text = text
        tts.say(text)
        if tts.state() is QTextToSpeech.State.Error:
            self._fail(tts)
            return False
        return True

    def stop(self) -> None:
        """Stop at once and forget what was being read."""
        self.owner = None
        self.last_text = ""
        if self._tts is not None and self._tts.state() is not QTextToSpeech.State.Error:
            self._tts.stop(QTextToSpeech.BoundaryHint.Immediate)

    def _engine(self, language: str) -> QTextToSpeech | None:
        if self._tts is not None:
            return self._tts
        tts = QTextToSpeech(self._engine_name, self)
        # With a default locale the engine has no voice for, it starts in error; a locale it
        # has recovers it: the patient's language's, or else any.
        stuck = tts.state() is QTextToSpeech.State.Error
        if stuck and not self._use_voice(tts, language) and tts.availableLocales():
            tts.setLocale(tts.availableLocales()[0])
        if tts.state() is QTextToSpeech.State.Error:
            self._fail(tts)
            tts.deleteLater()
            return None
        tts.stateChanged.connect(self._state_changed)
        self._tts = tts
        return tts

    def _use_voice(self, tts: QTextToSpeech, language: str) -> bool:
        wanted = QLocale(language)
        offered = [loc for loc in tts.availableLocales() if loc.language() == wanted.language()]
        if not offered:
            return False
        current = tts.locale()
        if current.language() != wanted.language():
            tts.setLocale(min(offered, key=_preference))
        voices = tts.availableVoices()
        if not voices:
            return False
        if tts.voice().locale().language() != wanted.language():
            tts.setVoice(voices[0])
        return True

    def _fail(self, tts: QTextToSpeech) -> None:
        self.broken = True
        log.warning("audio help is not available: %s", tts.errorString() or tts.errorReason())

    def _state_changed(self, state: QTextToSpeech.State) -> None:
        if state is QTextToSpeech.State.Error and self._tts is not None:
            self._fail(self._tts)
        # The owner stays until the next stop or speak: a Ready that a stop queued may come
        # after the next reading has begun.
        self.speaking_changed.emit(
            state in (QTextToSpeech.State.Speaking, QTextToSpeech.State.Synthesizing)
        )


def _preference(locale: QLocale) -> int:
    """Lower is better: the kiosk's own territory, then the Americas' Spanish, then any."""
    if locale.territory() == QLocale().territory():
        return 0
    americas = (QLocale.Country.LatinAmerica, QLocale.Country.Mexico)
    return 1 if locale.territory() in americas else 2


_READER: list[Reader] = []


def reader() -> Reader:
    """The kiosk's one reader (made with the application, never one per screen)."""
    if not _READER:
        _READER.append(Reader(parent=QCoreApplication.instance()))
    return _READER[0]


def use_reader(new: Reader | None) -> None:
    """Put ``new`` in place of the kiosk's reader (None: the next use makes a fresh one)."""
    if _READER:
        _READER.pop().stop()
    if new is not None:
        _READER.append(new)


def stop_reading() -> None:
    """Silence: the screen changed or the patient is being forgotten."""
    if _READER:
        _READER[0].stop()


class ReadAloudButton(QPushButton):
    """ "Read this to me": reads the screen on display; touched while reading, it stops.

    It changes nothing on the screen or in the session. Hidden when the kiosk has no speech
    engine; says audio help is not available when the engine or the language's voice fails.
    The language is the interface language (the default QLocale, which the kiosk sets).
    """

    def __init__(self, screen: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._screen = screen  # asked at each touch: the screen on display then
        self.setObjectName("StartOver")  # the look of the header's other button
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(48)
        self.clicked.connect(self.toggle_reading)
        reader().speaking_changed.connect(self._update)
        self._update()

    def language(self) -> str:
        """The interface language's code ("en", "es")."""
        return QLocale().name().split("_")[0]

    def words(self) -> list[str]:
        """What touching it reads now."""
        return screen_words(self._screen())

    def toggle_reading(self) -> None:
        """Read the screen, or stop when this button's reading is on."""
        shared = reader()
        if shared.owner is self and shared.speaking():
            shared.stop()
        else:
            shared.speak(self.words(), self.language(), owner=self)
        self._update()

    def changeEvent(self, event: QEvent) -> None:
        """Its words follow the language."""
        if event.type() == QEvent.Type.LanguageChange:
            self._update()
        super().changeEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        """Out of sight (the staff side opened): its reading stops."""
        if reader().owner is self:
            reader().stop()
        super().hideEvent(event)

    def _update(self) -> None:
        shared = reader()
        if not shared.installed():
            self.hide()
            return
        if not shared.can_speak(self.language()):
            text = QCoreApplication.translate("ReadAloud", "No audio help")
            self.setEnabled(False)
        elif shared.owner is self and shared.speaking():
            text = QCoreApplication.translate("ReadAloud", "Stop reading")
            self.setEnabled(True)
        else:
            text = QCoreApplication.translate("ReadAloud", "Read this to me")
            self.setEnabled(True)
        self.setText(text)
        self.setAccessibleName(text)
