"""The aftercare sheet's content: the no-driving time, every line in both languages, the form."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from kiosk.core.aftercare import (
    AftercareInput,
    clinic_zone,
    compose_aftercare,
    no_driving_until,
)
from kiosk.core.forms import FormError, FormsBundle, load_forms, shipped_forms_dir
from kiosk.core.forms.settings import AftercareSettings
from tests.helpers.forms import broken_forms, copy_forms

CHICAGO = ZoneInfo("America/Chicago")
UTC_MINUS_6 = timezone(timedelta(hours=-6))


def discharge(language: str = "en", **changes: object) -> AftercareInput:
    """A discharge on Saturday 21 November 2026 at 3:04 PM in Chicago, next visit booked."""
    data = AftercareInput(
        patient_name="María José Nuñez",
        language=language,
        discharged_at=datetime(2026, 11, 21, 15, 4, tzinfo=CHICAGO),
        driver_name="Ana Ruiz",
        driver_phone="(555) 123-4567",
        nurse_name="Kim Lee, RN",
        next_appointment=datetime(2026, 11, 28, 10, 0, tzinfo=CHICAGO),
    )
    return replace(data, **changes)


# --- no_driving_until -------------------------------------------------------------------------


def test_plain_afternoon_is_the_same_time_next_day():
    """15:04 + 24 h is 15:04 the next day, in the clinic's zone."""
    start = datetime(2026, 11, 21, 15, 4, tzinfo=UTC_MINUS_6)
    until = no_driving_until(start, 24, CHICAGO)
    assert until.tzinfo is CHICAGO
    assert until.replace(tzinfo=None) == datetime(2026, 11, 22, 15, 4)


def test_across_midnight():
    """22:30 + 24 h is 22:30 the next day."""
    until = no_driving_until(datetime(2026, 5, 12, 22, 30, tzinfo=CHICAGO), 24, CHICAGO)
    assert until.replace(tzinfo=None) == datetime(2026, 5, 13, 22, 30)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (datetime(2026, 11, 30, 16, 0), datetime(2026, 12, 1, 16, 0)),
        (datetime(2026, 12, 31, 9, 15), datetime(2027, 1, 1, 9, 15)),
        (datetime(2028, 2, 28, 11, 0), datetime(2028, 2, 29, 11, 0)),
    ],
    ids=["november_30", "december_31", "leap_day"],
)
def test_month_and_year_ends(start, expected):
    """The day after Nov 30 is Dec 1, after Dec 31 is Jan 1 of the next year, Feb 29 in 2028."""
    until = no_driving_until(start.replace(tzinfo=CHICAGO), 24, CHICAGO)
    assert until.replace(tzinfo=None) == expected


def test_a_twelve_hour_setting():
    """A clinic that sets 12 hours: 15:04 becomes 03:04 the next morning."""
    until = no_driving_until(datetime(2026, 11, 21, 15, 4, tzinfo=CHICAGO), 12, CHICAGO)
    assert until.replace(tzinfo=None) == datetime(2026, 11, 22, 3, 4)


@pytest.mark.parametrize(
    ("start", "wall", "offset_hours"),
    [
        (datetime(2026, 3, 7, 10, 0), datetime(2026, 3, 8, 11, 0), -5),
        (datetime(2026, 10, 31, 10, 0), datetime(2026, 11, 1, 9, 0), -6),
    ],
    ids=["spring_forward", "fall_back"],
)
def test_daylight_saving_changes_count_real_hours(start, wall, offset_hours):
    """Across a DST change the wall time moves an hour, and exactly 24 real hours elapse."""
    start = start.replace(tzinfo=CHICAGO)
    until = no_driving_until(start, 24, CHICAGO)
    assert until.replace(tzinfo=None) == wall
    assert until.utcoffset() == timedelta(hours=offset_hours)
    assert until.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=24)


def test_time_given_in_another_zone_is_shown_in_the_clinics():
    """A discharge time in UTC is shown in the clinic's zone."""
    until = no_driving_until(datetime(2026, 11, 21, 21, 4, tzinfo=UTC), 24, CHICAGO)
    assert until.replace(tzinfo=None) == datetime(2026, 11, 22, 15, 4)


def test_no_zone_means_the_machines_own():
    """With tz None the result is aware, in the machine's local zone, 24 real hours later."""
    start = datetime(2026, 11, 21, 21, 4, tzinfo=UTC)
    until = no_driving_until(start, 24, None)
    assert until.utcoffset() is not None
    assert until - start == timedelta(hours=24)
    assert until == (start + timedelta(hours=24)).astimezone()


def test_clinic_zone_comes_from_settings(forms: FormsBundle):
    """The clinic's zone is its IANA setting, and None (the machine's) when unset."""
    assert clinic_zone(forms.settings) is None
    clinic = replace(forms.settings.clinic, time_zone="America/Chicago")
    assert clinic_zone(replace(forms.settings, clinic=clinic)) == CHICAGO


