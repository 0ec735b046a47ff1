"""forms/readiness.toml, validated like the other forms: each mistake a FormError naming the
file and the key; a forms folder without it is refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk.core.forms import load_forms
from kiosk.core.forms.errors import FormError
from tests.helpers.forms import broken_forms, copy_forms

FILE = "readiness.toml"


@pytest.mark.parametrize(
    ("old", "new", "key", "problem"),
    [
        ('kind = "readiness"', 'kind = "checklist"', "form.kind", "must be 'readiness'"),
        ("pass_score = 9", "pass_score = 11", "form.pass_score", "best total, 10"),
        ("pass_score = 9", "pass_score = 0", "form.pass_score", "between 1"),
        ('id = "pain"', 'id = "nausea"', "items[2].id", "duplicate id 'nausea'"),
        ('id = "pain"', 'id = "vitals"', "items[2].id", "the readings fill in"),
        ('id = "pain"', 'id = "Pain!"', "items[2].id", "lower-case letters"),
        (
            'id = "unable"\npoints = 0',
            'id = "unable"\npoints = 1',
            "items[0].options",
            "one option must score 0",
        ),
        (
            'id = "steady"\npoints = 2',
            'id = "steady"\npoints = 12',
            "items[0].options[0].points",
            "between 0",
        ),
        ('text.es = "Caminar"\n', "", "items[0].text.es", "missing translation"),
        ("within_percent = 40", "within_percent = 10", "vitals.bands", "narrowest to the widest"),
        ('text.en = "Walking"', 'text.en = "Walking {nobody}"', "items[0].text.en", "{nobody}"),
        (
            'id = "escort_present"',
            'id = "escort_present"\ncolour = "red"',
            "requirements[1].colour",
            "unknown key",
        ),
    ],
)
def test_each_mistake_names_the_file_and_key(
    tmp_path: Path, old: str, new: str, key: str, problem: str
) -> None:
    """A broken readiness form does not load; the message says where and what."""
    folder = broken_forms(tmp_path, FILE, old, new)
    with pytest.raises(FormError) as caught:
        load_forms(folder)
    assert caught.value.file == FILE
    assert caught.value.key == key
    assert problem in str(caught.value)


def test_a_forms_folder_without_the_readiness_form_is_refused(tmp_path: Path) -> None:
    """The kiosk will not start without the discharge checklist: the message names the file."""
    folder = copy_forms(tmp_path)
    (folder / FILE).unlink()
    with pytest.raises(FormError, match=re.escape("readiness.toml: file is missing")):
        load_forms(folder)


def test_a_clinic_may_change_the_items_and_the_pass_score(tmp_path: Path) -> None:
    """Without the computed vital signs and with a lower pass score, the form loads: the best
    total counts the items alone."""
    folder = copy_forms(tmp_path)
    path = folder / FILE
    text = path.read_text(encoding="utf-8")
    start = text.index("[vitals]")
    end = text.index("# --- Scored by the nurse")
    path.write_text(text[:start] + text[end:].replace("pass_score = 9", ""), encoding="utf-8")
    path.write_text(
        path.read_text(encoding="utf-8").replace("pass_score = 9", "pass_score = 7"),
        encoding="utf-8",
    )
    form = load_forms(folder).readiness
    assert form.vitals is None and form.max_score == 8 and form.pass_score == 7
