"""The ids the code relies on: the shipped forms have them, and a folder without one is refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk.core.forms import FormError, load_forms, shipped_forms_dir
from kiosk.core.forms.model import Instrument
from kiosk.core.forms.required import HAS_RIDE_YES, REQUIRED, Required
from tests.helpers.forms import copy_forms, edit_form

README = Path(__file__).resolve().parents[2] / "README.md"


def _name(need: Required) -> str:
    return f"{need.file}:{need.question or 'form.id'}"


def _check(error: FormError, file: str, key: str, words: str) -> None:
    assert (error.file, error.key) == (file, key)
    assert words in error.problem
    assert str(error).startswith(f"{file}: {key}: ")


def _rename_everywhere(folder: Path, name: str, old: str, new: str) -> None:
    """Replace every quoted ``old`` in ``folder/name``: the id and every reference to it."""
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert f'"{old}"' in text, f"{name}: no {old!r}"
    path.write_text(text.replace(f'"{old}"', f'"{new}"'), encoding="utf-8")


def test_the_shipped_forms_have_every_required_id() -> None:
    """Each required form, question and item is in the shipped forms, with a type the code reads."""
    bundle = load_forms(shipped_forms_dir())
    forms = {f.file: f for f in (bundle.checklist, bundle.ride, bundle.phq9, bundle.gad7)}
    for need in REQUIRED:
        form = forms[need.file]
        assert form.id == need.form
        if not need.question:
            continue
        if isinstance(form, Instrument):
            assert need.question in {item.id for item in form.items}
            continue
        question = form.questions()[need.question]
        assert not need.types or question.type in need.types, _name(need)


@pytest.mark.parametrize("need", REQUIRED, ids=_name)
def test_a_renamed_required_id_is_a_form_error(tmp_path: Path, need: Required) -> None:
    """Renaming a required id (and every reference to it, so the file is otherwise sound) is
    refused with a FormError naming the file and the key."""
    folder = copy_forms(tmp_path)
    old = need.question or need.form
    _rename_everywhere(folder, need.file, old, f"{old}_renamed")
    with pytest.raises(FormError) as caught:
        load_forms(folder)
    if need.question:
        kind = "item" if need.file in ("phq9.toml", "gad7.toml") else "question"
        _check(caught.value, need.file, need.question, f"{kind} is missing")
    else:
        _check(caught.value, need.file, "form.id", f"must be '{need.form}'")
    assert need.used_by in caught.value.problem


def _drop_question(folder: Path, name: str, question: str) -> None:
    """Remove the [[pages.questions]] table of ``question`` and its options."""
    path = folder / name
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(
        rf'\[\[pages\.questions\]\]\nid = "{question}"\n.*?(?=\n\[\[(?!pages\.questions\.options)|\Z)',
        re.DOTALL,
    )
    text, count = pattern.subn("", text)
    assert count == 1, f"{name}: no question {question!r}"
    path.write_text(text, encoding="utf-8")


DROPPABLE = [n for n in REQUIRED if n.file == "ride.toml" and n.question.startswith("driver_")]


@pytest.mark.parametrize("need", DROPPABLE, ids=_name)
def test_a_dropped_required_question_is_a_form_error(tmp_path: Path, need: Required) -> None:
    """Deleting a required question nothing else in its file refers to is refused by name."""
    folder = copy_forms(tmp_path)
    _drop_question(folder, need.file, need.question)
    with pytest.raises(FormError) as caught:
        load_forms(folder)
    _check(caught.value, need.file, need.question, "question is missing")


# (case id, file, edits as (old, new), the FormError's key, words of its problem)
RETYPED: list[tuple[str, str, list[tuple[str, str]], str, str]] = [
    (
        "driver_name text to choice",
        "ride.toml",
        [
            ('type = "text"\nmax_length = 80', 'type = "choice"'),
            (
                'text.es = "¿Cómo se llama la persona que le llevará?"\n',
                'text.es = "¿Cómo se llama la persona que le llevará?"\n\n'
                '[[pages.questions.options]]\nvalue = "friend"\n'
                'label.en = "A friend"\nlabel.es = "Un amigo"\n',
            ),
        ],
        "pages[0].questions[1].type",
        "'driver_name' must be text",
    ),
    (
        "driver_phone phone to text",
        "ride.toml",
        [('id = "driver_phone"\ntype = "phone"', 'id = "driver_phone"\ntype = "text"')],
        "pages[0].questions[2].type",
        "'driver_phone' must be phone",
    ),
    (
        "driver_relationship choice to multi_choice",
        "ride.toml",
        [
            (
                'id = "driver_relationship"\ntype = "choice"',
                'id = "driver_relationship"\ntype = "multi_choice"',
            )
        ],
        "pages[0].questions[3].type",
        "'driver_relationship' must be choice or text",
    ),
    (
        "has_ride choice to multi_choice",
        "ride.toml",
        [('id = "has_ride"\ntype = "choice"', 'id = "has_ride"\ntype = "multi_choice"')],
        "pages[0].questions[0].type",
        "'has_ride' must be choice or yes_no",
    ),
    (
        "pregnancy choice to multi_choice",
        "checklist.toml",
        [('id = "pregnancy"\ntype = "choice"', 'id = "pregnancy"\ntype = "multi_choice"')],
        "pages[4].questions[0].type",
        "'pregnancy' must be choice or yes_no",
    ),
]


@pytest.mark.parametrize(
    ("name", "edits", "key", "words"),
    [case[1:] for case in RETYPED],
    ids=[case[0] for case in RETYPED],
)
def test_a_required_question_of_another_type_is_a_form_error(
    tmp_path: Path, name: str, edits: list[tuple[str, str]], key: str, words: str
) -> None:
    """A required question turned into a type the code cannot read is refused at its type."""
    folder = copy_forms(tmp_path)
    for old, new in edits:
        edit_form(folder, name, old, new)
    with pytest.raises(FormError) as caught:
        load_forms(folder)
    _check(caught.value, name, key, words)


def test_has_ride_without_its_yes_answer_is_a_form_error(tmp_path: Path) -> None:
    """The nurse's detail and the day report compare has_ride with 'yes': renaming that answer
    (and the follow-ups that use it) is refused at the question's options."""
    folder = copy_forms(tmp_path)
    _rename_everywhere(folder, "ride.toml", HAS_RIDE_YES, "sure")
    with pytest.raises(FormError) as caught:
        load_forms(folder)
    _check(caught.value, "ride.toml", "pages[0].questions[0].options", "needs the answer 'yes'")


