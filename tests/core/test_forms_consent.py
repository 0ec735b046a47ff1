"""One consent version parsed on its own: head, sections, placeholders filled, mistakes named."""

from __future__ import annotations

from typing import Any

import pytest

from kiosk.core.forms.errors import FormError
from kiosk.core.forms.parse_consent import parse_consent

FILE = "consent/v2.toml"
NAMES: dict[str, object] = {"no_driving_hours": 24}


def text(en: str, es: str | None = None) -> dict[str, str]:
    """A localized text table."""
    return {"en": en, "es": es or en}


def consent(**head: Any) -> dict[str, Any]:
    """A small valid consent; ``head`` overrides keys of [consent]."""
    return {
        "consent": {
            "version": 2,
            "title": text("Consent"),
            "meaning": text("I agree"),
            **head,
        },
        "sections": [
            {
                "id": "risks",
                "heading": text("Risks"),
                "body": text("No driving for {no_driving_hours} hours"),
            },
            {"id": "privacy", "heading": text("Privacy"), "body": text("Kept safe")},
        ],
    }


def test_a_consent_is_parsed_with_its_placeholders_filled() -> None:
    """Version, title, meaning and sections in order; {settings} are filled as the patient reads."""
    parsed = parse_consent(consent(), FILE, NAMES)
    assert parsed.version == 2
    assert parsed.file == FILE
    assert [s.id for s in parsed.sections] == ["risks", "privacy"]
    assert parsed.sections[0].body.get("en") == "No driving for 24 hours"
    assert (
        parsed.text("en")
        == "Consent\n\nRisks\n\nNo driving for 24 hours\n\nPrivacy\n\nKept safe\n\nI agree\n"
    )


def mistake(data: dict[str, Any]) -> FormError:
    """The FormError parse_consent raises for ``data``, which names this file."""
    with pytest.raises(FormError) as caught:
        parse_consent(data, FILE, NAMES)
    assert caught.value.file == FILE
    return caught.value


@pytest.mark.parametrize(
    ("head", "key", "problem"),
    [
        ({"version": 0}, "consent.version", "must be 1 or more"),
        ({"version": "2"}, "consent.version", "must be a whole number"),
        ({"title": {"en": "Consent"}}, "consent.title.es", "missing translation"),
        ({"meaning": text("I agree to {nothing}")}, "consent.meaning.en", "is not a setting"),
        ({"signed": True}, "consent.signed", "unknown key"),
    ],
)
def test_a_mistake_in_the_head_names_its_key(head: dict[str, Any], key: str, problem: str) -> None:
    """A version below 1 or not a number, a missing translation, an unknown placeholder and an
    unknown key in [consent] each name their key."""
    error = mistake(consent(**head))
    assert error.key == key
    assert problem in error.problem


def test_a_duplicate_section_id_is_refused() -> None:
    """Two sections with one id: the second is named."""
    data = consent()
    data["sections"][1]["id"] = "risks"
    error = mistake(data)
    assert (error.key, error.problem) == ("sections[1].id", "duplicate section id 'risks'")


def test_a_consent_needs_sections() -> None:
    """No [[sections]] at all is refused at 'sections'."""
    data = consent()
    del data["sections"]
    assert mistake(data).key == "sections"


def test_a_consent_needs_its_head() -> None:
    """No [consent] table is refused at 'consent'."""
    data = consent()
    del data["consent"]
    error = mistake(data)
    assert (error.key, error.problem) == ("consent", "is required")
