"""The step content a kiosk hands to the server: one canonical text, its hash, its urgency."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from kiosk.core import outbox
from kiosk.core.flags import Flag, Level
from kiosk.core.identity import Identity
from kiosk.core.records import NewIntake, Stage, StepRecord, StoredAnswer
from kiosk.core.text import Localized

AT = datetime(2026, 11, 21, 15, 0, tzinfo=UTC)
ALERT = Flag("phq9_item9", Level.RED, "phq9", Localized({"en": "Item 9", "es": "Ítem 9"}), True)
AMBER = Flag("caffeine", Level.AMBER, "checklist", Localized({"en": "Coffee", "es": "Café"}))


def record(*flags: Flag) -> StepRecord:
    return StepRecord(
        intake_id=1,
        step_key="phq9:item9",
        form_id="phq9",
        replaces=("item9",),
        answers=(StoredAnswer("phq9", "item9", 2, "¿Pensamientos…?", "Más de la mitad"),),
        flags=flags,
        stage=Stage.CHECKLIST_DONE,
    )


def test_canonical_text_is_the_same_whatever_the_key_order() -> None:
    """Sorted keys, no spaces, UTF-8 kept as is: two orders of one content are one text."""
    first = outbox.canonical({"b": 1, "a": "Núñez"})
    assert first == outbox.canonical({"a": "Núñez", "b": 1}) == '{"a":"Núñez","b":1}'
    assert outbox.sha256_hex(first) == outbox.sha256_hex('{"a":"Núñez","b":1}')
    assert len(outbox.sha256_hex(first)) == 64


def test_a_step_entry_carries_what_the_patient_confirmed_and_its_format() -> None:
    """The step's answers as seen, its flags with reasons in every language, stage, time."""
    entry = outbox.step("i-1", record(AMBER), AT)
    content = json.loads(entry.text)
    assert content["format"] == outbox.FORMAT and content["kind"] == "step"
    assert content["intake"] == "i-1" and content["step"] == "phq9:item9"
    assert content["answers"][0]["answer_text"] == "Más de la mitad"
    assert content["flags"][0]["reason"] == {"en": "Coffee", "es": "Café"}
    assert content["stage"] == "checklist_done" and content["at"] == "2026-11-21T15:00:00+00:00"
    assert entry.sha256 == outbox.sha256_hex(entry.text)


def test_an_alert_or_a_red_flag_makes_the_entry_urgent_an_amber_one_does_not() -> None:
    """Urgency: an item 9 alert or a red flag; amber alone waits its turn."""
    assert outbox.step("i", record(ALERT), AT).urgent
    assert not outbox.step("i", record(AMBER), AT).urgent
    assert not outbox.step("i", record(), AT).urgent


def test_a_check_in_names_the_patient_and_the_servers_appointment() -> None:
    """The check-in holds who, which day, the server's appointment UUID and whether verified."""
    new = NewIntake(
        date(2026, 11, 21), Identity("Zoë", "Núñez", date(1980, 2, 29)), "es", 7, {"phq9": "1"}, AT
    )
    content = json.loads(outbox.check_in("i-2", new, "a-uuid").text)
    assert (content["first_name"], content["appointment"], content["verified"]) == (
        "Zoë",
        "a-uuid",
        True,
    )
    assert content["birth_date"] == "1980-02-29" and content["form_versions"] == {"phq9": "1"}


def test_the_backoff_doubles_up_to_a_minute() -> None:
    """1, 2, 4, 8… seconds after each failure in a row, never more than 60; none before one."""
    assert [outbox.backoff_seconds(n) for n in range(9)] == [0, 1, 2, 4, 8, 16, 32, 60, 60]
    assert outbox.backoff_seconds(10_000) == 60
