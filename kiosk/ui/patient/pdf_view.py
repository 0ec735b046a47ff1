"""PDF bytes shown as page images (QtPdf), for the signed copy on screen."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QSize
from PySide6.QtGui import QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QLabel

from kiosk.core.text import fill_in, reflow


@cache
def _document() -> QPdfDocument:
    """The one QPdfDocument of the process, loaded anew for each PDF.

    QtPdf starts the PDF library with the first document and shuts it down with the last; each
    restart leaks about 100 KB, so a kiosk that made a document per patient grew all day.
    """
    return QPdfDocument()


def pdf_page_labels(pdf: bytes, width: int) -> list[QLabel]:
    """One label per page, each page rendered ``width`` pixels wide."""
    data = QByteArray(pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = _document()
    document.load(buffer)
    labels: list[QLabel] = []
    try:
        if document.status() != QPdfDocument.Status.Ready:
            raise ValueError(f"the PDF cannot be shown ({document.error()})")
        for index in range(document.pageCount()):
            points = document.pagePointSize(index)
            height = round(width * points.height() / max(points.width(), 1.0))
            image = document.render(index, QSize(width, height))
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setAccessibleName(
                fill_in(
                    QCoreApplication.translate("PdfView", "Page %1 of %2"),
                    str(index + 1),
                    str(document.pageCount()),
                )
            )
            label.setStyleSheet("border: 1px solid #9fb0c0; background: white;")
            labels.append(label)
    finally:
        document.close()
        buffer.close()
    return labels


def pdf_text(pdf: bytes) -> str:
    """The PDF's own text, page after page, for a screen reader: the words the pages show,
    a sentence the page broke over two lines read as one line."""
    data = QByteArray(pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = _document()
    document.load(buffer)
    try:
        if document.status() != QPdfDocument.Status.Ready:
            raise ValueError(f"the PDF cannot be read ({document.error()})")
        return "\n\n".join(
            reflow(document.getAllText(index).text()) for index in range(document.pageCount())
        )
    finally:
        document.close()
        buffer.close()
