"""Parse a forms folder into a FormsBundle; every mistake is a FormError naming file and key."""

from __future__ import annotations

import re
import string
import tomllib
from dataclasses import fields, replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kiosk.core.forms.errors import FormError
from kiosk.core.forms.model import (
    AFTERCARE_FIELDS,
    Aftercare,
    AftercareItem,
    Alert,
    Condition,
    Consent,
    ConsentSection,
    FormsBundle,
    Instrument,
    InstrumentItem,
    Option,
    Page,
    Question,
    Questionnaire,
    QuestionType,
    Rule,
    SeverityBand,
)
from kiosk.core.forms.reader import TableReader
from kiosk.core.forms.settings import Settings
from kiosk.core.text import LANGUAGES, Localized

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_OPS = ("equals", "not_equals", "any_of", "less_than", "greater_than", "answered")
_CONSENT_FILE = re.compile(r"^v(\d+)\.toml$")


def shipped_forms_dir() -> Path:
    """The forms folder that ships with the kiosk."""
    return Path(__file__).resolve().parents[3] / "forms"


def read_toml(path: Path, name: str) -> dict[str, Any]:
    """Parse one TOML file, turning every read or syntax problem into a FormError."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise FormError(name, "", "file is missing") from None
    except tomllib.TOMLDecodeError as exc:
        raise FormError(name, "", f"not valid TOML ({exc})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FormError(name, "", f"cannot be read ({exc})") from None


def load_forms(folder: Path) -> FormsBundle:
    """Load and cross-check every form file in ``folder``."""
    if not folder.is_dir():
        raise FormError(str(folder), "", "forms folder does not exist")
    settings = parse_settings(read_toml(folder / "settings.toml", "settings.toml"), "settings.toml")
    names = settings.placeholders()
    checklist = parse_questionnaire(
        read_toml(folder / "checklist.toml", "checklist.toml"), "checklist.toml", names
    )
    ride = parse_questionnaire(read_toml(folder / "ride.toml", "ride.toml"), "ride.toml", names)
    phq9 = parse_instrument(read_toml(folder / "phq9.toml", "phq9.toml"), "phq9.toml")
    gad7 = parse_instrument(read_toml(folder / "gad7.toml", "gad7.toml"), "gad7.toml")
    consents = load_consents(folder / "consent", names)
    aftercare = parse_aftercare(
        read_toml(folder / "aftercare.toml", "aftercare.toml"), "aftercare.toml", names
    )
    ids = [checklist.id, ride.id, phq9.id, gad7.id, "consent"]
    if len(set(ids)) != len(ids):
        raise FormError(folder.name, "form.id", f"form ids must differ, got {ids}")
    return FormsBundle(settings, checklist, phq9, gad7, ride, consents, aftercare=aftercare)


def load_consents(folder: Path, names: dict[str, object]) -> dict[int, Consent]:
    """Every consent version in ``consent/vN.toml``."""
    if not folder.is_dir():
        raise FormError("consent/", "", "folder is missing")
    consents: dict[int, Consent] = {}
    for path in sorted(folder.glob("*.toml")):
        name = f"consent/{path.name}"
        match = _CONSENT_FILE.match(path.name)
        if match is None:
            raise FormError(name, "", "consent files are named vN.toml")
        consent = parse_consent(read_toml(path, name), name, names)
        if consent.version != int(match.group(1)):
            raise FormError(name, "consent.version", "must match the number in the file name")
        if consent.version in consents:
            raise FormError(name, "consent.version", f"version {consent.version} is in two files")
        consents[consent.version] = consent
    if not consents:
        raise FormError("consent/", "", "no consent version (consent/v1.toml)")
    return consents


# --- settings ---------------------------------------------------------------------------------


def parse_settings(data: dict[str, Any], file: str) -> Settings:
    """settings.toml: known sections and keys only, each of its default's type."""
    top = TableReader(file, "", data)
    defaults = Settings()
    sections: dict[str, object] = {}
    for section in fields(defaults):
        current = getattr(defaults, section.name)
        reader = top.table(section.name, required=False)
        if reader is None:
            sections[section.name] = current
            continue
        values: dict[str, object] = {}
        for item in fields(current):
            default = getattr(current, item.name)
            if item.type == "str":
                raw = reader.raw(item.name, default)
                if not isinstance(raw, str):
                    raise reader.error(item.name, "must be a string")
                values[item.name] = raw
            elif item.type == "int":
                values[item.name] = reader.integer(item.name, default)
            else:
                values[item.name] = reader.number(item.name, default)
            if item.type != "str" and float(values[item.name]) < 0:  # type: ignore[arg-type]
                raise reader.error(item.name, "must not be negative")
        reader.finish()
        sections[section.name] = replace(current, **values)
    top.finish()
    settings = Settings(**sections)  # type: ignore[arg-type]
    _check_settings(settings, file)
    return settings


