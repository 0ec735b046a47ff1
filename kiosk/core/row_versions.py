"""Row versions: a nurse acts on the version of an intake her view showed; when the intake moved
on meanwhile, the act is refused with who changed it, how and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

ACT_WORDS = {
    "acknowledge": "acknowledged a flag of this patient",
    "vitals": "recorded this patient's vitals",
    "seat": "seated this patient",
    "discharge": "discharged this patient",
    "print": "recorded a print of this patient's sheet",
    "infusion_start": "marked this patient's infusion started",
    "infusion_end": "marked this patient's infusion ended",
    "infusion_correct": "corrected this patient's infusion times",
    "side_effect": "recorded a side effect of this patient",
    "readiness": "checked this patient's readiness to go home",
    "kiosk": "handed in more of this patient's intake",
}
"""Each act a station or a kiosk changes an intake by, as the refusal says it."""


class StaleViewError(Exception):
    """The intake changed since the nurse's view showed it: nothing was applied. ``by`` did
    ``act`` (a key of ACT_WORDS) at ``at``; the message says so in the clinic's time."""

    def __init__(self, by: str, act: str, at: datetime | None, zone: tzinfo | None = None) -> None:
        self.by = by
        self.act = act
        self.at = at
        self.zone = zone  # the clinic's, in which the screens say the time (None: the machine's)
        what = ACT_WORDS.get(act, "changed this patient's record")
        when = f" at {at.astimezone(zone):%H:%M}" if at is not None else ""
        who = by or "someone"
        super().__init__(f"{who} {what}{when}; the view is updated")


@dataclass(frozen=True)
class LastChange:
    """Who last changed an intake, by which act (a key of ACT_WORDS) and when, as the clinic
    server keeps it with the row version."""

    by: str
    act: str
    at: datetime | None


def stale_refusal(change: LastChange | None, zone: tzinfo | None = None) -> StaleViewError:
    """The refusal of an act on a view older than ``change`` (None: not known who or when)."""
    if change is None:
        return StaleViewError("", "", None, zone)
    return StaleViewError(change.by, change.act, change.at, zone)
