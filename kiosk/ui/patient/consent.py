"""Consent: read and agree to each section, sign with a finger, see the copy, certify."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.consent import ConsentCopy
from kiosk.core.session import IntakeSession
from kiosk.core.text import fill_in
from kiosk.ui.patient.faults import SAVE_ERRORS
from kiosk.ui.patient.frame import ScreenFrame
from kiosk.ui.patient.pdf_view import pdf_page_labels
from kiosk.ui.widgets.buttons import text_label, touch_button
from kiosk.ui.widgets.signature_pad import SignaturePad

CHECK = "✓  "


class ReadPage(ScreenFrame):
    """Every section with its own "I agree"; Continue once all are agreed."""

    def __init__(self, session: IntakeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        consent = session.forms.consent
        language = session.language
        add = self.body_layout.addWidget
        add(text_label(consent.title.get(language), "Title"))
        add(
            text_label(
                self.tr("Please read each part. Touch “I agree” under each one."), "Subtitle"
            )
        )
        self.agree_buttons: dict[str, QPushButton] = {}
        for section in consent.sections:
            add(text_label(section.heading.get(language), "SectionHeading"))
            add(text_label(section.body.get(language), "SectionBody"))
            button = touch_button(
                self.tr("I agree"),
                checkable=True,
                accessible=fill_in(self.tr("I agree: %1"), section.heading.get(language)),
            )
            button.toggled.connect(self._update)
            self.agree_buttons[section.id] = button
            add(button)
        self.body_layout.addStretch(1)
        self.next_button.setText(self.tr("Continue to sign"))
        self.next_button.setAccessibleName(self.tr("Continue to sign"))
        self._update()

    def _update(self) -> None:
        for button in self.agree_buttons.values():
            button.setText((CHECK if button.isChecked() else "") + self.tr("I agree"))
        self.next_button.setEnabled(all(b.isChecked() for b in self.agree_buttons.values()))

    def agreed(self) -> tuple[str, ...]:
        """The sections agreed to."""
        return tuple(sid for sid, b in self.agree_buttons.items() if b.isChecked())

    def agree_all(self) -> None:
        """Touch every "I agree" (tests and the demo)."""
        for button in self.agree_buttons.values():
            if not button.isChecked():
                button.click()


class SignPage(ScreenFrame):
    """The meaning of the signature, the printed name and the pad."""

    def __init__(self, session: IntakeSession, parent: QWidget | None = None) -> None:
        # No finger scrolling here: a drag on this page is a signature.
        super().__init__(parent, finger_scroll=False)
        consent = session.forms.consent
        add = self.body_layout.addWidget
        self.body_layout.setSpacing(12)
        add(
            text_label(
                fill_in(
                    self.tr("By signing, you are saying: “%1”"),
                    consent.meaning.get(session.language),
                ),
                "QuestionText",
            )
        )
        name_row = QHBoxLayout()
        name_row.addWidget(text_label(self.tr("Your name in print"), "Subtitle", wrap=False))
        self.printed_name = QLineEdit()
        self.printed_name.setAccessibleName(self.tr("Your name in print"))
        self.printed_name.setMaxLength(400)
        if session.identity is not None:
            self.printed_name.setText(session.identity.full_name)
        name_row.addWidget(self.printed_name, 1)
        self.body_layout.addLayout(name_row)
        self.pad = SignaturePad(self.tr("Sign here with your finger"))
        self.pad.setMinimumHeight(200)
        add(self.pad, 1)
        self.clear_button = touch_button(self.tr("Clear signature"), role="Secondary")
        self.clear_button.clicked.connect(self.pad.clear)
        self.bar.insertWidget(2, self.clear_button)
        self.next_button.setText(self.tr("See my copy"))
        self.next_button.setAccessibleName(self.tr("See my signed copy"))
        self.pad.changed.connect(self._update)
        self.printed_name.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        ready = self.pad.has_signature() and bool(self.printed_name.text().strip())
        self.next_button.setEnabled(ready)


class ReviewPage(ScreenFrame):
    """The signed copy as it will be kept; the patient certifies it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.body_layout.addWidget(text_label(self.tr("Your signed copy"), "Title"))
        self.body_layout.addWidget(
            text_label(
                self.tr("Please look it over. If it is right, touch “This is my signature”."),
                "Subtitle",
            )
        )
        self.pages = QVBoxLayout()
        self.body_layout.addLayout(self.pages)
        self.body_layout.addStretch(1)
        self.next_button.setText(self.tr("This is my signature"))
        self.next_button.setAccessibleName(self.tr("I certify this is my signed consent"))

    def show_pdf(self, pdf: bytes) -> None:
        """Render the copy's pages as images."""
        while self.pages.count():
            item = self.pages.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for label in pdf_page_labels(pdf, width=900):
            self.pages.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)


class ConsentScreen(QWidget):
    """Read, sign, review: three pages; nothing is stored until the patient certifies."""

    certified = Signal()
    save_failed = Signal(object)  # the storage error: the window shows the front desk screen

    def __init__(self, session: IntakeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._copy: tuple[ConsentCopy, bytes] | None = None
        self.read = ReadPage(session)
        self.sign = SignPage(session)
        self.review = ReviewPage()
        self.stack = QStackedWidget()
        for page in (self.read, self.sign, self.review):
            self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.read.back_button.setVisible(session.can_go_back())
        self.read.back_button.clicked.connect(self._back)
        self.read.next_button.clicked.connect(lambda: self.stack.setCurrentWidget(self.sign))
        self.sign.back_button.clicked.connect(self.back_to_read)
        self.sign.next_button.clicked.connect(self.to_review)
        self.review.back_button.clicked.connect(self.back_to_sign)
        self.review.next_button.clicked.connect(self.certify)

    def _back(self) -> None:
        # A method of the screen, not session.back itself: PySide keeps a record of every
        # connection to a plain object's method, for as long as the kiosk runs.
        self._session.back()

    def back_to_read(self) -> None:
        """Going back from the signature clears it."""
        self.sign.pad.clear()
        self.stack.setCurrentWidget(self.read)

    def back_to_sign(self) -> None:
        """Going back from the copy discards it and the signature."""
        self._copy = None
        self.sign.pad.clear()
        self.stack.setCurrentWidget(self.sign)

    def to_review(self) -> None:
        """Make the signed copy and show it."""
        copy, pdf = self._session.prepare_consent(
            self.sign.printed_name.text(), self.sign.pad.signature_png(), self.read.agreed()
        )
        self._copy = (copy, pdf)
        self.review.show_pdf(pdf)
        self.stack.setCurrentWidget(self.review)

    def certify(self) -> None:
        """The patient certified: store everything in one transaction."""
        if self._copy is None:
            return
        copy, pdf = self._copy
        self._copy = None  # kept nowhere else: a failed save leaves nothing of it behind
        self.review.next_button.setEnabled(False)
        try:
            self._session.certify(copy, pdf)
        except SAVE_ERRORS as error:
            self.save_failed.emit(error)
            return
        self.certified.emit()
