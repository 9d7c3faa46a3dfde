"""The throwaway PostgreSQL server and the two-backend `database_url` fixture work."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, inspect, text


def test_postgres_server_answers_select_1(postgres_url):
    assert postgres_url.startswith("postgresql+psycopg://postgres@127.0.0.1:")
    engine = create_engine(postgres_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("select 1")).scalar_one() == 1
            version = conn.execute(text("show server_version")).scalar_one()
            assert version.split(".")[0].isdigit()
    finally:
        engine.dispose()


def test_database_url_gives_a_fresh_empty_database(database_url):
    engine = create_engine(database_url)
    try:
        assert inspect(engine).get_table_names() == []
        with engine.begin() as conn:
            conn.execute(text("create table probe (id integer primary key, label text)"))
            conn.execute(text("insert into probe (id, label) values (1, 'one')"))
        with engine.connect() as conn:
            assert conn.execute(text("select label from probe")).scalar_one() == "one"
    finally:
        engine.dispose()


@pytest.mark.parametrize("round_", [1, 2])
def test_database_url_is_not_shared_between_tests(database_url, round_):
    # Both rounds create the same table: this only passes if each test gets a new database.
    engine = create_engine(database_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("create table only_once (id integer)"))
    finally:
        engine.dispose()
