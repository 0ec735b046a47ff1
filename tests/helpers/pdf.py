"""The words of a PDF as pdftotext (Debian poppler-utils) reads them."""

from __future__ import annotations

import shutil
import subprocess

import pytest


def pdf_text(pdf: bytes, *args: str) -> str:
    """The PDF's text in UTF-8; the test is skipped where pdftotext is not installed."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (Debian poppler-utils) is not installed")
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *args, "-", "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode("utf-8")
