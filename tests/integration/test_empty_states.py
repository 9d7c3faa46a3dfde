"""Areas or periods with no data give empty results, never an exception; an unreachable
database gives a message in place of the page."""
from __future__ import annotations

from datetime import date

import pytest

from dashboard.contract.selection import Selection
from dashboard.core.db import get_engine
from dashboard.etl.loader import load_folder
from queries.custody import custody
from queries.disposals import disposals
from queries.disproportionality import disproportionality
from queries.fte import fte
from queries.reoffending import reoffending
from yj_testdata import la, out, pop, write_folder

QUERIES = [fte, custody, disposals, disproportionality, reoffending]


@pytest.fixture
def engine(tmp_path, database_url):
    engine = get_engine(database_url)
    folder = write_folder(tmp_path / "data", [la("A1", "S1"), la("B1", "S2")],
                          [pop("A1", 2023, 1000), pop("B1", 2023, 1000)],
                          [out("1", "c1", "A1", "2023-05-01", "youth_caution")])
    load_folder(folder, engine)
    yield engine
    engine.dispose()


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.__name__)
@pytest.mark.parametrize("where", [
    {"level": "service", "area": "No such service"},
    {"level": "local_authority", "area": "B1"},          # an authority with no outcomes
    {"level": "service", "scope": []},                    # a user who may see nothing
])
def test_no_data_gives_an_empty_frame(engine, query, where):
    frame = query(engine, Selection(**where))
    assert frame.empty
    assert {"area_code", "area_name"} <= set(frame.columns)


@pytest.mark.parametrize("query", [fte, custody, disposals, disproportionality],
                         ids=lambda q: q.__name__)
def test_a_period_before_the_data_is_empty(engine, query):
    assert query(engine, Selection(level="service"), period_ends=[date(2001, 3, 31)]).empty


def test_unreachable_database_shows_a_message(monkeypatch):
    from dashboard.web import components, registry

    def refuse(_engine):
        raise ConnectionRefusedError("no server")

    monkeypatch.setattr(components, "load_meta", refuse)
    page = components.page_frame(registry.section("fte"), {"area": "all"}, lambda *_: [])
    text = str(page)
    assert "database could not be reached" in text
    assert "ConnectionRefusedError" in text


def test_data_loaded_by_an_earlier_version_ask_for_a_load(engine, database_url, monkeypatch):
    """New code over a database its load has not upgraded (the request summaries of
    migration 0006 missing): the page says to load again, not that the database is down."""
    from sqlalchemy import text

    from dashboard.web import components, registry
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE loaded_choice"))
        conn.execute(text("UPDATE alembic_version SET version_num = '0005_area_level_summaries'"))
    monkeypatch.setenv("DATABASE_URL", database_url)
    page = components.page_frame(registry.section("fte"), {"area": "all"}, lambda *_: [])
    text_shown = str(page)
    assert "loaded by an earlier version of the dashboard" in text_shown
    assert "python -m dashboard load DIR" in text_shown
    assert "could not be reached" not in text_shown
