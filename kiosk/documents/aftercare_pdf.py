"""The aftercare sheet handed to the patient at discharge, as a PDF (one page, or two when the
day's account runs on)."""

from __future__ import annotations

import re
from functools import cache
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    HRFlowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from kiosk.core.aftercare import AftercareSheet
from kiosk.documents.common import letter_document, markup
from kiosk.documents.fonts import register_fonts

MARGIN = 0.7 * inch
MARGIN_Y = 0.55 * inch
INK = colors.HexColor("#111111")
RULE = colors.HexColor("#777777")
SHADE = colors.HexColor("#EDEDED")
_NUMBER_SPACE = re.compile(r"(?<=\d) (?=\w)")
FRAME_PADDING = 6  # reportlab's page frame keeps this much inside the margins


def render_aftercare(sheet: AftercareSheet) -> bytes:
    """The sheet as PDF bytes; the same sheet always gives the same bytes."""
    regular, bold = register_fonts()
    styles = _styles(regular, bold)
    buffer = BytesIO()
    doc = letter_document(
        buffer,
        margin_x=MARGIN,
        margin_y=MARGIN_Y,
        title=sheet.title,
        author=sheet.clinic_name,
        language=sheet.language,
    )
    doc.build(
        _story(sheet, styles, doc.width - 2 * FRAME_PADDING),
        onLaterPages=lambda canvas, page: _running_head(canvas, page, sheet, regular),
    )
    return buffer.getvalue()


