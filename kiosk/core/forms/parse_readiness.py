"""Parse the discharge readiness checklist: scored items, the vital-signs bands, the pass score
and the items that must hold."""

from __future__ import annotations

from typing import Any

from kiosk.core.forms.model import (
    ReadinessForm,
    ReadinessItem,
    ReadinessOption,
    ReadinessVitals,
    VitalsBand,
)
from kiosk.core.forms.reader import TableReader
from kiosk.core.forms.texts import ident, resolved

# The criterion the readings fill in, and the reasons' own words: no item may take these ids.
RESERVED_IDS = frozenset({"vitals"})
MAX_POINTS = 10  # per item: a form is a checklist, not a ledger


def parse_readiness(data: dict[str, Any], file: str, names: dict[str, object]) -> ReadinessForm:
    """[form] (id, version, title, pass_score), an optional [vitals] with its [[vitals.bands]],
    [[items]] each with [[items.options]] (id, points, text), and [[requirements]] (id, text)."""
    top = TableReader(file, "", data)
    head = top.table("form")
    assert head is not None
    form_id = ident(head, "id")
    version = head.string("version")
    kind = head.string("kind")
    if kind != "readiness":
        raise head.error("kind", "must be 'readiness'")
    title = resolved(file, head.key("title"), head.text("title"), names)
    pass_score = head.integer("pass_score")
    head.finish()
    vitals = _vitals(top, names)
    ids: set[str] = set()
    items = tuple(_item(reader, ids, names) for reader in top.tables("items"))
    requirements = []
    for reader in top.tables("requirements", required=False):
        requirement_id = _unique(reader, ids)
        requirements.append(
            (requirement_id, resolved(file, reader.key("text"), reader.text("text"), names))
        )
        reader.finish()
    top.finish()
    form = ReadinessForm(
        form_id, version, title, pass_score, vitals, items, tuple(requirements), file
    )
    if not 1 <= pass_score <= form.max_score:
        raise head.error("pass_score", f"must be between 1 and the best total, {form.max_score}")
    return form


def _unique(reader: TableReader, ids: set[str]) -> str:
    item_id = ident(reader, "id")
    if item_id in RESERVED_IDS:
        raise reader.error("id", f"'{item_id}' is the criterion the readings fill in")
    if item_id in ids:
        raise reader.error("id", f"duplicate id '{item_id}'")
    ids.add(item_id)
    return item_id


def _points(reader: TableReader) -> int:
    points = reader.integer("points")
    if not 0 <= points <= MAX_POINTS:
        raise reader.error("points", f"must be between 0 and {MAX_POINTS}")
    return points


def _item(reader: TableReader, ids: set[str], names: dict[str, object]) -> ReadinessItem:
    item_id = _unique(reader, ids)
    text = resolved(reader.file, reader.key("text"), reader.text("text"), names)
    options = []
    option_ids: set[str] = set()
    for sub in reader.tables("options"):
        option_id = ident(sub, "id")
        if option_id in option_ids:
            raise sub.error("id", f"duplicate id '{option_id}'")
        option_ids.add(option_id)
        points = _points(sub)
        options.append(
            ReadinessOption(
                option_id, points, resolved(sub.file, sub.key("text"), sub.text("text"), names)
            )
        )
        sub.finish()
    reader.finish()
    if len(options) < 2:
        raise reader.error("options", "needs at least two options")
    if min(o.points for o in options) != 0:
        raise reader.error("options", "one option must score 0 (the worst answer)")
    return ReadinessItem(item_id, text, tuple(options))


def _vitals(top: TableReader, names: dict[str, object]) -> ReadinessVitals | None:
    reader = top.table("vitals", required=False)
    if reader is None:
        return None
    text = resolved(reader.file, reader.key("text"), reader.text("text"), names)
    bands = []
    for sub in reader.tables("bands"):
        within = sub.integer("within_percent")
        if not 1 <= within <= 100:
            raise sub.error("within_percent", "must be between 1 and 100")
        bands.append(VitalsBand(within, _points(sub)))
        sub.finish()
    reader.finish()
    widths = [band.within_percent for band in bands]
    points = [band.points for band in bands]
    if widths != sorted(set(widths)) or points != sorted(points, reverse=True) or points[-1] == 0:
        raise reader.error(
            "bands", "bands go from the narrowest to the widest, each scoring less, none 0"
        )
    return ReadinessVitals(text, tuple(bands))
