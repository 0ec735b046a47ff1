"""FormError: where a broken form file went wrong, in its message and its fields."""

from __future__ import annotations

from kiosk.core.forms.errors import FormError


def test_the_message_names_file_key_and_problem() -> None:
    """A FormError reads 'file: key: problem' and keeps each part for callers."""
    error = FormError("checklist.toml", "pages[0].id", "unknown key")
    assert str(error) == "checklist.toml: pages[0].id: unknown key"
    assert (error.file, error.key, error.problem) == (
        "checklist.toml",
        "pages[0].id",
        "unknown key",
    )


def test_a_whole_file_problem_has_no_key() -> None:
    """Without a key the message is 'file: problem', with no empty part."""
    error = FormError("ride.toml", "", "file is missing")
    assert str(error) == "ride.toml: file is missing"
    assert error.key == ""
