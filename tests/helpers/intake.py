"""Walking a patient session through the shipped forms with safe answers."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from kiosk.core.consent import ConsentCopy
from kiosk.core.forms.model import Answer, Question, QuestionType
from kiosk.core.rules import condition_holds
from kiosk.core.session import IntakeSession, StepKind
from tests.helpers.images import tiny_png

BIRTH_DATE = date(1980, 2, 29)

# An answer to every shipped question that raises no flag.
SAFE_ANSWERS: dict[str, Answer] = {
    "hours_since_food": 12,
    "hours_since_clear_liquids": 4,
    "benzodiazepine_today": "no",
    "benzodiazepine_detail": "lorazepam 1 mg at 8",
    "stimulants_recent": ["none"],
    "substances_recent": ["none"],
    "pregnancy": "not_applicable",
    "heart_conditions": ["none"],
    "mental_health_history": ["none"],
    "health_changes": "no",
    "health_changes_detail": "a new blood pressure pill",
    "agrees_observation": "yes",
    "has_ride": "yes",
    "driver_name": "Maria Lopez",
    "driver_phone": "(555) 010-0123",
    "driver_relationship": "family",
}


def rule_safe_answer(session: IntakeSession, question: Question) -> Answer:
    """An answer to ``question`` on the session's current page that no rule of the form flags
    (any form, not only the shipped one): the first option no rule's condition holds for."""
    form, _ = session.page()
    ruled = [c for rule in form.rules for c in rule.when if c.question == question.id]
    if question.type is QuestionType.HOURS:
        return 12
    if question.type is QuestionType.PHONE:
        return "(555) 010-2233"
    if question.type is QuestionType.TEXT:
        return "Ana Lucía Muñoz"
    values = (
        ["yes", "no"]
        if question.type is QuestionType.YES_NO
        else [o.value for o in question.options]
    )
    for value in values:
        answer: Answer = [value] if question.type is QuestionType.MULTI_CHOICE else value
        if not any(
            condition_holds(c, {question.id: answer}, session.forms.settings) for c in ruled
        ):
            return answer
    raise AssertionError(f"no safe answer for {question.id}")


def page_draft(
    session: IntakeSession, overrides: Mapping[str, Answer] | None = None
) -> dict[str, Answer]:
    """Answers for every question of the current page that shows, follow-ups included.

    ``overrides`` replace the safe answer of some questions (and so may show a follow-up).
    """
    chosen = {**SAFE_ANSWERS, **(overrides or {})}
    draft: dict[str, Answer] = {}
    while True:
        missing = [q.id for q in session.visible_questions(draft) if q.id not in draft]
        if not missing:
            return draft
        for question_id in missing:
            draft[question_id] = chosen[question_id]


def confirm_current_page(
    session: IntakeSession, overrides: Mapping[str, Answer] | None = None
) -> None:
    """Answer the current page safely (with ``overrides``) and confirm it; it must be accepted."""
    problems = session.confirm_page(page_draft(session, overrides))
    assert problems == [], problems


def walk_to(
    session: IntakeSession,
    stop_at: str,
    overrides: Mapping[str, Answer] | None = None,
    item_value: int = 0,
) -> None:
    """Answer each step safely until the current step's key is ``stop_at``."""
    while session.current.key != stop_at:
        kind = session.current.kind
        if kind is StepKind.PAGE:
            confirm_current_page(session, overrides)
        elif kind is StepKind.ITEM:
            session.answer_item(item_value)
        else:
            raise AssertionError(f"reached {session.current.key} before {stop_at}")


def sign_consent(
    session: IntakeSession, printed_name: str = "José O'Neil"
) -> tuple[ConsentCopy, bytes]:
    """Agree to every section, sign with a tiny real PNG and certify; returns (copy, pdf)."""
    sections = tuple(s.id for s in session.forms.consent.sections)
    copy, pdf = session.prepare_consent(printed_name, tiny_png(), sections)
    session.certify(copy, pdf)
    return copy, pdf


def walk_to_done(session: IntakeSession) -> bytes:
    """From just after identify to the done screen with safe answers; returns the signed PDF."""
    walk_to(session, "consent")
    assert session.current.kind is StepKind.CONSENT
    _, pdf = sign_consent(session)
    assert session.current.kind is StepKind.DONE
    return pdf
