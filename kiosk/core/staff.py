"""Who works the staff side: the roles a staff member can have."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """What a staff member may do: nurses run the station, admins also manage staff."""

    NURSE = "nurse"
    ADMIN = "admin"
