"""Alembic migrations: a new database is made at the current revision, exactly as the models
say; a database made before migrations (v1 tables, no alembic_version) is upgraded by the
next load; users and the audit log survive every upgrade. SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import datetime

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import insert, inspect, select, text

from dashboard.contract.accounts import AppUser
from dashboard.contract.schema import Base, LocalAuthority
from dashboard.core.db import get_engine
from dashboard.etl import migrate
from dashboard.etl.loader import load_folder
from yj_testdata import la, out, pop, write_folder


def folder_with_one_outcome(tmp_path):
    return write_folder(tmp_path / "data", [la("A1", "S1")], [pop("A1", 2023, 1000)],
                        [out("1", "c1", "A1", "2023-05-01", "youth_caution")])


def test_a_new_database_is_made_at_head_exactly_as_the_models(database_url):
    engine = get_engine(database_url)
    migrate.upgrade(engine)
    assert migrate.revision(engine) == migrate.head() == "0006_request_summaries"
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    # Index/default rendering can differ by dialect; tables and columns may not.
    assert [d for d in differences if d[0] in ("add_table", "remove_table", "add_column",
                                                 "remove_column")] == []
    engine.dispose()


def test_a_v1_database_made_before_migrations_is_upgraded_by_the_next_load(database_url,
                                                                            tmp_path):
    engine = get_engine(database_url)
    with engine.begin() as conn:   # the v1 tables, as create_all made them, and some data
        config = migrate._config(conn)
        command.upgrade(config, "0001_v1")
        conn.execute(text("DROP TABLE alembic_version"))
        conn.execute(text("INSERT INTO local_authority (code, name, service, region, family)"
                          " VALUES ('OLD', 'Old', 'Old YJS', 'Wales', NULL)"))
    assert "looked_after_population" not in inspect(engine).get_table_names()
    migrate._current.clear()
    load_folder(folder_with_one_outcome(tmp_path), engine)
    assert migrate.revision(engine) == migrate.head()
    with engine.connect() as conn:
        codes = conn.execute(select(LocalAuthority.code)).scalars().all()
    assert codes == ["A1"]                 # the old rows replaced by the load
    assert "looked_after_population" in inspect(engine).get_table_names()
    engine.dispose()


def test_users_survive_an_upgrade_of_a_database_made_before_migrations(database_url,
                                                                        tmp_path):
    engine = get_engine(database_url)
    Base.metadata.create_all(engine)       # a pre-migration build with sign-in
    with engine.begin() as conn:
        conn.execute(insert(AppUser.__table__), [{
            "username": "chair", "password_hash": "x", "role": "board", "scope": None,
            "created_at": datetime(2026, 1, 1), "disabled": False, "session_epoch": 0}])
    migrate._current.clear()
    load_folder(folder_with_one_outcome(tmp_path), engine)
    assert migrate.revision(engine) == migrate.head()
    with engine.connect() as conn:
        assert conn.execute(select(AppUser.username)).scalars().all() == ["chair"]
    engine.dispose()
