"""What a nurse is told when the clinic server refused her act: a stale view (who did what,
when) or the server away (nothing saved)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kiosk.core.row_versions import StaleViewError
from kiosk.core.text import fill_in


def _sentences() -> dict[str, str]:
    """One sentence for each act kind the server names (kiosk.core.row_versions.ACT_WORDS);
    %1 is who, %2 the time."""
    return {
        "discharge": QCoreApplication.translate(
            "StaleView", "%1 discharged this patient at %2; the view is updated."
        ),
        "vitals": QCoreApplication.translate(
            "StaleView", "%1 recorded this patient's vitals at %2; the view is updated."
        ),
        "seat": QCoreApplication.translate(
            "StaleView", "%1 seated this patient at %2; the view is updated."
        ),
        "acknowledge": QCoreApplication.translate(
            "StaleView", "%1 acknowledged an alert of this patient at %2; the view is updated."
        ),
        "print": QCoreApplication.translate(
            "StaleView", "%1 printed this patient's aftercare sheet at %2; the view is updated."
        ),
        "infusion_start": QCoreApplication.translate(
            "StaleView", "%1 marked this patient's infusion started at %2; the view is updated."
        ),
        "infusion_end": QCoreApplication.translate(
            "StaleView", "%1 marked this patient's infusion ended at %2; the view is updated."
        ),
        "infusion_correct": QCoreApplication.translate(
            "StaleView", "%1 corrected this patient's infusion times at %2; the view is updated."
        ),
        "side_effect": QCoreApplication.translate(
            "StaleView", "%1 recorded a side effect of this patient at %2; the view is updated."
        ),
        "readiness": QCoreApplication.translate(
            "StaleView",
            "%1 checked this patient's readiness to go home at %2; the view is updated.",
        ),
    }


def stale_text(refused: StaleViewError) -> str:
    """The refusal in the station's language: e.g. "Nora discharged this patient at 15:42; the
    view is updated." (nothing was applied)."""
    who = refused.by or QCoreApplication.translate("StaleView", "Someone")
    if refused.at is None:
        return fill_in(
            QCoreApplication.translate(
                "StaleView", "%1 changed this patient's record; the view is updated."
            ),
            who,
        )
    when = refused.at.astimezone(refused.zone).strftime("%H:%M")
    sentence = _sentences().get(
        refused.act,
        QCoreApplication.translate(
            "StaleView", "%1 changed this patient's record at %2; the view is updated."
        ),
    )
    return fill_in(sentence, who, when)


def away_text() -> str:
    """A save that did not reach the clinic server."""
    return QCoreApplication.translate(
        "StaleView", "Not saved: the clinic server cannot be reached."
    )


def away_board_text() -> str:
    """The clinic server gone while its board is on screen."""
    return QCoreApplication.translate(
        "StaleView",
        "The clinic server cannot be reached. Retrying… The board shows what was read before.",
    )
