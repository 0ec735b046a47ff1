"""The ways to sign: a typed name checked as the printed name is, a witness, the settings."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kiosk.core.consent import SignatureMethod, TypedProblem, Witness, check_typed_signature
from kiosk.core.forms import FormsBundle
from kiosk.core.forms.errors import FormError
from kiosk.core.forms.parse_settings import parse_settings
from kiosk.core.forms.settings import ConsentSettings
from kiosk.core.session import IntakeSession, SessionError
from tests.helpers.intake import BIRTH_DATE, walk_to


@pytest.mark.parametrize(
    ("typed", "attested", "problem"),
    [
        ("", True, TypedProblem.NAME_REQUIRED),
        ("   ", True, TypedProblem.NAME_REQUIRED),
        ("\u202e\u0007", True, TypedProblem.NAME_REQUIRED),  # only what cleaning drops
        ("1234 --", True, TypedProblem.NAME_NOT_A_NAME),
        ("x" * 10_001, True, TypedProblem.NAME_TOO_LONG),
        ("José O'Neil", False, TypedProblem.NOT_ATTESTED),
        ("José O'Neil", True, None),
    ],
)
def test_a_typed_signature_needs_a_name_and_the_tick(
    typed: str, attested: bool, problem: TypedProblem | None
) -> None:
    """The typed name is cleaned and checked as the printed name, holds a letter, and is ticked."""
    assert check_typed_signature(typed, attested)[1] is problem


def test_the_typed_name_is_kept_cleaned() -> None:
    """Invisible controls are dropped and the ends trimmed, as for the printed name."""
    assert check_typed_signature("  José\u202e O'Neil ", True) == ("José O'Neil", None)


def test_the_settings_switch_each_way_off() -> None:
    """[consent] typed_signature and witnessed_signature are true by default; true/false only."""
    assert parse_settings({}, "settings.toml").consent == ConsentSettings(True, True)
    off = parse_settings({"consent": {"typed_signature": False}}, "settings.toml")
    assert off.consent == ConsentSettings(typed_signature=False, witnessed_signature=True)
    with pytest.raises(FormError, match=r"consent\.witnessed_signature.*true or false"):
        parse_settings({"consent": {"witnessed_signature": 1}}, "settings.toml")
    with pytest.raises(FormError, match="stamped"):
        parse_settings({"consent": {"stamped": True}}, "settings.toml")


def _at_consent(session: IntakeSession) -> tuple[str, ...]:
    session.identify("José", "O'Neil", BIRTH_DATE)
    walk_to(session, "consent")
    return tuple(s.id for s in session.forms.consent.sections)


def test_a_typed_consent_has_no_picture_and_keeps_the_name(session: IntakeSession) -> None:
    """Typed: no drawn picture needed or kept; the copy says typed and holds the cleaned name."""
    sections = _at_consent(session)
    copy, pdf = session.prepare_consent(
        "José O'Neil",
        b"",
        sections,
        method=SignatureMethod.TYPED,
        typed_name=" José O'Neil ",
        attested=True,
    )
    assert (copy.method, copy.typed_name, copy.signature_png, copy.witness) == (
        SignatureMethod.TYPED,
        "José O'Neil",
        b"",
        None,
    )
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"typed_name": "José", "attested": False}, "not_attested"),
        ({"typed_name": "", "attested": True}, "name_required"),
        ({"typed_name": "12", "attested": True}, "name_not_a_name"),
    ],
)
def test_an_incomplete_typed_signature_is_refused(
    session: IntakeSession, changes: dict[str, object], words: str
) -> None:
    """The session refuses a typed signature the screen should not have let through."""
    sections = _at_consent(session)
    with pytest.raises(SessionError, match=words):
        session.prepare_consent(
            "José O'Neil",
            b"",
            sections,
            method=SignatureMethod.TYPED,
            **changes,  # type: ignore[arg-type]
        )


def test_a_witnessed_consent_needs_its_witness(session: IntakeSession) -> None:
    """Witnessed: refused without a witness; with one, the copy names them."""
    sections = _at_consent(session)
    with pytest.raises(SessionError, match="witness"):
        session.prepare_consent("José O'Neil", b"", sections, method=SignatureMethod.WITNESSED)
    copy, _pdf = session.prepare_consent(
        "José O'Neil",
        b"",
        sections,
        method=SignatureMethod.WITNESSED,
        witness=Witness(7, "Nurse Kim"),
    )
    assert copy.witness == Witness(7, "Nurse Kim")


def test_a_way_switched_off_is_refused(session: IntakeSession, forms: FormsBundle) -> None:
    """A clinic that switched the typed and witnessed ways off gets neither, even if asked."""
    settings = replace(forms.settings, consent=ConsentSettings(False, False))
    session.forms = replace(forms, settings=settings)
    sections = _at_consent(session)
    with pytest.raises(SessionError, match="typed"):
        session.prepare_consent(
            "José O'Neil",
            b"",
            sections,
            method=SignatureMethod.TYPED,
            typed_name="José O'Neil",
            attested=True,
        )
    with pytest.raises(SessionError, match="witnessed"):
        session.prepare_consent(
            "José O'Neil",
            b"",
            sections,
            method=SignatureMethod.WITNESSED,
            witness=Witness(7, "Nurse Kim"),
        )
