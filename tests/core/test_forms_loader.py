"""The forms loader on broken copies of the shipped forms: each mistake names its file and key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk.core.forms import FormError, load_forms
from kiosk.core.rules import evaluate
from kiosk.core.text import LANGUAGES
from tests.helpers.forms import broken_forms, copy_forms, edit_form

# (case id, file, text to replace, replacement, the FormError's file, its key, words of its problem)
BROKEN: list[tuple[str, str, str, str, str, str, str]] = [
    (
        "unknown key at the top",
        "checklist.toml",
        '[form]\nid = "checklist"',
        'colour = "red"\n\n[form]\nid = "checklist"',
        "checklist.toml",
        "colour",
        "unknown key",
    ),
    (
        "unknown key in [form]",
        "checklist.toml",
        'kind = "questionnaire"',
        'kind = "questionnaire"\ncolour = "red"',
        "checklist.toml",
        "form.colour",
        "unknown key",
    ),
    (
        "unknown key in a question",
        "checklist.toml",
        'id = "hours_since_food"\ntype = "hours"',
        'id = "hours_since_food"\ntype = "hours"\nrequird = false',
        "checklist.toml",
        "pages[0].questions[0].requird",
        "unknown key",
    ),
    (
        "unknown key in an option",
        "checklist.toml",
        'value = "lamotrigine"',
        'value = "lamotrigine"\ncolour = "red"',
        "checklist.toml",
        "pages[2].questions[0].options[0].colour",
        "unknown key",
    ),
    (
        "unknown key in a rule",
        "ride.toml",
        'id = "no_ride"\nlevel = "red"',
        'id = "no_ride"\nlevel = "red"\nurgent = true',
        "ride.toml",
        "rules[0].urgent",
        "unknown key",
    ),
    (
        "unknown key in an instrument item",
        "gad7.toml",
        'id = "gad7_4"',
        'id = "gad7_4"\nreverse = true',
        "gad7.toml",
        "items[3].reverse",
        "unknown key",
    ),
    (
        "unknown key in a consent section",
        "consent/v1.toml",
        'id = "right_to_stop"',
        'id = "right_to_stop"\noptional = true',
        "consent/v1.toml",
        "sections[6].optional",
        "unknown key",
    ),
    (
        "misspelt setting",
        "settings.toml",
        "fasting_food_hours = 6",
        "fasting_food_hour = 6",
        "settings.toml",
        "intake.fasting_food_hour",
        "unknown key",
    ),
    (
        "unknown settings section",
        "settings.toml",
        "[staff]",
        '[printer]\nname = "front desk"\n\n[staff]',
        "settings.toml",
        "printer",
        "unknown key",
    ),
    (
        "missing translation of a question",
        "checklist.toml",
        'text.es = "¿Hace cuántas horas comió algo por última vez?"\n',
        "",
        "checklist.toml",
        "pages[0].questions[0].text.es",
        "missing translation",
    ),
    (
        "show_if naming a question that does not exist",
        "checklist.toml",
        'show_if = {question = "benzodiazepine_today", equals = "yes"}',
        'show_if = {question = "benzo_today", equals = "yes"}',
        "checklist.toml",
        "pages[1].questions[1].show_if.question",
        "'benzo_today' which does not exist",
    ),
    (
        "show_if naming a later question",
        "ride.toml",
        'show_if = {question = "has_ride", equals = "yes"}\ntext.en = "What is your driver\'s name?"',
        'show_if = {question = "driver_phone", answered = true}\ntext.en = "What is your driver\'s name?"',
        "ride.toml",
        "pages[0].questions[1].show_if.question",
        "'driver_phone' which does not exist",
    ),
    (
        "rule naming a question that does not exist",
        "checklist.toml",
        'when = {question = "hours_since_food", less_than_setting',
        'when = {question = "hours_since_meal", less_than_setting',
        "checklist.toml",
        "rules[0].when.question",
        "'hours_since_meal' which does not exist",
    ),
    (
        "rule equals a value that is not an option",
        "ride.toml",
        'equals = "not_yet"}',
        'equals = "no"}',
        "ride.toml",
        "rules[0].when.equals",
        "'no' is not an answer of question 'has_ride'",
    ),
    (
        "rule any_of a value that is not an option",
        "checklist.toml",
        'any_of = ["yes", "not_sure"]',
        'any_of = ["yes", "unsure"]',
        "checklist.toml",
        "rules[5].when.any_of",
        "'unsure' is not an answer of question 'pregnancy'",
    ),
    (
        "less_than_setting naming a setting that does not exist",
        "checklist.toml",
        'less_than_setting = "fasting_food_hours"',
        'less_than_setting = "fasting_hours"',
        "checklist.toml",
        "rules[0].when.less_than_setting",
        "setting 'fasting_hours' which does not exist",
    ),
    (
        "placeholder that is not a setting in a question",
        "checklist.toml",
        "about {observation_minutes} minutes so we can",
        "about {observation_mins} minutes so we can",
        "checklist.toml",
        "pages[8].questions[0].text.en",
        "{observation_mins} is not a setting",
    ),
    (
        "placeholder that is not a setting in a rule reason",
        "checklist.toml",
        "en las últimas {substance_window_hours} horas.",
        "en las últimas {substance_hours} horas.",
        "checklist.toml",
        "rules[4].reason.es",
        "{substance_hours} is not a setting",
    ),
    (
        "placeholder that is not a setting in the consent",
        "consent/v1.toml",
        "machinery for {no_driving_hours} hours",
        "machinery for {no_drive_hours} hours",
        "consent/v1.toml",
        "sections[7].body.en",
        "{no_drive_hours} is not a setting",
    ),
    (
        "bad TOML syntax",
        "checklist.toml",
        'id = "checklist"',
        'id = "checklist',
        "checklist.toml",
        "",
        "not valid TOML",
    ),
    (
        "severity bands with a gap",
        "phq9.toml",
        "min = 5\nmax = 9",
        "min = 6\nmax = 9",
        "phq9.toml",
        "severity",
        "without gaps",
    ),
    (
        "severity bands that stop short",
        "gad7.toml",
        "min = 15\nmax = 21",
        "min = 15\nmax = 20",
        "gad7.toml",
        "severity",
        "must end at 21",
    ),
    (
        "duplicate question ids",
        "checklist.toml",
        'id = "hours_since_clear_liquids"',
        'id = "hours_since_food"',
        "checklist.toml",
        "pages[0].questions[1].id",
        "duplicate question id 'hours_since_food'",
    ),
    (
        "duplicate question ids on different pages",
        "checklist.toml",
        'id = "health_changes_detail"',
        'id = "benzodiazepine_detail"',
        "checklist.toml",
        "pages[7].questions[1].id",
        "duplicate question id 'benzodiazepine_detail'",
    ),
    (
        "consent version not matching the file name",
        "consent/v1.toml",
        "version = 1",
        "version = 2",
        "consent/v1.toml",
        "consent.version",
        "must match the number in the file name",
    ),
    (
        "idle warning shorter than 20 seconds",
        "settings.toml",
        "idle_warning_seconds = 30",
        "idle_warning_seconds = 10",
        "settings.toml",
        "kiosk.idle_warning_seconds",
        "at least 20 seconds",
    ),
    (
        "fractional minutes",
        "settings.toml",
        "observation_minutes = 30",
        "observation_minutes = 30.5",
        "settings.toml",
        "intake.observation_minutes",
        "must be a whole number",
    ),
    (
        "a negative number of hours",
        "settings.toml",
        "fasting_clear_liquid_hours = 2",
        "fasting_clear_liquid_hours = -2",
        "settings.toml",
        "intake.fasting_clear_liquid_hours",
        "must not be negative",
    ),
    (
        "hours given as text",
        "settings.toml",
        "fasting_food_hours = 6",
        'fasting_food_hours = "6"',
        "settings.toml",
        "intake.fasting_food_hours",
        "must be a number",
    ),
    (
        "unknown question type",
        "checklist.toml",
        'id = "health_changes"\ntype = "yes_no"',
        'id = "health_changes"\ntype = "yesno"',
        "checklist.toml",
        "pages[7].questions[0].type",
        "'yesno' is not one of",
    ),
]


def _check(error: FormError, file: str, key: str, problem: str) -> None:
    assert error.file == file
    assert error.key == key
    assert problem in error.problem
    message = str(error)
    assert message.startswith(f"{file}: ")
    assert key in message
    assert problem in message


@pytest.mark.parametrize(
    ("name", "old", "new", "file", "key", "problem"),
    [case[1:] for case in BROKEN],
    ids=[case[0] for case in BROKEN],
)
def test_a_broken_form_names_file_and_key(
    tmp_path: Path, name: str, old: str, new: str, file: str, key: str, problem: str
) -> None:
    """Each kind of mistake in a form file stops loading with a FormError at its file and key."""
    folder = broken_forms(tmp_path, name, old, new)
    with pytest.raises(FormError) as caught:
        load_forms(folder)
    _check(caught.value, file, key, problem)


@pytest.mark.parametrize("name", ["gad7.toml", "phq9.toml", "settings.toml", "ride.toml"])
def test_a_missing_file_is_named(tmp_path: Path, name: str) -> None:
    """A form file that was deleted is reported by name."""
    folder = copy_forms(tmp_path)
    (folder / name).unlink()
    with pytest.raises(FormError) as caught:
        load_forms(folder)
    _check(caught.value, name, "", "file is missing")


def test_a_missing_forms_folder_is_named(tmp_path: Path) -> None:
    """Pointing the kiosk at a folder that does not exist says so."""
    with pytest.raises(FormError, match="forms folder does not exist"):
        load_forms(tmp_path / "nowhere")


@pytest.mark.parametrize("wrong_name", ["version1.toml", "v1.tml.toml", "V1.toml", "v.toml"])
def test_a_consent_file_named_wrong(tmp_path: Path, wrong_name: str) -> None:
    """Consent files must be called vN.toml; any other .toml in consent/ is an error."""
    folder = copy_forms(tmp_path)
    (folder / "consent" / "v1.toml").rename(folder / "consent" / wrong_name)
    with pytest.raises(FormError) as caught:
        load_forms(folder)
    _check(caught.value, f"consent/{wrong_name}", "", "consent files are named vN.toml")


def test_a_consent_file_renamed_to_another_version(tmp_path: Path) -> None:
    """v1's text saved as v2.toml (without raising its version) is refused."""
    folder = copy_forms(tmp_path)
    (folder / "consent" / "v1.toml").rename(folder / "consent" / "v2.toml")
    with pytest.raises(FormError) as caught:
        load_forms(folder)
    _check(caught.value, "consent/v2.toml", "consent.version", "must match")


