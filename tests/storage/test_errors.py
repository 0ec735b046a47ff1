"""Storage errors: each kind of problem carries the fault kind that picks its advice."""

from __future__ import annotations

import pytest

from kiosk.core.faults import ADVICE, Fault
from kiosk.storage.errors import (
    DatabaseDamagedError,
    KeyFileUnsafeError,
    KeyMissingError,
    KeyProblemError,
    StorageError,
    StorageFault,
    WrongKeyError,
)


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (StorageError, Fault.OTHER),
        (DatabaseDamagedError, Fault.DAMAGED),
        (KeyProblemError, Fault.KEY),
        (KeyMissingError, Fault.KEY),
        (KeyFileUnsafeError, Fault.KEY),
        (WrongKeyError, Fault.KEY),
    ],
)
def test_each_error_has_its_kind(error: type[StorageError], kind: Fault) -> None:
    """Damage asks for a backup, every key problem for the key, the rest for the generic advice;
    each kind has advice, and every one is a StorageError (a RuntimeError)."""
    problem = error("in plain words")
    assert problem.kind is kind
    assert kind in ADVICE
    assert isinstance(problem, StorageError)
    assert isinstance(problem, RuntimeError)
    assert str(problem) == "in plain words"


def test_key_problems_are_not_damage() -> None:
    """No key problem is a DatabaseDamagedError, so nobody restores a backup for a lost key."""
    for error in (KeyMissingError, KeyFileUnsafeError, WrongKeyError):
        assert issubclass(error, KeyProblemError)
        assert not issubclass(error, DatabaseDamagedError)


@pytest.mark.parametrize("kind", list(Fault))
def test_a_storage_fault_carries_the_kind_it_was_given(kind: Fault) -> None:
    """StorageFault keeps the original error's words and whatever kind storage found."""
    fault = StorageFault(kind, "database or disk is full")
    assert fault.kind is kind
    assert str(fault) == "database or disk is full"
    assert isinstance(fault, StorageError)
