"""The day report for the clinic: a summary page of counts, then one table line per patient.

The records are the read model's ``IntakeRecord`` (kiosk.core.intake_record), as exports read them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table, TableStyle

from kiosk.core.forms.required import GAD7_FORM, HAS_RIDE, HAS_RIDE_YES, PHQ9_FORM
from kiosk.core.intake_record import FlagRecord, IntakeRecord, ScoreRecord
from kiosk.documents.common import letter_document, markup
from kiosk.documents.fonts import register_fonts

MARGIN = 0.5 * inch
INK = colors.HexColor("#111111")
RULE = colors.HexColor("#777777")
SHADE = colors.HexColor("#EDEDED")
DISCHARGED = "discharged"
SEVERITY_ORDER = ("minimal", "mild", "moderate", "moderately_severe", "severe")
COLUMNS = ("Arrived", "Patient", "Stage", "PHQ-9", "GAD-7", "Flags", "Ride", "Discharged")
DEVICE_LABEL_SIZE = 7.5
COLUMN_SHARES = (0.08, 0.22, 0.12, 0.11, 0.11, 0.19, 0.06, 0.11)


@dataclass
class DaySummary:
    """The counts on the summary page."""

    intakes: int = 0
    verified: int = 0
    completed: int = 0
    discharged: int = 0
    red_flags: int = 0
    amber_flags: int = 0
    open_alerts: int = 0
    phq9: Counter[str] = field(default_factory=Counter)
    gad7: Counter[str] = field(default_factory=Counter)
    devices: Counter[str] = field(default_factory=Counter)  # intakes per kiosk (server reads)

    @property
    def unverified(self) -> int:
        """Intakes not matched to an appointment."""
        return self.intakes - self.verified

    def add(self, record: IntakeRecord) -> None:
        """Count one intake."""
        self.intakes += 1
        self.verified += record.verified
        self.completed += record.completed_at is not None
        self.discharged += record.discharge is not None or record.stage == DISCHARGED
        self.red_flags += sum(f.level == "red" for f in record.flags)
        self.amber_flags += sum(f.level == "amber" for f in record.flags)
        self.open_alerts += sum(f.open_alert for f in record.flags)
        for instrument, counter in ((PHQ9_FORM, self.phq9), (GAD7_FORM, self.gad7)):
            score = record.scores.get(instrument)
            if score is not None:
                counter[score.severity] += 1
        if record.device:
            self.devices[record.device] += 1


def render_day_report(
    records: Iterable[IntakeRecord],
    *,
    clinic_name: str,
    first: date,
    last: date,
    time_zone: tzinfo | None = None,
) -> bytes:
    """The report of the days ``first`` to ``last`` as PDF bytes (letter, landscape).

    Times are shown in ``time_zone`` (UTC, as stored, when None). The same records always give
    the same bytes. The records are read once, as they come.
    """
    regular, bold = register_fonts()
    styles = _styles(regular, bold)
    summary = DaySummary()
    rows: list[list[Flowable]] = []
    for record in records:
        summary.add(record)
        cells = [_para(cell, styles["cell"]) for cell in _row(record, time_zone, first != last)]
        if record.device:  # read from the clinic server: which kiosk, under the name
            cells[1] = _patient_at(record, styles["cell"])
        rows.append(cells)
    days = first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"
    title = f"Day report {days}"
    buffer = BytesIO()
    doc = letter_document(
        buffer,
        margin_x=MARGIN,
        margin_y=MARGIN,
        title=f"{clinic_name}: {title}",
        author=clinic_name,
        language="en",
    )
    doc.pagesize = landscape(letter)
    width = doc.pagesize[0] - 2 * MARGIN - 12
    zone = "UTC" if time_zone is None else str(time_zone)
    story: list[Flowable] = [
        _para(clinic_name, styles["clinic"]),
        _para(title, styles["title"]),
        _para(f"Times are in {zone}.", styles["body"]),
        Spacer(1, 8),
        _summary_table(summary, styles, width),
        PageBreak(),
        _para(f"Patients, {days}", styles["heading"]),
    ]
    if rows:
        story.append(_patient_table(rows, styles, width))
    else:
        story.append(_para("No intakes.", styles["body"]))
    doc.build(story)
    return buffer.getvalue()


def _styles(regular: str, bold: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=regular, fontSize=11, leading=14, textColor=INK)
    return {
        "body": base,
        "clinic": ParagraphStyle("clinic", base, fontName=bold, fontSize=16, leading=20),
        "title": ParagraphStyle(
            "title", base, fontName=bold, fontSize=20, leading=25, spaceBefore=4, spaceAfter=4
        ),
        "heading": ParagraphStyle(
            "heading", base, fontName=bold, fontSize=14, leading=18, spaceAfter=6
        ),
        "cell": ParagraphStyle("cell", base, fontSize=9.5, leading=12),
        "head": ParagraphStyle("head", base, fontName=bold, fontSize=9.5, leading=12),
    }


def _para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(markup(text), style)


def _patient_at(record: IntakeRecord, style: ParagraphStyle) -> Paragraph:
    """The patient's name and, below in small type, the kiosk the intake came from."""
    name = markup(f"{record.first_name} {record.last_name}")
    kiosk = markup(f"kiosk {record.device}")
    return Paragraph(f'{name}<br/><font size="{DEVICE_LABEL_SIZE}">{kiosk}</font>', style)


