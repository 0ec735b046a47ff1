"""The DejaVu fonts every PDF uses, and text made ready to draw with them."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from kiosk.content import resources_dir

FONTS_DIR = resources_dir() / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"

# What a PDF shows for a character it cannot: a control character, a bidi override, a lone
# surrogate, or a character neither font has. Visible on paper and read back by pdftotext.
PLACEHOLDER = "\ufffd"
# Line and paragraph breaks of every kind: a Paragraph wraps its text, so they are spaces.
_BREAKS = re.compile(r"\r\n|[\r\v\f\x1c-\x1e\x85\u2028\u2029]")
# Other C0 controls (tab and newline are white space), DEL, C1 controls, bidi embeddings,
# overrides and isolates (reportlab ignores them; a nurse should see that something is there),
# and lone surrogates.
_CONTROL = re.compile(
    r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_RTL = frozenset({"R", "AL"})
_NUMBER = frozenset({"EN", "AN"})
_MIRROR = str.maketrans("()[]{}<>«»", ")(][}{><»«")
_LAM = "\u0644"
_TATWEEL = "\u0640"


@cache
def register_fonts() -> tuple[str, str]:
    """Register DejaVu Sans and its bold with reportlab; return their (regular, bold) names."""
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap  # see there: emoji read back right
    for name in (REGULAR, BOLD):
        path = FONTS_DIR / f"{name}.ttf"
        if not path.is_file():
            raise RuntimeError(f"font file is missing: {path}")
        pdfmetrics.registerFont(TTFont(name, str(path)))
    # So that <b> in a Paragraph picks the bold face; there is no italic, so it maps to regular.
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    return REGULAR, BOLD


def display_text(text: str) -> str:
    """Text from anyone (a patient's name) ready to draw left to right with reportlab.

    What the fonts cannot draw shows as ``PLACEHOLDER`` (an invisible formatting character
    they lack, a soft hyphen and a zero-width space are left out instead).
    """
    if _plain(text):
        return text  # nothing below would change it: the common case, done at C speed
    drawable = _drawable()
    # A soft hyphen and a zero-width space: reportlab would drop them anyway (it wraps at the
    # latter as at white space), so they are left out here too.
    text = text.replace("\u00ad", "").replace("\u200b", "")
    shown = "".join(
        char
        if ord(char) in drawable
        else ("" if unicodedata.category(char) == "Cf" else PLACEHOLDER)
        for char in clean_text(text)
    )
    return visual_order(join_arabic(shown))


def clean_text(text: str) -> str:
    """``text`` fit for display: the rarer line breaks (CR, VT, FF, U+2028, ...) as spaces, a
    plain newline kept (a paragraph wraps at it), control characters as ``PLACEHOLDER``."""
    return _CONTROL.sub(PLACEHOLDER, _BREAKS.sub(" ", text))


@cache
def _drawable() -> frozenset[int]:
    """The code points both fonts have a glyph for, and the white space a Paragraph wraps at."""
    regular, bold = (pdfmetrics.getFont(name).face.charToGlyph for name in register_fonts())
    return frozenset(set(regular) & set(bold)) | {ord(c) for c in "\t\n "}


# Characters found to be left as they are by display_text, and characters found not to be.
_PLAIN: set[str] = set()
_NOT_PLAIN: set[str] = set()


def _plain(text: str) -> bool:
    """Whether ``display_text`` leaves ``text`` as it is: every character is drawn by both fonts
    and none is a line break, a control, a formatting character, a mark or right-to-left. Each
    character is looked at once per process; after that the check runs at C speed."""
    for char in set(text) - _PLAIN:
        if char in _NOT_PLAIN:
            return False
        if (
            ord(char) in _drawable()
            and char not in "\u00ad\u200b"
            and clean_text(char) == char
            and unicodedata.category(char) != "Cf"
            and unicodedata.bidirectional(char) not in _RTL
            and not _is_mark(char)
        ):
            _PLAIN.add(char)
        else:
            _NOT_PLAIN.add(char)
            return False
    return True


def visual_order(text: str) -> str:
    """``text`` with its right-to-left runs (Arabic, Hebrew) reversed for drawing left to right.

    reportlab draws glyphs in the order given unless the optional rlbidi package is installed,
    so a name like "محمد" would come out backwards. This covers what names need on a
    left-to-right page: runs of right-to-left letters with the spaces, marks and digits between
    them. It is not the full Unicode bidi algorithm; a right-to-left run wrapped over two lines
    reads with its lines in top-to-bottom order.
    """
    if not any(unicodedata.bidirectional(c) in _RTL for c in text):
        return text
    clusters: list[str] = []
    for char in text:
        if clusters and _is_mark(char):
            clusters[-1] += char  # a combining mark stays with its letter
        else:
            clusters.append(char)
    kinds = [_bidi_kind(cluster[0]) for cluster in clusters]
    out: list[str] = []
    i = 0
    while i < len(clusters):
        if kinds[i] != "rtl":
            out.append(clusters[i])
            i += 1
            continue
        end = i  # the run goes on to its last letter or digit before a left-to-right letter
        for j in range(i, len(clusters)):
            if kinds[j] == "ltr":
                break
            if kinds[j] != "neutral":
                end = j
        units: list[str] = []
        for j in range(i, end + 1):
            if kinds[j] == "number" and kinds[j - 1] == "number":
                units[-1] += clusters[j]  # digits keep their left-to-right order
            elif kinds[j] == "neutral":
                units.append(clusters[j].translate(_MIRROR))
            else:
                units.append(clusters[j])
        out.extend(reversed(units))
        i = end + 1
    return "".join(out)


def join_arabic(text: str) -> str:
    """Arabic letters in their joined forms (initial, medial, final), as reportlab draws them.

    Without the optional uharfbuzz package reportlab draws every Arabic letter on its own. The
    Unicode presentation forms, which DejaVu Sans has, give the joined shapes; lam-alef becomes
    its required ligature.
    """
    forms, ligatures = _arabic_forms()
    if not any(char in forms for char in text):
        return text
    letters = [i for i, char in enumerate(text) if not _is_mark(char)]
    out = list(text)
    for k, i in enumerate(letters):
        char = text[i]
        if char not in forms or out[i] == "":
            continue
        before = text[letters[k - 1]] if k > 0 else ""
        after = text[letters[k + 1]] if k + 1 < len(letters) else ""
        joins_before = _joins_onward(before, forms) and "final" in forms[char]
        ligature = ligatures.get(char + after) if char == _LAM else None
        if ligature is not None and k + 1 < len(letters) and letters[k + 1] == i + 1:
            out[i] = ligature["final" if joins_before else "isolated"]
            out[i + 1] = ""
            continue
        joins_after = _joins_onward(char, forms) and (
            after == _TATWEEL or "final" in forms.get(after, {})
        )
        if joins_before and joins_after:
            form = "medial"
        elif joins_before:
            form = "final"
        elif joins_after:
            form = "initial"
        else:
            form = "isolated"
        out[i] = forms[char].get(form, forms[char].get("isolated", char))
    return "".join(out)


@cache
def _arabic_forms() -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """Letter to {form: presentation form}, and lam + alef to {form: ligature}.

    Read from the Unicode data, keeping only the letters whose every form both fonts can draw.
    """
    fonts = [pdfmetrics.getFont(name).face.charToGlyph for name in register_fonts()]
    found: dict[str, dict[str, str]] = {}
    for code in (*range(0xFB50, 0xFC00), *range(0xFE70, 0xFEFD)):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) < 2 or parts[0] not in ("<isolated>", "<final>", "<initial>", "<medial>"):
            continue
        base = "".join(chr(int(part, 16)) for part in parts[1:])
        found.setdefault(base, {})[parts[0].strip("<>")] = chr(code)
    drawable = {
        base: shapes
        for base, shapes in found.items()
        if all(ord(shape) in font for shape in shapes.values() for font in fonts)
    }
    forms = {base: shapes for base, shapes in drawable.items() if len(base) == 1}
    ligatures = {
        base: shapes for base, shapes in drawable.items() if len(base) == 2 and base[0] == _LAM
    }
    return forms, ligatures


def _joins_onward(char: str, forms: dict[str, dict[str, str]]) -> bool:
    """Whether ``char`` joins the letter after it (it has an initial form, or is a tatweel)."""
    return char == _TATWEEL or "initial" in forms.get(char, {})


def _is_mark(char: str) -> bool:
    return bool(unicodedata.combining(char)) or unicodedata.bidirectional(char) == "NSM"


def _bidi_kind(char: str) -> str:
    kind = unicodedata.bidirectional(char)
    if kind in _RTL:
        return "rtl"
    if kind in _NUMBER:
        return "number"
    return "ltr" if kind == "L" else "neutral"


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode map of a font subset, with each character in UTF-16 as PDF says.

    reportlab's own (``ttfonts.makeToUnicodeCMap``) writes the code point in hex, so a
    character beyond U+FFFF (an emoji such as U+1F600) reads back from the PDF as another
    one (U+1F60). This is the same map with that one thing right.
    """
    pairs = [
        f"<{code:02X}> <{chr(value).encode('utf-16-be').hex().upper()}>"
        for code, value in enumerate(subset)
    ]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({fontname})",
            f"/Ordering ({fontname})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            *pairs,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )
