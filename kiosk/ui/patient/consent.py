"""Consent: read and agree to each section, sign (a finger, a typed name or a witness), see the
copy, certify."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.consent import ConsentCopy, SignatureMethod
from kiosk.core.session import IntakeSession
from kiosk.core.text import fill_in
from kiosk.ui.patient.faults import SAVE_ERRORS
from kiosk.ui.patient.frame import ScreenFrame
from kiosk.ui.patient.pdf_view import RenderedPdf, page_labels, render_pdf
from kiosk.ui.patient.sign_ways import TypedSignature, WitnessPanel, WitnessSignIn
from kiosk.ui.widgets.accessible import alert
from kiosk.ui.widgets.button_row import ButtonRow
from kiosk.ui.widgets.buttons import text_label, touch_button
from kiosk.ui.widgets.fields import guard_typed
from kiosk.ui.widgets.signature_pad import SignaturePad
from kiosk.ui.widgets.worker import LatestJob

log = logging.getLogger("kiosk.ui.patient")

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
    """The meaning of the signature, the printed name and the pad; or, when the clinic offers
    them, a typed name with its tick, or a staff member as witness."""

    def __init__(
        self,
        session: IntakeSession,
        witness_sign_in: WitnessSignIn | None = None,
        parent: QWidget | None = None,
    ) -> None:
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
        self.printed_name = guard_typed(QLineEdit())
        self.printed_name.setAccessibleName(self.tr("Your name in print"))
        self.printed_name.setMaxLength(400)
        if session.identity is not None:
            self.printed_name.setText(session.identity.full_name)
        name_row.addWidget(self.printed_name, 1)
        self.body_layout.addLayout(name_row)
        self.method = SignatureMethod.DRAWN
        self.pad = SignaturePad(self.tr("Sign here with your finger"))
        self.pad.setMinimumHeight(200)
        add(self.pad, 1)
        self.typed = TypedSignature()
        self.typed.hide()
        add(self.typed, 1)
        self.witness = WitnessPanel(witness_sign_in) if witness_sign_in is not None else None
        if self.witness is not None:
            self.witness.hide()
            add(self.witness, 1)
        # The other ways under the pad: in typed mode the name and its tick stay in sight at
        # the largest text size; the problem says why Next did not go on, above the way.
        self.ways = self._ways(session, witness_sign_in is not None)
        self.body_layout.addWidget(self.ways)
        self.problem = text_label("", "Problem")
        self.problem.hide()
        self.body_layout.insertWidget(self.body_layout.indexOf(self.pad), self.problem)
        self.clear_button = touch_button(self.tr("Clear signature"), role="Secondary")
        self.clear_button.clicked.connect(self.pad.clear)
        self.bar.insertWidget(2, self.clear_button)
        self.next_button.setText(self.tr("See my signed copy"))
        self.next_button.setAccessibleName(self.tr("See my signed copy"))
        self.pad.changed.connect(self._update)
        self.printed_name.textChanged.connect(self._update)
        self._update()

    def _ways(self, session: IntakeSession, can_witness: bool) -> ButtonRow:
        """The buttons to the other ways to sign the clinic offers, and back to drawing; they
        stack where their words do not fit side by side."""
        allowed = session.forms.settings.consent
        ways = ButtonRow()
        self.typed_button: QPushButton | None = None
        self.witness_button: QPushButton | None = None
        self.draw_button = touch_button(self.tr("Draw my signature instead"), role="Secondary")
        self.draw_button.clicked.connect(self.use_drawn)
        self.draw_button.hide()
        ways.add(self.draw_button)
        if allowed.typed_signature:
            self.typed_button = touch_button(self.tr("Sign by typing my name"), role="Secondary")
            self.typed_button.clicked.connect(self.use_typed)
            ways.add(self.typed_button)
        if allowed.witnessed_signature and can_witness:
            self.witness_button = touch_button(
                self.tr("Ask a staff member to witness"), role="Secondary"
            )
            self.witness_button.clicked.connect(self.use_witness)
            ways.add(self.witness_button)
        return ways

    def _show_way(self, method: SignatureMethod) -> None:
        self.method = method
        drawn = method is SignatureMethod.DRAWN
        self.pad.setVisible(drawn)
        self.clear_button.setVisible(drawn)
        self.draw_button.setVisible(not drawn)
        self.typed.setVisible(method is SignatureMethod.TYPED)
        if self.witness is not None:
            self.witness.setVisible(method is SignatureMethod.WITNESSED)
        for button, way in (
            (self.typed_button, SignatureMethod.TYPED),
            (self.witness_button, SignatureMethod.WITNESSED),
        ):
            if button is not None:
                button.setVisible(method is not way)
        self.problem.hide()
        self._update()

    def use_drawn(self) -> None:
        """Back to drawing with a finger, as the page opens."""
        self._show_way(SignatureMethod.DRAWN)
        self.pad.setFocus()

    def use_typed(self) -> None:
        """Sign by typing the full name and ticking that it is a signature."""
        self._show_way(SignatureMethod.TYPED)
        self.typed.name.setFocus()

    def use_witness(self) -> None:
        """Sign with a staff member as witness."""
        self._show_way(SignatureMethod.WITNESSED)
        if self.witness is not None:
            self.witness.staff_button.setFocus()

    def clear(self) -> None:
        """Forget the signature of every way."""
        self.pad.clear()
        self.typed.clear()
        if self.witness is not None:
            self.witness.clear()
        self.problem.hide()

    def refusal(self) -> str:
        """Why Next cannot go on yet, in words ("" when it can)."""
        if not self.printed_name.text().strip():
            return self.tr("Please type your name in print.")
        if self.method is SignatureMethod.TYPED:
            return self.typed.problem()
        if self.method is SignatureMethod.WITNESSED:
            return self.witness.problem() if self.witness is not None else ""
        return "" if self.pad.has_signature() else self.tr("Please sign in the box.")

    def refuse(self, words: str) -> None:
        """Say why Next did not go on."""
        self.problem.setText("⚠ " + words)
        self.problem.show()
        # Said at once by a screen reader, as an alert: the patient does not have to look for it.
        QAccessible.updateAccessibility(QAccessibleEvent(self.problem, QAccessible.Event.Alert))

    def _update(self) -> None:
        if self.method is SignatureMethod.DRAWN:
            ready = self.pad.has_signature() and bool(self.printed_name.text().strip())
        else:
            ready = True  # Next says in words what is missing
        self.next_button.setEnabled(ready)


class ReviewPage(ScreenFrame):
    """The signed copy as it will be kept, its pages and its text; the patient certifies it.

    The copy is made and drawn off the UI thread: "Preparing your copy…" shows meanwhile, Back
    and the header work, and "This is my signature" waits for the copy."""

    PAGE_WIDTH = 900

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.body_layout.addWidget(text_label(self.tr("Your signed copy"), "Title"))
        self.body_layout.addWidget(
            text_label(
                self.tr("Please look it over. If it is right, touch “This is my signature”."),
                "Subtitle",
            )
        )
        self.preparing_label = text_label(self.tr("Preparing your copy…"), "QuestionText")
        self.preparing_label.hide()
        self.body_layout.addWidget(self.preparing_label)
        # The copy's own text, read from the PDF itself: what a screen reader says is what the
        # pictures show, never a wording of its own.
        self.text = QTextBrowser()
        self.text.setObjectName("CopyText")
        self.text.setAccessibleName(self.tr("Your signed copy as text"))
        self.text.setOpenLinks(False)
        self.text.setMinimumHeight(320)
        self.pages = QVBoxLayout()
        self.body_layout.addLayout(self.pages)
        self.text_heading = text_label(self.tr("The same copy as text"), "SectionHeading")
        self.text_heading.setBuddy(self.text)
        self.body_layout.addWidget(self.text_heading)
        self.body_layout.addWidget(self.text)
        self.body_layout.addStretch(1)
        self.next_button.setText(self.tr("This is my signature"))
        # the spoken name holds the visible words (voice control users say what they see)
        self.next_button.setAccessibleName(self.tr("This is my signature"))
        self.next_button.setAccessibleDescription(self.tr("I certify this is my signed consent"))
        self.job = LatestJob(self)
        self.next_button.setEnabled(False)  # until a copy shows

    @property
    def preparing(self) -> bool:
        """The copy is being made and drawn."""
        return self.job.busy

    def prepare(
        self,
        make: Callable[[], bytes],
        shown: Callable[[bytes], None],
        failed: Callable[[Exception], None],
    ) -> None:
        """Make the copy's PDF with ``make`` and draw it, off the UI thread; then show it and
        hand its bytes to ``shown`` (the PDF the patient saw is the one kept)."""
        self.clear_copy()
        self.preparing_label.show()
        self.text_heading.hide()
        self.text.hide()
        alert(self.preparing_label, self.preparing_label.text())
        width = self.PAGE_WIDTH

        def work() -> RenderedPdf:
            return render_pdf(make(), width)

        def done(rendered: RenderedPdf) -> None:
            self.show_rendered(rendered)
            shown(rendered.pdf)

        self.job.start(work, done, failed)

    def cancel(self) -> None:
        """Forget the copy being made and the one shown."""
        self.job.cancel()
        self.clear_copy()

    def clear_copy(self) -> None:
        """No copy on the page; "This is my signature" waits for one."""
        self.next_button.setEnabled(False)
        while self.pages.count():
            item = self.pages.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                if isinstance(widget, QLabel):
                    widget.clear()  # the page's picture goes at once, not at deletion
                widget.hide()
                widget.deleteLater()
        self.text.setPlainText("")

    def show_rendered(self, rendered: RenderedPdf) -> None:
        """Show the drawn pages and the text; the patient may now certify."""
        self.clear_copy()
        self.preparing_label.hide()
        self.text_heading.show()
        self.text.show()
        self.text.setPlainText(rendered.text)
        for label in page_labels(rendered):
            self.pages.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
        self.next_button.setEnabled(True)


class ConsentScreen(QWidget):
    """Read, sign, review: three pages; nothing is stored until the patient certifies."""

    certified = Signal()
    save_failed = Signal(object)  # the storage error: the window shows the front desk screen

    def __init__(
        self,
        session: IntakeSession,
        parent: QWidget | None = None,
        *,
        witness_sign_in: WitnessSignIn | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._copy: tuple[ConsentCopy, bytes] | None = None
        self.read = ReadPage(session)
        self.sign = SignPage(session, witness_sign_in)
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
        self.sign.clear()
        self.stack.setCurrentWidget(self.read)

    def back_to_sign(self) -> None:
        """Going back from the copy discards it (made or being made) and the signature."""
        self._copy = None
        self.review.cancel()
        self.sign.clear()
        self.stack.setCurrentWidget(self.sign)

    def to_review(self) -> None:
        """Make the signed copy and show it; a signature not yet complete is refused in words.
        The PDF is made and drawn in the background; the copy can be certified once shown."""
        sign = self.sign
        words = sign.refusal()
        if words:
            sign.refuse(words)
            return
        drawn = sign.method is SignatureMethod.DRAWN
        session = self._session
        copy = session.consent_copy(
            sign.printed_name.text(),
            sign.pad.signature_png() if drawn else b"",
            self.read.agreed(),
            method=sign.method,
            typed_name=sign.typed.name.text(),
            attested=sign.typed.attest.isChecked(),
            witness=sign.witness.witness() if sign.witness is not None else None,
        )
        self._copy = None
        render = session.render_copy

        def make() -> bytes:
            return render(copy)

        def shown(pdf: bytes) -> None:
            self._copy = (copy, pdf)  # what the patient sees is what certify stores

        self.review.prepare(make, shown, self._not_prepared)
        self.stack.setCurrentWidget(self.review)

    def _not_prepared(self, error: Exception) -> None:
        """The copy could not be made or drawn: back to the signature, which says so."""
        log.error("the signed copy could not be prepared: %s", error)
        self.back_to_sign()
        self.sign.refuse(self.tr("Your copy could not be prepared. Please sign again."))

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