def test_no_consent_at_all(tmp_path: Path) -> None:
    """An empty consent folder is an error: patients must have something to sign."""
    folder = copy_forms(tmp_path)
    (folder / "consent" / "v1.toml").unlink()
    with pytest.raises(FormError, match="no consent version"):
        load_forms(folder)


def test_a_second_consent_version_becomes_current(tmp_path: Path) -> None:
    """A copy saved as v2.toml with version = 2 loads, and patients see the newest version."""
    folder = copy_forms(tmp_path)
    text = (folder / "consent" / "v1.toml").read_text(encoding="utf-8")
    (folder / "consent" / "v2.toml").write_text(
        text.replace("version = 1", "version = 2"), encoding="utf-8"
    )
    bundle = load_forms(folder)
    assert sorted(bundle.consents) == [1, 2]
    assert bundle.consent.version == 2
    assert bundle.versions()["consent"] == "2"


def test_fractional_hours_setting_is_accepted(tmp_path: Path) -> None:
    """fasting_food_hours = 6.5 loads, the rule compares with 6.5 and the reason says 6.5."""
    folder = broken_forms(
        tmp_path, "settings.toml", "fasting_food_hours = 6", "fasting_food_hours = 6.5"
    )
    bundle = load_forms(folder)
    assert bundle.settings.intake.fasting_food_hours == 6.5
    (flag,) = evaluate(bundle.checklist, {"hours_since_food": 6.4}, bundle.settings)
    assert flag.code == "fasting_food"
    assert "6.5 hours" in flag.reason.get("en")
    assert evaluate(bundle.checklist, {"hours_since_food": 6.5}, bundle.settings) == []


