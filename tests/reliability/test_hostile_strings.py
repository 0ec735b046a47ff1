"""Hostile strings as names and answers: stored verbatim, and shown in every PDF.

"Shown" is checked with pdftotext: every character the document draws is read back (NFKD, in
any order, since right-to-left runs are reordered and lines wrap), and a character a PDF
cannot show (a control character, a bidi override, one neither font has) reads back as the
documented placeholder U+FFFD, never as itself.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from sqlite_utils import Database

from kiosk.core.aftercare import BLANK, AftercareInput, compose_aftercare
from kiosk.core.appointments import COLUMNS, Appointment, parse_csv
from kiosk.core.clock import FakeClock
from kiosk.core.consent import ConsentCopy, text_sha256
from kiosk.core.forms import FormsBundle
from kiosk.core.forms.settings import StaffSettings
from kiosk.core.identity import Identity
from kiosk.core.records import NewIntake
from kiosk.core.session import IntakeSession
from kiosk.core.staff import NAME_MAX, StaffError, clean_name
from kiosk.core.validation import Problem, check_name, clean_typed
from kiosk.documents import render_aftercare, render_consent
from kiosk.documents.day_report import render_day_report
from kiosk.documents.fonts import PLACEHOLDER, display_text
from kiosk.storage.appointments import import_appointments
from kiosk.storage.intakes import IntakeRepository
from kiosk.storage.reader import iter_intakes
from kiosk.storage.staff import StaffRepository
from tests.helpers.images import tiny_png
from tests.helpers.intake import BIRTH_DATE, confirm_current_page, page_draft, walk_to
from tests.helpers.pdf import pdf_text
from tests.helpers.rows import Rows
from tests.reliability.conftest import Tally, examples

TRIED = "hostile inputs tried"
CHICAGO = ZoneInfo("America/Chicago")
DAY = date(2026, 11, 21)  # the FakeClock's day

HOSTILE: dict[str, str] = {
    "sql": "Robert'); DROP TABLE intakes;--",
    "sql_or": "' OR '1'='1' /* \" OR \"\"=\" */ ; DELETE FROM appointments",
    "markup": "<b>bold</b> <para> &amp; &lt; <img src=x onerror=alert(1)> ]]>",
    "format": "{0} {patient} %s %(name)s {{}} $x ${HOME}",
    "long_word": "Ñ" * 10_000,
    "long_latin": "W" * 10_000,
    "long_words": "Zoë " * 2_500,
    "controls": "".join(chr(c) for c in range(32)) + "\x7f\x80\x85\x9f end",
    "separators": "line\u2028para\u2029next\x0bvt\x0cff\r\nend",
    "bidi": "\u202eevil\u202c \u2066iso\u2069 \u200eltr\u200f",
    "hebrew": "שלום עליכם",
    "arabic": "محمد بن سلمان",
    "mixed_rtl": "Ana שלום 123 (محمد) end",
    "combining": "Jose\u0301 Nun\u0303ez e\u0301\u0301\u0301",
    "zalgo": "Z\u0334\u0321\u0322a\u0338\u0327l\u0337g\u0336o\u0336" * 20,
    "emoji": "Ana 😀👩🏽‍⚕️🇲🇽 Ruiz 👨‍👩‍👧‍👦",
    "astral": "𝕏𝔂 𓀀 𠜎 \U0001f600",
    "cjk": "李小龍 やまだ 김민준",
    "zero_width": "a\u200bb\u200cc\u200dd\ufeffe\u00adf",
}

# Text of any kind, surrogate-free so it can be written to UTF-8 (the database, the CSV).
any_text = st.text(st.characters(codec="utf-8"), min_size=1, max_size=80)
hostile_text = st.one_of(
    any_text,
    st.sampled_from(list(HOSTILE.values())),
    st.builds(
        lambda a, b, c: a + b + c, any_text, st.sampled_from(list(HOSTILE.values())), any_text
    ),
)

_BIDI_MARKS = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)
_MIRROR = str.maketrans(")]}>»", "([{<«")


def glyphs(text: str) -> Counter[str]:
    """The characters of ``text`` apart from white space and the bidi marks pdftotext adds,
    decomposed (NFKD: Arabic presentation forms are their letters), brackets unmirrored.
    """
    decomposed = unicodedata.normalize("NFKD", text).translate(_BIDI_MARKS).translate(_MIRROR)
    # pdftotext drops a glyph drawn exactly over the same glyph (it takes it for fake bold), so
    # a mark stacked on the same mark counts once.
    kept = [
        char
        for i, char in enumerate(decomposed)
        if not (unicodedata.combining(char) and i and decomposed[i - 1] == char)
    ]
    return Counter(char for char in kept if not char.isspace())


_BASELINES: dict[bytes, Counter[str]] = {}


def _read(pdf: bytes) -> str:
    # -raw: in drawing order, without joining a line that ends in "-" to the next one.
    return pdf_text(pdf, "-raw")


def assert_shown(pdf: bytes, text: str, baseline: bytes, baseline_text: str = "") -> None:
    """``pdf`` is readable and shows ``text`` where ``baseline`` showed ``baseline_text``."""
    assert pdf.startswith(b"%PDF-")
    shown = _read(pdf)
    read = glyphs(shown)
    if baseline not in _BASELINES:
        _BASELINES[baseline] = glyphs(_read(baseline)) - glyphs(display_text(baseline_text))
    rest = _BASELINES[baseline]
    wanted = glyphs(display_text(text))
    missing = (rest + wanted) - read
    assert not missing, f"not in the PDF: {dict(missing)}"
    assert read[PLACEHOLDER] == rest[PLACEHOLDER] + wanted[PLACEHOLDER]
    for char in text:
        if unicodedata.category(char) == "Cc" and not char.isspace():
            assert char not in shown


@pytest.fixture
def staff(db: Database, clock: FakeClock) -> StaffRepository:
    """Staff accounts with a cheap PIN hash."""
    return StaffRepository(db, clock, StaffSettings(), cost=16)


# --- stored verbatim ---------------------------------------------------------------------------


def _read_appointment(db: Database, day: date) -> tuple[str, str, str]:
    row = db.execute(
        "SELECT first_name, last_name, note FROM appointments WHERE day = ?", [day.isoformat()]
    ).fetchone()
    return row[0], row[1], row[2]


def test_appointment_names_are_stored_verbatim(
    db: Database, clock: FakeClock, tally: Tally
) -> None:
    """Names and notes of any kind, controls included, read back from the database as written."""
    tried = 0
    days = iter(DAY + timedelta(days=i) for i in range(10_000))

    @examples(100)
    @given(hostile_text, hostile_text, hostile_text)
    def check(first: str, last: str, note: str) -> None:
        nonlocal tried
        tried += 1
        day = next(days)
        row = Appointment(day, "09:30", first, last, BIRTH_DATE, note)
        import_appointments(db, [row], clock)
        assert _read_appointment(db, day) == (first, last, note)

    check()
    for name in HOSTILE.values():
        day = next(days)
        import_appointments(db, [Appointment(day, "", name, name, BIRTH_DATE, name)], clock)
        assert _read_appointment(db, day) == (name, name, name)
        tried += 1
    tally.add(TRIED, tried)
    assert db.execute("SELECT count(*) FROM intakes").fetchone()[0] == 0  # no table dropped


def test_appointment_csv_keeps_hostile_names(db: Database, clock: FakeClock, tally: Tally) -> None:
    """An appointments CSV of hostile names imports them trimmed and otherwise verbatim."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*COLUMNS, "note"])
    for i, name in enumerate(HOSTILE.values()):
        writer.writerow([(DAY + timedelta(days=i)).isoformat(), "", name, name, "1980-02-29", name])
    rows = parse_csv(out.getvalue())
    import_appointments(db, rows, clock)
    for i, name in enumerate(HOSTILE.values()):
        kept = name.strip()
        assert _read_appointment(db, DAY + timedelta(days=i)) == (kept, kept, kept)
    tally.add(TRIED, len(HOSTILE))


