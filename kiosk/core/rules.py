"""Branching and flag rules: which questions show, and which answers raise a flag."""

from __future__ import annotations

from collections.abc import Mapping

from kiosk.core.flags import Flag, Level
from kiosk.core.forms.model import Answer, Condition, Question, Questionnaire
from kiosk.core.forms.settings import Settings
from kiosk.core.text import LANGUAGES, Localized

Answers = Mapping[str, Answer]


def condition_holds(condition: Condition, answers: Answers, settings: Settings) -> bool:
    """Whether one condition holds for these answers; an unanswered question holds nothing."""
    value = answers.get(condition.question)
    if condition.op == "answered":
        answered = value is not None and value not in ("", [])
        return answered == condition.value
    if value is None:
        return False
    if condition.op in ("less_than", "greater_than"):
        if isinstance(value, list | str):
            return False
        limit = (
            float(settings.placeholders()[condition.setting])  # type: ignore[arg-type]
            if condition.setting
            else float(condition.value)  # type: ignore[arg-type]
        )
        return value < limit if condition.op == "less_than" else value > limit
    selected = set(value) if isinstance(value, list) else {str(value)}
    if condition.op == "equals":
        return condition.value in selected
    if condition.op == "not_equals":
        return condition.value not in selected
    if condition.op == "any_of":
        return bool(selected & set(condition.value))  # type: ignore[arg-type]
    raise ValueError(f"unknown condition op {condition.op!r}")


def is_visible(question: Question, answers: Answers, settings: Settings) -> bool:
    """A follow-up shows only when all its show_if conditions hold."""
    return all(condition_holds(c, answers, settings) for c in question.show_if)


def visible_answers(form: Questionnaire, answers: Answers, settings: Settings) -> dict[str, Answer]:
    """The answers that count: those of questions visible given the earlier answers."""
    kept: dict[str, Answer] = {}
    for question in form.questions().values():
        if question.id in answers and is_visible(question, kept, settings):
            kept[question.id] = answers[question.id]
    return kept


def evaluate(form: Questionnaire, answers: Answers, settings: Settings) -> list[Flag]:
    """Every flag the form's rules raise for these answers, most serious first."""
    counted = visible_answers(form, answers, settings)
    names = settings.placeholders()
    flags = [
        Flag(
            code=rule.id,
            level=Level(rule.level),
            source=form.id,
            reason=Localized({lang: rule.reason.format(lang, **names) for lang in LANGUAGES}),
        )
        for rule in form.rules
        if all(condition_holds(c, counted, settings) for c in rule.when)
    ]
    return sorted(flags, key=lambda f: f.rank)
