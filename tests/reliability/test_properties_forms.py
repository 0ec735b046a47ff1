"""The forms loader on any TOML at all: a valid FormsBundle or a FormError naming the file, never a crash."""

from __future__ import annotations

import copy
import math
import tomllib
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.core.forms import FormError, FormsBundle, load_forms, shipped_forms_dir
from kiosk.core.text import LANGUAGES
from tests.helpers.forms import copy_forms, edit_form
from tests.reliability.conftest import Tally, examples

TRIED = "hostile inputs tried"
FILES = tuple(
    sorted(
        path.relative_to(shipped_forms_dir()).as_posix()
        for path in shipped_forms_dir().rglob("*.toml")
    )
)
SHIPPED: dict[str, dict[str, Any]] = {
    name: tomllib.loads((shipped_forms_dir() / name).read_text(encoding="utf-8")) for name in FILES
}


# --- a TOML writer (tomllib only reads) -------------------------------------------------------


def _string(text: str) -> str:
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        text = repr(value)
        return text if any(c in text for c in ".e") else text + ".0"
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_string(k)} = {_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"no TOML for {type(value).__name__}")


def to_toml(doc: dict[str, Any]) -> str:
    """``doc`` as TOML, every table inline on its key's line."""
    return "".join(f"{_string(key)} = {_value(value)}\n" for key, value in doc.items())


def _keys(value: object) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for item in value.values() for k in _keys(item)}
    if isinstance(value, list):
        return {k for item in value for k in _keys(item)}
    return set()


# Every key the shipped forms use: mutations that add a key pick real ones as often as junk.
VOCABULARY = sorted({key for doc in SHIPPED.values() for key in _keys(doc)})


def test_the_writer_round_trips_the_shipped_forms() -> None:
    """The TOML writer these tests use gives back every shipped form exactly."""
    for name, doc in SHIPPED.items():
        assert tomllib.loads(to_toml(doc)) == doc, name


# --- what the fuzzing writes ------------------------------------------------------------------

texts = st.one_of(
    st.text(st.characters(codec="utf-8"), max_size=30),
    st.sampled_from(["", " ", "{", "}", "{clinic_phone", "{nope}", "{0}", "{clinic_phone:>99999}"]),
    st.sampled_from(["{clinic_phone!r}", "{clinic_phone.real}", "{name[0]}", "{crisis_line:d}"]),
    st.sampled_from(VOCABULARY),
    st.just("\u202e\x00ẞ" * 3_000),
    st.just("x" * 10_000),
)
scalars = st.one_of(
    texts,
    st.booleans(),
    st.integers(),
    st.integers(min_value=2**63 - 2, max_value=2**70),
    st.integers(min_value=-(2**70), max_value=-(2**63) + 2),
    st.sampled_from([10**400, -(10**400)]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.datetimes(timezones=st.just(UTC)),
    st.dates(),
    st.times(),
)
junk = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=12,
)

Path_ = tuple[str | int, ...]


def _paths(value: object, here: Path_ = ()) -> list[Path_]:
    found: list[Path_] = [here] if here else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*here, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*here, index))
    return found


def _parent(doc: dict[str, Any], path: Path_) -> Any:
    node: Any = doc
    for step in path[:-1]:
        node = node[step]
    return node