def _running_head(canvas: Canvas, doc: BaseDocTemplate, sheet: AftercareSheet, font: str) -> None:
    """A sheet that runs on: every later page names the patient, the clinic and the date, so a
    loose page is never anyone else's."""
    canvas.saveState()
    canvas.setFont(font, 9)
    canvas.setFillColor(RULE)
    top = doc.pagesize[1] - MARGIN_Y / 2
    right = f"{sheet.date_line} · {doc.page}"
    room = doc.pagesize[0] - 2 * MARGIN - stringWidth(right, font, 9) - 18
    left = f"{sheet.patient_name} · {sheet.clinic_name}"
    while len(left) > 1 and stringWidth(left, font, 9) > room:  # a very long name is cut short
        left = left[: max(1, len(left) * 9 // 10)]
        if stringWidth(left + "…", font, 9) <= room:
            left += "…"
            break
    canvas.drawString(MARGIN, top, left)
    canvas.drawRightString(doc.pagesize[0] - MARGIN, top, right)
    canvas.restoreState()


@cache
def _styles(regular: str, bold: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle(
        "body", fontName=regular, fontSize=13, leading=17, textColor=INK, spaceAfter=4
    )
    return {
        "body": base,
        "clinic": ParagraphStyle("clinic", base, fontName=bold, fontSize=15, leading=19),
        "phone": ParagraphStyle(
            "phone", base, fontName=bold, fontSize=14, leading=19, alignment=TA_RIGHT
        ),
        "title": ParagraphStyle(
            "title", base, fontName=bold, fontSize=20, leading=25, spaceBefore=8, spaceAfter=4
        ),
        "patient": ParagraphStyle("patient", base, fontName=bold, fontSize=14, leading=18),
        "no_driving": ParagraphStyle(
            "no_driving", base, fontName=bold, fontSize=17, leading=23, spaceAfter=0
        ),
        "strong": ParagraphStyle("strong", base, fontName=bold, fontSize=13.5, leading=18),
        "heading": ParagraphStyle(
            "heading",
            base,
            fontName=bold,
            fontSize=14.5,
            leading=19,
            spaceBefore=6,
            spaceAfter=4,
            keepWithNext=1,
        ),
        "subheading": ParagraphStyle(
            "subheading", base, fontName=bold, spaceBefore=2, keepWithNext=1
        ),
        "item": ParagraphStyle(
            "item",
            base,
            leftIndent=18,
            bulletIndent=4,
            bulletFontName=regular,
            bulletFontSize=13,
            spaceAfter=5,
        ),
    }


def _story(
    sheet: AftercareSheet, styles: dict[str, ParagraphStyle], width: float
) -> list[Flowable]:
    """Header, who and when, the no-driving box, the ride, what to do, help, what happened today
    (when the nurse recorded it: after the help box, so what the patient must not miss stays
    where it always is, on the first page), and who to call."""
    story: list[Flowable] = [
        _header(sheet, styles, width),
        HRFlowable(width="100%", thickness=1, color=RULE, spaceBefore=2, spaceAfter=0),
        _para(sheet.title, styles["title"]),
        _para(sheet.patient_name, styles["patient"]),
        _para(sheet.date_line, styles["body"]),
        Spacer(1, 6),
        _box([_para(sheet.no_driving_line, styles["no_driving"])], width, 2.5, SHADE),
        Spacer(1, 8),
        _para(sheet.ride_line, styles["strong"]),
        _para(sheet.instructions_heading, styles["heading"]),
        *(_para(line, styles["item"], bullet="\u2022") for line in sheet.instructions),
        Spacer(1, 4),
        KeepTogether(
            _box(
                [
                    _para(sheet.emergency_heading, styles["heading"]),
                    *(_para(line, styles["body"]) for line in sheet.emergency_lines),
                ],
                width,
                1.75,
                None,
            )
        ),
        Spacer(1, 10),
        *_today(sheet, styles),
    ]
    closing: list[Flowable] = [_para(sheet.questions_line, styles["strong"])]
    if sheet.next_appointment_line:
        closing.append(_para(sheet.next_appointment_line, styles["strong"]))
    closing += [Spacer(1, 4), _para(sheet.nurse_line, styles["body"])]
    return [*story, KeepTogether(closing)]


def _today(sheet: AftercareSheet, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    """What happened today: the infusion's times, the side effects seen and what to do if they
    continue; nothing when nothing was recorded."""
    if not sheet.today_heading:
        return []
    story: list[Flowable] = [_para(sheet.today_heading, styles["heading"])]
    if sheet.infusion_line:
        story.append(_para(sheet.infusion_line, styles["body"]))
    if sheet.none_seen_line:
        story.append(_para(sheet.none_seen_line, styles["body"]))
    if sheet.seen_lines:
        story.append(_para(sheet.seen_heading, styles["subheading"]))
        story += [_para(line, styles["item"], bullet="\u2022") for line in sheet.seen_lines]
    if sheet.if_continues_lines:
        story.append(_para(sheet.if_continues_heading, styles["subheading"]))
        story += [_para(line, styles["item"], bullet="\u2022") for line in sheet.if_continues_lines]
    return [KeepTogether(story), Spacer(1, 10)]  # on the page it starts, or all on the next


def _header(sheet: AftercareSheet, styles: dict[str, ParagraphStyle], width: float) -> Table:
    """The clinic's name on the left and its phone number on the right."""
    table = Table(
        [[_para(sheet.clinic_name, styles["clinic"]), _para(sheet.clinic_phone, styles["phone"])]],
        colWidths=[width * 0.62, width * 0.38],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _para(text: str, style: ParagraphStyle, bullet: str | None = None) -> Paragraph:
    """One paragraph; a number stays on the line of the word after it ("24 hours", "3:04 PM")."""
    return Paragraph(markup(_NUMBER_SPACE.sub("\u00a0", text)), style, bulletText=bullet)


def _box(content: list[Flowable], width: float, border: float, shade: colors.Color | None) -> Table:
    """Flowables inside a ruled box as wide as the text."""
    commands: list[tuple[object, ...]] = [
        ("BOX", (0, 0), (-1, -1), border, INK),
        ("LEFTPADDING", (0, 0), (-1, -1), 12),
        ("RIGHTPADDING", (0, 0), (-1, -1), 12),
        ("TOPPADDING", (0, 0), (-1, -1), 9),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
    ]
    if shade is not None:
        commands.append(("BACKGROUND", (0, 0), (-1, -1), shade))
    table = Table([[content]], colWidths=[width])
    table.setStyle(TableStyle(commands))
    return table
