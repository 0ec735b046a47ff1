"""Parse a scored instrument (PHQ-9, GAD-7): options, items, severity bands and alert."""

from __future__ import annotations

from typing import Any

from kiosk.core.forms.errors import FormError
from kiosk.core.forms.model import Alert, Instrument, InstrumentItem, SeverityBand
from kiosk.core.forms.reader import TableReader
from kiosk.core.forms.texts import check_texts, ident
from kiosk.core.text import Localized


def parse_instrument(data: dict[str, Any], file: str) -> Instrument:
    """A scored instrument: [form], [[options]], [[items]], [[severity]], optional [alert]."""
    top = TableReader(file, "", data)
    form = top.table("form")
    assert form is not None
    form_id = ident(form, "id")
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
        item_id = ident(i_reader, "id")
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
                ident(b_reader, "key"),
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
        check_texts(file, key, text, {})
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
