"""Parse one consent version: its head and sections, placeholders filled in."""

from __future__ import annotations

from typing import Any

from kiosk.core.forms.model import Consent, ConsentSection
from kiosk.core.forms.reader import TableReader
from kiosk.core.forms.texts import ident, resolved


def parse_consent(data: dict[str, Any], file: str, names: dict[str, object]) -> Consent:
    """One consent version: [consent] and [[sections]]."""
    top = TableReader(file, "", data)
    head = top.table("consent")
    assert head is not None
    version = head.integer("version")
    if version < 1:
        raise head.error("version", "must be 1 or more")
    title = resolved(file, head.key("title"), head.text("title"), names)
    meaning = resolved(file, head.key("meaning"), head.text("meaning"), names)
    head.finish()
    sections = []
    ids: set[str] = set()
    for s_reader in top.tables("sections"):
        section_id = ident(s_reader, "id")
        if section_id in ids:
            raise s_reader.error("id", f"duplicate section id '{section_id}'")
        ids.add(section_id)
        heading = resolved(file, s_reader.key("heading"), s_reader.text("heading"), names)
        body = resolved(file, s_reader.key("body"), s_reader.text("body"), names)
        s_reader.finish()
        sections.append(ConsentSection(section_id, heading, body))
    top.finish()
    return Consent(version, title, meaning, tuple(sections), file)
