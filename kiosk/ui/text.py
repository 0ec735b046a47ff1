"""Qt's %1..%9 markers of a translated text filled in, in one pass."""

from __future__ import annotations

import re

_MARKER = re.compile(r"%(\d)")


def fill_in(template: str, *values: object) -> str:
    """``template`` (a ``tr()`` text) with %1 as the first of ``values``, %2 the second, ...

    One scan of the template: a value that itself holds %2 or {until} (a name, an answer) is
    shown as it is, never read again. A marker without a value (and %0) stays as written, like
    QString.arg. PySide6 has no QString, hence this.
    """
    if len(values) > 9:
        raise ValueError("at most nine values: %10 would read as %1 and a 0")
    texts = [str(value) for value in values]

    def one(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        return texts[index] if 0 <= index < len(texts) else match.group(0)

    return _MARKER.sub(one, template)