def test_naive_time_is_refused():
    """A naive discharge time raises ValueError: the kiosk never guesses a zone."""
    with pytest.raises(ValueError, match="aware"):
        no_driving_until(datetime(2026, 11, 21, 15, 4), 24, CHICAGO)


# --- compose_aftercare ------------------------------------------------------------------------


def test_english_sheet(forms: FormsBundle):
    """The English sheet: written-out dates, driver, nurse, clinic phone, settings' hours."""
    sheet = compose_aftercare(forms, discharge("en"), CHICAGO)
    assert sheet.language == "en"
    assert sheet.clinic_name == "Riverside Infusion Clinic"
    assert sheet.clinic_phone == "(555) 010-0199"
    assert sheet.patient_name == "María José Nuñez"
    assert sheet.date_line == "Saturday, November 21, 2026"
    assert sheet.no_driving_until == datetime(2026, 11, 22, 15, 4, tzinfo=CHICAGO)
    assert sheet.no_driving_line == (
        "Do not drive or use machinery until Sunday, November 22, 2026, 3:04 PM."
    )
    assert "Ana Ruiz" in sheet.ride_line
    assert "(555) 123-4567" in sheet.ride_line
    assert sheet.nurse_line == "Discharged by Kim Lee, RN"
    assert "(555) 010-0199" in sheet.questions_line
    assert sheet.next_appointment_line == "Next appointment: Saturday, November 28, 2026, 10:00 AM"
    instructions = " ".join(sheet.instructions)
    assert "24 hours" in instructions
    assert "4 hours" in instructions
    emergency = " ".join(sheet.emergency_lines)
    assert "911" in emergency
    assert "988" in emergency
    assert not any("{" in line for line in (*sheet.instructions, *sheet.emergency_lines))


def test_spanish_sheet(forms: FormsBundle):
    """The Spanish sheet uses Spanish weekdays, months, a 24-hour clock and the same people."""
    sheet = compose_aftercare(forms, discharge("es"), CHICAGO)
    assert sheet.date_line == "sábado, 21 de noviembre de 2026"
    assert "domingo, 22 de noviembre de 2026, 15:04" in sheet.no_driving_line
    assert sheet.no_driving_line.startswith("No maneje")
    assert "Ana Ruiz" in sheet.ride_line
    assert "(555) 123-4567" in sheet.ride_line
    assert "Kim Lee, RN" in sheet.nurse_line
    assert "(555) 010-0199" in sheet.questions_line
    assert "sábado, 28 de noviembre de 2026, 10:00" in sheet.next_appointment_line
    assert "24 horas" in " ".join(sheet.instructions)
    assert "4 horas" in " ".join(sheet.instructions)
    assert "Sunday" not in sheet.no_driving_line


def test_settings_hours_reach_the_instructions(forms: FormsBundle):
    """Changed settings change the no-driving time and the hours in the instructions."""
    hours = AftercareSettings(
        no_driving_hours=12,
        no_decisions_hours=48,
        no_alcohol_cannabis_hours=36,
        no_opioid_benzo_hours=6.5,
    )
    clinic = replace(forms.settings.clinic, phone="(555) 777-0000", emergency_number="112")
    settings = replace(forms.settings, aftercare=hours, clinic=clinic)
    sheet = compose_aftercare(replace(forms, settings=settings), discharge("en"), CHICAGO)
    assert "Sunday, November 22, 2026, 3:04 AM." in sheet.no_driving_line
    instructions = " ".join(sheet.instructions)
    for words in ("48 hours", "36 hours", "6.5 hours"):
        assert words in instructions
    assert "112" in " ".join(sheet.emergency_lines)
    assert "(555) 777-0000" in sheet.questions_line


def test_no_next_appointment_gives_an_empty_line(forms: FormsBundle):
    """Without a booked appointment the next-appointment line is empty."""
    sheet = compose_aftercare(forms, discharge(next_appointment=None), CHICAGO)
    assert sheet.next_appointment_line == ""


def test_blank_driver_phone_does_not_leave_an_empty_gap(forms: FormsBundle):
    """A missing driver phone prints a dash, never an empty space."""
    sheet = compose_aftercare(forms, discharge(driver_phone="  "), CHICAGO)
    assert sheet.ride_line.endswith("—")


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        (" Ana Ruiz \t", "Ana Ruiz"),
        ("\x1f", "—"),  # white space alone, to Python: no name
        ("\x1c\x85\u3000", "—"),
        ("0\x1f", "0\x1f"),  # a control after a name stays, the PDF shows it as U+FFFD
        ("\x1fAna\x01", "\x1fAna\x01"),
        ("\u2028Ana \x1f ", "Ana \x1f"),
    ],
    ids=["spaces", "unit separator alone", "breaks alone", "digit and unit separator",
         "controls around", "breaks and a control"],
)  # fmt: skip
def test_a_driver_or_nurse_is_trimmed_of_white_space_only(
    forms: FormsBundle, typed: str, printed: str
):
    """White space alone prints the dash; otherwise only white space is trimmed at the ends,
    and a control character (\x1f too, which Python counts as white space) is kept, so the
    PDF shows it as U+FFFD wherever it is in the name."""
    sheet = compose_aftercare(forms, discharge(driver_name=typed, nurse_name=typed), CHICAGO)
    assert sheet.ride_line == f"Your ride home: {printed}, phone (555) 123-4567"
    assert sheet.nurse_line == f"Discharged by {printed}"


