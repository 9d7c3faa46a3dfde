"""Engine creation, one per URL per process."""
from __future__ import annotations

from functools import lru_cache

from sqlalchemy import Engine, create_engine, event

from dashboard.core.config import database_url


def get_engine(url: str | None = None) -> Engine:
    """The engine for `url`, by default `DATABASE_URL` as it is now (read on every call)."""
    return _engine_for(url or database_url())


@lru_cache(maxsize=8)
def _engine_for(url: str) -> Engine:
    engine = create_engine(url, pool_pre_ping=True, future=True)
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # pragma: no cover - trivial
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()
    return engine