def test_idle_warning_of_exactly_20_seconds_is_accepted(tmp_path: Path) -> None:
    """20 seconds is the shortest warning allowed."""
    folder = broken_forms(
        tmp_path, "settings.toml", "idle_warning_seconds = 30", "idle_warning_seconds = 20"
    )
    assert load_forms(folder).settings.kiosk.idle_warning_seconds == 20


def test_settings_left_out_keep_their_defaults(tmp_path: Path) -> None:
    """A section or key missing from settings.toml takes the default, not an error."""
    folder = copy_forms(tmp_path)
    path = folder / "settings.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text[: text.index("[vitals]")] + text[text.index("[staff]") :], encoding="utf-8"
    )
    edit_form(folder, "settings.toml", "pin_attempts = 5\n", "")
    bundle = load_forms(folder)
    assert bundle.settings.vitals.systolic_max == 160
    assert bundle.settings.staff.pin_attempts == 5
    assert bundle.settings.staff.lockout_minutes == 5


def test_consent_text_has_its_placeholders_filled(tmp_path: Path) -> None:
    """The consent the patient reads (and whose hash is stored) has every {setting} filled in."""
    folder = broken_forms(
        tmp_path, "settings.toml", "observation_minutes = 30", "observation_minutes = 45"
    )
    bundle = load_forms(folder)
    for language in LANGUAGES:
        text = bundle.consent.text(language)
        assert "{" not in text
        assert "}" not in text
        assert re.search(r"\b45 minut", text)
        assert re.search(r"\b24 (hours|horas)", text)
    assert bundle.consent.text("en").startswith("Consent for ketamine infusion treatment\n\n")
    assert bundle.consent.text("en").endswith("I consent to ketamine infusion treatment\n")


