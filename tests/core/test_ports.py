"""The stores implement the Protocols: every method of StationStore and ExportSource on the
SQLite StationRepository, of IntakeStore on IntakeRepository, and of StationReads and
ExportSource on the clinic server's ServerReader, with the same parameters (names, kinds and
defaults)."""

from __future__ import annotations

import inspect

import pytest

from kiosk.core.ports import ExportSource, StationReads, StationStore
from kiosk.core.records import IntakeStore
from kiosk.server.reader import ServerReader
from kiosk.server.station import ServerStation
from kiosk.storage.intakes import IntakeRepository
from kiosk.storage.station import StationRepository

CASES = [
    (StationStore, StationRepository),
    (ExportSource, StationRepository),
    (IntakeStore, IntakeRepository),
    (StationReads, ServerReader),
    (ExportSource, ServerReader),
    (StationStore, ServerStation),
]


def protocol_methods(protocol: type) -> list[str]:
    """The public methods a Protocol declares, its bases' included."""
    return sorted(
        name
        for name, value in inspect.getmembers(protocol, inspect.isfunction)
        if not name.startswith("_")
    )


def parameters(function: object) -> list[tuple[str, inspect._ParameterKind, object]]:
    """Name, kind and default of every parameter (annotations are strings here: not compared)."""
    return [
        (p.name, p.kind, p.default)
        for p in inspect.signature(function).parameters.values()  # type: ignore[arg-type]
    ]


@pytest.mark.parametrize(("protocol", "store"), CASES, ids=lambda c: c.__name__)
def test_the_store_has_every_method_of_the_protocol_with_matching_parameters(
    protocol: type, store: type
) -> None:
    """Each method is there, callable, and takes the same parameters in the same way."""
    names = protocol_methods(protocol)
    assert names
    for name in names:
        implemented = inspect.getattr_static(store, name, None)
        assert implemented is not None, f"{store.__name__} has no {name}"
        assert callable(implemented), f"{store.__name__}.{name} is not a method"
        assert parameters(getattr(store, name)) == parameters(getattr(protocol, name)), name


def test_the_protocols_cover_what_the_screens_and_exports_use() -> None:
    """The Protocols themselves: StationStore reads and writes, ExportSource two methods (a
    method dropped from a Protocol would make the checks above vacuous)."""
    assert protocol_methods(ExportSource) == ["intakes", "snapshot"]
    assert protocol_methods(StationReads) == [
        "board",
        "change_marker",
        "intake",
        "next_appointment",
        "score_history",
    ]
    assert {"board", "intake", "act", "discharge", "record_print"} <= set(
        protocol_methods(StationStore)
    )
    assert protocol_methods(IntakeStore) == [
        "confirm_step",
        "create_intake",
        "match_appointment",
        "open_intake",
        "save_consent",
        "set_language",
    ]
