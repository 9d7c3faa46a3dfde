"""Engine creation, one per URL per process, with timeouts and pool limits.

Timeouts (read from the environment when an engine is first made, see README):
- PostgreSQL: `connect_timeout` (DB_CONNECT_TIMEOUT seconds) and a server-side
  `statement_timeout` (DB_STATEMENT_TIMEOUT_MS; 0 = none) sent as a startup option, so
  a runaway query cannot hold a web worker's thread for ever.
- SQLite: `timeout` (DB_CONNECT_TIMEOUT seconds) to wait for a lock held by a loader.
Settings already given in DATABASE_URL's query string win over these.

The web app must not create an empty SQLite database by accident:
`require_existing_database()` refuses to start on a missing file and, from then on,
opens that file read-write without ever creating it (SQLite's `mode=rw`). The loader,
which calls neither, still creates the file.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from dashboard.core.config import database_url, db_settings

# SQLite files the running app needs to exist: opened without creating them.
_EXISTING_ONLY: set[Path] = set()


class DatabaseMissing(RuntimeError):
    """The SQLite database file the app is configured to read does not exist."""


def get_engine(url: str | None = None) -> Engine:
    """The engine for `url`, by default `DATABASE_URL` as it is now (read on every call)."""
    return _engine_for(url or database_url())


def sqlite_file(url: str) -> Path | None:
    """The file a SQLite URL names (absolute); None for other databases, for in-memory
    SQLite and for `uri=true` URLs (which say for themselves how to open the file)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database or ""
    if database in ("", ":memory:") or str(parsed.query.get("uri", "")).lower() == "true":
        return None
    return Path(database).resolve()


def require_existing_database(url: str | None = None) -> None:
    """Fail with instructions if `url` (default DATABASE_URL) is a missing SQLite file."""
    path = sqlite_file(url or database_url())
    if path is None:
        return
    if not path.is_file():
        raise DatabaseMissing(
            f"The SQLite database {path} does not exist, so there is nothing to show. "
            "Load data into it first with `python -m dashboard load sample_data` "
            "(or your own import folder), or run `make run`, which loads the sample data "
            "and then serves; or set DATABASE_URL to an existing database.")
    _EXISTING_ONLY.add(path)


def engine_options(url: str) -> dict:
    """Keyword arguments for `create_engine(url)`: timeouts and pool settings."""
    settings = db_settings()
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    connect_args: dict = {}
    if backend == "postgresql":
        if "connect_timeout" not in parsed.query:
            connect_args["connect_timeout"] = settings["connect_timeout"]
        if settings["statement_timeout_ms"] and "options" not in parsed.query:
            connect_args["options"] = f"-c statement_timeout={settings['statement_timeout_ms']}"
    elif backend == "sqlite" and "timeout" not in parsed.query:
        connect_args["timeout"] = settings["connect_timeout"]
    # A pooled connection to a server may have been dropped: test it as it is taken. A
    # SQLite connection is a file open in this process, which a ping (SELECT 1) never
    # checks, so SQLite goes without (one statement fewer per checkout).
    options: dict = {"pool_pre_ping": backend != "sqlite"}
    if connect_args:
        options["connect_args"] = connect_args
    if backend != "sqlite" or sqlite_file(url) is not None:
        # In-memory SQLite keeps one connection per thread: no pool to size.
        options.update(pool_size=settings["pool_size"], max_overflow=settings["max_overflow"],
                       pool_timeout=settings["pool_timeout"],
                       pool_recycle=settings["pool_recycle"])
    return options


@lru_cache(maxsize=8)
def _engine_for(url: str) -> Engine:
    engine = create_engine(url, **engine_options(url))
    if engine.dialect.name == "sqlite":
        path = sqlite_file(url)

        @event.listens_for(engine, "do_connect")
        def _never_create(_dialect, _record, cargs, cparams):
            # Once the app has checked the file exists, a vanished file (an unmounted
            # volume, a deleted database) is an error, not a new empty database.
            if path is not None and path in _EXISTING_ONLY and not cparams.get("uri"):
                cargs[0] = f"file:{quote(str(path))}?mode=rw"
                cparams["uri"] = True

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # pragma: no cover - trivial
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()
    return engine
