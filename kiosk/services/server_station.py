"""The nurse station on the clinic server: the station's acts (kiosk.services.station over the
server's store, row versions checked there) and staff sign-in counted by the server, each act
with its entry in the server's audit log in one transaction."""

from __future__ import annotations

from kiosk.core import pins
from kiosk.core.aftercare import clinic_zone
from kiosk.core.audit import AuditAction
from kiosk.core.clock import Clock
from kiosk.core.forms.model import FormsBundle
from kiosk.core.forms.settings import StaffSettings
from kiosk.core.staff import Reason, SignIn, StaffMember
from kiosk.server import audit, schema
from kiosk.server import staff as server_staff
from kiosk.server.reader import Connection
from kiosk.server.station import ServerStation
from kiosk.services.station import StationService

__all__ = ["ServerStaff", "StationOnServer", "sign_in"]


def sign_in(
    conn: Connection, settings: StaffSettings, staff_id: int, pin: str, *, cost: int | None = None
) -> SignIn:
    """Check a PIN here (slow, outside any transaction) against the server's hash, then let the
    server count the attempt (``staff_sign_in``: one attempt after the other, from any station)
    and record ``sign_in`` or ``sign_in_failed`` (never the PIN), in one transaction."""
    cost = pins.DEFAULT_COST if cost is None else cost
    stored = server_staff.pin_hash(conn, staff_id)
    right = stored is not None and pins.verify_pin(pin, stored)
    new_hash = (
        pins.hash_pin(pin, cost=cost)
        if right and stored is not None and pins.needs_rehash(stored, cost=cost)
        else None
    )
    with conn.transaction():
        if stored is None:
            result = SignIn(False, None, None, 0, Reason.UNKNOWN)
        else:
            result = server_staff.settle(
                conn, staff_id, right=right, checked_hash=stored, new_hash=new_hash,
                settings=settings,
            )  # fmt: skip
        member = server_staff.get(conn, staff_id)
        audit.record(
            conn,
            member.name if member else f"staff {staff_id}",
            AuditAction.SIGN_IN if result.ok else AuditAction.SIGN_IN_FAILED,
            f"staff {staff_id}",
            reason=result.reason.value,
        )
    return result


class ServerStaff:
    """The clinic's staff as a station sees them on the server: who may sign in, and signing in."""

    def __init__(
        self, conn: Connection, settings: StaffSettings, *, cost: int | None = None
    ) -> None:
        self.conn = conn
        self.settings = settings
        self._cost = cost

    def members(self) -> list[StaffMember]:
        """The active members, by name."""
        return server_staff.members(self.conn)

    def sign_in(self, staff_id: int, pin: str) -> SignIn:
        """One attempt, counted on the server (see ``sign_in``)."""
        return sign_in(self.conn, self.settings, staff_id, pin, cost=self._cost)


class StationOnServer:
    """A nurse station's session on the clinic server: its connection (a station login, a
    member of ``kiosk_station``), the station's acts and its staff; closed by ``close``."""

    def __init__(
        self,
        url: str,
        forms: FormsBundle,
        clock: Clock,
        *,
        clinic: str | None = None,
        cost: int | None = None,
    ) -> None:
        self.conn: Connection = schema.connect(url)
        audit.require(self.conn)
        self.store = ServerStation(self.conn, clinic, zone=clinic_zone(forms.settings))
        self.station = StationService(self.store, forms, clock)
        self.staff = ServerStaff(self.conn, forms.settings.staff, cost=cost)

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()