def test_identify_stores_the_typed_name_cleaned(
    forms: FormsBundle, repo: IntakeRepository, clock: FakeClock, tally: Tally
) -> None:
    """A patient's typed name is stored as check_name cleaned it, and matches their appointment
    even when the appointments CSV held control characters the patient could not type."""
    tried = 0

    @examples(60)
    @given(hostile_text, hostile_text)
    def check(first: str, last: str) -> None:
        nonlocal tried
        tried += 1
        repo.db.execute("DELETE FROM intakes")
        repo.db.execute("DELETE FROM appointments")
        import_appointments(repo.db, [Appointment(DAY, "", first, last, BIRTH_DATE)], clock)
        session = IntakeSession(forms, repo, clock, render_consent)
        result = session.identify(first, last, BIRTH_DATE)
        first_kept, first_bad = check_name("first_name", first)
        last_kept, last_bad = check_name("last_name", last)
        if first_bad or last_bad:
            assert result.problems
            return
        assert session.intake_id is not None
        row = Rows(repo.db).intake(session.intake_id)
        assert row is not None
        assert (row["first_name"], row["last_name"]) == (first_kept, last_kept)
        assert result.verified

    check()
    tally.add(TRIED, tried)


def _answer(repo: IntakeRepository, intake_id: int, question: str) -> object:
    rows = [r for r in Rows(repo.db).answers(intake_id) if r["question_id"] == question]
    assert len(rows) == 1
    return json.loads(rows[0]["value"])


