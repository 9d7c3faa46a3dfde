"""Coverage by local authority for the About page (queries.coverage), on both backends."""
from __future__ import annotations

from datetime import date

import pytest

from dashboard.core.db import get_engine
from dashboard.etl.loader import load_folder
from queries.coverage import coverage
from yj_testdata import la, out, pop, write_folder


@pytest.fixture
def engine(database_url):
    eng = get_engine(database_url)
    yield eng
    eng.dispose()


def test_coverage_counts_rows_children_dates_and_population_years(tmp_path, engine):
    authorities = [la("A1", "Service A", name="Ashby", family="F1"),
                   la("A2", "Service A", name="Brook"),
                   la("B1", "Service B", name="Cole")]
    population = [pop("A1", 2022, 100), pop("A1", 2023, 100), pop("A1", 2023, 50, sex="F"),
                  pop("A2", 2023, 80)]
    outcomes = [out("1", "c1", "A1", "2023-02-01", "youth_caution"),
                out("2", "c1", "A1", "2023-05-01", "referral_order"),
                out("3", "c2", "A1", "2023-03-01", "fine", age=18),
                out("4", "c1", "A2", "2023-04-01", "community_resolution")]
    load_folder(write_folder(tmp_path / "data", authorities, population, outcomes), engine)

    rows = coverage.uncached(engine).set_index("code")
    assert list(rows.index) == ["A1", "A2", "B1"]  # by service, then name
    ashby = rows.loc["A1"]
    # 3 rows (one at 18, kept as history), 2 children, 2022-2023 population.
    assert (ashby["outcome_rows"], ashby["rows_in_age"], ashby["children"]) == (3, 2, 2)
    assert (ashby["first_outcome"], ashby["last_outcome"]) == (date(2023, 2, 1),
                                                               date(2023, 5, 1))
    assert (ashby["first_population_year"], ashby["last_population_year"],
            ashby["population_years"]) == (2022, 2023, 2)
    assert ashby["family"] == "F1"
    # Cole has no outcomes and no population: zeros and empty dates, not an error.
    cole = rows.loc["B1"]
    assert (cole["outcome_rows"], cole["children"], cole["population_years"]) == (0, 0, 0)
    assert cole["first_outcome"] is None or cole["first_outcome"] != cole["first_outcome"]
    assert list(coverage.uncached(engine, scope=["A2"])["code"]) == ["A2"]
