"""The command line: ``main`` runs one of the commands of ``kiosk.cli.app.COMMANDS``."""

from kiosk.cli.app import main

__all__ = ["main"]
