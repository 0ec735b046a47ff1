"""``python -m kiosk station``: with no clinic server set, one line saying what to set."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.services.sync import ENV_SERVER_CA, ENV_SERVER_CREDENTIAL, ENV_SERVER_URL


def test_station_without_a_server_says_what_to_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in (ENV_SERVER_URL, ENV_SERVER_CA, ENV_SERVER_CREDENTIAL):
        monkeypatch.delenv(name, raising=False)
    assert main(["--data-dir", str(tmp_path), "station"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(
        "kiosk: error: no clinic server is set: [server] url or $KIOSK_SERVER_URL"
    )
    assert "server station-login NAME" in err


def test_station_with_a_missing_credential_names_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ca = tmp_path / "ca.pem"
    ca.write_text("not used\n", encoding="ascii")
    monkeypatch.setenv(ENV_SERVER_URL, "postgresql://127.0.0.1:1/clinic")
    monkeypatch.setenv(ENV_SERVER_CA, str(ca))
    monkeypatch.setenv(ENV_SERVER_CREDENTIAL, str(tmp_path / "none.credential"))
    assert main(["--data-dir", str(tmp_path / "data"), "station"]) == 1
    assert "none.credential: there is no credential file" in capsys.readouterr().err