# --- known bugs -------------------------------------------------------------------------------

# (case id, edits as (file, old, new), the FormError's file, its key)
UNFORMATTABLE: list[tuple[str, list[tuple[str, str, str]], str, str]] = [
    (
        "question text with an unknown conversion",
        [
            (
                "checklist.toml",
                "about {observation_minutes} minutes so we can",
                "about {observation_minutes!x} minutes so we can",
            )
        ],
        "checklist.toml",
        "pages[8].questions[0].text.en",
    ),
    (
        "rule reason with a format that does not suit the setting",
        [
            ("settings.toml", "fasting_food_hours = 6", "fasting_food_hours = 6.5"),
            (
                "checklist.toml",
                "less than {fasting_food_hours} hours ago.",
                "less than {fasting_food_hours:d} hours ago.",
            ),
        ],
        "checklist.toml",
        "rules[0].reason.en",
    ),
    (
        "consent body with an unknown conversion",
        [
            (
                "consent/v1.toml",
                "machinery for {no_driving_hours} hours",
                "machinery for {no_driving_hours!x} hours",
            )
        ],
        "consent/v1.toml",
        "sections[7].body.en",
    ),
]


@pytest.mark.parametrize(
    ("edits", "file", "key"),
    [case[1:] for case in UNFORMATTABLE],
    ids=[case[0] for case in UNFORMATTABLE],
)
def test_a_text_that_cannot_be_filled_in_is_a_form_error(
    tmp_path: Path, edits: list[tuple[str, str, str]], file: str, key: str
) -> None:
    """A {placeholder} naming a real setting but with a conversion or format that fails is
    refused at load with a FormError at its file and key, not when a patient reaches it."""
    folder = copy_forms(tmp_path)
    for name, old, new in edits:
        edit_form(folder, name, old, new)
    with pytest.raises(FormError) as caught:
        load_forms(folder)
    assert (caught.value.file, caught.value.key) == (file, key)


def test_two_files_for_one_consent_version_are_refused(tmp_path: Path) -> None:
    """v1.toml and v01.toml both claiming version 1 is an error, not a choice by file name."""
    folder = copy_forms(tmp_path)
    text = (folder / "consent" / "v1.toml").read_text(encoding="utf-8")
    (folder / "consent" / "v01.toml").write_text(
        text.replace("You can stop at any time", "You may stop whenever you like"),
        encoding="utf-8",
    )
    with pytest.raises(FormError) as caught:
        load_forms(folder)
    assert caught.value.key == "consent.version"


@pytest.mark.parametrize(
    ("old", "new", "key", "problem"),
    [
        (
            "idle_timeout_seconds = 90",
            "idle_timeout_seconds = 9000000000000",
            "kiosk.idle_timeout_seconds",
            "at most 604800 seconds",
        ),
        ("no_driving_hours = 24", "no_driving_hours = 2400", "aftercare.no_driving_hours", "168"),
        ("keep = 14", "keep = 14000000", "backup.keep", "at most 100000"),
    ],
    ids=["seconds", "hours", "count"],
)
def test_a_setting_far_too_large_is_a_form_error(
    tmp_path: Path, old: str, new: str, key: str, problem: str
) -> None:
    """A typo with extra zeros is named at its key instead of overflowing a timer at start."""
    folder = broken_forms(tmp_path, "settings.toml", old, new)
    with pytest.raises(FormError) as caught:
        load_forms(folder)
    _check(caught.value, "settings.toml", key, problem)
