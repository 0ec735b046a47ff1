"""A kiosk's link to the clinic server: verified TLS, its own login, every call under a deadline."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from uuid import UUID

import psycopg
from psycopg import conninfo

from kiosk.core.outbox import FORMAT, Pending
from kiosk.server.deadline import cut_after
from kiosk.server.steps import Answer

CONNECT_SECONDS = 5  # libpq's connect_timeout: a server that never answers the handshake
CALL_SECONDS = 20  # a call with no reply by then is cut off (the socket is shut down)


class Trouble(StrEnum):
    """Why a call did not go through, as the staff are told."""

    UNREACHABLE = "unreachable"  # no route, refused, timed out, cut off mid-call
    REVOKED = "revoked"  # the kiosk's login is shut out (server revoke)
    LOGIN = "login"  # the credential is wrong (password or user unknown)
    CERTIFICATE = "certificate"  # the server's certificate is not signed by the clinic's CA
    TOO_NEW = "too_new"  # the kiosk's step format is newer than the server's schema
    WRONG_CLINIC = "wrong_clinic"  # the server enrolled this kiosk in another clinic
    REFUSED = "refused"  # anything else the server refused


class LinkError(Exception):
    """A call to the server failed; ``trouble`` says how, the message in one line why."""

    def __init__(self, trouble: Trouble, message: str, sqlstate: str | None = None) -> None:
        super().__init__(message)
        self.trouble = trouble
        self.sqlstate = sqlstate  # the server's error code, when it refused

    @property
    def about_content(self) -> bool:
        """The server refused what a step holds (SQLSTATE class 22, data exception: content it
        cannot read, a hash that does not match), not the kiosk or the connection."""
        return self.trouble is Trouble.REFUSED and (self.sqlstate or "").startswith("22")


@dataclass(frozen=True)
class Hello:
    """What the server says to a kiosk that connects."""

    device: str
    clock_skew_seconds: float  # the kiosk's clock minus the server's
    highest_sequence: int
    conflicts: int


@dataclass(frozen=True)
class Booked:
    """An appointment as a kiosk may read it: only what identity matching needs."""

    uuid: str
    day: date
    time: str
    name_key: str
    birth_date: date


@dataclass(frozen=True)
class Target:
    """Where the server is and how the kiosk proves itself: the URL (no user or password in
    it), the clinic's CA file and the kiosk's credential (``user=... password=...``)."""

    url: str
    ca_file: Path
    credential: str = ""
    clinic: str = ""  # the clinic this kiosk stands in ("": whatever the server enrolled it in)

    def conninfo(self) -> str:
        """The libpq connection string: verify-full against the CA, always, whatever the URL says."""
        return conninfo.make_conninfo(
            self.url,
            **_credential_parts(self.credential),
            sslmode="verify-full",
            sslrootcert=str(self.ca_file),
            connect_timeout=str(CONNECT_SECONDS),
            application_name="kiosk-sync",
        )


def _credential_parts(credential: str) -> dict[str, str]:
    if not credential:
        return {}
    try:
        parts = conninfo.conninfo_to_dict(credential)
    except psycopg.ProgrammingError:
        raise LinkError(Trouble.LOGIN, "the credential is not user=... password=...") from None
    return {name: str(parts[name]) for name in ("user", "password") if name in parts}


def classify(exc: psycopg.Error) -> LinkError:
    """The trouble a psycopg error means, in words for staff. The server's own text is shown
    only for connection troubles (logins, certificates, the network): an error about a batch
    could quote a step's content, so only its SQLSTATE is told."""
    whole = str(exc).strip()
    lowered = whole.lower()
    first = whole.splitlines()[0] if whole else type(exc).__name__
    if "not permitted to log in" in lowered or "not an enrolled device" in lowered:
        return LinkError(Trouble.REVOKED, "this kiosk's login is revoked on the clinic server")
    if "password authentication failed" in lowered or (
        "role" in lowered and "does not exist" in lowered
    ):
        return LinkError(Trouble.LOGIN, "the clinic server refused this kiosk's credential")
    if "certificate" in lowered or ("ssl" in lowered and "verif" in lowered):
        return LinkError(
            Trouble.CERTIFICATE,
            "the clinic server's certificate is not signed by the clinic's CA file",
        )
    if exc.sqlstate == "0A000":  # feature_not_supported: our own message, no content in it
        return LinkError(Trouble.TOO_NEW, first)
    if exc.sqlstate is None or exc.sqlstate.startswith(("08", "57")):
        return LinkError(Trouble.UNREACHABLE, f"cannot reach the clinic server: {first}")
    return LinkError(
        Trouble.REFUSED,
        f"the clinic server refused the steps (SQLSTATE {exc.sqlstate})",
        exc.sqlstate,
    )


