"""The ``backup`` and ``restore`` commands: a copy of the database to a file, and back."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.cli.command import EXIT_OK, Command, UserError, open_data
from kiosk.services.backups import BackupService
from kiosk.services.backups import restore as restore_backup

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
        backups = BackupService(context)
        if out is not None:
            count = backups.backup_to(out, by=ACTOR)
            where = args.out
        else:
            taken = backups.daily(by=ACTOR)
            if taken is None:
                print(f"today's backup is already there: {backups.folder() / backups.today_name()}")
                return EXIT_OK
            path, count = taken
            where = str(path)
    finally:
        context.close()
    print(f"backed up {_intakes(count)} to {where}")
    return EXIT_OK


def restore(args: argparse.Namespace) -> int:
    """Put a backup in place of the database; the replaced one is kept under replaced/."""
    source = Path(args.file)
    if not source.is_file():
        raise UserError(f"{source}: no such file")
    done = restore_backup(source, args.data_dir, forms_folder=args.forms_dir, by=ACTOR)
    note = f"; the replaced database is kept at {done.kept}" if done.kept is not None else ""
    print(f"restored {args.file} ({_intakes(done.intakes)}){note}")
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
