"""Tampering with the audit log as someone holding the database file would: every kind is named.

Each case drops the append-only triggers first (anyone with the file can), then changes, removes,
reorders, inserts, cuts off or rewrites entries. ``audit verify`` must exit 1 and name the first
bad entry; the anchor outside the data folder is what shows a cut-off end or a rewritten chain.
"""

from __future__ import annotations

import json
import random
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from kiosk.cli import main
from kiosk.core.audit import GENESIS, entry_hash
from kiosk.core.clock import FakeClock
from kiosk.services.context import open_context
from kiosk.services.recovery import latest_backup, restore_backup
from kiosk.storage.audit import AuditLog
from kiosk.storage.audit_anchor import HEAD_DIR_ENV
from kiosk.storage.db import database_path, open_database
from tests.reliability.conftest import Tally

ACTIONS = ("sign_in", "view_intake", "acknowledge", "print", "export", "backup", "staff_add")
COLUMNS = ("at", "actor", "action", "subject", "detail", "previous_hash", "hash")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder in tmp_path, set as $KIOSK_DATA_DIR, with the anchor in its default place."""
    folder = tmp_path / "data"
    monkeypatch.setenv("KIOSK_DATA_DIR", str(folder))
    monkeypatch.delenv(HEAD_DIR_ENV, raising=False)
    return folder


def fill(data_dir: Path, count: int, clock: FakeClock | None = None) -> None:
    """``count`` more entries, a minute apart, written the way the kiosk writes them."""
    clock = clock or FakeClock()
    context = open_context(data_dir, clock=clock)
    try:
        log = AuditLog(context.db, context.clock)
        start = len(log.entries())
        for index in range(start, start + count):
            log.record("Nora Nurse", ACTIONS[index % len(ACTIONS)], f"intake {index}", n=index)
            clock.advance(60)
    finally:
        context.close()


def check(data_dir: Path) -> tuple[int, str] | None:
    """What the log says about itself, opened afresh."""
    db = open_database(database_path(data_dir))
    try:
        return AuditLog(db, FakeClock()).verify()
    finally:
        db.close()


def verify_command(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """``audit verify``: exit code, stdout, stderr."""
    code = main(["--data-dir", str(data_dir), "audit", "verify"])
    out, err = capsys.readouterr()
    return code, out, err


class Attacker:
    """Someone with the database file: drops the triggers, then edits rows by hand."""

    def __init__(self, data_dir: Path) -> None:
        self.db: Database = open_database(database_path(data_dir))
        self.db.execute("DROP TRIGGER IF EXISTS audit_no_update")
        self.db.execute("DROP TRIGGER IF EXISTS audit_no_delete")

    def rows(self) -> list[dict[str, Any]]:
        return list(self.db.query("SELECT * FROM audit ORDER BY id"))

    def set_row(self, entry_id: int, values: dict[str, Any]) -> None:
        assignments = ", ".join(f"{column} = ?" for column in COLUMNS)
        self.db.execute(
            f"UPDATE audit SET {assignments} WHERE id = ?",
            [*(values[column] for column in COLUMNS), entry_id],
        )

    def rechain(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Fresh, consistent hashes for every row, as a careful forger would compute them."""
        previous = GENESIS
        for row in rows:
            row["previous_hash"] = previous
            fields = {column: row[column] for column in ("at", "actor", "action", "subject")}
            row["hash"] = entry_hash(previous, **fields, detail=row["detail"])
            previous = row["hash"]
        return rows

    def close(self) -> None:
        self.db.close()


def change(attacker: Attacker, target: int) -> int:
    """Another actor on one entry: found at that entry."""
    attacker.db.execute("UPDATE audit SET actor = 'Someone Else' WHERE id = ?", [target])
    return target


def remove(attacker: Attacker, target: int) -> int:
    """One entry deleted: found at the next one (the newest one: found by the anchor)."""
    newest = attacker.rows()[-1]["id"]
    attacker.db.execute("DELETE FROM audit WHERE id = ?", [target])
    return target if target == newest else target + 1


