"""The ``forms check`` command, and how a broken forms folder is told in one line."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.cli.command import EXIT_OK, Command, UserError
from kiosk.core.forms import FormError, load_forms
from kiosk.services.context import forms_dir


def forms_problem(folder: Path, exc: FormError) -> str:
    """The error, prefixed with the folder unless it already names it."""
    text = str(exc)
    return text if text.startswith(str(folder)) else f"forms in {folder}: {text}"


def _forms_check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", nargs="?", type=Path, help="the forms folder (default: in use)")


def forms_check(args: argparse.Namespace) -> int:
    """Load every form file and print the versions."""
    folder = args.dir or forms_dir(args.forms_dir)
    try:
        bundle = load_forms(folder)
    except FormError as exc:
        raise UserError(forms_problem(folder, exc)) from None
    shown = {**bundle.versions(), bundle.readiness.id: bundle.readiness.version}
    versions = ", ".join(f"{form} {version}" for form, version in shown.items())
    print(f"forms OK: {versions}")
    return EXIT_OK


COMMANDS = (
    Command(
        ("forms", "check"),
        "check a forms folder and print its versions",
        forms_check,
        _forms_check_arguments,
    ),
)
