"""The ``station`` command: the nurse station's window on the clinic server."""

from __future__ import annotations

import argparse

from kiosk.cli.command import EXIT_STORAGE, Command, UserError
from kiosk.core.forms import load_forms
from kiosk.services.context import forms_dir
from kiosk.services.station_desk import StationSetupError, desk_target

LANGUAGES = ("en", "es")


def _station_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--windowed", action="store_true", help="a 1280x800 window, not maximised")
    parser.add_argument(
        "--language",
        choices=LANGUAGES,
        default=None,
        help="the station's language (default: [kiosk] default_language)",
    )


def station(args: argparse.Namespace) -> int:
    """Open the nurse station on the clinic server set in ``[server]`` or ``$KIOSK_SERVER_*``,
    with the station login's credential."""
    forms = load_forms(forms_dir(args.forms_dir))
    try:
        target = desk_target(forms, args.data_dir)
    except StationSetupError as exc:
        raise UserError(str(exc), EXIT_STORAGE) from None
    language = args.language or forms.settings.kiosk.default_language
    from kiosk.ui.station_app import run_station  # Qt only for this command  # noqa: PLC0415

    return run_station(
        forms, target, windowed=args.windowed, language=language, data_dir=args.data_dir
    )


COMMANDS = (
    Command(
        ("station",),
        "open the nurse station on the clinic server (staff sign-in, the live board)",
        station,
        _station_arguments,
    ),
)
