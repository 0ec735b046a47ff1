"""Storage faults as the screens and the command line meet them: the errors and their kinds."""

from kiosk.core.faults import Fault
from kiosk.storage.errors import DatabaseDamagedError, KeyProblemError, StorageError, StorageFault
from kiosk.storage.faults import classify, fault_kind, is_storage_fault

__all__ = [
    "DatabaseDamagedError",
    "Fault",
    "KeyProblemError",
    "StorageError",
    "StorageFault",
    "classify",
    "fault_kind",
    "is_storage_fault",
]
