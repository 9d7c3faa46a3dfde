"""A page build without a cache reads through one connection per engine, and a failed
statement in it does not fail the statements after it (on both databases)."""
from __future__ import annotations

import pytest
from sqlalchemy import event, literal, select, text

from dashboard.core.db import get_engine
from queries.cache import one_data_version
from queries.common import read, read_rows


@pytest.fixture
def engine(database_url):
    eng = get_engine(database_url)
    yield eng
    eng.dispose()


def test_one_build_checks_out_one_connection_and_survives_a_failed_statement(engine):
    checkouts = []
    event.listen(engine, "checkout", lambda *args: checkouts.append(1))

    @one_data_version
    def build():
        first = read(engine, select(literal(1).label("one")))
        with pytest.raises(Exception):
            read(engine, text("SELECT * FROM no_such_table"))
        after = read_rows(engine, select(literal(2).label("two")))
        return first, after

    first, after = build()
    assert first["one"].tolist() == [1] and after == [(2,)]
    assert len(checkouts) == 1          # three statements, one checkout
    read(engine, select(literal(3)))
    read(engine, select(literal(4)))    # outside a build: a checkout per statement
    assert len(checkouts) == 3
