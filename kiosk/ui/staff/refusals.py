"""What a nurse is told when the clinic server refused her act: a stale view (who did what,
when) or the server away (nothing saved)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kiosk.core.row_versions import StaleViewError
from kiosk.core.text import fill_in

CONTEXT = "StaleView"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _sentences() -> dict[str, str]:
    """One sentence for each act kind the server names (kiosk.core.row_versions.ACT_WORDS);
    %1 is who, %2 the time."""
    return {
        "discharge": _tr("%1 discharged this patient at %2; the view is updated."),
        "vitals": _tr("%1 recorded this patient's vitals at %2; the view is updated."),
        "seat": _tr("%1 seated this patient at %2; the view is updated."),
        "acknowledge": _tr("%1 acknowledged an alert of this patient at %2; the view is updated."),
        "print": _tr("%1 printed this patient's aftercare sheet at %2; the view is updated."),
    }


def stale_text(refused: StaleViewError) -> str:
    """The refusal in the station's language: e.g. "Nora discharged this patient at 15:42; the
    view is updated." (nothing was applied)."""
    who = refused.by or _tr("Someone")
    if refused.at is None:
        return fill_in(_tr("%1 changed this patient's record; the view is updated."), who)
    when = refused.at.astimezone(refused.zone).strftime("%H:%M")
    sentence = _sentences().get(
        refused.act, _tr("%1 changed this patient's record at %2; the view is updated.")
    )
    return fill_in(sentence, who, when)


def away_text() -> str:
    """A save that did not reach the clinic server."""
    return _tr("Not saved: the clinic server cannot be reached.")