class Link:
    """One connection of a kiosk to the server; every call ends within CALL_SECONDS or fails."""

    def __init__(self, target: Target, kiosk: str, *, call_seconds: float = CALL_SECONDS) -> None:
        self._kiosk = UUID(kiosk)
        self._call_seconds = call_seconds
        try:
            self._conn: psycopg.Connection[tuple[object, ...]] = psycopg.connect(
                target.conninfo(), autocommit=True
            )
        except psycopg.Error as exc:
            raise classify(exc) from None
        except OSError as exc:  # a CA file that cannot be read
            raise LinkError(Trouble.CERTIFICATE, f"{target.ca_file}: {exc.strerror}") from None

    def close(self) -> None:
        """Close the connection (never raises)."""
        with contextlib.suppress(Exception):
            self._conn.close()

    @contextlib.contextmanager
    def _deadline(self) -> Iterator[None]:
        """The call fails as UNREACHABLE if it outlives the deadline (see cut_after); any other
        error is classified."""
        with cut_after(self._conn, self._call_seconds) as fired:
            try:
                yield
            except psycopg.Error as exc:
                if fired.is_set():
                    raise LinkError(
                        Trouble.UNREACHABLE,
                        f"the clinic server did not answer within {self._call_seconds:g} s",
                    ) from None
                raise classify(exc) from None

    def hello(self, now: datetime) -> Hello:
        """Say who this kiosk is and what its clock says; the server's view of it."""
        with self._deadline():
            row = self._conn.execute(
                "SELECT device, clock_skew_seconds, highest_sequence, conflicts"
                " FROM public.kiosk_hello(%s, %s, %s)",
                (now, FORMAT, self._kiosk),
            ).fetchone()
        if row is None:
            raise LinkError(Trouble.REVOKED, "this kiosk is not enrolled on the clinic server")
        device, skew, highest, conflicts = row
        return Hello(str(device), float(str(skew or 0.0)), int(str(highest)), int(str(conflicts)))

    def clinic(self) -> str:
        """The clinic the server enrolled this kiosk in (a server before clinics: TOO_NEW)."""
        with self._deadline():
            if self._conn.execute(
                "SELECT to_regprocedure('public.kiosk_clinic()') IS NULL"
            ).fetchone() == (True,):
                raise LinkError(
                    Trouble.TOO_NEW,
                    "the clinic server knows no clinics yet: upgrade it (python -m kiosk server"
                    " init), or leave [server] clinic empty",
                )
            row = self._conn.execute("SELECT public.kiosk_clinic()").fetchone()
        if row is None or row[0] is None:
            raise LinkError(Trouble.REVOKED, "this kiosk is not enrolled on the clinic server")
        return str(row[0])

    def submit(self, now: datetime, batch: Sequence[Pending]) -> list[Answer]:
        """Hand a batch in; the server commits all of it or none. Its answer to each, in order."""
        with self._deadline():
            rows = self._conn.execute(
                "SELECT step, answer FROM public.submit_batch(%s, %s, %s, %s, %s, %s, %s, %s)",
                (
                    now,
                    FORMAT,
                    self._kiosk,
                    [UUID(p.uuid) for p in batch],
                    [UUID(p.intake) for p in batch],
                    [p.sequence for p in batch],
                    [p.text for p in batch],
                    [p.sha256 for p in batch],
                ),
            ).fetchall()
        answers = {str(row[0]): Answer(str(row[1])) for row in rows}
        if set(answers) != {p.uuid for p in batch}:
            raise LinkError(Trouble.REFUSED, "the clinic server answered for other steps")
        return [answers[p.uuid] for p in batch]

    def appointments(self, day: date) -> list[Booked]:
        """The day's appointments, as much as matching needs."""
        with self._deadline():
            rows = self._conn.execute(
                "SELECT uuid, day, slot, name_key, birth_date FROM public.appointments_for_day(%s)",
                (day,),
            ).fetchall()
        return [
            Booked(str(r[0]), r[1], str(r[2]), str(r[3]), r[4])  # type: ignore[arg-type]
            for r in rows
        ]
