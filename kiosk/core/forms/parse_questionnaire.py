"""Parse a branching questionnaire: pages, questions, options, conditions and rules."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from kiosk.core.forms.model import (
    Condition,
    Option,
    Page,
    Question,
    Questionnaire,
    QuestionType,
    Rule,
)
from kiosk.core.forms.reader import TableReader
from kiosk.core.forms.texts import check_texts, ident

_OPS = ("equals", "not_equals", "any_of", "less_than", "greater_than", "answered")


def parse_questionnaire(data: dict[str, Any], file: str, names: dict[str, object]) -> Questionnaire:
    """A branching questionnaire: [form], [[pages]] with [[pages.questions]], [[rules]]."""
    top = TableReader(file, "", data)
    form = top.table("form")
    assert form is not None
    form_id = ident(form, "id")
    version = form.string("version")
    kind = form.string("kind")
    if kind != "questionnaire":
        raise form.error("kind", "must be 'questionnaire' in this file")
    title = form.text("title")
    form.finish()
    seen: dict[str, Question] = {}
    pages: list[Page] = []
    page_ids: set[str] = set()
    for page_reader in top.tables("pages"):
        page_id = ident(page_reader, "id")
        if page_id in page_ids:
            raise page_reader.error("id", f"duplicate page id '{page_id}'")
        page_ids.add(page_id)
        page_title = page_reader.text("title")
        questions = []
        for q_reader in page_reader.tables("questions"):
            question = _parse_question(q_reader, seen, names)
            seen[question.id] = question
            questions.append(question)
        page_reader.finish()
        check_texts(file, page_reader.key("title"), page_title, names)
        pages.append(Page(page_id, page_title, tuple(questions)))
    rules = []
    rule_ids: set[str] = set()
    for r_reader in top.tables("rules", required=False):
        rule = _parse_rule(r_reader, seen, names)
        if rule.id in rule_ids:
            raise r_reader.error("id", f"duplicate rule id '{rule.id}'")
        rule_ids.add(rule.id)
        rules.append(rule)
    top.finish()
    check_texts(file, "form.title", title, names)
    return Questionnaire(form_id, version, title, tuple(pages), tuple(rules), file)


def _parse_question(
    reader: TableReader, seen: dict[str, Question], names: dict[str, object]
) -> Question:
    qid = ident(reader, "id")
    if qid in seen:
        raise reader.error("id", f"duplicate question id '{qid}'")
    raw_type = reader.string("type")
    try:
        qtype = QuestionType(raw_type)
    except ValueError:
        allowed = ", ".join(t.value for t in QuestionType)
        raise reader.error("type", f"'{raw_type}' is not one of {allowed}") from None
    text = reader.text("text")
    hint = reader.localized("hint", required=False)
    required = reader.boolean("required", default=True)
    options: tuple[Option, ...] = ()
    if qtype in (QuestionType.CHOICE, QuestionType.MULTI_CHOICE):
        options = _parse_options(reader, names)
    elif reader.has("options"):
        raise reader.error("options", f"only choice questions have options, not {qtype.value}")
    minimum = maximum = None
    if qtype is QuestionType.HOURS:
        minimum = reader.number("min", 0)
        maximum = reader.number("max", 168)
        if minimum >= maximum:
            raise reader.error("max", "must be greater than min")
    max_length = reader.integer("max_length", 200)
    if max_length < 1 or max_length > 10_000:
        raise reader.error("max_length", "must be between 1 and 10000")
    question = Question(qid, qtype, text, hint, required, options, minimum, maximum, max_length)
    show_if = _parse_conditions(reader, "show_if", seen, names, required=False)
    reader.finish()
    for label, value in (("text", text), ("hint", hint)):
        if value is not None:
            check_texts(reader.file, reader.key(label), value, names)
    return replace(question, show_if=show_if)


def _parse_options(reader: TableReader, names: dict[str, object]) -> tuple[Option, ...]:
    options = []
    values: set[str] = set()
    for o_reader in reader.tables("options"):
        value = ident(o_reader, "value")
        if value in values:
            raise o_reader.error("value", f"duplicate option '{value}'")
        values.add(value)
        label = o_reader.text("label")
        o_reader.finish()
        check_texts(o_reader.file, o_reader.key("label"), label, names)
        options.append(Option(value, label))
    return tuple(options)


def _parse_conditions(
    reader: TableReader,
    name: str,
    seen: dict[str, Question],
    names: dict[str, object],
    *,
    required: bool,
) -> tuple[Condition, ...]:
    raw = reader.raw(name, required=required)
    if raw is None:
        return ()
    items = raw if isinstance(raw, list) else [raw]
    if not items:
        raise reader.error(name, "needs at least one condition")
    suffix = "" if not isinstance(raw, list) else "[{}]"
    return tuple(
        _parse_condition(
            TableReader(reader.file, reader.key(name) + suffix.format(i), item), seen, names
        )
        for i, item in enumerate(items)
    )


def _parse_condition(
    reader: TableReader, seen: dict[str, Question], names: dict[str, object]
) -> Condition:
    qid = reader.string("question")
    question = seen.get(qid)
    if question is None:
        raise reader.error(
            "question", f"refers to question '{qid}' which does not exist (before here)"
        )
    present = [op for op in _OPS if reader.has(op)]
    setting_ops = [op for op in ("less_than_setting", "greater_than_setting") if reader.has(op)]
    if len(present) + len(setting_ops) != 1:
        raise reader.error(
            "question",
            f"needs exactly one of {', '.join(_OPS)}, less_than_setting, greater_than_setting",
        )
    if setting_ops:
        op_key = setting_ops[0]
        setting = reader.string(op_key)
        if setting not in names:
            raise reader.error(op_key, f"refers to setting '{setting}' which does not exist")
        if isinstance(names[setting], str):
            raise reader.error(op_key, f"setting '{setting}' is not a number")
        op = op_key.removesuffix("_setting")
        _need_number(reader, op_key, question)
        reader.finish()
        return Condition(qid, op, 0.0, setting)
    op = present[0]
    value: str | float | tuple[str, ...] | bool
    if op in ("equals", "not_equals"):
        value = reader.string(op)
        _need_option(reader, op, question, value)
    elif op == "any_of":
        raw = reader.raw(op)
        if not isinstance(raw, list) or not raw or not all(isinstance(v, str) for v in raw):
            raise reader.error(op, "must be a non-empty list of option values")
        for item in raw:
            _need_option(reader, op, question, item)
        value = tuple(raw)
    elif op == "answered":
        value = reader.boolean(op, default=True)
    else:
        value = reader.number(op)
        _need_number(reader, op, question)
    reader.finish()
    return Condition(qid, op, value)


def option_values(question: Question) -> set[str]:
    """The answers a choice or yes/no question accepts."""
    if question.type is QuestionType.YES_NO:
        return {"yes", "no"}
    return {o.value for o in question.options}


def _need_option(reader: TableReader, op: str, question: Question, value: str) -> None:
    if question.type not in (QuestionType.YES_NO, QuestionType.CHOICE, QuestionType.MULTI_CHOICE):
        raise reader.error(op, f"question '{question.id}' is {question.type.value}, not a choice")
    if value not in option_values(question):
        raise reader.error(op, f"'{value}' is not an answer of question '{question.id}'")


def _need_number(reader: TableReader, op: str, question: Question) -> None:
    if question.type is not QuestionType.HOURS:
        raise reader.error(op, f"question '{question.id}' is {question.type.value}, not a number")


def _parse_rule(reader: TableReader, seen: dict[str, Question], names: dict[str, object]) -> Rule:
    rule_id = ident(reader, "id")
    level = reader.string("level")
    if level not in ("red", "amber"):
        raise reader.error("level", "must be 'red' or 'amber'")
    when = _parse_conditions(reader, "when", seen, names, required=True)
    reason = reader.text("reason")
    reader.finish()
    check_texts(reader.file, reader.key("reason"), reason, names)
    return Rule(rule_id, level, when, reason)
