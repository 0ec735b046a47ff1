"""Templates are filled in one pass: a value holding %2 or {until} comes out as it went in."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from kiosk.core.aftercare import AftercareInput, compose_aftercare
from kiosk.core.forms import FormError, load_forms, shipped_forms_dir
from kiosk.core.forms.texts import check_texts
from kiosk.core.text import Localized, fill_names


def test_named_placeholders_are_filled_once() -> None:
    values = {"until": "{nurse} %1", "nurse": "Nora {until}", "hours": 6}
    assert fill_names("until {until}, by {nurse}", values) == ("until {nurse} %1, by Nora {until}")
    assert fill_names("{hours:>3}h {{literal}} {nurse!r}", values) == (
        "  6h {literal} 'Nora {until}'"
    )
    assert fill_names("%1 {until}", values) == "%1 {nurse} %1"
    with pytest.raises(KeyError):
        fill_names("{missing}", values)


@pytest.mark.parametrize(
    "template",
    ["{a} and {b}", "{a:>12}|{b:<4}", "{{{a}}}", "{a!r} {b!s}", "no fields", "{b:.2f}"],
)
def test_named_placeholders_agree_with_str_format(template: str) -> None:
    values = {"a": "x {b} %1", "b": 2.5}
    assert fill_names(template, values) == template.format(**values)


def test_localized_text_fills_its_placeholders_once() -> None:
    text = Localized({"en": "Discharged by {nurse}", "es": "Le dio de alta: {nurse}"})
    assert text.format("en", nurse="Nora %1 {until}") == "Discharged by Nora %1 {until}"


def test_the_aftercare_sheet_keeps_names_as_typed() -> None:
    """Every line of the sheet with a driver and a nurse whose names look like placeholders."""
    forms = load_forms(shipped_forms_dir())
    data = AftercareInput(
        patient_name="Ana %2 {until} %1 %3",
        language="en",
        discharged_at=datetime(2026, 11, 21, 21, 4, tzinfo=UTC),
        driver_name="{nurse} %1%2%4",
        driver_phone="(555) 123-4567",
        nurse_name="Nora %1 %3 {until}",
        next_appointment=None,
    )
    for language in ("en", "es"):
        sheet = compose_aftercare(forms, replace(data, language=language), UTC)
        assert sheet.patient_name == "Ana %2 {until} %1 %3"
        assert "{nurse} %1%2%4" in sheet.ride_line and "(555) 123-4567" in sheet.ride_line
        assert sheet.nurse_line.endswith("Nora %1 %3 {until}")
        assert "{" not in sheet.no_driving_line


@pytest.mark.parametrize(
    ("template", "problem"),
    [
        ("{hours!x}", "bad {placeholder}"),
        ("{hours", "bad {placeholder}"),
        ("{nobody}", "is not a setting"),
        ("{hours:d} {clinic:d}", "cannot be filled in"),
    ],
)
def test_form_texts_that_cannot_be_filled_are_refused(template: str, problem: str) -> None:
    text = Localized({"en": template, "es": "{hours}"})
    with pytest.raises(FormError, match=re.escape(problem)):
        check_texts("settings.toml", "text", text, {"hours": 6, "clinic": "Lakeside"})
    check_texts(
        "settings.toml", "text", Localized({"en": "{hours:>3}", "es": "{{x}}"}), {"hours": 6}
    )