def reorder(attacker: Attacker, target: int) -> int:
    """Two neighbours swapped, hashes and all: found at the first of them."""
    rows = {row["id"]: row for row in attacker.rows()}
    first, second = rows[target], rows[target + 1]
    attacker.db.execute("UPDATE audit SET hash = 'moving' WHERE id = ?", [target])  # UNIQUE hash
    attacker.set_row(target + 1, first)
    attacker.set_row(target, second)
    return target


def insert(attacker: Attacker, target: int) -> int:
    """A forged entry slipped in before ``target`` (later ids moved up), chained to the one
    before it: found at the entry after the forgery."""
    rows = attacker.rows()
    attacker.db.execute("UPDATE audit SET id = -id WHERE id >= ?", [target])
    attacker.db.execute("UPDATE audit SET id = -id + 1 WHERE id < 0")
    previous = rows[target - 2]["hash"] if target > 1 else GENESIS
    forged = {"at": rows[target - 1]["at"], "actor": "Ada Admin", "action": "sign_in"}
    forged |= {"subject": "staff 1", "detail": "{}"}
    digest = entry_hash(previous, **forged)
    attacker.db.execute(
        "INSERT INTO audit (id, at, actor, action, subject, detail, previous_hash, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [target, *forged.values(), previous, digest],
    )
    return target + 1


def cut_tail(attacker: Attacker, target: int) -> int:
    """The newest entries from ``target`` on deleted: the chain that is left holds, the anchor
    shows the end is missing."""
    attacker.db.execute("DELETE FROM audit WHERE id >= ?", [target])
    return target


def rewrite(attacker: Attacker, target: int) -> int:
    """One entry changed and every hash recomputed from the start: the chain holds, the anchored
    head no longer matches."""
    rows = attacker.rows()
    rows[target - 1]["actor"] = "Someone Else"
    newest = rows[-1]["id"] if target > 1 else 1  # a new first entry: the log starts anew
    for row in attacker.rechain(rows):
        attacker.db.execute("UPDATE audit SET hash = 'x' || id WHERE id = ?", [row["id"]])
    for row in rows:
        attacker.set_row(row["id"], row)
    return newest


Tamper = Callable[[Attacker, int], int]
TAMPERS: dict[str, Tamper] = {
    "changed": change,
    "removed": remove,
    "reordered": reorder,
    "inserted": insert,
    "tail cut off": cut_tail,
    "rewritten with fresh hashes": rewrite,
}


@pytest.fixture
def attack(data_dir: Path) -> Iterator[Callable[[Tamper, int], int]]:
    """Run one tamper on the data folder's database; the attacker's connection is closed after."""
    opened: list[Attacker] = []

    def run(tamper: Tamper, target: int) -> int:
        attacker = Attacker(data_dir)
        opened.append(attacker)
        try:
            return tamper(attacker, target)
        finally:
            attacker.close()

    yield run
    for attacker in opened:
        attacker.close()


@pytest.mark.parametrize("kind", list(TAMPERS))
def test_each_kind_of_tampering_is_named_by_audit_verify(
    kind: str,
    data_dir: Path,
    attack: Callable[[Tamper, int], int],
    capsys: pytest.CaptureFixture[str],
    tally: Tally,
) -> None:
    """Changed, removed, reordered, inserted, cut-off and rewritten logs: exit 1, one stderr line
    naming the first bad entry, no traceback."""
    fill(data_dir, 12)
    code, out, _ = verify_command(data_dir, capsys)
    assert code == 0 and out.startswith("audit log intact: 12 entries; anchored in ")
    bad = attack(TAMPERS[kind], 6)
    tally.add("hostile inputs tried")
    problem = check(data_dir)
    assert problem is not None and problem[0] == bad, problem
    code, out, err = verify_command(data_dir, capsys)
    assert code == 1 and out == ""
    assert err.startswith(f"kiosk: error: the audit log was tampered with: entry {bad}: ")
    assert err.count("\n") == 1 and "Traceback" not in err


