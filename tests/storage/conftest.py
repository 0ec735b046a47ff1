"""Fixtures of the storage tests: one database file opened on two connections."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from kiosk.storage.db import database_path, open_database


@pytest.fixture
def two_connections(data_dir: Path) -> Iterator[tuple[Database, Database]]:
    """A data folder's database file opened twice, as by the kiosk and by another program or a
    second kiosk window; both closed after."""
    path = database_path(data_dir)
    first = open_database(path)
    second = open_database(path, check=None)
    try:
        yield first, second
    finally:
        second.close()
        first.close()
