"""Paths of the shipped resources: theme, fonts, translations."""

from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
THEME_FILE = RESOURCES / "theme" / "base.qss"
FONTS_DIR = RESOURCES / "fonts"
I18N_DIR = RESOURCES / "i18n"
