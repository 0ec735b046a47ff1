"""The forms that ship in forms/ load, and carry what the clinic asks for."""

from __future__ import annotations

import string
import tomllib

import pytest

from kiosk.core.forms import FormsBundle, Questionnaire, load_forms, shipped_forms_dir
from kiosk.core.text import LANGUAGES, Localized

PHQ9_ITEM_9_EN = "Thoughts that you would be better off dead or of hurting yourself in some way"
PHQ9_STEM_ES = (
    "Durante las últimas 2 semanas, ¿qué tan seguido ha tenido molestias debido a los "
    "siguientes problemas?"
)
STANDARD_OPTIONS = {
    "en": ["Not at all", "Several days", "More than half the days", "Nearly every day"],
    "es": ["Ningún día", "Varios días", "Más de la mitad de los días", "Casi todos los días"],
}

# Each row of the pre-infusion checklist in CLINICAL.md, and the rule(s) that flag it:
# (form, rule id, level, question the rule looks at).
CHECKLIST_ROWS: dict[str, list[tuple[str, str, str, str]]] = {
    "hours since last solid food and since clear liquids": [
        ("checklist", "fasting_food", "red", "hours_since_food"),
        ("checklist", "fasting_clear_liquids", "red", "hours_since_clear_liquids"),
    ],
    "benzodiazepine taken today, which and when": [
        ("checklist", "benzodiazepine_today", "amber", "benzodiazepine_today"),
    ],
    "lamotrigine, stimulants, caffeine within the window": [
        ("checklist", "stimulants_recent", "amber", "stimulants_recent"),
    ],
    "alcohol, cannabis, opioids, recreational drugs in the window": [
        ("checklist", "substances_recent", "red", "substances_recent"),
    ],
    "could be pregnant, or breastfeeding": [
        ("checklist", "pregnancy_possible", "red", "pregnancy"),
    ],
    "high blood pressure, heart disease, stroke, untreated hyperthyroidism": [
        ("checklist", "heart_conditions", "amber", "heart_conditions"),
    ],
    "history of psychosis, mania, or a bad reaction to ketamine": [
        ("checklist", "mental_health_history", "red", "mental_health_history"),
    ],
    "new medicines or health changes since last visit": [
        ("checklist", "health_changes", "amber", "health_changes"),
    ],
    "a responsible adult (18+) will drive you home": [
        ("ride", "no_ride", "red", "has_ride"),
    ],
    "agrees to stay for observation after the infusion": [
        ("checklist", "observation_declined", "red", "agrees_observation"),
    ],
}


@pytest.fixture(scope="module")
def bundle() -> FormsBundle:
    """The shipped forms, loaded once for this module."""
    return load_forms(shipped_forms_dir())


def _questionnaire(bundle: FormsBundle, form: str) -> Questionnaire:
    return bundle.checklist if form == "checklist" else bundle.ride


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_shipped_forms_load_with_their_ids_and_versions(bundle: FormsBundle) -> None:
    """Every shipped form loads through load_forms and has the expected id and version."""
    assert bundle.versions() == {
        "checklist": "2026.1",
        "phq9": "1",
        "gad7": "1",
        "ride": "2026.1",
        "consent": "1",
    }
    assert bundle.settings.clinic.name == "Riverside Infusion Clinic"
    assert bundle.settings.clinic.crisis_line == "988"


def test_phq9_is_the_standard_instrument(bundle: FormsBundle) -> None:
    """PHQ-9 has 9 items with 4 standard options, a 0-27 total, its bands and the item 9 alert."""
    phq9 = bundle.phq9
    assert [item.id for item in phq9.items] == [f"phq9_{n}" for n in range(1, 10)]
    assert [value for value, _ in phq9.options] == [0, 1, 2, 3]
    for language in LANGUAGES:
        assert [label.get(language) for _, label in phq9.options] == STANDARD_OPTIONS[language]
    assert phq9.max_total == 27
    assert phq9.items[8].text.get("en") == PHQ9_ITEM_9_EN
    assert phq9.stem.get("es") == PHQ9_STEM_ES
    assert [(b.minimum, b.maximum, b.key) for b in phq9.severity] == [
        (0, 4, "minimal"),
        (5, 9, "mild"),
        (10, 14, "moderate"),
        (15, 19, "moderately_severe"),
        (20, 27, "severe"),
    ]
    assert phq9.alert is not None
    assert (phq9.alert.item, phq9.alert.above) == ("phq9_9", 0)


