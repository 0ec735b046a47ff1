"""The clinic's content as validated data: settings, checklist, instruments, consent, aftercare."""

from kiosk.core.forms.errors import FormError
from kiosk.core.forms.loader import load_forms, shipped_forms_dir
from kiosk.core.forms.model import (
    Aftercare,
    AftercareItem,
    Answer,
    Condition,
    Consent,
    ConsentSection,
    FormsBundle,
    Instrument,
    Option,
    Page,
    Question,
    Questionnaire,
    QuestionType,
    Rule,
    SeverityBand,
)
from kiosk.core.forms.settings import Settings

__all__ = [
    "Aftercare",
    "AftercareItem",
    "Answer",
    "Condition",
    "Consent",
    "ConsentSection",
    "FormError",
    "FormsBundle",
    "Instrument",
    "Option",
    "Page",
    "Question",
    "QuestionType",
    "Questionnaire",
    "Rule",
    "Settings",
    "SeverityBand",
    "load_forms",
    "shipped_forms_dir",
]
