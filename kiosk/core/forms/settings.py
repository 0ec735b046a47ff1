"""The clinic's settings (forms/settings.toml) as typed, frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field, fields


@dataclass(frozen=True)
class ClinicSettings:
    """Who the clinic is and how to reach it."""

    name: str = "Infusion Clinic"
    phone: str = "(555) 010-0100"
    crisis_line: str = "988"
    emergency_number: str = "911"
    time_zone: str = ""  # IANA name; empty means the machine's own


@dataclass(frozen=True)
class IntakeSettings:
    """Numbers the checklist rules compare answers with."""

    fasting_food_hours: float = 6
    fasting_clear_liquid_hours: float = 2
    stimulant_window_hours: float = 6
    substance_window_hours: float = 72
    observation_minutes: int = 30


@dataclass(frozen=True)
class KioskSettings:
    """How the touchscreen behaves."""

    default_language: str = "en"
    idle_timeout_seconds: int = 90
    idle_warning_seconds: int = 30
    done_return_seconds: int = 8


@dataclass(frozen=True)
class AftercareSettings:
    """The hours the aftercare sheet counts from discharge."""

    no_driving_hours: float = 24
    no_decisions_hours: float = 24
    no_alcohol_cannabis_hours: float = 24
    no_opioid_benzo_hours: float = 4


@dataclass(frozen=True)
class VitalsSettings:
    """The clinic's own limits; values outside them flag."""

    systolic_max: int = 160
    diastolic_max: int = 100
    heart_rate_min: int = 50
    heart_rate_max: int = 110
    spo2_min: int = 92


@dataclass(frozen=True)
class MonitoringSettings:
    """Watching the patient in the chair."""

    vitals_every_minutes: int = 15  # vitals during the infusion: due after this, overdue at 1.5x


@dataclass(frozen=True)
class StaffSettings:
    """Sign-in and lock-back of the staff side."""

    pin_attempts: int = 5
    lockout_minutes: int = 5
    idle_lock_seconds: int = 120


@dataclass(frozen=True)
class PrintingSettings:
    """Where the aftercare sheet goes."""

    queue: str = ""  # a CUPS queue name; empty means the system's default printer
    save_folder: str = (
        ""  # where a sheet that could not be printed is saved; empty: <data folder>/unprinted
    )


@dataclass(frozen=True)
class BackupSettings:
    """The automatic daily backup."""

    folder: str = ""  # empty: <data folder>/backups
    keep: int = 14  # how many daily backups to keep
    daily: int = 1  # 1: take one a day while the kiosk runs; 0: only by hand


@dataclass(frozen=True)
class SecuritySettings:
    """Where the database key is kept."""

    key_file: str = ""  # empty: the platform's config folder (~/.config/infusion-kiosk/kiosk.key)


@dataclass(frozen=True)
class ServerSettings:
    """The clinic server this kiosk hands its intakes to (empty url: a single kiosk)."""

    url: str = ""  # postgresql://host:port/database, no user or password in it
    ca_file: str = ""  # the clinic's CA certificate that signed the server's
    credential_file: str = ""  # empty: ~/.config/infusion-kiosk/server.credential
    clinic: str = ""  # the clinic id this kiosk belongs to, checked on connect; empty: unchecked
    # a station login's credential for the staff corner (the server's staff and board); empty:
    # the corner signs staff in on this kiosk only
    station_credential_file: str = ""
    admin_credential: str = ""  # a station's admin login (server admin-login); empty: none


@dataclass(frozen=True)
class ConsentSettings:
    """The ways a patient may sign besides drawing (drawing is always offered)."""

    typed_signature: bool = True  # typing the full name and ticking "this is my signature"
    witnessed_signature: bool = True  # a staff member signs in and witnesses the consent


@dataclass(frozen=True)
class Settings:
    """Every setting, by section."""

    clinic: ClinicSettings = field(default_factory=ClinicSettings)
    intake: IntakeSettings = field(default_factory=IntakeSettings)
    kiosk: KioskSettings = field(default_factory=KioskSettings)
    aftercare: AftercareSettings = field(default_factory=AftercareSettings)
    vitals: VitalsSettings = field(default_factory=VitalsSettings)
    monitoring: MonitoringSettings = field(default_factory=MonitoringSettings)
    staff: StaffSettings = field(default_factory=StaffSettings)
    printing: PrintingSettings = field(default_factory=PrintingSettings)
    backup: BackupSettings = field(default_factory=BackupSettings)
    security: SecuritySettings = field(default_factory=SecuritySettings)
    server: ServerSettings = field(default_factory=ServerSettings)
    consent: ConsentSettings = field(default_factory=ConsentSettings)

    def placeholders(self) -> dict[str, object]:
        """Every setting by its bare name, for ``{name}`` in form texts."""
        flat: dict[str, object] = {}
        for section in fields(self):
            value = getattr(self, section.name)
            for item in fields(value):
                if item.name in flat:
                    raise ValueError(f"setting name {item.name!r} is used in two sections")
                flat[item.name] = _plain(getattr(value, item.name))
        return flat


def _plain(value: object) -> object:
    """6.0 reads as 6 in a patient's question."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
