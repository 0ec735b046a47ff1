"""The aftercare sheet's content: the no-driving time, every line in both languages, the form."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from kiosk.core.aftercare import (
    AftercareInput,
    SeenEffect,
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


# --- What happened today ------------------------------------------------------------------------

STARTED = datetime(2026, 11, 21, 19, 2, tzinfo=UTC)  # 1:02 PM in Chicago
ENDED = datetime(2026, 11, 21, 19, 47, tzinfo=UTC)  # 1:47 PM
NAUSEA = SeenEffect("nausea", "mild", datetime(2026, 11, 21, 19, 20, tzinfo=UTC))
DIZZY = SeenEffect("dizziness", "moderate", datetime(2026, 11, 21, 19, 50, tzinfo=UTC))
ITCHY = SeenEffect("other", "severe", datetime(2026, 11, 21, 20, 5, tzinfo=UTC), "itchy {arms}")


def the_day(language: str = "en", *effects: SeenEffect, ended: bool = True) -> AftercareInput:
    """The discharge with the infusion recorded (1:02 to 1:47 PM in Chicago) and ``effects``."""
    return discharge(
        language,
        infusion_started_at=STARTED,
        infusion_ended_at=ENDED if ended else None,
        side_effects=effects,
    )


def test_today_in_english_tells_times_effects_and_what_to_do(forms: FormsBundle) -> None:
    """The infusion's times in clinic time, each side effect in plain words in the order seen
    with how strong it was, and one "if it continues" line per kind, in the order first seen."""
    sheet = compose_aftercare(forms, the_day("en", NAUSEA, DIZZY, ITCHY, NAUSEA), CHICAGO)
    assert sheet.today_heading == "What happened today"
    assert sheet.infusion_line == "Your infusion started at 1:02 PM and ended at 1:47 PM."
    assert sheet.seen_heading == "What we noticed during your visit:"
    assert sheet.seen_lines == (
        "1:20 PM: Feeling sick to your stomach (nausea), mild",
        "1:50 PM: Feeling dizzy, moderate",
        "2:05 PM: Something else: itchy {arms}, severe",
        "1:20 PM: Feeling sick to your stomach (nausea), mild",
    )
    assert sheet.none_seen_line == ""
    assert sheet.if_continues_heading == "If these continue"
    assert len(sheet.if_continues_lines) == 3
    assert sheet.if_continues_lines[0].startswith("If you still feel sick to your stomach")
    assert "(555) 010-0199" in sheet.if_continues_lines[0]  # {clinic_phone} filled in
    assert sheet.if_continues_lines[1].startswith("If you still feel dizzy")
    assert sheet.if_continues_lines[2].startswith("If anything else we noticed continues")


def test_today_in_spanish(forms: FormsBundle) -> None:
    """The same day in Spanish: 24-hour times, the effects' Spanish words and severities."""
    sheet = compose_aftercare(forms, the_day("es", NAUSEA, ITCHY), CHICAGO)
    assert sheet.today_heading == "Lo que pasó hoy"
    assert sheet.infusion_line == "Su infusión empezó a las 13:02 y terminó a las 13:47."
    assert sheet.seen_lines == (
        "13:20: Malestar de estómago (náuseas), intensidad leve",
        "14:05: Otra molestia: itchy {arms}, intensidad fuerte",
    )
    assert sheet.if_continues_heading == "Si esto continúa"
    assert sheet.if_continues_lines[0].startswith("Si sigue con malestar de estómago")
    assert sheet.if_continues_lines[1].startswith("Si alguna otra molestia")


def test_an_infusion_without_side_effects_says_so(forms: FormsBundle) -> None:
    """No side effect seen: the times and "none noticed", no list, no advice."""
    sheet = compose_aftercare(forms, the_day("en"), CHICAGO)
    assert sheet.infusion_line == "Your infusion started at 1:02 PM and ended at 1:47 PM."
    assert sheet.none_seen_line == "We did not notice any side effects."
    assert sheet.seen_heading == sheet.if_continues_heading == ""
    assert sheet.seen_lines == sheet.if_continues_lines == ()