def _mutate(doc: dict[str, Any], draw: Callable[[Any], Any]) -> None:
    """One random change somewhere in ``doc``: drop, replace, add, duplicate or empty."""
    paths = _paths(doc)
    kind = draw(
        st.sampled_from(["drop", "replace", "add", "duplicate", "empty", "retype", "reword"])
    )
    words = [p for p in paths if p[-1] in LANGUAGES and isinstance(_node(doc, p), str)]
    if kind == "reword" and words:  # a translation rewritten in any script: still a form
        path = draw(st.sampled_from(words))
        _parent(doc, path)[path[-1]] = draw(
            st.text(st.characters(codec="utf-8", exclude_characters="{}"), min_size=1, max_size=40)
        )
        return
    if not paths or kind == "add":
        tables = [p for p in [(), *paths] if isinstance(_node(doc, p), dict)]
        table = _node(doc, draw(st.sampled_from(tables)))
        table[draw(st.sampled_from(VOCABULARY) | texts)] = draw(junk)
        return
    path = draw(st.sampled_from(paths))
    parent, last = _parent(doc, path), path[-1]
    current = parent[last]
    if kind == "drop":
        del parent[last]
    elif kind == "replace":
        parent[last] = draw(junk)
    elif kind == "duplicate" and isinstance(parent, list):
        parent.insert(int(last), current)
    elif kind == "empty" and isinstance(current, list | dict):
        current.clear()
    else:  # retype: the same meaning in another TOML type, or a neighbour's value
        parent[last] = draw(
            st.sampled_from(
                [str(current), [current], {"en": current}, 10**19, -1, 0, float("nan"), True]
            )
        )


def _node(doc: dict[str, Any], path: Path_) -> Any:
    node: Any = doc
    for step in path:
        node = node[step]
    return node


def _check_outcome(folder: Path, changed: set[str]) -> str:
    """Load ``folder``: a sound bundle, or a FormError naming a changed file (or its neighbour)."""
    try:
        bundle = load_forms(folder)
    except FormError as error:
        assert str(error)
        assert error.problem
        if "settings.toml" in changed:
            allowed = {*FILES, "consent/", folder.name}  # a setting can break any text
        else:
            allowed = {*changed, folder.name}
        if any(name.startswith("consent/") for name in changed):
            allowed.add("consent/")
        assert error.file in allowed, (error, changed)
        return "error"
    _check_bundle(bundle)
    return "bundle"


def _check_bundle(bundle: FormsBundle) -> None:
    """A bundle that loads is usable: versions, consent text, every question in every language."""
    assert bundle.versions()
    for language in LANGUAGES:
        assert bundle.consent.text(language)
        for form in (bundle.checklist, bundle.ride):
            for question in form.questions().values():
                assert question.text.get(language)
    assert bundle.settings.placeholders()


def test_mutated_shipped_forms_load_or_name_the_file(tmp_path: Path, tally: Tally) -> None:
    """The shipped forms with up to three random changes: a bundle or a FormError naming the file."""
    folder = copy_forms(tmp_path)
    tried = 0
    outcomes: dict[str, int] = {"error": 0, "bundle": 0}

    @examples(150)
    @given(st.data())
    def check(data: st.DataObject) -> None:
        nonlocal tried
        tried += 1
        docs = copy.deepcopy(SHIPPED)
        changed: set[str] = set()
        for _ in range(data.draw(st.integers(1, 3))):
            name = data.draw(st.sampled_from(FILES))
            _mutate(docs[name], data.draw)
            changed.add(name)
        try:
            for name in changed:
                (folder / name).write_text(to_toml(docs[name]), encoding="utf-8")
            outcomes[_check_outcome(folder, changed)] += 1
        finally:
            for name in changed:
                (folder / name).write_text(to_toml(SHIPPED[name]), encoding="utf-8")

    check()
    tally.add(TRIED, tried)
    assert outcomes["error"] > 0  # the fuzzing reached the checks, not only harmless corners


def test_any_toml_document_in_any_file_is_a_form_error(tmp_path: Path, tally: Tally) -> None:
    """A random TOML document (tables, arrays, scalars, junk) in place of any file: FormError."""
    folder = copy_forms(tmp_path)
    tried = 0

    @examples(80)
    @given(st.sampled_from(FILES), st.dictionaries(st.sampled_from(VOCABULARY) | texts, junk))
    def check(name: str, doc: dict[str, Any]) -> None:
        nonlocal tried
        tried += 1
        (folder / name).write_text(to_toml(doc), encoding="utf-8")
        try:
            _check_outcome(folder, {name})
        finally:
            (folder / name).write_text(to_toml(SHIPPED[name]), encoding="utf-8")

    check()
    tally.add(TRIED, tried)


