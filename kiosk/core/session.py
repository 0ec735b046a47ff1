"""The patient's way through the intake: one session per person at the screen."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from kiosk.core.clock import Clock, today
from kiosk.core.consent import (
    ConsentCopy,
    SignatureMethod,
    SignedConsent,
    Witness,
    check_typed_signature,
    sha256_hex,
    text_sha256,
)
from kiosk.core.flags import Flag
from kiosk.core.forms.model import (
    Answer,
    FormsBundle,
    Instrument,
    Page,
    Question,
    Questionnaire,
    QuestionType,
)
from kiosk.core.identity import Identity
from kiosk.core.records import IntakeStore, NewIntake, Stage, StepRecord, StoredAnswer
from kiosk.core.rules import evaluate, is_visible
from kiosk.core.scoring import check_item, item_alert, score
from kiosk.core.text import DEFAULT_LANGUAGE, LANGUAGES, Localized
from kiosk.core.validation import Invalid, check_answer, check_birth_date, check_name

CONSENT_STEP = "consent"
YES_NO = {
    "yes": Localized({"en": "Yes", "es": "Sí"}),
    "no": Localized({"en": "No", "es": "No"}),
}
TEXT_SIZES = ("normal", "large", "extra_large")

ConsentRenderer = Callable[[ConsentCopy], bytes]


class StepKind(StrEnum):
    """What kind of screen a step is."""

    PAGE = "page"
    ITEM = "item"
    CONSENT = "consent"
    DONE = "done"


@dataclass(frozen=True)
class Step:
    """One screen of the way through."""

    kind: StepKind
    form_id: str
    id: str

    @property
    def key(self) -> str:
        """The name a confirmed step is stored under."""
        return (
            f"{self.form_id}:{self.id}" if self.kind in (StepKind.PAGE, StepKind.ITEM) else self.id
        )


class Outcome(StrEnum):
    """What identifying led to."""

    NEW = "new"
    RESUMED = "resumed"
    ALREADY_DONE = "already_done"
    INVALID = "invalid"


@dataclass(frozen=True)
class IdentifyResult:
    """The outcome, whether an appointment matched, and any problems with the input."""

    outcome: Outcome
    verified: bool = False
    problems: tuple[Invalid, ...] = ()


class SessionError(RuntimeError):
    """A screen asked the session for something out of order."""


class IntakeSession:
    """Holds one patient's answers in memory and commits each confirmed step before moving on."""

    def __init__(
        self,
        forms: FormsBundle,
        store: IntakeStore,
        clock: Clock,
        render_consent: ConsentRenderer,
    ) -> None:
        self.forms = forms
        self._store = store
        self._clock = clock
        self._render_consent = render_consent
        self._listeners: list[Callable[[], None]] = []
        self.reset()

    # --- state ------------------------------------------------------------------------------

    def reset(self) -> None:
        """Forget the patient: nothing of theirs stays in memory."""
        self.language = self.forms.settings.kiosk.default_language
        self.text_size = TEXT_SIZES[0]
        self.intake_id: int | None = None
        self.identity: Identity | None = None
        self.verified = False
        self.answers: dict[str, dict[str, Answer]] = {}
        self.confirmed: set[str] = set()
        self.outcome: Outcome | None = None
        self.calm_message_due = False  # an alert was raised: the patient sees the calm message next
        self._current = Step(StepKind.DONE, "", "welcome")
        self._notify()

    def subscribe(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` whenever the current step changes."""
        self._listeners.append(listener)

    def _notify(self) -> None:
        for listener in list(self._listeners):
            listener()

    def begin(self, language: str, text_size: str) -> None:
        """Welcome: the patient chose a language and a text size."""
        if language not in LANGUAGES:
            raise SessionError(f"unknown language {language!r}")
        if text_size not in TEXT_SIZES:
            raise SessionError(f"unknown text size {text_size!r}")
        self.language = language
        self.text_size = text_size

    @property
    def started(self) -> bool:
        """Whether a patient has identified."""
        return self.intake_id is not None

    # --- identify ---------------------------------------------------------------------------

    def identify(self, first: str, last: str, birth_date: date | None) -> IdentifyResult:
        """Match the patient to today's appointments and start or resume their intake."""
        first_clean, first_bad = check_name("first_name", first)
        last_clean, last_bad = check_name("last_name", last)
        dob_bad = check_birth_date(birth_date, today(self._clock))
        problems = tuple(p for p in (first_bad, last_bad, dob_bad) if p is not None)
        if problems:
            return IdentifyResult(Outcome.INVALID, problems=problems)
        assert birth_date is not None
        identity = Identity(first_clean, last_clean, birth_date)
        day = today(self._clock)
        saved = self._store.open_intake(day, identity)
        if saved is not None:
            self.identity = identity
            self.intake_id = saved.intake_id
            self.verified = saved.verified
            self.answers = {form: dict(values) for form, values in saved.answers.items()}
            self.confirmed = set(saved.confirmed)
            if saved.completed or saved.consent_signed:
                self.outcome = Outcome.ALREADY_DONE
                self._current = Step(StepKind.DONE, "", "done")
                self._notify()
                return IdentifyResult(Outcome.ALREADY_DONE, self.verified)
            self._store.set_language(saved.intake_id, self.language)
            self.outcome = Outcome.RESUMED
            self._current = self._first_unconfirmed()
            self._notify()
            return IdentifyResult(Outcome.RESUMED, self.verified)
        appointment = self._store.match_appointment(day, identity)
        intake_id = self._store.create_intake(
            NewIntake(
                day=day,
                identity=identity,
                language=self.language,
                appointment_id=appointment,
                form_versions=self.forms.versions(),
                created_at=self._clock.now(),
            )
        )
        self.identity = identity
        self.intake_id = intake_id
        self.verified = appointment is not None
        self.outcome = Outcome.NEW
        self._current = self.steps()[0]
        self._notify()
        return IdentifyResult(Outcome.NEW, self.verified)

    # --- the way through --------------------------------------------------------------------

    def _questionnaire(self, form_id: str) -> Questionnaire:
        for form in (self.forms.checklist, self.forms.ride):
            if form.id == form_id:
                return form
        raise SessionError(f"no questionnaire {form_id!r}")

    def _instrument(self, form_id: str) -> Instrument:
        for instrument in (self.forms.phq9, self.forms.gad7):
            if instrument.id == form_id:
                return instrument
        raise SessionError(f"no instrument {form_id!r}")

    def _page_steps(self, form: Questionnaire) -> list[Step]:
        answers = self.answers.get(form.id, {})
        return [
            Step(StepKind.PAGE, form.id, page.id)
            for page in form.pages
            if any(is_visible(q, answers, self.forms.settings) for q in page.questions)
        ]

    def steps(self) -> list[Step]:
        """Every screen after identify, given the answers so far."""
        items = [
            Step(StepKind.ITEM, instrument.id, item.id)
            for instrument in (self.forms.phq9, self.forms.gad7)
            for item in instrument.items
        ]
        return [
            *self._page_steps(self.forms.checklist),
            *items,
            *self._page_steps(self.forms.ride),
            Step(StepKind.CONSENT, "consent", CONSENT_STEP),
            Step(StepKind.DONE, "", "done"),
        ]

    def _first_unconfirmed(self) -> Step:
        for step in self.steps():
            if step.key not in self.confirmed:
                return step
        return Step(StepKind.DONE, "", "done")

    @property
    def current(self) -> Step:
        """The screen the patient is on."""
        return self._current

    def position(self) -> tuple[int, int]:
        """(this step's number, how many steps) for a progress bar."""
        steps = [s for s in self.steps() if s.kind is not StepKind.DONE]
        keys = [s.key for s in steps]
        if self._current.key in keys:
            return keys.index(self._current.key) + 1, len(steps)
        return len(steps), len(steps)

    def can_go_back(self) -> bool:
        """Whether there is an earlier step to go back to."""
        keys = [s.key for s in self.steps()]
        return self._current.key in keys and keys.index(self._current.key) > 0

    def back(self) -> None:
        """One step back; earlier answers stay and can be changed."""
        steps = self.steps()
        keys = [s.key for s in steps]
        if self._current.key in keys and keys.index(self._current.key) > 0:
            self._current = steps[keys.index(self._current.key) - 1]
            self._notify()

    def _advance(self) -> None:
        steps = self.steps()
        keys = [s.key for s in steps]
        index = keys.index(self._current.key) if self._current.key in keys else -1
        self._current = steps[index + 1] if index + 1 < len(steps) else steps[-1]
        self._notify()

    def _require(self, kind: StepKind) -> Step:
        if self.intake_id is None:
            raise SessionError("nobody has identified yet")
        if self._current.kind is not kind:
            raise SessionError(f"the current step is {self._current.kind}, not {kind}")
        return self._current

    # --- pages ------------------------------------------------------------------------------

    def page(self) -> tuple[Questionnaire, Page]:
        """The questionnaire and page of the current step."""
        step = self._require(StepKind.PAGE)
        form = self._questionnaire(step.form_id)
        return form, next(p for p in form.pages if p.id == step.id)

    def visible_questions(self, draft: Mapping[str, Answer | None]) -> list[Question]:
        """The current page's questions that show, given the answers on screen."""
        form, page = self.page()
        merged = self._merged(form, page, draft)
        return [q for q in page.questions if is_visible(q, merged, self.forms.settings)]

    def _merged(
        self, form: Questionnaire, page: Page, draft: Mapping[str, Answer | None]
    ) -> dict[str, Answer]:
        merged = {
            k: v
            for k, v in self.answers.get(form.id, {}).items()
            if k not in {q.id for q in page.questions}
        }
        merged.update({k: v for k, v in draft.items() if v is not None and v not in ("", [])})
        return merged

    def answer_text(self, question: Question, value: Answer) -> str:
        """The answer as the patient saw it, in their language."""
        if question.type is QuestionType.YES_NO and isinstance(value, str):
            return YES_NO[value].get(self.language)
        if question.type in (QuestionType.CHOICE, QuestionType.MULTI_CHOICE):
            chosen = value if isinstance(value, list) else [str(value)]
            labels = {o.value: o.label.get(self.language) for o in question.options}
            return "; ".join(labels[c] for c in chosen)
        return str(value)

    def confirm_page(self, draft: Mapping[str, Answer | None]) -> list[Invalid]:
        """Check the page; if all is well, commit it and move on. Returns the problems."""
        form, page = self.page()
        names = self.forms.settings.placeholders()
        visible = self.visible_questions(draft)
        problems: list[Invalid] = []
        accepted: dict[str, Answer] = {}
        for question in visible:
            value, problem = check_answer(question, draft.get(question.id))
            if problem is not None:
                problems.append(problem)
            elif value is not None:
                accepted[question.id] = value
        if problems:
            return problems
        form_answers = self._merged(form, page, {})
        form_answers.update(accepted)
        flags = evaluate(form, form_answers, self.forms.settings)
        last_checklist_page = form.id == self.forms.checklist.id and page.id == form.pages[-1].id
        record = StepRecord(
            intake_id=self._intake(),
            step_key=self._current.key,
            form_id=form.id,
            replaces=tuple(q.id for q in page.questions),
            answers=tuple(
                StoredAnswer(
                    form.id,
                    q.id,
                    accepted[q.id],
                    q.text.format(self.language, **names),
                    self.answer_text(q, accepted[q.id]),
                )
                for q in visible
                if q.id in accepted
            ),
            flags=tuple(flags),
            stage=Stage.CHECKLIST_DONE if last_checklist_page else None,
            confirmed_at=self._clock.now(),
        )
        self._store.confirm_step(record)
        self.answers[form.id] = form_answers
        self.confirmed.add(self._current.key)
        self._advance()
        return []

    # --- instrument items -------------------------------------------------------------------

    def item(self) -> tuple[Instrument, int]:
        """The instrument and the index of the current item."""
        step = self._require(StepKind.ITEM)
        instrument = self._instrument(step.form_id)
        index = next(i for i, item in enumerate(instrument.items) if item.id == step.id)
        return instrument, index

    def answer_item(self, value: int) -> Flag | None:
        """Commit one item's answer and move on; returns the alert it raised, if any."""
        instrument, index = self.item()
        item = instrument.items[index]
        check_item(instrument, item.id, value)
        answers = {k: int(v) for k, v in self.answers.get(instrument.id, {}).items()}  # type: ignore[arg-type]
        answers[item.id] = value
        alert = item_alert(instrument, item.id, value)
        label = dict(instrument.options)[value].get(self.language)
        record = StepRecord(
            intake_id=self._intake(),
            step_key=self._current.key,
            form_id=instrument.id,
            replaces=(item.id,),
            answers=(
                StoredAnswer(instrument.id, item.id, value, item.text.get(self.language), label),
            ),
            flags=(alert,) if alert else (),
            score=score(instrument, answers),
            confirmed_at=self._clock.now(),
        )
        self._store.confirm_step(record)
        self.answers[instrument.id] = dict(answers)
        self.confirmed.add(self._current.key)
        if alert is not None:
            self.calm_message_due = True
        self._advance()
        return alert

    def calm_message_seen(self) -> None:
        """The patient read the calm message and touched Continue."""
        self.calm_message_due = False
        self._notify()

    # --- consent ----------------------------------------------------------------------------

    def prepare_consent(
        self,
        printed_name: str,
        signature_png: bytes,
        agreed_sections: tuple[str, ...],
        *,
        method: SignatureMethod = SignatureMethod.DRAWN,
        typed_name: str = "",
        attested: bool = False,
        witness: Witness | None = None,
    ) -> tuple[ConsentCopy, bytes]:
        """The signed copy and its PDF, for the patient to see before certifying (see
        ``consent_copy``)."""
        copy = self.consent_copy(
            printed_name,
            signature_png,
            agreed_sections,
            method=method,
            typed_name=typed_name,
            attested=attested,
            witness=witness,
        )
        return copy, self.render_copy(copy)

    def render_copy(self, copy: ConsentCopy) -> bytes:
        """The PDF of a signed copy: the renderer alone, nothing of the session read or
        changed, so a screen may call it on a thread of its own."""
        return self._render_consent(copy)

    def consent_copy(
        self,
        printed_name: str,
        signature_png: bytes,
        agreed_sections: tuple[str, ...],
        *,
        method: SignatureMethod = SignatureMethod.DRAWN,
        typed_name: str = "",
        attested: bool = False,
        witness: Witness | None = None,
    ) -> ConsentCopy:
        """The signed copy, checked, for ``render_copy`` to make its PDF.

        ``method`` drawn needs ``signature_png``; typed needs ``typed_name`` (checked as the
        printed name is) and ``attested`` (the tick "this is my signature"); witnessed needs the
        ``witness`` who signed in. A way the clinic switched off in settings is refused."""
        self._require(StepKind.CONSENT)
        consent = self.forms.consent
        missing = [s.id for s in consent.sections if s.id not in agreed_sections]
        if missing:
            raise SessionError(f"sections not agreed: {', '.join(missing)}")
        name, problem = check_name("printed_name", printed_name)
        if problem is not None:
            raise SessionError("the printed name is empty")
        typed = ""
        allowed = self.forms.settings.consent
        if method is SignatureMethod.DRAWN:
            if not signature_png:
                raise SessionError("there is no signature")
            witness = None
        elif method is SignatureMethod.TYPED:
            if not allowed.typed_signature:
                raise SessionError("the clinic does not take typed signatures")
            typed, typed_problem = check_typed_signature(typed_name, attested)
            if typed_problem is not None:
                raise SessionError(f"the typed signature is not complete: {typed_problem}")
            signature_png, witness = b"", None
        else:
            if not allowed.witnessed_signature:
                raise SessionError("the clinic does not take witnessed signatures")
            if witness is None:
                raise SessionError("no staff member witnessed the signature")
            signature_png = b""
        assert self.identity is not None
        moment = self._clock.now()
        return ConsentCopy(
            clinic_name=self.forms.settings.clinic.name,
            consent=consent,
            language=self.language,
            printed_name=name,
            birth_date=self.identity.birth_date.isoformat(),
            meaning=consent.meaning.get(self.language),
            signed_at_local=moment.astimezone(self._clock.local_now().tzinfo),
            signed_at_utc=moment,
            signature_png=signature_png,
            text_sha256=text_sha256(consent, self.language),
            agreed_sections=tuple(s.id for s in consent.sections),
            method=method,
            typed_name=typed,
            witness=witness,
        )

    def certify(self, copy: ConsentCopy, pdf: bytes) -> None:
        """The patient certified the copy: store it all in one transaction and finish."""
        self._require(StepKind.CONSENT)
        signed = SignedConsent(
            version=copy.consent.version,
            language=copy.language,
            text_sha256=copy.text_sha256,
            printed_name=copy.printed_name,
            meaning=copy.meaning,
            signed_at_utc=copy.signed_at_utc,
            signature_png=copy.signature_png,
            pdf=pdf,
            pdf_sha256=sha256_hex(pdf),
            agreed_sections=copy.agreed_sections,
            method=copy.method,
            typed_name=copy.typed_name,
            witness=copy.witness,
        )
        self._store.save_consent(self._intake(), signed, self._clock.now())
        self.confirmed.add(CONSENT_STEP)
        self._current = Step(StepKind.DONE, "", "done")
        self._notify()

    def _intake(self) -> int:
        if self.intake_id is None:
            raise SessionError("nobody has identified yet")
        return self.intake_id


__all__ = [
    "CONSENT_STEP",
    "DEFAULT_LANGUAGE",
    "TEXT_SIZES",
    "IdentifyResult",
    "IntakeSession",
    "Outcome",
    "SessionError",
    "Step",
    "StepKind",
]