def test_a_cut_off_end_says_which_entries_are_missing(
    data_dir: Path, attack: Callable[[Tamper, int], int]
) -> None:
    """Removing the newest three entries leaves a chain that holds; the anchor names them."""
    fill(data_dir, 10)
    attack(cut_tail, 8)
    assert check(data_dir) == (
        8,
        "entries 8 to 10 are missing: the end of the log was cut off"
        " (10 entries were anchored on 2026-11-21T15:09:00+00:00)",
    )


def test_removing_only_the_newest_entry_is_named(
    data_dir: Path, attack: Callable[[Tamper, int], int]
) -> None:
    """Even the very last entry alone."""
    fill(data_dir, 5)
    attack(cut_tail, 5)
    problem = check(data_dir)
    assert problem is not None and problem[0] == 5 and "entry 5 is missing" in problem[1]


def test_emptying_the_log_is_named(data_dir: Path, attack: Callable[[Tamper, int], int]) -> None:
    """Every entry deleted: the empty log is not taken for a new one."""
    fill(data_dir, 4)
    attack(cut_tail, 1)
    problem = check(data_dir)
    assert problem is not None and problem[0] == 1 and "the log is empty" in problem[1]


def test_a_database_put_in_place_of_another_is_named(data_dir: Path, tmp_path: Path) -> None:
    """Another kiosk's database copied over this one starts differently from the anchor."""
    fill(data_dir, 4)
    other = tmp_path / "other"
    later = FakeClock()
    later.advance(3600)
    fill(other, 6, later)
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{database_path(other)}{suffix}")
        target = Path(f"{database_path(data_dir)}{suffix}")
        if source.exists():
            target.write_bytes(source.read_bytes())
        else:
            target.unlink(missing_ok=True)
    problem = check(data_dir)
    assert problem is not None and problem[0] == 1 and "does not start as anchored" in problem[1]


def test_entries_written_after_tampering_do_not_hide_it(
    data_dir: Path, attack: Callable[[Tamper, int], int], caplog: pytest.LogCaptureFixture
) -> None:
    """The kiosk keeps working after the end was cut off, but the anchor is kept as evidence:
    new entries neither move it nor make verify pass."""
    fill(data_dir, 8)
    attack(cut_tail, 6)
    fill(data_dir, 5)
    problem = check(data_dir)
    assert problem is not None and problem[0] == 8, problem
    assert "no longer matches its anchor" in caplog.text


def test_a_damaged_anchor_is_named_and_kept(data_dir: Path) -> None:
    """An anchor file that is not one makes verify fail, and the kiosk does not overwrite it."""
    fill(data_dir, 3)
    anchor = data_dir.parent / "data.audit-head"
    anchor.write_text("{ not json", encoding="utf-8")
    problem = check(data_dir)
    assert problem is not None and "its anchor cannot be checked" in problem[1]
    fill(data_dir, 1)
    assert anchor.read_text(encoding="utf-8") == "{ not json"


def test_the_anchor_is_owner_only_outside_the_data_folder(data_dir: Path) -> None:
    """``<data folder>.audit-head``: beside the data folder, mode 0600, the newest entry's hash."""
    fill(data_dir, 3)
    anchor = data_dir.parent / "data.audit-head"
    assert stat.S_IMODE(anchor.stat().st_mode) == 0o600
    saved = json.loads(anchor.read_text(encoding="utf-8"))
    db = open_database(database_path(data_dir))
    try:
        entries = AuditLog(db, FakeClock()).entries()
    finally:
        db.close()
    assert saved["entries"] == 3
    assert (saved["first"], saved["head"]) == (entries[0].hash, entries[-1].hash)
    assert not list(data_dir.glob("*.audit-head"))


