"""Parse the aftercare sheet: its texts, instructions and emergency lines."""

from __future__ import annotations

import string
from typing import Any

from kiosk.core.forms.errors import FormError
from kiosk.core.forms.model import (
    AFTERCARE_FIELDS,
    SEVERITY_WORDS,
    Aftercare,
    AftercareEffect,
    AftercareItem,
    AftercareToday,
)
from kiosk.core.forms.reader import TableReader
from kiosk.core.forms.texts import check_texts, ident
from kiosk.core.side_effects import SideEffectKind
from kiosk.core.text import LANGUAGES, Localized

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
    """The aftercare sheet: [aftercare] texts, [[instructions]] and [[emergency]] lines, and
    "What happened today" ([today], optional: without it the sheet has no such section)."""
    top = TableReader(file, "", data)
    head = top.table("aftercare")
    assert head is not None
    version = head.string("version")
    texts = {key: head.text(key) for key in _AFTERCARE_TEXTS}
    head.finish()
    instructions = _aftercare_items(top, "instructions", names)
    emergency = _aftercare_items(top, "emergency", names)
    today = _today(top, names)
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
        today,
    )


_TODAY_TEXTS = (
    "heading",
    "infusion",
    "infusion_started",
    "seen_heading",
    "seen",
    "none_seen",
    "if_continues_heading",
)


def _today(top: TableReader, names: dict[str, object]) -> AftercareToday | None:
    """[today]: its texts, a word per severity and [[today.side_effects]], one per kind."""
    head = top.table("today", required=False)
    if head is None:
        return None
    texts = {key: head.text(key) for key in _TODAY_TEXTS}
    severities = head.table("severities")
    assert severities is not None
    words = {word: severities.text(word) for word in SEVERITY_WORDS}
    severities.finish()
    effects: dict[str, AftercareEffect] = {}
    for reader in head.tables("side_effects"):
        kind = reader.string("kind")
        if kind not in {k.value for k in SideEffectKind}:
            known = ", ".join(k.value for k in SideEffectKind)
            raise reader.error("kind", f"must be one of {known}")
        if kind in effects:
            raise reader.error("kind", f"duplicate kind '{kind}'")
        name, if_continues = reader.text("name"), reader.text("if_continues")
        reader.finish()
        own = AFTERCARE_FIELDS["other_effect"] if kind == SideEffectKind.OTHER else ()
        _check_aftercare_text(reader.file, reader.key("name"), name, names, own)
        _check_aftercare_text(reader.file, reader.key("if_continues"), if_continues, names, ())
        effects[kind] = AftercareEffect(kind, name, if_continues)
    head.finish()
    missing = [k.value for k in SideEffectKind if k.value not in effects]
    if missing:
        raise head.error("side_effects", f"has no texts for {', '.join(missing)}")
    for key, text in texts.items():
        _check_aftercare_text(head.file, head.key(key), text, names, AFTERCARE_FIELDS.get(key, ()))
    for word, text in words.items():
        _check_aftercare_text(head.file, severities.key(word), text, names, ())
    return AftercareToday(
        heading=texts["heading"],
        infusion=texts["infusion"],
        infusion_started=texts["infusion_started"],
        seen_heading=texts["seen_heading"],
        seen=texts["seen"],
        severities=words,
        none_seen=texts["none_seen"],
        if_continues_heading=texts["if_continues_heading"],
        effects=tuple(effects[k.value] for k in SideEffectKind),
    )


def _aftercare_items(
    top: TableReader, name: str, names: dict[str, object]
) -> tuple[AftercareItem, ...]:
    items = []
    ids: set[str] = set()
    for reader in top.tables(name):
        item_id = ident(reader, "id")
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
    check_texts(file, key, text, {**names, **dict.fromkeys(allowed, "")}, what)
    if not own:
        return
    for language in LANGUAGES:
        used = {f for _, f, _, _ in string.Formatter().parse(text.get(language)) if f}
        if own[0] not in used:
            raise FormError(file, f"{key}.{language}", f"must contain {{{own[0]}}}")