@pytest.mark.parametrize(
    ("stop_at", "question", "overrides"),
    [
        ("checklist:benzodiazepines", "benzodiazepine_detail", {"benzodiazepine_today": "yes"}),
        ("checklist:changes", "health_changes_detail", {"health_changes": "yes"}),
        ("ride:ride_home", "driver_name", {}),
    ],
)
def test_free_text_answers_are_stored_as_typed_and_cleaned(
    session: IntakeSession,
    repo: IntakeRepository,
    tally: Tally,
    stop_at: str,
    question: str,
    overrides: dict[str, str],
) -> None:
    """Hostile medicines, health changes and driver names: stored cleaned, or refused as too long."""
    session.identify("Ana", "Ruiz", BIRTH_DATE)
    walk_to(session, stop_at)
    max_length = {**session.forms.checklist.questions(), **session.forms.ride.questions()}[
        question
    ].max_length
    intake_id = session.intake_id
    assert intake_id is not None
    for text in HOSTILE.values():
        kept = clean_typed(text, lines=True).strip()
        draft = {**overrides, question: text}
        if len(kept) > max_length:
            problems = session.confirm_page(page_draft(session, draft))
            assert [(p.question, p.problem) for p in problems] == [(question, Problem.TOO_LONG)]
            continue
        confirm_current_page(session, draft)
        assert _answer(repo, intake_id, question) == kept
        session.back()  # to the same page again, for the next string
    tally.add(TRIED, len(HOSTILE))


def test_staff_names_are_stored_verbatim_or_refused(staff: StaffRepository, tally: Tally) -> None:
    """Printable hostile staff names are stored as given (spaces collapsed); the rest refused."""
    for i, text in enumerate(HOSTILE.values()):
        name = f"{text[: NAME_MAX - 4]} {i}"
        try:
            expected = clean_name(name)
        except StaffError:
            with pytest.raises(StaffError):
                staff.add(name, "nurse", "402913")
            continue
        member = staff.add(name, "nurse", "402913")
        assert member.name == expected
        assert [m.name for m in staff.members() if m.id == member.id] == [expected]
    tally.add(TRIED, len(HOSTILE))


# --- shown in every PDF ------------------------------------------------------------------------


def _aftercare(forms: FormsBundle, **names: str) -> bytes:
    data = AftercareInput(
        patient_name=names.get("patient", "P"),
        language="en",
        discharged_at=datetime(2026, 11, 21, 15, 4, tzinfo=CHICAGO),
        driver_name=names.get("driver", "D"),
        driver_phone="(555) 123-4567",
        nurse_name=names.get("nurse", "N"),
    )
    return render_aftercare(compose_aftercare(forms, data, CHICAGO))


