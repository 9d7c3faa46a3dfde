"""population_summary, built at load: children aged 10-17 per authority and year, whole and
by sex, age band and ethnicity, equal to sums worked out by hand; the unfiltered population
queries that read it give the hand-worked figures, and filtered ones (summed from the
population rows) still do. SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from dashboard.contract.schema import PopulationSummary
from dashboard.contract.selection import CohortFilter, Selection
from dashboard.core.db import get_engine
from dashboard.etl.loader import load_folder
from queries.common import loaded_population_years, population
from yj_testdata import la, out, pop, write_folder

POPULATION = [
    pop("A1", 2023, 100, "White", "M", 12),
    pop("A1", 2023, 40, "Black", "F", 16),
    pop("A1", 2023, 10, "Asian", "M", 15),
    pop("A1", 2024, 110, "White", "M", 12),
    pop("A2", 2023, 30, "Mixed", "F", 11),
    pop("A2", 2023, 20, "White", "F", 17),
    pop("B1", 2022, 7, "Other", "M", 10),
]


def loaded(tmp_path, database_url):
    folder = write_folder(
        tmp_path / "data", [la("A1", "S1"), la("A2", "S1"), la("B1", "S2")], POPULATION,
        [out("1", "c1", "A1", "2023-11-15", "youth_caution"),
         out("2", "c2", "A2", "2023-11-15", "youth_caution"),
         out("3", "c3", "B1", "2023-11-15", "youth_caution")])
    engine = get_engine(database_url)
    load_folder(folder, engine)
    return engine


def test_the_summary_holds_the_sums_worked_out_by_hand(tmp_path, database_url):
    engine = loaded(tmp_path, database_url)
    with engine.connect() as conn:
        rows = {(r.dim, r.local_authority, r.year, r.grp): r.population
                for r in conn.execute(select(PopulationSummary))}
    assert rows == {
        ("", "A1", 2023, ""): 150, ("", "A1", 2024, ""): 110,
        ("", "A2", 2023, ""): 50, ("", "B1", 2022, ""): 7,
        ("sex", "A1", 2023, "M"): 110, ("sex", "A1", 2023, "F"): 40,
        ("sex", "A1", 2024, "M"): 110, ("sex", "A2", 2023, "F"): 50,
        ("sex", "B1", 2022, "M"): 7,
        ("age_band", "A1", 2023, "10-14"): 100, ("age_band", "A1", 2023, "15-17"): 50,
        ("age_band", "A1", 2024, "10-14"): 110,
        ("age_band", "A2", 2023, "10-14"): 30, ("age_band", "A2", 2023, "15-17"): 20,
        ("age_band", "B1", 2022, "10-14"): 7,
        ("ethnicity", "A1", 2023, "White"): 100, ("ethnicity", "A1", 2023, "Black"): 40,
        ("ethnicity", "A1", 2023, "Asian"): 10, ("ethnicity", "A1", 2024, "White"): 110,
        ("ethnicity", "A2", 2023, "Mixed"): 30, ("ethnicity", "A2", 2023, "White"): 20,
        ("ethnicity", "B1", 2022, "Other"): 7,
    }
    assert loaded_population_years(engine) == {"A1": {2023, 2024}, "A2": {2023},
                                               "B1": {2022}}
    engine.dispose()


def _figures(frame, key="area_code"):
    return {row[key]: int(row["population"]) for _, row in frame.iterrows()}


def test_population_queries_give_the_hand_worked_figures(tmp_path, database_url):
    # One period, ending 2023-12-31: its population year is 2023 (mid-year, 6 months
    # earlier). A1 and A2 have 2023; B1 has only 2022, the nearest year.
    engine = loaded(tmp_path, database_url)
    end = date(2023, 12, 31)
    services = population(engine, Selection(level="service"), period_ends=[end])
    assert _figures(services) == {"S1": 150 + 50, "S2": 7}
    assert _figures(population(engine, Selection(level="all"))) == {"all": 207}
    authorities = population(engine, Selection(level="local_authority", area="A1"))
    assert _figures(authorities) == {"A1": 150}       # 2023, not 2024
    s1 = Selection(level="service", area="S1")
    assert _figures(population(engine, s1, by="ethnicity"), "group") == {
        "White": 100 + 20, "Mixed": 30, "Asian": 10, "Black": 40, "Other": 0}
    assert _figures(population(engine, s1, by="sex"), "group") == {"M": 110, "F": 40 + 50}
    assert _figures(population(engine, s1, by="age_band"), "group") == {
        "10-14": 100 + 30, "15-17": 40 + 10 + 20}
    # Filtered views are summed from the population rows.
    girls = s1.with_(cohort=CohortFilter(sex="F"))
    assert _figures(population(engine, girls)) == {"S1": 40 + 50}
    older_by_ethnicity = s1.with_(cohort=CohortFilter(age_band="15-17"))
    assert _figures(population(engine, older_by_ethnicity, by="ethnicity"), "group") == {
        "White": 20, "Mixed": 0, "Asian": 10, "Black": 40, "Other": 0}
    # A scoped user's every-area view holds only their authorities.
    scoped = Selection(level="local_authority", scope=("A2", "B1"))
    assert _figures(population(engine, scoped)) == {"A2": 50, "B1": 7}
    engine.dispose()
