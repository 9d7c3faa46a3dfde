"""Bring a database's schema up to date with Alembic (dashboard/contract/migrations).

The loader calls `upgrade()` before every load, so an older database is upgraded by the
next `python -m dashboard load`. A database made before migrations existed (tables but no
`alembic_version`) holds at least the v1 schema: it is stamped as v1, then upgraded.
"""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

MIGRATIONS = Path(__file__).resolve().parents[1] / "contract" / "migrations"
BASELINE = "0001_v1"
_current: set[str] = set()   # databases already at head in this process


def _config(connection=None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head() -> str:
    return ScriptDirectory.from_config(_config()).get_current_head()


def revision(engine: Engine) -> str | None:
    """The database's schema revision (None: no migrations applied yet)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> None:
    url = engine.url.render_as_string(hide_password=False)
    if url in _current:
        return
    with engine.begin() as conn:
        config = _config(conn)
        tables = inspect(conn)
        if not tables.has_table("alembic_version") and tables.has_table("outcome"):
            command.stamp(config, BASELINE)
        command.upgrade(config, "head")
    _current.add(url)
