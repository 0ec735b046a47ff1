"""Shared by the reliability tests: the quick or full scale, and the tally of what was tried.

CI runs the quick scale. The full run is one command (see the README, "Reliability"):

    KIOSK_RELIABILITY=full KIOSK_RELIABILITY_REPORT=reliability.json \
        .venv/bin/python -m pytest tests/reliability

With ``KIOSK_RELIABILITY_REPORT`` set, the figures the tests added to the tally (kills
survived, faults injected, hostile inputs tried, records lost) are written there as JSON.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

FULL = os.environ.get("KIOSK_RELIABILITY", "quick") == "full"

# Property tests: no deadline (a PDF takes what it takes), no example database in the working
# tree, and ten times the examples in the full run.
PROPERTIES = settings(
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("reliability", PROPERTIES)


def examples(quick: int) -> settings:
    """Hypothesis settings for ``quick`` examples in CI, ten times as many in the full run."""
    return settings(PROPERTIES, max_examples=quick * 10 if FULL else quick)


class Tally:
    """Counts of what the reliability tests tried, by figure name."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def add(self, figure: str, count: int = 1) -> None:
        """Add ``count`` to ``figure`` (e.g. "kills survived", "records lost")."""
        self.counts[figure] += count


_TALLY = Tally()


@pytest.fixture(scope="session")
def full_run() -> bool:
    """True in the full run (KIOSK_RELIABILITY=full), False in the quick run CI uses."""
    return FULL


@pytest.fixture(scope="session")
def tally() -> Iterator[Tally]:
    """The session's tally; written to $KIOSK_RELIABILITY_REPORT at the end when set."""
    yield _TALLY
    report = os.environ.get("KIOSK_RELIABILITY_REPORT")
    if report:
        figures = dict(sorted(_TALLY.counts.items()))
        scale = "full" if FULL else "quick"
        Path(report).write_text(json.dumps({"scale": scale, "figures": figures}, indent=2) + "\n")
