"""What every command and the window run on: data folder, forms, database, clock; and what a
command that only reads and exports records runs on (the settings without the forms)."""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from kiosk.core.clock import Clock, SystemClock
from kiosk.core.forms.settings import BackupSettings, Settings
from kiosk.services.places import APP_NAME, default_data_dir
from kiosk.storage.acts import Act, one_act
from kiosk.storage.db import (
    Check,
    DatabaseKey,
    database_key,
    database_path,
    open_database,
    release_memory,
)

if TYPE_CHECKING:
    from kiosk.core.forms import FormsBundle
    from kiosk.storage.intakes import IntakeRepository

__all__ = [
    "APP_NAME",
    "DatabaseKey",
    "KioskContext",
    "RecordsContext",
    "backup_folder",
    "clinic_clock",
    "database_path",
    "default_data_dir",
    "forms_dir",
    "kiosk_key",
    "open_context",
    "open_records",
]


def forms_dir(explicit: Path | None = None) -> Path:
    """The forms folder: given, $KIOSK_FORMS_DIR, or the shipped one."""
    if explicit is not None:
        return explicit
    override = os.environ.get("KIOSK_FORMS_DIR")
    if override:
        return Path(override)
    from kiosk import content  # noqa: PLC0415 - the shipped content, without the forms' parsers

    return content.forms_dir()


@dataclass
class KioskContext:
    """The opened pieces one running kiosk shares."""

    data_dir: Path
    forms: FormsBundle
    db: Database
    clock: Clock
    forms_folder: Path | None = None  # where ``forms`` was loaded from (None: ``forms_dir()``)
    key: DatabaseKey | None = None  # the database's key (None: an in-memory database)
    step_committed: Callable[[], None] | None = None  # wakes the sync (kiosk.services.sync)

    @property
    def intakes(self) -> IntakeRepository:
        """The intake repository on this database; each committed step wakes the sync, also one
        started after the repository was made (the window's session lives from the first paint)."""
        from kiosk.storage.intakes import IntakeRepository  # noqa: PLC0415 - the patient flow's

        return IntakeRepository(self.db, self.clock, self._step_committed)

    def _step_committed(self) -> None:
        if self.step_committed is not None:
            self.step_committed()

    @property
    def settings(self) -> Settings:
        """The clinic's settings (settings.toml)."""
        return self.forms.settings

    def act(self) -> AbstractContextManager[Act]:
        """One act and its audit entry in one transaction (see kiosk.storage.acts)."""
        return one_act(self.db, self.clock)

    def release_memory(self) -> None:
        """Drop the database connection's cache of decrypted pages (see
        kiosk.storage.db.release_memory): what was read and written for the patient who left."""
        release_memory(self.db)

    def close(self) -> None:
        """Close the database."""
        self.db.close()


@dataclass
class RecordsContext:
    """What a command that reads and exports records runs on: the clinic's settings (not its
    forms: an export shows the stored answers, never the forms' questions), the database and
    the clock. Opened by open_records; the caller closes it."""

    data_dir: Path
    settings: Settings
    db: Database
    clock: Clock
    key: DatabaseKey | None = None

    def act(self) -> AbstractContextManager[Act]:
        """One act and its audit entry in one transaction (see kiosk.storage.acts)."""
        return one_act(self.db, self.clock)

    def close(self) -> None:
        """Close the database."""
        self.db.close()


def clinic_clock(forms: FormsBundle) -> Clock:
    """The system clock in the clinic's time zone (the machine's own when unset)."""
    return settings_clock(forms.settings)


def settings_clock(settings: Settings) -> Clock:
    """The system clock in the settings' time zone (the machine's own when unset)."""
    zone = settings.clinic.time_zone
    return SystemClock(ZoneInfo(zone) if zone else None)


def backup_folder(data_dir: Path, settings: BackupSettings) -> Path:
    """The backup folder of the settings, or <data folder>/backups."""
    return Path(settings.folder) if settings.folder else data_dir / "backups"


def kiosk_key(data_dir: Path, forms: FormsBundle) -> DatabaseKey:
    """The key of the data folder's database: $KIOSK_DB_KEY, $KIOSK_KEY_FILE, the
    ``[security] key_file`` setting or the default key file (made on first run); never a file
    inside the data folder or the backup folder (KeyProblemError, a StorageError)."""
    return settings_key(data_dir, forms.settings)


def settings_key(data_dir: Path, settings: Settings) -> DatabaseKey:
    """kiosk_key from the settings alone."""
    return database_key(
        database_path(data_dir),
        key_file=settings.security.key_file,
        protected=(backup_folder(data_dir, settings.backup),),
    )


def open_context(
    data_dir: Path,
    *,
    forms_folder: Path | None = None,
    clock: Clock | None = None,
    check: Check | None = "light",
) -> KioskContext:
    """Load the forms (FormError if broken), then open and migrate the database (StorageError,
    or its KeyProblemError when the key is missing, unsafe or wrong).

    The file is checked as ``check`` says: by default the light check (key, header, schema), so
    a command costs milliseconds, not the seconds ``"full"`` reads a clinic's year for; a damaged
    page met later is still an SQLITE_CORRUPT, told as damage. The kiosk window runs the full
    check in the background at every start (kiosk.ui.start_check), ``kiosk check`` on demand."""
    from kiosk.core.forms import load_forms  # noqa: PLC0415 - the forms' parsers

    folder = forms_dir(forms_folder)
    forms = load_forms(folder)
    key = kiosk_key(data_dir, forms)
    db = open_database(database_path(data_dir), key=key, check=check)
    return KioskContext(data_dir, forms, db, clock or clinic_clock(forms), folder, key)


def open_records(
    data_dir: Path,
    *,
    forms_folder: Path | None = None,
    clock: Clock | None = None,
    check: Check | None = "light",
) -> RecordsContext:
    """open_context for a command that needs the clinic's settings but none of its forms (an
    export): settings.toml alone is read and checked (FormError if broken), so the command
    does not load nor parse the questionnaires, instruments, consents and aftercare."""
    from kiosk.core.forms.parse_settings import load_settings  # noqa: PLC0415

    settings = load_settings(forms_dir(forms_folder))
    key = settings_key(data_dir, settings)
    db = open_database(database_path(data_dir), key=key, check=check)
    return RecordsContext(data_dir, settings, db, clock or settings_clock(settings), key)
