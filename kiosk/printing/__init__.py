"""The printing adapter beside storage: hands PDF bytes to a CUPS queue; no Qt, no database."""

from kiosk.printing.cups import (
    FOLLOW_SECONDS,
    JOB_STATES,
    PrintError,
    PrintJob,
    cancel_job,
    default_queue,
    follow_job,
    job_state,
    list_queues,
    print_pdf,
    queue_ready,
    save_unprinted,
)

__all__ = [
    "FOLLOW_SECONDS",
    "JOB_STATES",
    "PrintError",
    "PrintJob",
    "cancel_job",
    "default_queue",
    "follow_job",
    "job_state",
    "list_queues",
    "print_pdf",
    "queue_ready",
    "save_unprinted",
]
