"""Database fixtures for integration tests.

`postgres_url` (session): a private, throwaway PostgreSQL server started from the
system's server binaries (Debian's `postgresql` package: /usr/lib/postgresql/*/bin),
listening on 127.0.0.1 on a free port, trust auth, data in a temp dir, stopped and
deleted at the end of the session. Yields a SQLAlchemy URL to a database on it.
Skipped with a reason when the binaries are absent, except under CI=true, where
.ci/run installs PostgreSQL and a missing server is a failure.

`database_url` (per test, parametrised over sqlite and postgresql): a URL to a fresh,
empty database. Tests that must behave the same on both backends take this fixture.
"""
from __future__ import annotations

import atexit
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest

PG_USER = "postgres"


def _running_in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _version_key(bindir: str) -> tuple:
    version = Path(bindir).parent.name
    return tuple(int(part) if part.isdigit() else 0 for part in version.split("."))


def find_postgres_bindir() -> Path | None:
    """The newest /usr/lib/postgresql/*/bin holding initdb and pg_ctl, else one on PATH."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True)
    for bindir in candidates:
        if os.access(os.path.join(bindir, "initdb"), os.X_OK) and \
                os.access(os.path.join(bindir, "pg_ctl"), os.X_OK):
            return Path(bindir)
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl:
        return Path(os.path.realpath(initdb)).parent
    return None


class PostgresServer:
    """One throwaway PostgreSQL cluster, run as the `postgres` user when we are root."""

    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.port = _free_port()
        # Short base path: the Unix socket path must stay under ~107 characters.
        self.base = Path(tempfile.mkdtemp(prefix="pgtest-", dir="/tmp" if os.path.isdir("/tmp") else None))
        self.datadir = self.base / "data"
        self.sockdir = self.base / "sock"
        self.logfile = self.base / "server.log"
        self.started = False
        self._as_user: list[str] = []

        self.datadir.mkdir()
        self.sockdir.mkdir()
        if os.geteuid() == 0:
            # initdb and postgres refuse to run as root.
            try:
                pw = pwd.getpwnam(PG_USER)
            except KeyError:
                raise RuntimeError(
                    f"running as root but there is no '{PG_USER}' user to run PostgreSQL as "
                    "(Debian's postgresql package creates it)") from None
            runuser = shutil.which("runuser") or "/usr/sbin/runuser"
            self._as_user = [runuser, "-u", PG_USER, "--"]
            for path in (self.base, self.datadir, self.sockdir):
                os.chown(path, pw.pw_uid, pw.pw_gid)
            self.logfile.touch()
            os.chown(self.logfile, pw.pw_uid, pw.pw_gid)

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        # Output goes to a file, not a pipe: the forked postmaster must not hold our pipe open.
        out = self.base / "cmd.out"
        with open(out, "w+b") as handle:
            proc = subprocess.run(
                [*self._as_user, *args], stdin=subprocess.DEVNULL, stdout=handle,
                stderr=subprocess.STDOUT, cwd=self.base, timeout=timeout, check=False)
            handle.seek(0)
            text = handle.read().decode(errors="replace")
        if proc.returncode != 0:
            log = self.logfile.read_text(errors="replace") if self.logfile.exists() else ""
            raise RuntimeError(
                f"{' '.join(args)} exited {proc.returncode}:\n{text}\n--- server log ---\n{log}")
        return proc

    def start(self) -> None:
        self._run(str(self.bindir / "initdb"), "-D", str(self.datadir), "-U", PG_USER,
                  "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync")
        self.resume()

    def resume(self) -> None:
        """Start the initialised cluster (again, after `halt`), on the same port."""
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.sockdir} "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-l", str(self.logfile),
                  "-o", options, "-w", "-t", "60", "start")
        self.started = True

    def halt(self) -> None:
        """Stop the server, keeping its data (a database outage; `resume` ends it)."""
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-m", "fast",
                  "-w", "-t", "60", "stop")

    def stop(self) -> None:
        if self.started:
            self.started = False
            try:
                self._run(str(self.bindir / "pg_ctl"), "-D", str(self.datadir),
                          "-m", "immediate", "-w", "-t", "30", "stop", timeout=60)
            except Exception as exc:  # pragma: no cover - best effort at teardown
                print(f"warning: could not stop the test PostgreSQL server: {exc}")
        shutil.rmtree(self.base, ignore_errors=True)

    def admin_execute(self, sql: str) -> None:
        """Run one statement on the `postgres` maintenance database, autocommit."""
        import psycopg
        deadline = time.monotonic() + 30
        while True:
            try:
                with psycopg.connect(host="127.0.0.1", port=self.port, user=PG_USER,
                                     dbname="postgres", autocommit=True, connect_timeout=5) as conn:
                    conn.execute(sql)
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def url(self, dbname: str) -> str:
        return f"postgresql+psycopg://{PG_USER}@127.0.0.1:{self.port}/{dbname}"


@pytest.fixture(scope="session")
def postgres_server():
    bindir = find_postgres_bindir()
    if bindir is None:
        reason = ("PostgreSQL server binaries (initdb, pg_ctl) not found under "
                  "/usr/lib/postgresql/*/bin or on PATH: install Debian's 'postgresql' package")
        if _running_in_ci():
            pytest.fail(f"CI=true but {reason}", pytrace=False)
        pytest.skip(reason)
    server = PostgresServer(bindir)
    atexit.register(server.stop)  # in case the session is torn down abruptly
    try:
        server.start()
    except Exception as exc:
        server.stop()
        pytest.fail(f"could not start a throwaway PostgreSQL server from {bindir}: {exc}",
                    pytrace=False)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_url(postgres_server) -> str:
    """SQLAlchemy URL (postgresql+psycopg://) of a database on the throwaway server."""
    postgres_server.admin_execute("CREATE DATABASE test_session")
    return postgres_server.url("test_session")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    """URL of a fresh, empty database: a SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    request.getfixturevalue("postgres_url")  # the server, and the skip/fail if absent
    server = request.getfixturevalue("postgres_server")
    dbname = f"test_{uuid.uuid4().hex[:16]}"
    server.admin_execute(f'CREATE DATABASE "{dbname}"')
    yield server.url(dbname)
    try:
        server.admin_execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
    except Exception as exc:  # pragma: no cover - best effort
        print(f"warning: could not drop test database {dbname}: {exc}")