def _severities(counter: Counter[str]) -> str:
    known = [key for key in SEVERITY_ORDER if counter[key]]
    others = sorted(key for key in counter if key not in SEVERITY_ORDER and counter[key])
    parts = [f"{key.replace('_', ' ')} {counter[key]}" for key in (*known, *others)]
    return ", ".join(parts) if parts else "none scored"


def _summary_table(summary: DaySummary, styles: dict[str, ParagraphStyle], width: float) -> Table:
    lines: tuple[tuple[str, str], ...] = (
        ("Intakes", str(summary.intakes)),
        ("Verified", str(summary.verified)),
        ("Unverified", str(summary.unverified)),
        ("Completed at the kiosk", str(summary.completed)),
        ("Discharged", str(summary.discharged)),
        ("Red flags", str(summary.red_flags)),
        ("Amber flags", str(summary.amber_flags)),
        ("Open alerts", str(summary.open_alerts)),
        ("PHQ-9 severity", _severities(summary.phq9)),
        ("GAD-7 severity", _severities(summary.gad7)),
    )
    if summary.devices:  # several kiosks' intakes (the clinic server's report)
        kiosks = ", ".join(f"{name} {count}" for name, count in sorted(summary.devices.items()))
        lines = (*lines, ("Kiosks", kiosks))
    table = Table(
        [[_para(label, styles["head"]), _para(value, styles["body"])] for label, value in lines],
        colWidths=[width * 0.3, width * 0.7],
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("BACKGROUND", (0, 0), (0, -1), SHADE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _patient_table(
    rows: list[list[Flowable]], styles: dict[str, ParagraphStyle], width: float
) -> Table:
    header = [_para(name, styles["head"]) for name in COLUMNS]
    table = Table(
        [header, *rows],
        colWidths=[width * share for share in COLUMN_SHARES],
        repeatRows=1,
        splitInRow=1,  # a row taller than a page (a 10,000-character name) goes on over pages
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _row(record: IntakeRecord, time_zone: tzinfo | None, with_day: bool) -> list[str]:
    ride = record.ride.get(HAS_RIDE)
    return [
        _time(record.created_at, time_zone, with_day=with_day),
        f"{record.first_name} {record.last_name}",
        record.stage.replace("_", " "),
        _score(record.scores.get(PHQ9_FORM)),
        _score(record.scores.get(GAD7_FORM)),
        _flags(record.flags),
        "" if ride is None else ("yes" if ride == HAS_RIDE_YES else "no"),
        "" if record.discharge is None else _time(record.discharge.discharged_at, time_zone),
    ]


def _score(score: ScoreRecord | None) -> str:
    return "" if score is None else f"{score.total} {score.severity.replace('_', ' ')}"


def _flags(flags: Sequence[FlagRecord]) -> str:
    """Each flag as R: or A: and its code; an open alert marked with '!'."""
    return ", ".join(f"{'!' if f.open_alert else ''}{f.level[:1].upper()}:{f.code}" for f in flags)


def _time(text: str, time_zone: tzinfo | None, *, with_day: bool = True) -> str:
    """HH:MM of a stored ISO time in ``time_zone``; the text itself if it is not a time."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if time_zone is not None and moment.tzinfo is not None:
        moment = moment.astimezone(time_zone)
    return moment.strftime("%m-%d %H:%M" if with_day else "%H:%M")