def _check_settings(settings: Settings, file: str) -> None:
    if settings.kiosk.default_language not in LANGUAGES:
        raise FormError(file, "kiosk.default_language", f"must be one of {', '.join(LANGUAGES)}")
    if settings.kiosk.idle_warning_seconds < 20:
        raise FormError(file, "kiosk.idle_warning_seconds", "must be at least 20 seconds")
    if settings.kiosk.idle_timeout_seconds < 15:
        raise FormError(file, "kiosk.idle_timeout_seconds", "must be at least 15 seconds")
    if settings.staff.pin_attempts < 1:
        raise FormError(file, "staff.pin_attempts", "must be at least 1")
    if settings.clinic.time_zone:
        try:
            ZoneInfo(settings.clinic.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise FormError(file, "clinic.time_zone", "is not a known time zone") from None


# --- questionnaires ---------------------------------------------------------------------------


def parse_questionnaire(data: dict[str, Any], file: str, names: dict[str, object]) -> Questionnaire:
    """A branching questionnaire: [form], [[pages]] with [[pages.questions]], [[rules]]."""
    top = TableReader(file, "", data)
    form = top.table("form")
    assert form is not None
    form_id = _ident(form, "id")
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
        page_id = _ident(page_reader, "id")
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
        _check_texts(file, page_reader.key("title"), page_title, names)
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
    _check_texts(file, "form.title", title, names)
    return Questionnaire(form_id, version, title, tuple(pages), tuple(rules), file)


def _ident(reader: TableReader, name: str) -> str:
    value = reader.string(name)
    if not _ID.match(value):
        raise reader.error(name, "must be lower-case letters, digits and _ starting with a letter")
    return value


def _parse_question(
    reader: TableReader, seen: dict[str, Question], names: dict[str, object]
) -> Question:
    qid = _ident(reader, "id")
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
            _check_texts(reader.file, reader.key(label), value, names)
    return replace(question, show_if=show_if)


def _parse_options(reader: TableReader, names: dict[str, object]) -> tuple[Option, ...]:
    options = []
    values: set[str] = set()
    for o_reader in reader.tables("options"):
        value = _ident(o_reader, "value")
        if value in values:
            raise o_reader.error("value", f"duplicate option '{value}'")
        values.add(value)
        label = o_reader.text("label")
        o_reader.finish()
        _check_texts(o_reader.file, o_reader.key("label"), label, names)
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


def _option_values(question: Question) -> set[str]:
    if question.type is QuestionType.YES_NO:
        return {"yes", "no"}
    return {o.value for o in question.options}


def _need_option(reader: TableReader, op: str, question: Question, value: str) -> None:
    if question.type not in (QuestionType.YES_NO, QuestionType.CHOICE, QuestionType.MULTI_CHOICE):
        raise reader.error(op, f"question '{question.id}' is {question.type.value}, not a choice")
    if value not in _option_values(question):
        raise reader.error(op, f"'{value}' is not an answer of question '{question.id}'")


def _need_number(reader: TableReader, op: str, question: Question) -> None:
    if question.type is not QuestionType.HOURS:
        raise reader.error(op, f"question '{question.id}' is {question.type.value}, not a number")


def _parse_rule(reader: TableReader, seen: dict[str, Question], names: dict[str, object]) -> Rule:
    rule_id = _ident(reader, "id")
    level = reader.string("level")
    if level not in ("red", "amber"):
        raise reader.error("level", "must be 'red' or 'amber'")
    when = _parse_conditions(reader, "when", seen, names, required=True)
    reason = reader.text("reason")
    reader.finish()
    _check_texts(reader.file, reader.key("reason"), reason, names)
    return Rule(rule_id, level, when, reason)


def _check_texts(
    file: str, key: str, text: Localized, names: dict[str, object], what: str = "a setting"
) -> None:
    """Every {placeholder} is one of ``names`` (``what`` in the message), and the text formats."""
    for language in LANGUAGES:
        value = text.get(language)
        try:
            fields_used = [f for _, f, _, _ in string.Formatter().parse(value) if f is not None]
        except ValueError as exc:
            raise FormError(file, f"{key}.{language}", f"bad {{placeholder}} ({exc})") from None
        for name in fields_used:
            if name not in names:
                raise FormError(file, f"{key}.{language}", f"{{{name}}} is not {what}")
        try:
            value.format(**names)
        except (ValueError, KeyError, IndexError, AttributeError, TypeError) as exc:
            raise FormError(file, f"{key}.{language}", f"cannot be filled in ({exc})") from None


def _resolved(file: str, key: str, text: Localized, names: dict[str, object]) -> Localized:
    """The text with its {placeholders} filled in from the settings: what the patient reads."""
    _check_texts(file, key, text, names)
    return Localized({lang: text.format(lang, **names) for lang in LANGUAGES})


# --- instruments ------------------------------------------------------------------------------


def parse_instrument(data: dict[str, Any], file: str) -> Instrument:
    """A scored instrument: [form], [[options]], [[items]], [[severity]], optional [alert]."""
    top = TableReader(file, "", data)
    form = top.table("form")
    assert form is not None
    form_id = _ident(form, "id")
    version = form.string("version")
    if form.string("kind") != "instrument":
        raise form.error("kind", "must be 'instrument' in this file")
    title = form.text("title")
    stem = form.text("stem")
    form.finish()
    options = []
    for o_reader in top.tables("options"):
        options.append((o_reader.integer("value"), o_reader.text("label")))
        o_reader.finish()
    values = [v for v, _ in options]
    if values != list(range(len(values))):
        raise FormError(file, "options", "values must be 0, 1, 2, ... in order")
    items = []
    item_ids: set[str] = set()
    for i_reader in top.tables("items"):
        item_id = _ident(i_reader, "id")
        if item_id in item_ids:
            raise i_reader.error("id", f"duplicate item id '{item_id}'")
        item_ids.add(item_id)
        items.append(InstrumentItem(item_id, i_reader.text("text")))
        i_reader.finish()
    bands = []
    for b_reader in top.tables("severity"):
        bands.append(
            SeverityBand(
                b_reader.integer("min"),
                b_reader.integer("max"),
                b_reader.text("label"),
                _ident(b_reader, "key"),
            )
        )
        b_reader.finish()
    alert = None
    a_reader = top.table("alert", required=False)
    if a_reader is not None:
        item = a_reader.string("item")
        if item not in item_ids:
            raise a_reader.error("item", f"refers to item '{item}' which does not exist")
        above = a_reader.integer("above", 0)
        if not 0 <= above < len(options) - 1:
            raise a_reader.error("above", f"must be between 0 and {len(options) - 2}")
        alert = Alert(item, above, a_reader.text("reason"))
        a_reader.finish()
    top.finish()
    instrument = Instrument(
        form_id, version, title, stem, tuple(options), tuple(items), tuple(bands), alert, file
    )
    _check_instrument(instrument, file)
    return instrument


def _check_instrument(instrument: Instrument, file: str) -> None:
    """Severity bands cover every total once; standard texts carry no placeholders."""
    keys = [band.key for band in instrument.severity]
    if len(set(keys)) != len(keys):
        raise FormError(file, "severity", "band keys must differ")
    for key, text in _instrument_texts(instrument):
        _check_texts(file, key, text, {})
    expected = 0
    for band in instrument.severity:
        if band.minimum != expected or band.maximum < band.minimum:
            raise FormError(
                file, "severity", f"bands must cover 0..{instrument.max_total} without gaps"
            )
        expected = band.maximum + 1
    if expected != instrument.max_total + 1:
        raise FormError(file, "severity", f"bands must end at {instrument.max_total}")


def _instrument_texts(instrument: Instrument) -> list[tuple[str, Localized]]:
    """Every text of an instrument: standard wording carries no placeholders."""
    texts = [("form.title", instrument.title), ("form.stem", instrument.stem)]
    texts += [(f"options[{i}].label", label) for i, (_, label) in enumerate(instrument.options)]
    texts += [(f"items[{i}].text", item.text) for i, item in enumerate(instrument.items)]
    texts += [(f"severity[{i}].label", band.label) for i, band in enumerate(instrument.severity)]
    if instrument.alert is not None:
        texts.append(("alert.reason", instrument.alert.reason))
    return texts


# --- consent ----------------------------------------------------------------------------------


def parse_consent(data: dict[str, Any], file: str, names: dict[str, object]) -> Consent:
    """One consent version: [consent] and [[sections]]."""
    top = TableReader(file, "", data)
    head = top.table("consent")
    assert head is not None
    version = head.integer("version")
    if version < 1:
        raise head.error("version", "must be 1 or more")
    title = _resolved(file, head.key("title"), head.text("title"), names)
    meaning = _resolved(file, head.key("meaning"), head.text("meaning"), names)
    head.finish()
    sections = []
    ids: set[str] = set()
    for s_reader in top.tables("sections"):
        section_id = _ident(s_reader, "id")
        if section_id in ids:
            raise s_reader.error("id", f"duplicate section id '{section_id}'")
        ids.add(section_id)
        heading = _resolved(file, s_reader.key("heading"), s_reader.text("heading"), names)
        body = _resolved(file, s_reader.key("body"), s_reader.text("body"), names)
        s_reader.finish()
        sections.append(ConsentSection(section_id, heading, body))
    top.finish()
    return Consent(version, title, meaning, tuple(sections), file)


# --- aftercare --------------------------------------------------------------------------------

_AFTERCARE_TEXTS = (
    "title",
    "no_driving",
    "ride",
    "instructions_heading",
    "emergency_heading",
    "questions",
    "next_appointment",
    "discharged_by",
)


def parse_aftercare(data: dict[str, Any], file: str, names: dict[str, object]) -> Aftercare:
    """The aftercare sheet: [aftercare] texts, [[instructions]] and [[emergency]] lines."""
    top = TableReader(file, "", data)
    head = top.table("aftercare")
    assert head is not None
    version = head.string("version")
    texts = {key: head.text(key) for key in _AFTERCARE_TEXTS}
    head.finish()
    instructions = _aftercare_items(top, "instructions", names)
    emergency = _aftercare_items(top, "emergency", names)
    top.finish()
    for key, text in texts.items():
        _check_aftercare_text(file, head.key(key), text, names, AFTERCARE_FIELDS.get(key, ()))
    return Aftercare(
        version,
        texts["title"],
        texts["no_driving"],
        texts["ride"],
        texts["instructions_heading"],
        instructions,
        texts["emergency_heading"],
        emergency,
        texts["questions"],
        texts["next_appointment"],
        texts["discharged_by"],
        file,
    )


def _aftercare_items(
    top: TableReader, name: str, names: dict[str, object]
) -> tuple[AftercareItem, ...]:
    items = []
    ids: set[str] = set()
    for reader in top.tables(name):
        item_id = _ident(reader, "id")
        if item_id in ids:
            raise reader.error("id", f"duplicate id '{item_id}'")
        ids.add(item_id)
        text = reader.text("text")
        reader.finish()
        _check_aftercare_text(reader.file, reader.key("text"), text, names, ())
        items.append(AftercareItem(item_id, text))
    return tuple(items)


def _check_aftercare_text(
    file: str, key: str, text: Localized, names: dict[str, object], own: tuple[str, ...]
) -> None:
    """Placeholders are settings, {clinic_phone} or the line's own fields; it uses the first."""
    allowed = ("clinic_phone", *own)
    what = f"a setting or one of {{{'}, {'.join(allowed)}}}"
    _check_texts(file, key, text, {**names, **dict.fromkeys(allowed, "")}, what)
    if not own:
        return
    for language in LANGUAGES:
        used = {f for _, f, _, _ in string.Formatter().parse(text.get(language)) if f}
        if own[0] not in used:
            raise FormError(file, f"{key}.{language}", f"must contain {{{own[0]}}}")
