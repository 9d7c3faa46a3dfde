"""Database timeouts and pool settings (dashboard/core/db.py), on SQLite and on a real
throwaway PostgreSQL server."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from dashboard.core.db import engine_options


def test_postgres_gets_connect_and_statement_timeouts_from_the_environment(monkeypatch):
    monkeypatch.setenv("DB_CONNECT_TIMEOUT", "3")
    monkeypatch.setenv("DB_STATEMENT_TIMEOUT_MS", "1500")
    monkeypatch.setenv("DB_POOL_SIZE", "7")
    options = engine_options("postgresql+psycopg://u@db.example/yj")
    assert options["connect_args"] == {"connect_timeout": 3,
                                       "options": "-c statement_timeout=1500"}
    assert options["pool_size"] == 7 and options["pool_recycle"] > 0
    assert options["pool_pre_ping"] is True


def test_defaults_and_settings_in_the_url_win(monkeypatch):
    for name in ("DB_CONNECT_TIMEOUT", "DB_STATEMENT_TIMEOUT_MS"):
        monkeypatch.delenv(name, raising=False)
    assert engine_options("postgresql+psycopg://u@h/yj")["connect_args"] == {
        "connect_timeout": 5, "options": "-c statement_timeout=30000"}
    own = engine_options("postgresql+psycopg://u@h/yj?connect_timeout=9&options=-c%20x%3D1")
    assert "connect_args" not in own
    monkeypatch.setenv("DB_STATEMENT_TIMEOUT_MS", "0")  # 0 = no statement timeout
    assert engine_options("postgresql+psycopg://u@h/yj")["connect_args"] == {
        "connect_timeout": 5}


def test_sqlite_waits_for_locks_and_in_memory_sqlite_has_no_pool_sizes(monkeypatch, tmp_path):
    monkeypatch.setenv("DB_CONNECT_TIMEOUT", "4")
    options = engine_options(f"sqlite:///{tmp_path / 'x.db'}")
    assert options["connect_args"] == {"timeout": 4} and options["pool_size"] >= 1
    assert options["pool_pre_ping"] is False  # a file in this process: nothing to ping
    memory = engine_options("sqlite://")
    assert "pool_size" not in memory
    create_engine("sqlite://", **memory).dispose()  # accepted as they are


def test_a_malformed_setting_is_named(monkeypatch):
    monkeypatch.setenv("DB_STATEMENT_TIMEOUT_MS", "thirty seconds")
    with pytest.raises(ValueError, match="DB_STATEMENT_TIMEOUT_MS"):
        engine_options("postgresql+psycopg://u@h/yj")


def test_postgres_cancels_a_statement_that_runs_too_long(postgres_url, monkeypatch):
    monkeypatch.setenv("DB_STATEMENT_TIMEOUT_MS", "300")
    engine = create_engine(postgres_url, **engine_options(postgres_url))
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SHOW statement_timeout")).scalar() == "300ms"
            with pytest.raises(OperationalError, match="statement timeout"):
                conn.execute(text("SELECT pg_sleep(20)"))
    finally:
        engine.dispose()
