"""A real, throwaway PostgreSQL cluster for tests: TLS with its own CA, on 127.0.0.1 and a free port.

``initdb`` and ``pg_ctl`` refuse to run as root, so as root they run as the ``postgres`` user
(``runuser``) on a folder that user owns; as anyone else they run as that user. Debian's
``postgresql`` and ``openssl`` packages are needed (``.ci/run`` installs them).
"""

from __future__ import annotations

import os
import pwd
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

ADMIN = "kiosk_test_admin"  # the superuser the tests connect as
PG_ROOT = Path("/usr/lib/postgresql")
OS_USER = "postgres"  # who runs the cluster when the tests run as root


class PgSetupError(Exception):
    """PostgreSQL is installed but the test cluster could not be brought up."""


def bin_dir() -> Path | None:
    """The newest ``/usr/lib/postgresql/<major>/bin`` that holds initdb and pg_ctl."""
    found = [
        p.parent
        for p in PG_ROOT.glob("*/bin/initdb")
        if (p.parent / "pg_ctl").exists() and p.parent.parent.name.isdigit()
    ]
    return max(found, key=lambda p: int(p.parent.name)) if found else None


def missing_parts() -> list[str]:
    """What a test cluster needs and this machine lacks (empty: all there)."""
    missing = []
    if bin_dir() is None:
        missing.append(f"initdb and pg_ctl under {PG_ROOT}/*/bin (Debian's postgresql)")
    if shutil.which("openssl") is None:
        missing.append("openssl")
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            missing.append("runuser")
        try:
            pwd.getpwnam(OS_USER)
        except KeyError:
            missing.append(f"the {OS_USER} user")
    return missing


