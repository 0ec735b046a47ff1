"""The parent's record of what the worker reported: saved steps, the write in flight, intakes."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Pending:
    """A write the worker announced (WILL) but did not report saved before it died."""

    patient: int
    step: str
    value: Any


@dataclass
class Ledger:
    """Everything reported saved, per patient and step: the latest value and where they resume."""

    saved: dict[int, dict[str, Any]] = field(default_factory=dict)
    resume: dict[int, str] = field(default_factory=dict)
    intakes: dict[int, int] = field(default_factory=dict)
    started: set[int] = field(default_factory=set)
    pending: Pending | None = None
    lines: int = 0

    def read(self, line: str) -> None:
        """Take one complete line of the worker's output."""
        self.lines += 1
        kind, *fields = line.split("\t")
        if kind == "PATIENT":
            self.started.add(int(fields[0]))
        elif kind == "INTAKE":
            self.intakes[int(fields[0])] = int(fields[1])
        elif kind == "WILL":
            # a WILL followed by anything but its SAVED did not commit (identify of a finished
            # intake stores nothing); only the last one of a killed run is in doubt
            self.pending = Pending(int(fields[0]), fields[1], json.loads(fields[2]))
        elif kind == "SAVED":
            patient, step = int(fields[0]), fields[1]
            self.saved.setdefault(patient, {})[step] = json.loads(fields[2])
            self.resume[patient] = fields[3]
            self.pending = None
        elif kind in ("ALREADY_DONE", "OPENING", "READY", "FINISHED"):
            self.pending = None if kind == "ALREADY_DONE" else self.pending
        else:
            raise ValueError(f"the crash worker printed an unknown line: {line!r}")

    def settle(self, committed: bool, resume: str | None) -> None:
        """After the check: the write in doubt either committed (with its value) or not at all."""
        pending = self.pending
        self.pending = None
        if pending is None or not committed:
            return
        self.saved.setdefault(pending.patient, {})[pending.step] = pending.value
        if resume is not None:
            self.resume[pending.patient] = resume

    def steps_reported(self) -> int:
        """How many (patient, step) values are on record as saved."""
        return sum(len(steps) for steps in self.saved.values())
