"""Reading one TOML file of the forms folder; every read or syntax problem is a FormError."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from kiosk.core.forms.errors import FormError


def read_toml(path: Path, name: str) -> dict[str, Any]:
    """Parse one TOML file, turning every read or syntax problem into a FormError."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise FormError(name, "", "file is missing") from None
    except tomllib.TOMLDecodeError as exc:
        raise FormError(name, "", f"not valid TOML ({exc})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FormError(name, "", f"cannot be read ({exc})") from None
    except RecursionError:
        raise FormError(name, "", "not valid TOML (nested too deeply)") from None
