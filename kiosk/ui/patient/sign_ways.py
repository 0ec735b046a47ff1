"""The ways to sign besides drawing: a typed name with its tick, or a staff member as witness."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QCheckBox, QLineEdit, QVBoxLayout, QWidget

from kiosk.core.consent import TypedProblem, Witness, check_typed_signature
from kiosk.core.text import fill_in
from kiosk.ui.widgets.buttons import text_label, touch_button
from kiosk.ui.widgets.fields import guard_typed

# Asks a staff member to sign in (their PIN) with a message above the PIN: the witness, with
# whose accounts they signed in with (the kiosk's or the clinic server's); None: cancelled.
WitnessSignIn = Callable[[QWidget, str], Witness | None]


class TypedSignature(QWidget):
    """The full name typed as a signature, and the tick that says it is one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        label = self.tr("Your full name, typed as your signature")
        self.name_label = text_label(label, "Subtitle")
        self.name = guard_typed(QLineEdit())
        self.name.setAccessibleName(label)
        self.name.setMaxLength(400)
        self.name_label.setBuddy(self.name)
        self.attest = QCheckBox(self.tr("Typing my name here is my signature"))
        self.attest.setAccessibleName(self.tr("Typing my name here is my signature"))
        layout.addWidget(self.name_label)
        layout.addWidget(self.name)
        layout.addWidget(self.attest)
        layout.addStretch(1)  # the room the pad had stays below, not between the lines

    def problem(self) -> str:
        """Why the typed signature cannot be taken yet, in words ("" when it can)."""
        _name, problem = check_typed_signature(self.name.text(), self.attest.isChecked())
        if problem is TypedProblem.NAME_REQUIRED:
            return self.tr("Please type your full name as your signature.")
        if problem is TypedProblem.NAME_NOT_A_NAME:
            return self.tr("Please type your name in letters as your signature.")
        if problem is TypedProblem.NAME_TOO_LONG:
            return self.tr("That name is too long. Please type your full name only.")
        if problem is TypedProblem.NOT_ATTESTED:
            return self.tr("Please tick “Typing my name here is my signature”.")
        return ""

    def clear(self) -> None:
        """Forget the typed name and the tick."""
        self.name.clear()
        self.attest.setChecked(False)


class WitnessPanel(QWidget):
    """A staff member signs in and confirms they witnessed the patient's consent."""

    def __init__(self, sign_in: WitnessSignIn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._sign_in = sign_in
        self._member: Witness | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        self.explain = text_label(
            self.tr(
                "Please ask a staff member to come to the kiosk. They sign in with their PIN"
                " to witness your consent."
            ),
            "Subtitle",
        )
        self.staff_button = touch_button(self.tr("Staff: sign in to witness"), role="Secondary")
        self.staff_button.clicked.connect(self.ask_staff)
        self.who = text_label("", "Subtitle")
        self.who.hide()
        self.confirm = QCheckBox()
        self.confirm.hide()
        layout.addWidget(self.explain)
        layout.addWidget(self.staff_button)
        layout.addWidget(self.who)
        layout.addWidget(self.confirm)
        layout.addStretch(1)

    def ask_staff(self) -> None:
        """The staff sign-in; a right PIN shows who witnesses and the tick they confirm with."""
        member = self._sign_in(self, self.tr("Sign in to witness this patient's consent."))
        if member is None:
            return
        self._member = member
        self.who.setText(fill_in(self.tr("Witness: %1"), member.name))
        self.who.show()
        words = fill_in(self.tr("I, %1, witnessed this patient's consent"), member.name)
        self.confirm.setText(words)
        self.confirm.setAccessibleName(words)
        self.confirm.setChecked(False)
        self.confirm.show()
        self.staff_button.setText(self.tr("Another staff member: sign in"))

    def witness(self) -> Witness | None:
        """The staff member who signed in and confirmed, or None."""
        if self._member is None or not self.confirm.isChecked():
            return None
        return self._member

    def problem(self) -> str:
        """Why the witnessed signature cannot be taken yet, in words ("" when it can)."""
        if self._member is None:
            return self.tr("A staff member must sign in to witness your consent.")
        if not self.confirm.isChecked():
            return fill_in(
                self.tr("The staff member must tick “I, %1, witnessed this patient's consent”."),
                self._member.name,
            )
        return ""

    def clear(self) -> None:
        """Forget the witness."""
        self._member = None
        self.who.hide()
        self.confirm.setChecked(False)
        self.confirm.hide()
        self.staff_button.setText(self.tr("Staff: sign in to witness"))