def _run(*args: str | Path, cwd: Path | None = None, timeout: float = 60) -> str:
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    result = subprocess.run(
        [str(a) for a in args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise PgSetupError(f"{' '.join(map(str, args))}: {result.stderr.strip() or result.stdout}")
    return result.stdout


def _as_cluster_user(*args: str | Path, timeout: float = 60) -> str:
    if os.geteuid() == 0:
        return _run("runuser", "-u", OS_USER, "--", *args, timeout=timeout)
    return _run(*args, timeout=timeout)


def make_ca(folder: Path, name: str) -> tuple[Path, Path]:
    """A self-signed CA (EC P-256, two days) in ``folder``: its certificate and key."""
    cert, key = folder / f"{name}.crt", folder / f"{name}.key"
    _run(
        "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
        "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", f"/CN=Kiosk test {name}",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    )  # fmt: skip
    return cert, key


def make_server_cert(folder: Path, ca: tuple[Path, Path]) -> tuple[Path, Path]:
    """A server certificate for 127.0.0.1 and localhost signed by ``ca``: certificate and key."""
    cert, key, csr = folder / "server.crt", folder / "server.key", folder / "server.csr"
    ext = folder / "server.ext"
    ext.write_text(
        "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
        "extendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n",
        encoding="utf-8",
    )
    _run(
        "openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
        "-nodes", "-keyout", key, "-out", csr, "-subj", "/CN=localhost",
    )  # fmt: skip
    _run(
        "openssl", "x509", "-req", "-in", csr, "-CA", ca[0], "-CAkey", ca[1],
        "-CAcreateserial", "-out", cert, "-days", "2", "-extfile", ext,
    )  # fmt: skip
    return cert, key


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass(frozen=True)
class PgCluster:
    """A running test cluster: where it listens, its superuser, and the CA that signed it."""

    folder: Path
    bin: Path
    port: int
    password: str
    ca_file: Path
    wrong_ca_file: Path  # a CA that did not sign the server's certificate
    host: str = "127.0.0.1"
    user: str = ADMIN

    def url(
        self,
        dbname: str = "postgres",
        *,
        user: str | None = None,
        password: str | None = None,
        ca_file: Path | None = None,
    ) -> str:
        """A ``postgresql://`` URL with ``sslmode=verify-full`` against the test CA."""
        who = quote(user or self.user, safe="")
        secret = quote(self.password if password is None else password, safe="")
        root = quote(str(ca_file or self.ca_file), safe="/")
        return (
            f"postgresql://{who}:{secret}@{self.host}:{self.port}/{quote(dbname, safe='')}"
            f"?sslmode=verify-full&sslrootcert={root}"
        )

    def stop_immediate(self) -> None:
        """``pg_ctl stop -m immediate``: the server dies as in a crash (no checkpoint, open
        transactions gone); ``start`` brings it back through crash recovery."""
        _as_cluster_user(self.bin / "pg_ctl", "stop", "-D", self.folder / "data", "-m", "immediate")

    def start(self) -> None:
        """``pg_ctl start`` again after ``stop_immediate``; returns once it takes connections."""
        _as_cluster_user(
            self.bin / "pg_ctl", "start", "-D", self.folder / "data", "-l",
            self.folder / "server.log", "-w", "-t", "60", timeout=90,
        )  # fmt: skip

    def running(self) -> bool:
        """Whether the server is up (``pg_ctl status``)."""
        try:
            _as_cluster_user(self.bin / "pg_ctl", "status", "-D", self.folder / "data")
        except PgSetupError:
            return False
        return True

    def stop(self) -> None:
        """``pg_ctl stop -m fast`` and remove the folder."""
        try:
            _as_cluster_user(self.bin / "pg_ctl", "stop", "-D", self.folder / "data", "-m", "fast")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


# What a clinic server that publishes to a group's central database needs (logical replication).
LOGICAL = {"wal_level": "logical", "max_replication_slots": "10", "max_wal_senders": "10"}


def start_cluster(extra_settings: Mapping[str, str] | None = None) -> PgCluster:
    """initdb, TLS certificates, ``ssl=on``, password logins over TLS only, then ``pg_ctl start``.
    ``extra_settings``: more postgresql.conf lines, name to value as the file writes it (for
    example ``LOGICAL``).

    The folder is made with ``mkdtemp`` in the system temp folder (pytest's own folders are not
    readable by the postgres user) and handed to the user who runs the cluster.
    """
    binaries = bin_dir()
    if binaries is None:
        raise PgSetupError("no PostgreSQL binaries")
    folder = Path(
        tempfile.mkdtemp(prefix="kiosk-pg-", dir="/tmp" if Path("/tmp").is_dir() else None)
    )
    try:
        return _start(folder, binaries, dict(extra_settings or {}))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _start(folder: Path, binaries: Path, extra_settings: dict[str, str]) -> PgCluster:
    if os.geteuid() == 0:  # every parent must let the cluster's user through
        for parent in folder.parents:
            if not parent.stat().st_mode & 0o001:
                raise PgSetupError(f"{parent}: not traversable by the {OS_USER} user")
    password = secrets.token_urlsafe(24)
    tls = folder / "tls"
    tls.mkdir()
    ca = make_ca(tls, "ca")
    wrong_ca, _ = make_ca(tls, "wrong-ca")
    cert, key = make_server_cert(tls, ca)
    pwfile = folder / "pwfile"
    pwfile.write_text(password + "\n", encoding="utf-8")
    if os.geteuid() == 0:
        account = pwd.getpwnam(OS_USER)
        for path in [folder, *folder.rglob("*")]:
            os.chown(path, account.pw_uid, account.pw_gid)
    folder.chmod(0o700)
    key.chmod(0o600)
    data = folder / "data"
    _as_cluster_user(
        binaries / "initdb", "-D", data, "-U", ADMIN, "--pwfile", pwfile, "-E", "UTF8",
        "--locale", "C.UTF-8", "--auth-local", "trust", "--auth-host", "scram-sha-256",
        "--no-sync",
    )  # fmt: skip
    pwfile.unlink()
    port = free_port()
    settings = {
        "listen_addresses": "'127.0.0.1'",
        "port": str(port),
        "unix_socket_directories": f"'{folder}'",
        "ssl": "on",
        "ssl_cert_file": f"'{cert}'",
        "ssl_key_file": f"'{key}'",
        "fsync": "off",  # a throwaway cluster: speed over durability against power loss
        "full_page_writes": "off",
        "max_connections": "50",
        **extra_settings,
    }
    with (data / "postgresql.conf").open("a", encoding="utf-8") as conf:
        conf.writelines(f"{name} = {value}\n" for name, value in settings.items())
    # Unix socket for the cluster's own user; TCP only with TLS and a password.
    hba = "local all all trust\nhostssl all all 127.0.0.1/32 scram-sha-256\n"
    (data / "pg_hba.conf").write_text(hba, encoding="utf-8")
    log = folder / "server.log"
    try:
        _as_cluster_user(
            binaries / "pg_ctl", "start", "-D", data, "-l", log, "-w", "-t", "60", timeout=90
        )
    except PgSetupError as exc:
        tail = log.read_text(encoding="utf-8", errors="replace")[-2000:] if log.exists() else ""
        raise PgSetupError(f"{exc}\n{tail}") from exc
    return PgCluster(folder, binaries, port, password, ca[0], wrong_ca)


def safe_identifier(text: str) -> str:
    """A database name from a test's name: lower-case letters, digits and underscores."""
    return re.sub(r"[^a-z0-9_]", "_", text.lower())[:50]
