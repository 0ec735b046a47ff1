"""The clinic's content as validated data: settings, checklist, instruments, consent, aftercare."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

# Each name is imported from its module when first asked for (PEP 562): a program that only needs
# the settings (an export) does not load the forms' parsers and model.
_HOMES = {
    "FormError": "kiosk.core.forms.errors",
    "load_forms": "kiosk.core.forms.loader",
    "shipped_forms_dir": "kiosk.core.forms.loader",
    "Settings": "kiosk.core.forms.settings",
}


def __getattr__(name: str) -> Any:
    """The public name ``name`` from its module (kiosk.core.forms.model unless said above)."""
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOMES.get(name, "kiosk.core.forms.model")), name)
    globals()[name] = value
    return value


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
