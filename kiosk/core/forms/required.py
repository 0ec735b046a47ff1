"""The form, question and answer ids the code relies on, declared once and checked at load."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.core.forms.errors import FormError
from kiosk.core.forms.model import FormsBundle, Instrument, Questionnaire, QuestionType

# --- Form ids: the answers, scores and exports are keyed by them ------------------------------

CHECKLIST_FORM = "checklist"  # CSV checklist columns, FHIR QuestionnaireResponse order
RIDE_FORM = "ride"  # the station's ride, discharge prefill, CSV ride columns, records' ride
PHQ9_FORM = "phq9"  # scores: CSV phq9_* columns, FHIR total (LOINC), day report, trend chart
GAD7_FORM = "gad7"  # scores: CSV gad7_* columns, FHIR total (LOINC), day report, trend chart

# --- Checklist questions: CSV columns of the same name -----------------------------------------

HOURS_SINCE_FOOD = "hours_since_food"
HOURS_SINCE_CLEAR_LIQUIDS = "hours_since_clear_liquids"
BENZODIAZEPINE_TODAY = "benzodiazepine_today"
SUBSTANCES_RECENT = "substances_recent"
PREGNANCY = "pregnancy"

# --- Ride questions: discharge prefill, nurse's detail, day report, CSV columns ---------------

HAS_RIDE = "has_ride"
HAS_RIDE_YES = "yes"  # the answer the detail and the day report compare has_ride with
DRIVER_NAME = "driver_name"
DRIVER_PHONE = "driver_phone"
DRIVER_RELATIONSHIP = "driver_relationship"

# --- Instrument items ----------------------------------------------------------------------

PHQ9_ITEM9 = "phq9_9"  # CSV column phq9_item9

# The question types whose answer is one option value (compared with, or shown as, a word).
_ONE_VALUE = (QuestionType.CHOICE, QuestionType.YES_NO)


@dataclass(frozen=True)
class Required:
    """One id the code relies on: a form, a question or item of it, and how it is read."""

    file: str  # the form file that must declare it
    form: str  # the form's id
    question: str = ""  # a question (or instrument item) id; "" for the form id itself
    types: tuple[QuestionType, ...] = ()  # question types the code can read; () any
    answer: str = ""  # an answer value the code compares with; "" none
    used_by: str = ""  # what relies on it, for the error message and the README


REQUIRED: tuple[Required, ...] = (
    Required("checklist.toml", CHECKLIST_FORM, used_by="CSV and FHIR exports"),
    Required("ride.toml", RIDE_FORM, used_by="discharge prefill, station, CSV and FHIR exports"),
    Required("phq9.toml", PHQ9_FORM, used_by="CSV and FHIR exports, day report, trend chart"),
    Required("gad7.toml", GAD7_FORM, used_by="CSV and FHIR exports, day report, trend chart"),
    Required(
        "checklist.toml",
        CHECKLIST_FORM,
        HOURS_SINCE_FOOD,
        (QuestionType.HOURS,),
        used_by="CSV column hours_since_food (a number)",
    ),
    Required(
        "checklist.toml",
        CHECKLIST_FORM,
        HOURS_SINCE_CLEAR_LIQUIDS,
        (QuestionType.HOURS,),
        used_by="CSV column hours_since_clear_liquids (a number)",
    ),
    Required(
        "checklist.toml",
        CHECKLIST_FORM,
        BENZODIAZEPINE_TODAY,
        _ONE_VALUE,
        used_by="CSV column benzodiazepine_today (one answer)",
    ),
    Required(
        "checklist.toml",
        CHECKLIST_FORM,
        SUBSTANCES_RECENT,
        (QuestionType.MULTI_CHOICE, *_ONE_VALUE),
        used_by="CSV column substances_recent (option values)",
    ),
    Required(
        "checklist.toml",
        CHECKLIST_FORM,
        PREGNANCY,
        _ONE_VALUE,
        used_by="CSV column pregnancy (one answer)",
    ),
    Required(
        "ride.toml",
        RIDE_FORM,
        HAS_RIDE,
        _ONE_VALUE,
        HAS_RIDE_YES,
        used_by="nurse's detail, day report, CSV column has_ride",
    ),
    Required(
        "ride.toml",
        RIDE_FORM,
        DRIVER_NAME,
        (QuestionType.TEXT,),
        used_by="discharge prefill, nurse's detail, CSV column driver_name",
    ),
    Required(
        "ride.toml",
        RIDE_FORM,
        DRIVER_PHONE,
        (QuestionType.PHONE,),
        used_by="discharge prefill, nurse's detail, CSV column driver_phone",
    ),
    Required(
        "ride.toml",
        RIDE_FORM,
        DRIVER_RELATIONSHIP,
        (QuestionType.CHOICE, QuestionType.TEXT),
        used_by="nurse's detail, CSV column driver_relationship (one answer)",
    ),
    Required("phq9.toml", PHQ9_FORM, PHQ9_ITEM9, used_by="CSV column phq9_item9"),
)
"""Every id above, where it must be and how the code reads it; ``load_forms`` checks each."""


def check_required(bundle: FormsBundle) -> None:
    """Raise a FormError naming the file and key of the first required id that is missing."""
    forms: dict[str, Questionnaire | Instrument] = {
        "checklist.toml": bundle.checklist,
        "ride.toml": bundle.ride,
        "phq9.toml": bundle.phq9,
        "gad7.toml": bundle.gad7,
    }
    for need in REQUIRED:
        form = forms[need.file]
        why = f"the kiosk relies on it ({need.used_by})"
        if form.id != need.form:
            raise FormError(need.file, "form.id", f"must be '{need.form}': {why}")
        if not need.question:
            continue
        if isinstance(form, Instrument):
            if need.question not in {item.id for item in form.items}:
                raise FormError(need.file, need.question, f"item is missing: {why}")
            continue
        _check_question(form, need, why)


def _check_question(form: Questionnaire, need: Required, why: str) -> None:
    # imported here: kiosk.core.intake_line reads this module's ids without the parsers
    from kiosk.core.forms.parse_questionnaire import option_values  # noqa: PLC0415

    for p, page in enumerate(form.pages):
        for q, question in enumerate(page.questions):
            if question.id != need.question:
                continue
            key = f"pages[{p}].questions[{q}]"
            if need.types and question.type not in need.types:
                allowed = " or ".join(t.value for t in need.types)
                raise FormError(
                    need.file, f"{key}.type", f"'{need.question}' must be {allowed}: {why}"
                )
            if need.answer and need.answer not in option_values(question):
                raise FormError(
                    need.file,
                    f"{key}.options",
                    f"'{need.question}' needs the answer '{need.answer}': {why}",
                )
            return
    raise FormError(need.file, need.question, f"question is missing: {why}")
