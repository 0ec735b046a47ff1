"""The real kiosk window under Xvfb, driven only through AT-SPI, as a screen reader or a switch
does: no touch, no mouse and no key event at all."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import atspi
from tests.helpers.program import REPO
from tests.helpers.speech import SpeechServer, missing_programs, start_speech_server

pytestmark = pytest.mark.e2e

NURSE_PIN = "482613"
SIGN_BY_TYPING = "Sign by typing my name"
SAFE_CHOICES = (
    "None of these",
    "No",
    "This does not apply to me",
    "Yes, an adult (18 or older) will drive me home",
    "A friend",
    "Not at all",
)
# yes/no questions whose safe answer is Yes (the group is named by its question)
SAFE_YES = ("After your infusion, will you stay with us",)


@dataclass
class Desk:
    """The kiosk program and the AT-SPI client on one desktop."""

    kiosk: atspi.Kiosk
    client: atspi.Client


@contextmanager
def run_desk(
    tmp_path: Path, forms: Path | None = None, speech: SpeechServer | None = None
) -> Iterator[Desk]:
    """The kiosk on a new data folder with an AT-SPI client (and its audio help speaking to
    ``speech``); the kiosk must end cleanly. Skipped only where the packages are missing or
    the display or bus cannot start."""
    missing = atspi.missing_parts()
    if missing:
        pytest.skip(f"no AT-SPI desktop here; missing: {', '.join(missing)}")
    with ExitStack() as stack:
        try:
            env = stack.enter_context(atspi.desktop())
        except atspi.DesktopUnavailableError as exc:
            pytest.skip(f"the AT-SPI desktop could not start: {exc}")
        if speech is not None:
            env = {**env, "SPEECHD_ADDRESS": speech.address}
        extra = ["--forms-dir", str(forms)] if forms is not None else []
        kiosk = atspi.start_kiosk(env, tmp_path / "data", tmp_path / "kiosk.log", *extra)
        client = atspi.start_client(env)
        try:
            kiosk.wait_for_log("ready data_dir=")
            client.wait_for("push button", "Start check-in")
            yield Desk(kiosk, client)
        finally:
            client.close()
            code = kiosk.stop()
        assert code == 0, f"the kiosk ended with {code}:\n{kiosk.log_text()}"


@pytest.fixture
def speech(tmp_path: Path) -> Iterator[SpeechServer]:
    """A real speech-dispatcher with espeak-ng, logging every message it is given."""
    missing = missing_programs()
    if missing:
        pytest.skip(f"no speech engine here; missing: {', '.join(missing)}")
    started = start_speech_server(tmp_path / "speech")
    if isinstance(started, str):
        pytest.skip(started)
    yield started
    started.stop()


@pytest.fixture
def desk(tmp_path: Path, speech: SpeechServer) -> Iterator[Desk]:
    """The kiosk with the shipped forms, an AT-SPI client and a real speech engine."""
    with run_desk(tmp_path, speech=speech) as running:
        yield running


def read_aloud(client: atspi.Client, speech: SpeechServer, name: str) -> tuple[str, str]:
    """Press the audio help button (its name in the patient's language) through AT-SPI; the
    voice and the words the engine was given."""
    before = len(speech.said())
    client.press("push button", name)
    client.wait_until(lambda: len(speech.said()) > before, "words sent to the speech engine")
    return speech.said()[before]


def identify(client: atspi.Client, *, started: bool = False) -> None:
    """Start (unless ``started``), then the name typed in and the date of birth on the pad,
    all through AT-SPI."""
    if not started:
        client.press("push button", "Start check-in")
    client.type_into("text", "First name", "Rosa")
    client.type_into("text", "Last name", "Vega")
    client.wait_for("text", "Date of birth: month", enabled=False)
    for count, digit in enumerate("05171968", start=1):
        client.press("push button", digit)
        client.wait_until(lambda count=count: typed(client) == count, f"{count} digits typed")
    client.press("push button", "Continue")


def typed(client: atspi.Client) -> int:
    """How many digits the date of birth fields hold."""
    parts = ("Date of birth: month", "Date of birth: day", "Date of birth: year")
    fields = [n for n in client.find_all("text") if n.name in parts]
    return sum(len(n.text or "") for n in fields)


def screen_words(client: atspi.Client) -> str:
    """The showing labels, one a line (for a failure message)."""
    return "\n".join(n.name for n in client.find_all("label"))


def answer_page(client: atspi.Client) -> None:
    """Answer what the screen asks, safely, through AT-SPI only, follow-up questions too."""
    for _ in range(8):  # a page settles in a few rounds (follow-up questions appear)
        if not answer_once(client):
            return
    texts = [(n.name, n.states, n.text) for n in client.find_all("text")]
    raise AssertionError(f"the page never settled:\n{screen_words(client)}\n{texts}")


def answer_once(client: atspi.Client) -> bool:
    """Answer every question showing that has no answer yet; whether there was any."""
    client.tree()
    acted = False
    pads: dict[int | None, dict[str, atspi.Node]] = {}
    for node in client.find_all("push button"):
        if node.name in tuple("0123456789"):
            pads.setdefault(node.parent, {})[node.name] = node
    # a pad's box is read only to assistive technology (the pad fills it); typed fields edit
    hours = [n for n in client.find_all("text") if "read-only" in n.states]
    for field, pad in zip(hours, pads.values(), strict=False):
        if not field.text:
            acted = True
            for digit in "12":
                client.act(pad[digit])
            client.wait_until(
                lambda field=field: any(
                    n.text == "12" for n in client.find_all("text", field.name)
                ),
                f"12 in {field.name!r}",
            )
    for field in client.find_all("text"):
        if "read-only" not in field.states and not field.text:
            value = "(555) 010-2233" if "phone" in field.name.lower() else "Ana Lucía Muñoz"
            client.type_into("text", field.name, value)
            acted = True
    for role in ("check box", "radio button"):
        for name in SAFE_CHOICES:
            for node in client.find_all(role, name):
                question = client.parent_of(node)
                group = client.children_of(question)
                if any("checked" in n.states for n in group):
                    continue
                safe = node
                if name == "No" and question.name.startswith(SAFE_YES):
                    safe = next(n for n in group if n.name == "Yes")
                client.act(safe)
                client.wait_until(
                    lambda safe=safe, role=role: any(
                        "checked" in n.states for n in client.find_all(role, safe.name)
                    ),
                    f"{safe.name!r} chosen for {question.name!r}",
                )
                acted = True
    return acted


def walk_to_consent(client: atspi.Client, *, started: bool = False) -> None:
    """Identify (Start pressed first unless ``started``), the checklist, PHQ-9, GAD-7 and the
    ride, until the consent shows."""
    identify(client, started=started)
    while True:
        client.wait_until(
            lambda: (
                client.find_all("push button", "Next")
                or client.find_all("radio button", "Not at all")
                or client.find_all("push button", "Continue to sign")
            ),
            "a question or the consent",
        )
        if client.find_all("push button", "Continue to sign"):
            return
        before = screen_words(client)
        if client.find_all("radio button", "Not at all"):
            client.press("radio button", "Not at all")
        else:
            answer_page(client)
            client.press("push button", "Next")
        client.wait_until(lambda seen=before: screen_words(client) != seen, "the next screen")
        problems = [n.name for n in client.find_all("label") if n.name.startswith("⚠")]
        assert not problems, f"refused: {problems}"


def add_nurse(tmp_path: Path) -> None:
    """A nurse, Nora Nurse, PIN 482613, added with the real command before the kiosk starts."""
    env = {**os.environ, "KIOSK_NEW_PIN": NURSE_PIN, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "main.py"),
            "--data-dir",
            str(tmp_path / "data"),
            "staff",
            "add",
            "--role",
            "nurse",
            "--name",
            "Nora Nurse",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr


def test_an_out_of_range_child_request_does_not_crash_the_kiosk(desk: Desk) -> None:
    """Every showing object is asked for the child one past its last and further past (what a
    client with a stale count does); the kiosk answers with nothing and lives on. Before the
    kiosk's own scroll-area interface, the screen's scroll area crashed it (SIGSEGV)."""
    client = desk.client
    areas = 0
    for screen in ("Welcome", "Identify"):  # Identify has a scroll bar too
        if screen == "Identify":
            client.press("push button", "Start check-in")
            client.wait_for("text", "First name")
        nodes = client.tree()
        parent = {n.id: n.parent for n in nodes}
        # a scroll bar's container's parent: the scroll area (it no longer takes focus)
        areas += len(
            {
                parent.get(parent.get(n.id) or -1)
                for n in nodes
                if n.role == "scroll bar" and n.showing
            }
            - {None}
        )
        for node in nodes:
            if node.showing:
                for index in (node.children, node.children + 1, node.children + 7):
                    assert client.ask("child", id=node.id, index=index) is None
        assert desk.kiosk.process.poll() is None
    assert areas, "no scroll area was showing on either screen"


def test_the_start_over_card_hides_the_screen_beneath_from_atspi(desk: Desk) -> None:
    """While "Stop and start over?" shows, the screen's controls are neither showing nor enabled
    to a screen reader; "No, keep going" brings them back."""
    client = desk.client
    client.press("push button", "Start check-in")
    client.wait_for("push button", "Continue")
    client.press("push button", "Stop and start over")
    client.wait_for("push button", "No, keep going")
    beneath = ("Continue", "Back", "Stop and start over")
    assert not [n for n in client.find_all("push button") if n.name in beneath and n.enabled]
    assert not client.find_all("text", "First name")
    client.press("push button", "No, keep going")
    client.wait_for("text", "First name")
    client.wait_for("push button", "Continue")


def test_actions_through_atspi_keep_the_patient_active_and_the_idle_card_covers(
    tmp_path: Path, forms_copy: Path
) -> None:
    """With a 15-second idle timeout, a patient who acts through AT-SPI only (setting a name,
    focusing, pressing a pad key) for longer than that never sees "Are you still there?";
    once they stop (no client request at all: reading counts as activity too) it comes, and
    while it shows the screen beneath is out of reach."""
    settings = forms_copy / "settings.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(
        text.replace("idle_timeout_seconds = 90", "idle_timeout_seconds = 15"), encoding="utf-8"
    )
    with run_desk(tmp_path, forms_copy) as desk:
        client = desk.client
        client.press("push button", "Start check-in")
        started = time.monotonic()
        step = 0
        while time.monotonic() - started < 18:  # longer than the timeout, acting every second
            step += 1
            client.type_into("text", "First name", f"Rosa{step}")
            client.press("push button", str(step % 10))
            time.sleep(1)
            assert not client.find_all("label", "Are you still there?")
        time.sleep(20)  # nobody there: past the timeout, well within the 30-second warning
        card = client.wait_for("push button", "I'm still here")
        assert card.enabled
        assert not client.find_all("text", "First name")
        assert not [n for n in client.find_all("push button", "Continue") if n.enabled]
        client.press("push button", "I'm still here")
        client.wait_for("text", "First name")


def test_a_patient_checks_in_from_welcome_to_done_through_atspi_alone(
    tmp_path: Path, speech: SpeechServer
) -> None:
    """Welcome, Identify, the checklist, PHQ-9, GAD-7, the ride and the consent, then a typed
    signature and Done: only AT-SPI actions, texts and focus, no touch, mouse or key. On the
    way, "Read this to me" sends Identify's question to the real speech engine in English.
    Then a nurse signs in at the staff corner through AT-SPI and reads the board: the patient
    is on it, her consent signed and no flag raised."""
    add_nurse(tmp_path)
    with run_desk(tmp_path, speech=speech) as desk:
        client = desk.client
        started = time.monotonic()
        client.press("push button", "Start check-in")
        client.wait_for("text", "First name")
        voice, words = read_aloud(client, speech, "Read this to me")
        assert voice == "en-us"
        assert words.startswith("Who are you?"), words
        assert "First name" in words
        assert "Last name" in words
        client.press("push button", "Stop reading")
        client.wait_for("push button", "Read this to me")
        walk_to_consent(client, started=True)
        sign_by_typing(client, "Rosa Vega")
        client.wait_for("heading", "Thank you! You are all checked in.", enabled=False)
        assert time.monotonic() - started < 120
        client.press("push button", "Finish")
        client.wait_for("push button", "Start check-in")
        assert not [n for n in client.tree() if n.showing and "Rosa" in (n.name + (n.text or ""))]
        staff_sign_in(client)
        row = client.wait_until(
            lambda: [n for n in client.find_all("table cell") if n.name.startswith("Rosa Vega")],
            "Rosa Vega on the board",
        )
        cells = [n.name for n in client.find_all("table cell") if n.parent == row[0].parent]
        assert cells[1:] == [
            "Rosa Vega, unverified",
            "Consent signed; Waiting for infusion",
            "No flags",
        ], cells


def sign_by_typing(client: atspi.Client, name: str) -> None:
    """Agree to every section, then sign by typing the name and ticking the attestation, see
    the signed copy and certify it."""
    for node in client.find_all("check box"):
        if node.name.startswith("I agree"):
            client.act(node)
    client.press("push button", "Continue to sign")
    client.press("push button", SIGN_BY_TYPING)
    client.type_into("text", "Your full name, typed as your signature", name)
    client.press("check box", "Typing my name here is my signature")
    client.press("push button", "See my signed copy")
    client.press("push button", "This is my signature")


def staff_sign_in(client: atspi.Client) -> None:
    """The staff corner, Nora Nurse chosen and her PIN on the pad, through AT-SPI."""
    client.press("push button", "Staff")
    client.press("check box", "Nora Nurse")
    for count, digit in enumerate(NURSE_PIN, start=1):  # the PIN field takes the pad only
        client.press("push button", digit)
        client.wait_until(
            lambda count=count: [
                n for n in client.find_all("password text", "PIN") if len(n.text or "") == count
            ],
            f"{count} PIN digits",
        )
    client.press("push button", "Sign in")


def test_audio_help_reads_a_screen_in_spanish_through_atspi(
    desk: Desk, speech: SpeechServer
) -> None:
    """A patient who chose Español presses "Léame esto" through AT-SPI: the real engine is
    given Identify's question and fields in Spanish with a Spanish voice; "Dejar de leer"
    stops it and the button reads "Léame esto" again."""
    client = desk.client
    client.press("radio button", "Español")
    client.press("push button", "Comenzar el registro")
    client.wait_for("text", "Nombre")
    voice, words = read_aloud(client, speech, "Léame esto")
    assert voice == "es"
    assert words.startswith("Díganos quién es usted."), words
    assert "Apellido" in words
    client.press("push button", "Dejar de leer")
    client.wait_for("push button", "Léame esto")