def test_unknown_language_or_naive_appointment_is_refused(forms: FormsBundle):
    """A language with no texts, or a naive next appointment, raises ValueError."""
    with pytest.raises(ValueError, match="fr"):
        compose_aftercare(forms, discharge("fr"), CHICAGO)
    with pytest.raises(ValueError, match="aware"):
        compose_aftercare(forms, discharge(next_appointment=datetime(2026, 12, 1, 9)), CHICAGO)
    with pytest.raises(ValueError, match="aware"):
        compose_aftercare(forms, discharge(discharged_at=datetime(2026, 12, 1, 9)), CHICAGO)


# --- aftercare.toml ---------------------------------------------------------------------------


def test_shipped_aftercare_loads_with_every_clinical_item(forms: FormsBundle):
    """aftercare.toml loads with its version, each CLINICAL.md instruction and both help lines."""
    aftercare = load_forms(shipped_forms_dir()).aftercare
    assert aftercare.version == "2026.1"
    assert aftercare.file == "aftercare.toml"
    assert [item.id for item in aftercare.instructions] == [
        "no_decisions",
        "no_alcohol_cannabis",
        "no_opioids_benzodiazepines",
        "expected_effects",
        "rest_eat_drink",
        "iv_dressing",
    ]
    assert [item.id for item in aftercare.emergency] == ["emergency", "crisis"]
    for item in aftercare.instructions:
        assert item.text.get("en") != item.text.get("es"), f"{item.id} untranslated"
    assert forms.aftercare == aftercare


# (case id, text to replace, replacement, the FormError's key, words of its problem)
BROKEN: list[tuple[str, str, str, str, str]] = [
    (
        "unknown key in [aftercare]",
        'version = "2026.1"',
        'version = "2026.1"\ncolour = "red"',
        "aftercare.colour",
        "unknown key",
    ),
    (
        "unknown key in an instruction",
        'id = "iv_dressing"',
        'id = "iv_dressing"\nbold = true',
        "instructions[5].bold",
        "unknown key",
    ),
    (
        "missing Spanish",
        'title.es = "Cuidados después de su infusión"\n',
        "",
        "aftercare.title.es",
        "missing translation",
    ),
    (
        "missing Spanish in an emergency line",
        'text.es = "Si tiene pensamientos',
        'text.fr = "Si tiene pensamientos',
        "emergency[1].text.es",
        "missing translation",
    ),
    (
        "unknown placeholder",
        "{no_decisions_hours} hours",
        "{no_decision_hours} hours",
        "instructions[0].text.en",
        "{no_decision_hours} is not a setting",
    ),
    (
        "a line's field elsewhere",
        'title.en = "Taking care of yourself after your infusion"',
        'title.en = "Taking care of yourself until {until}"',
        "aftercare.title.en",
        "{until} is not a setting",
    ),
    (
        "no-driving line without its time",
        'no_driving.es = "No maneje ni use maquinaria hasta el {until}."',
        'no_driving.es = "No maneje ni use maquinaria."',
        "aftercare.no_driving.es",
        "must contain {until}",
    ),
    (
        "bad braces",
        'discharged_by.en = "Discharged by {nurse}"',
        'discharged_by.en = "Discharged by {nurse"',
        "aftercare.discharged_by.en",
        "bad {placeholder}",
    ),
    (
        "duplicate instruction id",
        'id = "iv_dressing"',
        'id = "no_decisions"',
        "instructions[5].id",
        "duplicate",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "key", "problem"), [case[1:] for case in BROKEN], ids=[c[0] for c in BROKEN]
)
def test_broken_aftercare_names_file_and_key(tmp_path, old, new, key, problem):
    """Each mistake in aftercare.toml is a FormError naming aftercare.toml and the key."""
    folder = broken_forms(tmp_path, "aftercare.toml", old, new)
    with pytest.raises(FormError) as caught:
        load_forms(folder)
    assert caught.value.file == "aftercare.toml"
    assert caught.value.key == key
    assert problem in caught.value.problem


def test_missing_aftercare_file(tmp_path):
    """A forms folder without aftercare.toml is a FormError naming the file."""
    folder = copy_forms(tmp_path)
    (folder / "aftercare.toml").unlink()
    with pytest.raises(FormError, match=re.escape("aftercare.toml: file is missing")):
        load_forms(folder)
