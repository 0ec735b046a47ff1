"""The ``backup`` and ``restore`` commands: a copy of the database to a file, and back."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.cli.command import EXIT_OK, Command, UserError, open_data
from kiosk.services.context import KioskContext, clinic_clock, forms_dir, kiosk_key, open_context
from kiosk.core.clock import today
from kiosk.core.forms import load_forms
from kiosk.storage.audit import AuditLog
from kiosk.storage.backup import backup_to, check_backup, daily_backup, daily_name, restore_from

ACTOR = "command line"  # who the audit log says did it


def _backup_arguments(parser: argparse.ArgumentParser) -> None:
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", metavar="FILE", help="write the backup to this file")
    where.add_argument(
        "--daily",
        action="store_true",
        help="take today's backup into the backup folder of settings.toml (default:"
        " <data folder>/backups) unless it is there, and delete the oldest beyond the count"
        " to keep; for a daily timer",
    )


def _restore_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a backup taken with 'backup'")


def _intakes(count: int) -> str:
    return f"{count} intake{'' if count == 1 else 's'}"


def backup(args: argparse.Namespace) -> int:
    """Copy the database, checked, to ``--out FILE`` or to today's daily backup."""
    out = None if args.daily else Path(args.out)
    if out is not None and out.is_dir():
        raise UserError(f"{out}: is a folder; give the backup's file name")
    if out is not None and not out.parent.is_dir():
        raise UserError(f"{out.parent}: no such folder")
    context = open_data(args)
    try:
        path = _take(context, out)
        if path is None:
            print(
                f"today's backup is already there: {_daily_folder(context) / _today_name(context)}"
            )
            return EXIT_OK
        count = check_backup(path, context.key)
        AuditLog(context.db, context.clock).record(
            ACTOR, "backup", str(path.resolve()), intakes=count
        )
    finally:
        context.close()
    print(f"backed up {_intakes(count)} to {args.out if out is not None else path}")
    return EXIT_OK


def _take(context: KioskContext, out: Path | None) -> Path | None:
    if out is not None:
        return backup_to(context.db, out)
    keep = context.forms.settings.backup.keep
    return daily_backup(context.db, _daily_folder(context), keep, today(context.clock))


def _daily_folder(context: KioskContext) -> Path:
    setting = context.forms.settings.backup.folder
    return Path(setting) if setting else context.data_dir / "backups"


def _today_name(context: KioskContext) -> str:
    return daily_name(today(context.clock))


def restore(args: argparse.Namespace) -> int:
    """Put a backup in place of the database; the replaced one is kept under replaced/."""
    source = Path(args.file)
    if not source.is_file():
        raise UserError(f"{source}: no such file")
    forms = load_forms(forms_dir(args.forms_dir))  # broken forms stop us before anything changes
    clock = clinic_clock(forms)
    key = kiosk_key(args.data_dir, forms)  # honours [security] key_file
    kept = restore_from(source, args.data_dir, now=clock.now(), key=key)
    context = open_context(args.data_dir, forms_folder=args.forms_dir, clock=clock)
    try:
        count = int(context.db.execute("SELECT count(*) FROM intakes").fetchone()[0])
        AuditLog(context.db, context.clock).record(  # the older log starts a new anchor
            ACTOR,
            "restore",
            str(source.resolve()),
            restart_anchor=True,
            intakes=count,
            replaced=str(kept or ""),
        )
    finally:
        context.close()
    note = f"; the replaced database is kept at {kept}" if kept is not None else ""
    print(f"restored {args.file} ({_intakes(count)}){note}")
    return EXIT_OK


COMMANDS = (
    Command(
        ("backup",),
        "copy the database, checked, to a file (safe while the kiosk runs)",
        backup,
        _backup_arguments,
    ),
    Command(
        ("restore",),
        "replace the database with a backup (stop the kiosk first); the old one is kept",
        restore,
        _restore_arguments,
    ),
)
