"""Parse the aftercare sheet: its texts, instructions and emergency lines."""

from __future__ import annotations

import string
from typing import Any

from kiosk.core.forms.errors import FormError
from kiosk.core.forms.model import AFTERCARE_FIELDS, Aftercare, AftercareItem
from kiosk.core.forms.reader import TableReader
from kiosk.core.forms.texts import check_texts, ident
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