def test_has_ride_as_yes_no_is_accepted(tmp_path: Path) -> None:
    """A yes/no has_ride still answers 'yes', so the code can read it (the rule moves to 'no')."""
    folder = copy_forms(tmp_path)
    path = folder / "ride.toml"
    text = path.read_text(encoding="utf-8").replace(
        'id = "has_ride"\ntype = "choice"', 'id = "has_ride"\ntype = "yes_no"'
    )
    options = (
        r'\[\[pages\.questions\.options\]\]\nvalue = "(yes|not_yet)"\n(?:label\.\w+ = .*\n)+\n'
    )
    text, count = re.subn(options, "", text)
    assert count == 2
    path.write_text(text.replace('equals = "not_yet"', 'equals = "no"'), encoding="utf-8")
    assert load_forms(folder).ride.questions()["has_ride"].type.value == "yes_no"


def _readme_rows() -> list[list[str]]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Ids the code relies on") :]
    table = section[section.index("| file | form |") :].split("\n\n")[0]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in table.splitlines()[2:]]


def test_the_readme_lists_every_required_id() -> None:
    """README's "Ids the code relies on" table is REQUIRED, row by row, in the same order."""
    expected = []
    for need in REQUIRED:
        kind = " or ".join(t.value for t in need.types)
        if need.answer:
            kind += f", with the answer `{need.answer}`"
        question = f"`{need.question}`" if need.question else ""
        expected.append([f"`{need.file}`", f"`{need.form}`", question, kind, need.used_by])
    assert _readme_rows() == expected
