"""PDF bytes shown as page images (QtPdf), for the signed copy and the aftercare sheet on screen;
the pages drawn on any thread, shown on the UI thread."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QSize
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QLabel

from kiosk.core.text import fill_in, reflow

_DOCUMENTS: dict[int, QPdfDocument] = {}
_DOCUMENTS_LOCK = threading.Lock()


def _document() -> QPdfDocument:
    """This thread's QPdfDocument, loaded anew for each PDF and kept for the thread's life.

    QtPdf starts the PDF library with the first document and shuts it down with the last; each
    restart leaks about 100 KB, so a kiosk that made a document per patient grew all day. The
    threads that draw PDFs (the UI thread and the documents' worker, ``worker_pool``) are kept
    for the process, so there is one document per thread and no restart; a document is used
    only by the thread that made it (QtPdf itself serialises the library's calls).
    """
    key = threading.get_ident()
    with _DOCUMENTS_LOCK:
        document = _DOCUMENTS.get(key)
        if document is None:
            document = _DOCUMENTS[key] = QPdfDocument()
    return document


@dataclass(frozen=True)
class RenderedPdf:
    """A PDF, its pages drawn as images and its text: made on any thread (``render_pdf``),
    shown on the UI thread (``page_labels``)."""

    pdf: bytes
    pages: tuple[QImage, ...]
    text: str


def render_pdf(pdf: bytes, width: int, *, text: bool = True) -> RenderedPdf:
    """Draw every page ``width`` pixels wide and, with ``text``, read the PDF's own text, page
    after page, a sentence the page broke over two lines read as one line. Any thread."""
    data = QByteArray(pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = _document()
    document.load(buffer)
    try:
        if document.status() != QPdfDocument.Status.Ready:
            raise ValueError(f"the PDF cannot be shown ({document.error()})")
        pages: list[QImage] = []
        words: list[str] = []
        for index in range(document.pageCount()):
            if width > 0:
                points = document.pagePointSize(index)
                height = round(width * points.height() / max(points.width(), 1.0))
                pages.append(document.render(index, QSize(width, height)))
            if text:
                words.append(reflow(document.getAllText(index).text()))
        return RenderedPdf(pdf, tuple(pages), "\n\n".join(words))
    finally:
        document.close()
        buffer.close()


def page_labels(rendered: RenderedPdf) -> list[QLabel]:
    """One label per drawn page, each named "Page n of m". UI thread only."""
    labels: list[QLabel] = []
    count = len(rendered.pages)
    for index, image in enumerate(rendered.pages):
        label = QLabel()
        label.setPixmap(QPixmap.fromImage(image))
        label.setAccessibleName(
            fill_in(
                QCoreApplication.translate("PdfView", "Page %1 of %2"),
                str(index + 1),
                str(count),
            )
        )
        label.setStyleSheet("border: 1px solid #9fb0c0; background: white;")
        labels.append(label)
    return labels
