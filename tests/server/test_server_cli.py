"""``kiosk server init | enrol | revoke`` as the clinic's admin runs them, against the real server."""

from __future__ import annotations

import logging
import re
import stat
from pathlib import Path

import psycopg
import pytest

from kiosk.cli import main
from kiosk.server import schema
from tests.helpers.pg import PgCluster


def kiosk_url(cluster: PgCluster, admin_url: str, conninfo: str) -> str:
    fields = dict(pair.split("=", 1) for pair in conninfo.split())
    name = admin_url.split("?", 1)[0].rsplit("/", 1)[1]
    return cluster.url(name, user=fields["user"], password=fields["password"])


def test_init_prints_the_version_and_is_idempotent(
    server_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    shipped = [m.version for m in schema.shipped_migrations()]
    assert main(["server", "init", "--url", server_url]) == 0
    assert capsys.readouterr().out == (
        f"clinic server schema version {shipped[-1]}; applied now: {', '.join(map(str, shipped))}\n"
    )
    assert main(["server", "init", "--url", server_url]) == 0
    assert (
        capsys.readouterr().out
        == f"clinic server schema version {shipped[-1]}; applied now: none (up to date)\n"
    )


def test_init_takes_the_url_from_the_environment(
    server_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KIOSK_SERVER_URL", raising=False)
    assert main(["server", "init"]) == 2
    assert "--url URL or $KIOSK_SERVER_URL" in capsys.readouterr().err
    monkeypatch.setenv("KIOSK_SERVER_URL", server_url)
    assert main(["server", "init"]) == 0


def test_an_unreachable_server_is_one_line(
    pg_cluster: PgCluster, capsys: pytest.CaptureFixture[str]
) -> None:
    url = pg_cluster.url("postgres", ca_file=pg_cluster.wrong_ca_file)
    assert main(["server", "init", "--url", url]) == 1
    err = capsys.readouterr().err
    assert err.startswith("kiosk: error: cannot reach the clinic server:")
    assert "certificate verify failed" in err and err.count("\n") == 1
    assert pg_cluster.password not in err


def test_enrol_prints_a_working_credential_once_and_logs_nothing_of_it(
    pg_cluster: PgCluster,
    initialised: str,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    assert main(["server", "enrol", "lobby_1", "--url", initialised]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "enrolled lobby_1; its credential, shown this once:"
    assert re.fullmatch(r"user=kiosk_lobby_1 password=[A-Za-z0-9_-]{43}", out[1])
    password = out[1].rsplit("=", 1)[1]
    assert password not in caplog.text
    with schema.connect(kiosk_url(pg_cluster, initialised, out[1])) as kiosk:
        assert kiosk.info.user == "kiosk_lobby_1"


def test_enrol_out_writes_an_owner_only_file_and_prints_no_secret(
    pg_cluster: PgCluster, initialised: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "server.credential"
    assert main(["server", "enrol", "hall", "--url", initialised, "--out", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    conninfo = out.read_text(encoding="ascii").strip()
    printed = capsys.readouterr().out
    assert printed == f"enrolled hall; its credential is in {out} (owner-only)\n"
    assert conninfo.rsplit("=", 1)[1] not in printed
    with schema.connect(kiosk_url(pg_cluster, initialised, conninfo)) as kiosk:
        assert kiosk.info.user == "kiosk_hall"
    # A file already there is never overwritten, and nothing is enrolled then.
    assert main(["server", "enrol", "porch", "--url", initialised, "--out", str(out)]) == 1
    assert "the credential file cannot be made" in capsys.readouterr().err
    assert out.read_text(encoding="ascii").strip() == conninfo
    with schema.connect(initialised) as admin:
        names = admin.execute("SELECT name FROM devices ORDER BY 1").fetchall()
    assert names == [("hall",)]


def test_revoke_shuts_the_login_out(
    pg_cluster: PgCluster, initialised: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["server", "enrol", "lobby", "--url", initialised]) == 0
    conninfo = capsys.readouterr().out.splitlines()[1]
    assert main(["server", "revoke", "lobby", "--url", initialised]) == 0
    assert re.fullmatch(
        r"revoked lobby at \S+; its login kiosk_lobby can no longer connect\n",
        capsys.readouterr().out,
    )
    with pytest.raises(psycopg.OperationalError, match="not permitted to log in"):
        schema.connect(kiosk_url(pg_cluster, initialised, conninfo))
    assert main(["server", "revoke", "nobody", "--url", initialised]) == 1
    assert capsys.readouterr().err == "kiosk: error: nobody: no such device\n"


def test_station_login_makes_a_station_login_once_audited_and_owner_only(
    pg_cluster: PgCluster, initialised: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "desk.credential"
    argv = ["server", "station-login", "desk", "--url", initialised, "--out", str(out)]
    assert main(argv) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    conninfo = out.read_text(encoding="ascii").strip()
    printed = capsys.readouterr().out
    assert (
        printed == f"made the station login station_desk; its credential is in {out} (owner-only)\n"
    )
    assert conninfo.rsplit("=", 1)[1] not in printed
    with schema.connect(kiosk_url(pg_cluster, initialised, conninfo)) as station:
        assert station.info.user == "station_desk"
        # A station reads the records and who the staff are; it writes no record directly.
        station.execute("SELECT count(*) FROM records_intakes").fetchone()
        station.execute("SELECT id, name FROM staff").fetchall()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            station.execute("DELETE FROM records_intakes")
    # Printed once without --out; a name taken is refused in words and nothing changes.
    assert main(["server", "station-login", "porch", "--url", initialised]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "made the station login station_porch; its credential, shown this once:"
    assert lines[1].startswith("user=station_porch password=")
    assert main(["server", "station-login", "desk", "--url", initialised]) == 1
    assert "station_desk exists already" in capsys.readouterr().err
    with schema.connect(initialised) as admin:
        audited = admin.execute(
            "SELECT action, subject FROM audit WHERE action = 'station_login' ORDER BY id"
        ).fetchall()
    assert audited == [("station_login", "desk"), ("station_login", "porch")]