def _consent(forms: FormsBundle, printed_name: str) -> bytes:
    consent = forms.consent
    local = datetime(2026, 11, 21, 15, 4, tzinfo=CHICAGO)
    return render_consent(
        ConsentCopy(
            clinic_name=forms.settings.clinic.name,
            consent=consent,
            language="en",
            printed_name=printed_name,
            birth_date="1980-02-29",
            meaning=consent.meaning.get("en"),
            signed_at_local=local,
            signed_at_utc=local.astimezone(UTC),
            signature_png=tiny_png(),
            text_sha256=text_sha256(consent, "en"),
            agreed_sections=tuple(section.id for section in consent.sections),
        )
    )


class DayReports:
    """A day report of one intake, stored through the real repository and read back by export."""

    def __init__(self, repo: IntakeRepository) -> None:
        self.repo = repo
        self.baseline = self.render("", "L")

    def render(self, first: str, last: str) -> bytes:
        self.repo.db.execute("DELETE FROM intakes WHERE day = ?", [DAY.isoformat()])
        self.repo.create_intake(
            NewIntake(
                day=DAY,
                identity=Identity(first, last, BIRTH_DATE),
                language="en",
                appointment_id=None,
                form_versions={},
                created_at=datetime(2026, 11, 21, 15, 0, tzinfo=UTC),
            )
        )
        (record,) = iter_intakes(self.repo.db, DAY, DAY)
        assert (record.first_name, record.last_name) == (first, last)  # stored verbatim
        return render_day_report([record], clinic_name="Clinic", first=DAY, last=DAY)


def _every_pdf(forms: FormsBundle, reports: DayReports, text: str) -> None:
    """``text`` as patient, driver and nurse on the aftercare sheet, as the signer of the
    consent, and as a patient's first name on the day report: each PDF shows it."""
    empty, blank, unsigned = _baselines(forms)
    assert_shown(_aftercare(forms, patient=text), text, empty)
    # A driver or nurse name of white space alone (to Python: \x1c-\x1f too) is no name: the
    # sheet prints the blank line to fill in by hand. Any other name is trimmed of white space
    # only, so a \x1f beside a letter shows as U+FFFD like any other control in a name.
    named = text if text.strip() else BLANK
    assert_shown(_aftercare(forms, driver=text, nurse=""), named, blank, BLANK)
    assert_shown(_aftercare(forms, driver="", nurse=text), named, blank, BLANK)
    assert_shown(_consent(forms, text), text, unsigned)
    assert_shown(reports.render(text, "L"), text, reports.baseline)


def _baselines(forms: FormsBundle) -> tuple[bytes, bytes, bytes]:
    """The aftercare sheet with no patient name, with no driver and nurse (both shown as
    BLANK), and the consent with no printed name: what each PDF shows besides the text."""
    return (
        _aftercare(forms, patient=""),
        _aftercare(forms, driver="", nurse=""),
        _consent(forms, ""),
    )


@pytest.mark.parametrize("key", sorted(HOSTILE))
def test_each_hostile_string_shows_in_every_pdf(
    forms: FormsBundle, repo: IntakeRepository, tally: Tally, key: str
) -> None:
    """SQL, markup, 10,000 characters, controls, right-to-left, combining, emoji: every PDF."""
    _every_pdf(forms, DayReports(repo), HOSTILE[key])
    tally.add(TRIED)


def test_any_text_shows_in_every_pdf(
    forms: FormsBundle, repo: IntakeRepository, tally: Tally
) -> None:
    """Random text of any script, controls and astral characters: every PDF shows it."""
    reports = DayReports(repo)
    tried = 0

    @examples(12)
    @given(hostile_text.filter(lambda t: len(t) < 2_000))
    @example("\u200b")  # a zero-width space alone: found by a full run
    @example("\x1f")  # a control character Python counts as white space: found by a full run
    @example("0\x1f")  # the same after a digit: shown as U+FFFD like other controls in a name
    def check(text: str) -> None:
        nonlocal tried
        tried += 1
        _every_pdf(forms, reports, text)

    check()
    tally.add(TRIED, tried)
