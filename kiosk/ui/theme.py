"""The one theme loader: base.qss with its @variables sized for the chosen text size."""

from __future__ import annotations

import re
from functools import cache

from PySide6.QtGui import QFontDatabase

from kiosk.ui.resources import FONTS_DIR, THEME_FILE

SCALES = {"normal": 1.0, "large": 1.25, "extra_large": 1.5}
_BASE = {
    "base": 22,
    "small": 18,
    "big": 28,
    "huge": 40,
    "target": 64,  # touch targets: never under 48 px, larger with larger text
    "pad": 10,
    "pad2": 24,
    "radius": 14,
    "wide": 200,
    "scrollbar": 22,
}
_VARIABLE = re.compile(r"@([a-z0-9]+)_px")


def sizes(text_size: str) -> dict[str, int]:
    """Pixel sizes for a text size."""
    scale = SCALES[text_size]
    return {name: round(value * scale) for name, value in _BASE.items()}


@cache
def _template() -> str:
    return THEME_FILE.read_text(encoding="utf-8")


def stylesheet(text_size: str = "normal") -> str:
    """The QSS with every @name_px filled in."""
    values = sizes(text_size)

    def fill(match: re.Match[str]) -> str:
        return f"{values[match.group(1)]}px"

    return _VARIABLE.sub(fill, _template())


@cache
def load_fonts() -> tuple[str, ...]:
    """Register the shipped fonts (they cover accents and many scripts) with Qt."""
    families: list[str] = []
    for path in sorted(FONTS_DIR.glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return tuple(dict.fromkeys(families))
