"""Where the shipped content lives: the clinic's forms and the resources (theme, fonts, translations).

The folders ``forms/`` and ``resources/`` stay at the top of the repository, where the clinic
edits them. A wheel carries them inside this package, as ``kiosk/content/forms`` and
``kiosk/content/resources`` (``package-dir`` and ``package-data`` in pyproject.toml, the package
list in setup.py), and they are found here with ``importlib.resources``. In a checkout
(``python main.py``, ``PYTHONPATH``, or ``pip install -e .``) they are not inside the package,
so they are found at the top of the checkout, beside ``kiosk/``.

Real paths, not only ``Traversable``: Qt (``QFontDatabase``, ``QTranslator``) and reportlab
(``TTFont``) open files by name, and the forms loader walks a folder. pip installs a wheel as
files on disk, so ``files()`` gives a ``pathlib.Path`` and no temporary copy
(``importlib.resources.as_file``) is needed; a kiosk run from a zip archive is refused with a
clear error instead. Nothing here imports Qt or anything else of the kiosk: the core uses it.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

__all__ = ["ContentMissingError", "forms_dir", "resources_dir"]

_CHECKOUT = Path(__file__).resolve().parents[2]


class ContentMissingError(RuntimeError):
    """The shipped content is neither inside the installed package nor in a checkout."""


def forms_dir() -> Path:
    """The forms folder that ships with the kiosk (the clinic may point elsewhere)."""
    return _folder("forms")


def resources_dir() -> Path:
    """The resources folder that ships with the kiosk: ``theme/``, ``fonts/``, ``i18n/``."""
    return _folder("resources")


def _folder(name: str) -> Path:
    installed = files(__name__) / name
    if installed.is_dir():
        if not isinstance(installed, Path):
            raise ContentMissingError(
                f"the kiosk's {name} are not files on disk ({installed}); install it with pip"
            )
        return installed
    checkout = _CHECKOUT / name
    if checkout.is_dir():
        return checkout
    raise ContentMissingError(
        f"the kiosk's {name} folder is missing: looked in {installed} and {checkout}"
    )