def test_the_anchor_folder_can_be_moved_by_environment(
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """$KIOSK_AUDIT_HEAD_DIR (e.g. beside the database key) holds the anchor instead."""
    keys = tmp_path / "keys"
    monkeypatch.setenv(HEAD_DIR_ENV, str(keys))
    fill(data_dir, 2)
    [anchor] = keys.glob("data-*.audit-head")
    assert not (data_dir.parent / "data.audit-head").exists()
    code, out, _ = verify_command(data_dir, capsys)
    assert code == 0 and out == f"audit log intact: 2 entries; anchored in {anchor}\n"


def test_an_entry_inside_a_longer_transaction_is_anchored_with_the_next(data_dir: Path) -> None:
    """The anchor never runs ahead of a commit: an entry written inside the caller's
    transaction is anchored by the next entry written on its own."""
    fill(data_dir, 2)
    context = open_context(data_dir, clock=FakeClock())
    try:
        log = AuditLog(context.db, context.clock)
        with context.db.atomic():
            log.record("Nora Nurse", "acknowledge", "flag 1")
        before = log.check().anchor
        log.record("Nora Nurse", "view_intake", "intake 1")
        after = log.check().anchor
    finally:
        context.close()
    assert before is not None and before.entries == 2
    assert after is not None and after.entries == 4


def test_a_log_without_an_anchor_yet_verifies_and_says_so(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A log from before anchors existed (no file yet) passes, naming where the anchor will be."""
    fill(data_dir, 2)
    (data_dir.parent / "data.audit-head").unlink()
    code, out, _ = verify_command(data_dir, capsys)
    assert code == 0 and "not anchored: no anchor yet at" in out


def test_restore_starts_a_new_anchor(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A restore puts an older log in place on purpose: its entry re-anchors, verify passes."""
    fill(data_dir, 3)
    backup = tmp_path / "backup.db"
    assert main(["--data-dir", str(data_dir), "backup", "--out", str(backup)]) == 0
    fill(data_dir, 4)
    assert main(["--data-dir", str(data_dir), "restore", str(backup)]) == 0
    capsys.readouterr()
    code, out, _ = verify_command(data_dir, capsys)
    assert code == 0 and out.startswith("audit log intact: 4 entries; anchored in ")


def test_random_tampering_is_always_named(
    data_dir: Path,
    attack: Callable[[Tamper, int], int],
    full_run: bool,
    tally: Tally,
) -> None:
    """Many tampers at random places, one after another on a growing log: each is named at the
    entry it broke (the full run tries many more)."""
    rng = random.Random(20261121)
    rounds = 60 if full_run else 8
    for _ in range(rounds):
        folder = data_dir.parent / f"round-{rng.randrange(10**9)}"
        size = rng.randint(3, 60 if full_run else 20)
        fill(folder, size)
        kind = rng.choice(list(TAMPERS))
        target = (
            rng.randint(1, size - 1) if kind in ("removed", "reordered") else rng.randint(1, size)
        )
        attacker = Attacker(folder)
        try:
            bad = TAMPERS[kind](attacker, target)
        finally:
            attacker.close()
        tally.add("hostile inputs tried")
        problem = check(folder)
        assert problem is not None and problem[0] == bad, (kind, target, size, problem)


def test_the_recovery_screens_restore_starts_a_new_anchor(data_dir: Path, tmp_path: Path) -> None:
    """The start-up recovery (a damaged database replaced by the latest backup) re-anchors too:
    the restored, shorter log verifies."""
    fill(data_dir, 3)
    folder = tmp_path / "backups"
    folder.mkdir()
    assert main(["--data-dir", str(data_dir), "backup", "--out", str(folder / "b.db")]) == 0
    fill(data_dir, 4)
    found = latest_backup(folder)
    assert found is not None
    restore_backup(found, data_dir, clock=FakeClock(), actor="Ada Admin", attempts=[])
    assert check(data_dir) is None
