"""One confirmed step handed to the server through ``submit_step``: its JSON text and SHA-256."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from uuid import UUID

import psycopg


class Answer(StrEnum):
    """What the server did with a step."""

    STORED = "stored"
    DUPLICATE = "duplicate"  # the same UUID with the same hash: already there
    CONFLICT = "conflict"  # the same UUID (or sequence) with other content: set aside


@dataclass(frozen=True)
class Step:
    """A step as the kiosk sends it: the content's canonical JSON text is what is hashed."""

    uuid: UUID
    intake: UUID
    sequence: int
    text: str

    @classmethod
    def of(cls, uuid: UUID, intake: UUID, sequence: int, content: dict[str, Any]) -> Step:
        """A step from its content (sorted keys, no spaces, UTF-8)."""
        text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return cls(uuid, intake, sequence, text)

    @property
    def sha256(self) -> str:
        """The lower-case hex SHA-256 of the UTF-8 text."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def submit(conn: psycopg.Connection[tuple[object, ...]], step: Step) -> Answer:
    """Hand one step to the server as the connected kiosk; its answer."""
    row = conn.execute(
        "SELECT public.submit_step(%s, %s, %s, %s, %s)",
        (step.uuid, step.intake, step.sequence, step.text, step.sha256),
    ).fetchone()
    assert row is not None  # a function call returns one row
    return Answer(str(row[0]))
