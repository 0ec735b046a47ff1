"""Parse a forms folder into a FormsBundle; every mistake is a FormError naming file and key."""

from __future__ import annotations

import re
from pathlib import Path

from kiosk import content
from kiosk.core.forms.errors import FormError
from kiosk.core.forms.model import Consent, FormsBundle
from kiosk.core.forms.parse_aftercare import parse_aftercare
from kiosk.core.forms.parse_consent import parse_consent
from kiosk.core.forms.parse_instrument import parse_instrument
from kiosk.core.forms.parse_questionnaire import parse_questionnaire
from kiosk.core.forms.parse_readiness import parse_readiness
from kiosk.core.forms.parse_settings import parse_settings
from kiosk.core.forms.required import check_required
from kiosk.core.forms.toml_file import read_toml

__all__ = [
    "load_consents",
    "load_forms",
    "parse_aftercare",
    "parse_consent",
    "parse_instrument",
    "parse_questionnaire",
    "parse_readiness",
    "parse_settings",
    "read_toml",
    "shipped_forms_dir",
]

_CONSENT_FILE = re.compile(r"^v(\d+)\.toml$")


def shipped_forms_dir() -> Path:
    """The forms folder that ships with the kiosk."""
    return content.forms_dir()


def load_forms(folder: Path) -> FormsBundle:
    """Load and cross-check every form file in ``folder``."""
    if not folder.is_dir():
        raise FormError(str(folder), "", "forms folder does not exist")
    settings = parse_settings(read_toml(folder / "settings.toml", "settings.toml"), "settings.toml")
    names = settings.placeholders()
    checklist = parse_questionnaire(
        read_toml(folder / "checklist.toml", "checklist.toml"), "checklist.toml", names
    )
    ride = parse_questionnaire(read_toml(folder / "ride.toml", "ride.toml"), "ride.toml", names)
    phq9 = parse_instrument(read_toml(folder / "phq9.toml", "phq9.toml"), "phq9.toml")
    gad7 = parse_instrument(read_toml(folder / "gad7.toml", "gad7.toml"), "gad7.toml")
    consents = load_consents(folder / "consent", names)
    aftercare = parse_aftercare(
        read_toml(folder / "aftercare.toml", "aftercare.toml"), "aftercare.toml", names
    )
    readiness = parse_readiness(
        read_toml(folder / "readiness.toml", "readiness.toml"), "readiness.toml", names
    )
    ids = [checklist.id, ride.id, phq9.id, gad7.id, "consent", readiness.id]
    if len(set(ids)) != len(ids):
        raise FormError(folder.name, "form.id", f"form ids must differ, got {ids}")
    bundle = FormsBundle(
        settings, checklist, phq9, gad7, ride, consents, aftercare=aftercare, readiness=readiness
    )
    check_required(bundle)
    return bundle


def load_consents(folder: Path, names: dict[str, object]) -> dict[int, Consent]:
    """Every consent version in ``consent/vN.toml``."""
    if not folder.is_dir():
        raise FormError("consent/", "", "folder is missing")
    consents: dict[int, Consent] = {}
    for path in sorted(folder.glob("*.toml")):
        name = f"consent/{path.name}"
        match = _CONSENT_FILE.match(path.name)
        if match is None:
            raise FormError(name, "", "consent files are named vN.toml")
        consent = parse_consent(read_toml(path, name), name, names)
        if consent.version != int(match.group(1)):
            raise FormError(name, "consent.version", "must match the number in the file name")
        if consent.version in consents:
            raise FormError(name, "consent.version", f"version {consent.version} is in two files")
        consents[consent.version] = consent
    if not consents:
        raise FormError("consent/", "", "no consent version (consent/v1.toml)")
    return consents
