"""Storage faults on the command line: one line on what happened and which command helps."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.core.faults import ADVICE, Fault
from kiosk.core.forms import FormError, load_forms
from kiosk.core.forms.settings import BackupSettings
from kiosk.services.context import backup_folder, database_path, forms_dir
from kiosk.services.faults import DatabaseDamagedError, fault_kind
from kiosk.services.recovery import latest_backup

# Kinds whose advice is printed before the error's own words; an error of another kind (a key
# problem, a backup refused, an unexpected driver error) is printed in its own words.
_ADVISED = frozenset({Fault.DISK_FULL, Fault.READ_ONLY, Fault.BUSY})


def one_line(text: str) -> str:
    """``text`` with its line breaks and runs of spaces made single spaces."""
    return " ".join(text.split())


def database_problem(exc: BaseException, args: argparse.Namespace) -> str:
    """What to tell about a storage failure; for a damaged database, the restore command.

    Damage met while reading (a command opens with the light check only) comes as the engine's
    own SQLITE_CORRUPT ("database disk image is malformed"): it is named as damage too."""
    kind = fault_kind(exc)
    if kind is Fault.DAMAGED:
        said = str(exc)
        if not isinstance(exc, DatabaseDamagedError):
            said = f"{database_path(args.data_dir)}: the database file is damaged ({exc})"
        return f"{said}. {restore_hint(args.data_dir, args.forms_dir)}"
    if kind in _ADVISED:
        return f"{ADVICE[kind].command} ({exc})"
    return str(exc)


def restore_hint(data_dir: Path, forms_folder: Path | None) -> str:
    """How to restore the latest good backup, naming it when there is one."""
    folder = backup_folder(data_dir, _backup_settings(forms_folder))
    found = latest_backup(folder)
    kept = f"the damaged file is kept aside in {data_dir / 'replaced'}"
    if found is None:
        return (
            f"There is no good backup in {folder}: call support, and leave"
            f" {database_path(data_dir)} as it is"
        )
    return (
        f"Restore the latest backup ({found.taken:%Y-%m-%d %H:%M} UTC, {found.intakes} intakes;"
        f" intakes since then are not in it): python -m kiosk --data-dir {data_dir}"
        f" restore {found.path} ({kept})"
    )


def _backup_settings(forms_folder: Path | None) -> BackupSettings:
    try:
        return load_forms(forms_dir(forms_folder)).settings.backup
    except FormError:
        return BackupSettings()