def test_gad7_is_the_standard_instrument(bundle: FormsBundle) -> None:
    """GAD-7 has 7 items with 4 standard options, a 0-21 total and its bands."""
    gad7 = bundle.gad7
    assert [item.id for item in gad7.items] == [f"gad7_{n}" for n in range(1, 8)]
    for language in LANGUAGES:
        assert [label.get(language) for _, label in gad7.options] == STANDARD_OPTIONS[language]
    assert gad7.max_total == 21
    assert [(b.minimum, b.maximum, b.key) for b in gad7.severity] == [
        (0, 4, "minimal"),
        (5, 9, "mild"),
        (10, 14, "moderate"),
        (15, 21, "severe"),
    ]


def test_every_checklist_question_is_in_both_languages(bundle: FormsBundle) -> None:
    """Every page, question, hint and option of the checklist and ride has text in en and es."""
    for questionnaire in (bundle.checklist, bundle.ride):
        texts: list[Localized] = [questionnaire.title]
        for page in questionnaire.pages:
            texts.append(page.title)
            for question in page.questions:
                texts.append(question.text)
                if question.hint is not None:
                    texts.append(question.hint)
                texts.extend(option.label for option in question.options)
        for text in texts:
            for language in LANGUAGES:
                assert text.get(language).strip(), f"{questionnaire.id}: empty {language} text"
        for question in questionnaire.questions().values():
            assert question.text.get("en") != question.text.get("es"), f"{question.id} untranslated"


def test_every_checklist_row_has_its_rule(bundle: FormsBundle) -> None:
    """Each pre-infusion checklist row of CLINICAL.md has a rule with its id, level and question."""
    for row, expected in CHECKLIST_ROWS.items():
        for form, rule_id, level, question in expected:
            rules = {rule.id: rule for rule in _questionnaire(bundle, form).rules}
            assert rule_id in rules, f"no rule for: {row}"
            rule = rules[rule_id]
            assert rule.level == level, f"{rule_id} should be {level}"
            assert [c.question for c in rule.when] == [question]
    expected_ids = {
        (form, rule_id) for rows in CHECKLIST_ROWS.values() for form, rule_id, *_ in rows
    }
    shipped_ids = {("checklist", r.id) for r in bundle.checklist.rules} | {
        ("ride", r.id) for r in bundle.ride.rules
    }
    assert shipped_ids == expected_ids


def test_rules_compare_with_settings_and_flag_unsure_pregnancy(bundle: FormsBundle) -> None:
    """Fasting rules use the fasting settings, and "not sure" about pregnancy flags red too."""
    rules = {rule.id: rule for rule in bundle.checklist.rules}
    assert rules["fasting_food"].when[0].setting == "fasting_food_hours"
    assert rules["fasting_clear_liquids"].when[0].setting == "fasting_clear_liquid_hours"
    pregnancy = rules["pregnancy_possible"].when[0]
    assert pregnancy.op == "any_of"
    assert isinstance(pregnancy.value, tuple)
    assert set(pregnancy.value) == {"yes", "not_sure"}


def test_follow_ups_are_on_their_parents_page(bundle: FormsBundle) -> None:
    """A question shown only after another answer sits on the same page as that question."""
    for questionnaire in (bundle.checklist, bundle.ride):
        for page in questionnaire.pages:
            on_page = {q.id for q in page.questions}
            for question in page.questions:
                for condition in question.show_if:
                    assert condition.question in on_page, f"{question.id} is off its parent's page"


def test_every_text_fills_in_from_settings(bundle: FormsBundle) -> None:
    """Every {placeholder} in any shipped text, option label or consent heading is a setting."""
    names = bundle.settings.placeholders()
    texts: list[Localized] = []
    for questionnaire in (bundle.checklist, bundle.ride):
        texts.append(questionnaire.title)
        for page in questionnaire.pages:
            texts.append(page.title)
            for question in page.questions:
                texts.extend([question.text, *(o.label for o in question.options)])
                if question.hint is not None:
                    texts.append(question.hint)
        texts.extend(rule.reason for rule in questionnaire.rules)
    consent = bundle.consent
    texts.extend([consent.title, consent.meaning])
    for section in consent.sections:
        texts.extend([section.heading, section.body])
    for text in texts:
        for language in LANGUAGES:
            assert _placeholders(text.get(language)) <= set(names)
            text.format(language, **names)


def test_every_shipped_toml_file_parses() -> None:
    """Each .toml file under forms/ is valid TOML on its own."""
    paths = sorted(shipped_forms_dir().rglob("*.toml"))
    names = {path.relative_to(shipped_forms_dir()).as_posix() for path in paths}
    assert {
        "settings.toml",
        "checklist.toml",
        "ride.toml",
        "phq9.toml",
        "gad7.toml",
        "consent/v1.toml",
    } <= names
    for path in paths:
        with path.open("rb") as handle:
            assert isinstance(tomllib.load(handle), dict)
