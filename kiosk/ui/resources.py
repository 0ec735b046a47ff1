"""Paths of the shipped resources: theme, fonts, translations (found by kiosk.content)."""

from __future__ import annotations

from kiosk.content import resources_dir

RESOURCES = resources_dir()
THEME_FILE = RESOURCES / "theme" / "base.qss"
FONTS_DIR = RESOURCES / "fonts"
I18N_DIR = RESOURCES / "i18n"