def test_an_infusion_whose_end_was_not_marked_gives_its_start(forms: FormsBundle) -> None:
    """Only the start when the end was not marked."""
    sheet = compose_aftercare(forms, the_day("es", ended=False), CHICAGO)
    assert sheet.infusion_line == "Su infusión empezó a las 13:02."


def test_side_effects_without_an_infusion_are_told(forms: FormsBundle) -> None:
    """A side effect recorded with no infusion marked: the effects, no times line."""
    sheet = compose_aftercare(forms, discharge(side_effects=(DIZZY,)), CHICAGO)
    assert sheet.today_heading and sheet.infusion_line == ""
    assert sheet.seen_lines == ("1:50 PM: Feeling dizzy, moderate",)


def test_nothing_recorded_is_the_sheet_as_before(forms: FormsBundle) -> None:
    """An intake without infusion or side effect: no section, the sheet as it always was; a
    clinic's texts without [today] never print one."""
    before = compose_aftercare(forms, discharge(), CHICAGO)
    assert before.today_heading == "" and before.seen_lines == before.if_continues_lines == ()
    without = replace(forms, aftercare=replace(forms.aftercare, today=None))
    assert compose_aftercare(without, the_day("en", NAUSEA), CHICAGO) == before


def test_the_day_needs_aware_times(forms: FormsBundle) -> None:
    """A time without its zone cannot be put in clinic time."""
    with pytest.raises(ValueError, match="aware"):
        compose_aftercare(forms, discharge(infusion_started_at=datetime(2026, 11, 21, 13)), CHICAGO)


TODAY_BROKEN = [
    (
        "unknown kind",
        'kind = "headache"',
        'kind = "hiccups"',
        "today.side_effects[4].kind",
        "must be one of",
    ),
    (
        "duplicate kind",
        'kind = "vomiting"',
        'kind = "nausea"',
        "today.side_effects[1].kind",
        "duplicate kind 'nausea'",
    ),
    (
        "other without the nurse's words",
        'name.es = "Otra molestia: {other}"',
        'name.es = "Otra molestia"',
        "today.side_effects[8].name.es",
        "must contain {other}",
    ),
    (
        "another kind with the nurse's words",
        'name.en = "Headache"',
        'name.en = "Headache {other}"',
        "today.side_effects[4].name.en",
        "{other} is not",
    ),
    (
        "a seen line without its effect",
        'seen.en = "{time}: {effect}, {severity}"',
        'seen.en = "{time}: {severity}"',
        "today.seen.en",
        "must contain {effect}",
    ),
    (
        "the times line with another line's field",
        'infusion.es = "Su infusión empezó a las {started} y terminó a las {ended}."',
        'infusion.es = "Su infusión empezó a las {started} ({nurse})."',
        "today.infusion.es",
        "{nurse} is not",
    ),
    (
        "a severity missing its translation",
        'moderate.es = "moderada"\n',
        "",
        "today.severities.moderate.es",
        "missing translation",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "key", "problem"),
    [case[1:] for case in TODAY_BROKEN],
    ids=[c[0] for c in TODAY_BROKEN],
)
def test_broken_today_texts_name_file_and_key(tmp_path, old, new, key, problem):
    """[today] is checked like the sheet's other texts: each mistake names its key."""
    folder = broken_forms(tmp_path, "aftercare.toml", old, new)
    with pytest.raises(FormError) as caught:
        load_forms(folder)
    assert caught.value.file == "aftercare.toml"
    assert caught.value.key == key
    assert problem in caught.value.problem


def test_every_kind_needs_its_texts(tmp_path):
    """A kind of side effect without its [[today.side_effects]] is a FormError naming it."""
    folder = copy_forms(tmp_path)
    path = folder / "aftercare.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index('[[today.side_effects]]\nkind = "anxiety"')
    end = text.index("[[today.side_effects]]", start + 10)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(FormError) as caught:
        load_forms(folder)
    assert caught.value.key == "today.side_effects"
    assert "anxiety" in caught.value.problem


def test_a_sheet_without_today_loads(tmp_path):
    """A clinic's older aftercare.toml without [today] still loads; its sheets have no section."""
    folder = copy_forms(tmp_path)
    path = folder / "aftercare.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("\n[today]")] + "\n", encoding="utf-8")
    assert load_forms(folder).aftercare.today is None
