"""A checklist or ride-home page: its questions, follow-ups shown only when they apply."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.core.forms.model import Answer, Question, QuestionType
from kiosk.core.session import IntakeSession
from kiosk.ui.messages import problem_text
from kiosk.ui.patient.faults import SAVE_ERRORS
from kiosk.ui.patient.frame import ScreenFrame
from kiosk.ui.patient.questions import ChoiceView, HoursView, QuestionView, TextView
from kiosk.ui.patient.reading import heading
from kiosk.ui.patient.scrub import scrub
from kiosk.ui.widgets.buttons import text_label


class PageScreen(ScreenFrame):
    """Shows the current page; Next asks core to check and commit it. Made once and refilled
    (``refill``) with the next page."""

    saved = Signal()
    save_failed = Signal(object)  # the storage error: the window shows the front desk screen

    def __init__(self, session: IntakeSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.title = heading(text_label("", "Title"))
        self.body_layout.addWidget(self.title)
        self.questions = QWidget()
        self.views: dict[str, QuestionView] = {}
        self.body_layout.addWidget(self.questions)
        self.body_layout.addStretch(1)
        self.back_button.clicked.connect(self._back)
        self.next_button.clicked.connect(self.submit)
        self.refill()

    def refill(self) -> None:
        """Show the session's current page: the frame, its bar, scroll area and heading stay;
        the questions of the page before are emptied (scrub) and go, the new page's are made."""
        session = self._session
        form, page = session.page()
        language = session.language
        names = session.forms.settings.placeholders()
        self.title.setText(page.title.format(language, **names))
        questions = QWidget()
        column = QVBoxLayout(questions)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(self.body_layout.spacing())
        views: dict[str, QuestionView] = {}
        earlier = session.answers.get(form.id, {})
        for question in page.questions:
            view = self._view(question, language, names)
            if question.id in earlier:
                view.set_value(earlier[question.id])
            view.changed.connect(self._refresh)
            views[question.id] = view
            column.addWidget(view)
        self._swap(questions, views)
        self.name_bar()
        self.scroll_area.verticalScrollBar().setValue(0)
        self.back_button.setVisible(session.can_go_back())
        self._refresh()

    def let_go(self) -> None:
        """Another kind of screen shows: the page's answers go now (emptied), not when the
        next page comes; the screen waits, empty, to be refilled."""
        self._swap(QWidget(), {})

    def empty(self) -> None:
        """The patient is forgotten: nothing of the page is left; the screen waits for the
        next patient's first page."""
        self.let_go()
        self.title.setText("")
        self.scroll_area.verticalScrollBar().setValue(0)

    def _swap(self, questions: QWidget, views: dict[str, QuestionView]) -> None:
        old = self.questions
        old.hide()
        self.questions, self.views = questions, views
        self.body_layout.replaceWidget(old, questions)
        questions.show()  # now: a layout would show it only once events are processed
        scrub(old)
        old.deleteLater()

    def _back(self) -> None:
        # A method of the screen, not session.back itself: PySide keeps a record of every
        # connection to a plain object's method, for as long as the kiosk runs.
        self._session.back()

    def _view(self, question: Question, language: str, names: dict[str, object]) -> QuestionView:
        text = question.text.format(language, **names)
        hint = question.hint.format(language, **names) if question.hint else ""
        if question.type is QuestionType.YES_NO:
            return ChoiceView(
                question, text, hint, [("yes", self.tr("Yes")), ("no", self.tr("No"))]
            )
        if question.type in (QuestionType.CHOICE, QuestionType.MULTI_CHOICE):
            options = [(o.value, o.label.format(language, **names)) for o in question.options]
            return ChoiceView(question, text, hint, options)
        if question.type is QuestionType.HOURS:
            return HoursView(question, text, hint)
        return TextView(question, text, hint)

    def draft(self) -> dict[str, Answer | None]:
        """What is on screen, question by question."""
        return {qid: view.value() for qid, view in self.views.items()}

    def _refresh(self) -> None:
        visible = {q.id for q in self._session.visible_questions(self.draft())}
        for qid, view in self.views.items():
            view.setVisible(qid in visible)

    def submit(self) -> bool:
        """Check and commit; on a problem, show it by the question and stay."""
        draft = self.draft()
        for view in self.views.values():
            view.set_problem(None)
        try:
            problems = self._session.confirm_page(draft)
        except SAVE_ERRORS as error:
            self.save_failed.emit(error)
            return False
        for problem in problems:
            view = self.views[problem.question]
            view.set_problem(problem_text(problem))
        if problems:
            first = self.views[problems[0].question]
            self.keep_visible(first)
            control = first.first_control()
            if control is not None and self.next_button.hasFocus():
                control.setFocus()  # the keyboard goes where the fix is
            return False
        self.saved.emit()
        return True