def test_bytes_that_are_not_toml_or_utf8_are_a_form_error(tmp_path: Path, tally: Tally) -> None:
    """Any bytes (binary, broken UTF-8, half a TOML file) in any form file: a FormError for it."""
    folder = copy_forms(tmp_path)
    tried = 0
    shipped_bytes = {name: (shipped_forms_dir() / name).read_bytes() for name in FILES}
    contents = st.one_of(
        st.binary(max_size=300),
        st.sampled_from([b"\xff\xfe\x00", b"\xc3\x28", b"a = \xed\xa0\x80", b"\x00" * 10]),
        st.builds(
            lambda name, cut: shipped_bytes[name][:cut],
            st.sampled_from(FILES),
            st.integers(0, 4000),
        ),
        st.just(b"a = " + b"[" * 50_000 + b"]" * 50_000),
    )

    @examples(150)
    @given(st.sampled_from(FILES), contents)
    def check(name: str, raw: bytes) -> None:
        nonlocal tried
        tried += 1
        (folder / name).write_bytes(raw)
        try:
            _check_outcome(folder, {name})
        finally:
            (folder / name).write_bytes(shipped_bytes[name])

    check()
    tally.add(TRIED, tried)


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        (
            "observation_minutes = 30",
            "observation_minutes = 99999999999999999999",
            "observation_minutes",
        ),
        (
            "observation_minutes = 30",
            "observation_minutes = -99999999999999999999",
            "observation_minutes",
        ),
        ("fasting_food_hours = 6", "fasting_food_hours = nan", "fasting_food_hours"),
        ("fasting_food_hours = 6", "fasting_food_hours = inf", "fasting_food_hours"),
    ],
)
def test_huge_and_non_finite_settings_are_refused(
    tmp_path: Path, old: str, new: str, key: str, tally: Tally
) -> None:
    """A setting beyond 64 bits, inf or nan is a FormError at its key, not an overflow later."""
    tally.add(TRIED)
    folder = copy_forms(tmp_path)
    edit_form(folder, "settings.toml", old, new)
    with pytest.raises(FormError) as caught:
        load_forms(folder)
    assert caught.value.file == "settings.toml"
    assert caught.value.key.endswith(key)


@pytest.mark.parametrize(
    "text",
    ["{clinic_phone:>999999999}", "{clinic_phone:.{idle_timeout_seconds}}", "{crisis_line:x<1000}"],
)
def test_a_format_of_huge_width_is_refused(tmp_path: Path, text: str, tally: Tally) -> None:
    """A {placeholder} format that would fill memory (or nests another) is refused at load."""
    tally.add(TRIED)
    folder = copy_forms(tmp_path)
    edit_form(folder, "aftercare.toml", 'questions.en = "', f'questions.en = "{text} ')
    with pytest.raises(FormError, match="too large or nested") as caught:
        load_forms(folder)
    assert caught.value.file == "aftercare.toml"


def test_an_id_with_a_trailing_newline_is_refused(tmp_path: Path, tally: Tally) -> None:
    """An identifier must be all lower-case letters, digits and _: "fasting\\n" is not one."""
    tally.add(TRIED)
    folder = copy_forms(tmp_path)
    edit_form(folder, "checklist.toml", 'id = "fasting"', 'id = "fasting\\n"')
    with pytest.raises(FormError, match="lower-case") as caught:
        load_forms(folder)
    assert caught.value.key == "pages[0].id"


@pytest.mark.parametrize("zone", ["America", "x" * 300])
def test_a_time_zone_folder_is_a_form_error(tmp_path: Path, zone: str, tally: Tally) -> None:
    """A time zone that names a folder of the zone database, or is too long, is a FormError."""
    tally.add(TRIED)
    folder = copy_forms(tmp_path)
    edit_form(folder, "settings.toml", 'time_zone = ""', f'time_zone = "{zone}"')
    with pytest.raises(FormError) as caught:
        load_forms(folder)
    assert caught.value.key == "clinic.time_zone"
