"""The patient's signed consent copy as a PDF."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from io import BytesIO
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    Image,
    KeepTogether,
    Paragraph,
    Spacer,
)

from kiosk.core.consent import ConsentCopy, SignatureMethod, StaffAccounts
from kiosk.core.dates import format_date_time
from kiosk.core.text import fill_names
from kiosk.documents.common import letter_document, markup
from kiosk.documents.fonts import display_text, register_fonts

# The fixed words of the document, in each language the kiosk speaks.
LABELS: dict[str, dict[str, str]] = {
    "en": {
        "version": "Version {version}",
        "patient_copy": "Patient copy",
        "signature": "Signature",
        "agreed": "Agreed to each section: yes",
        "printed_name": "Printed name:",
        "birth_date": "Date of birth:",
        "signed": "Signed:",
        "signed_utc": "Signed (UTC):",
        "sha": "Consent text SHA-256: {sha}",
        "page": "Page {page} of {pages}",
        "method": "Signature method:",
        "method_drawn": "drawn on the screen",
        "method_typed": "typed name",
        "method_witnessed": "with a staff member as witness",
        "typed": "Signed by typing their name: {name} (typed signature)",
        "typed_attest": "They confirmed: “Typing my name here is my signature.”",
        "witnessed": "Signed with a staff member as witness: {name} (staff no. {id})",
        "witnessed_server": "Signed with a staff member as witness: {name} (clinic server staff"
        " no. {id})",
        "witness_attest": "The staff member signed in and confirmed they witnessed the "
        "patient's consent.",
    },
    "es": {
        "version": "Versión {version}",
        "patient_copy": "Copia para el paciente",
        "signature": "Firma",
        "agreed": "Aceptó cada sección: sí",
        "printed_name": "Nombre en letra de molde:",
        "birth_date": "Fecha de nacimiento:",
        "signed": "Firmado:",
        "signed_utc": "Firmado (UTC):",
        "sha": "SHA-256 del consentimiento: {sha}",
        "page": "Página {page} de {pages}",
        "method": "Forma de firmar:",
        "method_drawn": "dibujada en la pantalla",
        "method_typed": "nombre escrito",
        "method_witnessed": "con un miembro del personal como testigo",
        "typed": "Firmó escribiendo su nombre: {name} (firma escrita)",
        "typed_attest": "Confirmó: “Escribir mi nombre aquí es mi firma.”",
        "witnessed": "Firmó con un miembro del personal como testigo: {name} (personal n.º {id})",
        "witnessed_server": "Firmó con un miembro del personal como testigo: {name} (personal"
        " del servidor de la clínica n.º {id})",
        "witness_attest": "El miembro del personal inició sesión y confirmó que presenció el "
        "consentimiento del paciente.",
    },
}

SIGNATURE_MAX_WIDTH = 3.5 * inch
SIGNATURE_MAX_HEIGHT = 1.3 * inch
MARGIN = 0.75 * inch
FOOTER_SIZE = 7.5

_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def render_consent(copy: ConsentCopy) -> bytes:
    """The signed consent copy as PDF bytes; the same copy always gives the same bytes."""
    labels = _labels(copy.language)
    regular, bold = register_fonts()
    styles = _styles(regular, bold)
    buffer = BytesIO()
    doc = letter_document(
        buffer,
        margin_x=MARGIN,
        margin_y=MARGIN,
        title=copy.consent.title.get(copy.language),
        author=copy.clinic_name,
        language=copy.language,
        subject=labels["patient_copy"],
    )
    footer_left = fill_names(labels["sha"], {"sha": display_text(copy.text_sha256)})

    def make_canvas(*args: Any, **kwargs: Any) -> _NumberedCanvas:
        return _NumberedCanvas(*args, footer=(footer_left, labels["page"], regular), **kwargs)

    signature = _signature_mark(copy, labels, styles)
    story = _body(copy, labels, styles) + _signature_block(copy, labels, styles, signature)
    doc.build(story, canvasmaker=make_canvas)
    return buffer.getvalue()


def format_signed_at(moment: datetime, language: str) -> str:
    """A local date and time written out, e.g. "Saturday, November 21, 2026, 3:04 PM"."""
    return format_date_time(moment, language)


def _labels(language: str) -> dict[str, str]:
    try:
        return LABELS[language]
    except KeyError:
        raise ValueError(f"no PDF labels for language {language!r}") from None


def _styles(regular: str, bold: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle(
        "body", fontName=regular, fontSize=10.5, leading=14, alignment=TA_LEFT, spaceAfter=6
    )
    return {
        "body": base,
        "clinic": ParagraphStyle(
            "clinic",
            base,
            fontName=bold,
            fontSize=13,
            leading=16,
            textColor=colors.HexColor("#333333"),
            spaceAfter=2,
        ),
        "title": ParagraphStyle(
            "title", base, fontName=bold, fontSize=17, leading=21, spaceBefore=10, spaceAfter=2
        ),
        "version": ParagraphStyle(
            "version", base, fontSize=9.5, textColor=colors.HexColor("#555555"), spaceAfter=10
        ),
        "heading": ParagraphStyle(
            "heading",
            base,
            fontName=bold,
            fontSize=12,
            leading=15,
            spaceBefore=8,
            spaceAfter=4,
            keepWithNext=1,
        ),
        "strong": ParagraphStyle("strong", base, fontName=bold),
        "item": ParagraphStyle(
            "item", base, fontSize=9.5, leading=12, leftIndent=14, bulletIndent=4, spaceAfter=1
        ),
        "field": ParagraphStyle("field", base, spaceAfter=3),
        "typed": ParagraphStyle("typed", base, fontName=bold, fontSize=16, leading=20),
    }


def _body(
    copy: ConsentCopy, labels: dict[str, str], styles: dict[str, ParagraphStyle]
) -> list[Flowable]:
    """Header, title and every section of the consent."""
    language = copy.language
    story: list[Flowable] = [
        Paragraph(markup(copy.clinic_name), styles["clinic"]),
        HRFlowable(width="100%", thickness=0.75, color=colors.HexColor("#999999"), spaceAfter=4),
        Paragraph(markup(copy.consent.title.get(language)), styles["title"]),
        Paragraph(
            markup(fill_names(labels["version"], {"version": copy.consent.version})),
            styles["version"],
        ),
    ]
    for section in copy.consent.sections:
        story.append(Paragraph(markup(section.heading.get(language)), styles["heading"]))
        for part in _BLANK_LINE.split(section.body.get(language).strip()):
            if part.strip():
                story.append(Paragraph(markup(part), styles["body"]))
    return story


def _signature_block(
    copy: ConsentCopy,
    labels: dict[str, str],
    styles: dict[str, ParagraphStyle],
    signature: list[Flowable],
) -> list[Flowable]:
    """What was agreed, the meaning of the signature, the signature and who signed when."""
    headings = {s.id: s.heading.get(copy.language) for s in copy.consent.sections}
    agreed: list[Flowable] = [
        Paragraph(markup(headings.get(section, section)), styles["item"], bulletText="\u2713")
        for section in copy.agreed_sections
    ]
    utc = copy.signed_at_utc.astimezone(UTC).isoformat(timespec="seconds")
    fields = [
        (labels["printed_name"], copy.printed_name),
        (labels["birth_date"], copy.birth_date),
        (labels["signed"], format_signed_at(copy.signed_at_local, copy.language)),
        (labels["signed_utc"], utc),
        (labels["method"], labels[f"method_{copy.method.value}"]),
    ]
    return [
        Spacer(1, 10),
        HRFlowable(width="100%", thickness=0.75, color=colors.HexColor("#999999"), spaceAfter=6),
        Paragraph(markup(labels["signature"]), styles["heading"]),
        Paragraph(markup(labels["agreed"]), styles["field"]),
        *agreed,
        KeepTogether(
            [
                Spacer(1, 8),
                Paragraph(markup(copy.meaning), styles["strong"]),
                Spacer(1, 4),
                *signature,
                HRFlowable(
                    width=SIGNATURE_MAX_WIDTH,
                    thickness=0.75,
                    color=colors.black,
                    hAlign="LEFT",
                    spaceBefore=2,
                    spaceAfter=8,
                ),
                *(
                    Paragraph(f"<b>{markup(label)}</b> {markup(value)}", styles["field"])
                    for label, value in fields
                ),
            ]
        ),
    ]


def _signature_mark(
    copy: ConsentCopy, labels: dict[str, str], styles: dict[str, ParagraphStyle]
) -> list[Flowable]:
    """What stands on the signature line: the drawn picture, the typed name with what the
    patient confirmed, or the witness; in words for the last two, so a reader can say them."""
    if copy.method is SignatureMethod.TYPED:
        return [
            Paragraph(markup(copy.typed_name), styles["typed"]),
            Paragraph(
                markup(fill_names(labels["typed"], {"name": copy.typed_name})), styles["field"]
            ),
            Paragraph(markup(labels["typed_attest"]), styles["field"]),
        ]
    if copy.method is SignatureMethod.WITNESSED:
        if copy.witness is None:
            raise ValueError("a witnessed consent names its witness")
        witness = {"name": copy.witness.name, "id": copy.witness.staff_id}
        # The clinic server's staff count their numbers apart from the kiosk's: say whose.
        on_server = copy.witness.accounts is StaffAccounts.SERVER
        label = labels["witnessed_server" if on_server else "witnessed"]
        return [
            Paragraph(markup(fill_names(label, witness)), styles["strong"]),
            Paragraph(markup(labels["witness_attest"]), styles["field"]),
        ]
    return [_signature_image(copy.signature_png)]


def _signature_image(png: bytes) -> Image:
    """The signature drawn to fit the signature box, keeping its aspect ratio."""
    try:
        reader = ImageReader(BytesIO(png))
        width, height = reader.getSize()
        reader.getRGBData()  # decode it all now, so a truncated image fails here
    except Exception as error:  # Pillow and reportlab raise many kinds
        raise ValueError(f"the signature is not a readable image: {error}") from error
    if width <= 0 or height <= 0:
        raise ValueError("the signature image is empty")
    scale = min(SIGNATURE_MAX_WIDTH / width, SIGNATURE_MAX_HEIGHT / height)
    image = Image(BytesIO(png), width=width * scale, height=height * scale)
    image.hAlign = "LEFT"
    return image


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type hints
    """A canvas that keeps every page until the end, to write "Page N of M" in each footer."""

    def __init__(self, *args: Any, footer: tuple[str, str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._footer_left, self._page_label, self._footer_font = footer
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        """Keep the page; it is drawn once the page count is known."""
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        """Draw each kept page with its footer, then write the file."""
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._draw_footer(total)
            super().showPage()
        super().save()

    def _draw_footer(self, total: int) -> None:
        page_width = self._pagesize[0]
        page = fill_names(self._page_label, {"page": self._pageNumber, "pages": total})
        self.saveState()
        self.setFont(self._footer_font, FOOTER_SIZE)
        self.setFillColor(colors.HexColor("#555555"))
        self.setStrokeColor(colors.HexColor("#999999"))
        self.setLineWidth(0.5)
        top = MARGIN * 0.75
        self.line(MARGIN, top, page_width - MARGIN, top)
        baseline = top - FOOTER_SIZE - 3
        self.drawString(MARGIN, baseline, self._footer_left)
        room = (
            page_width - 2 * MARGIN - stringWidth(self._footer_left, self._footer_font, FOOTER_SIZE)
        )
        if stringWidth(page, self._footer_font, FOOTER_SIZE) + 18 > room:
            baseline -= FOOTER_SIZE + 2
        self.drawRightString(page_width - MARGIN, baseline, page)
        self.restoreState()
