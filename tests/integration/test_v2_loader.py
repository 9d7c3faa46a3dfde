"""Loading rules of the v2 optional inputs: outcome_types.csv, detailed ethnicity,
benchmark numerator/denominator and service rows, looked_after_population.csv. Every
problem is reported as `file:line: column: reason` and a failed load changes nothing."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from dashboard.contract.schema import Benchmark, LoadedFile, OutcomeType
from dashboard.core.db import get_engine
from dashboard.etl.loader import load_folder
from dashboard.etl.validate import LoadError, read_import_folder
from yj_testdata import (BENCHMARK_COLUMNS, bench, la, otype, out, pop, snapshot, write_csv,
                         write_folder, write_v2)

AUTHORITIES = [la("L1", "S1"), la("L2", "S1")]
POPULATION = [pop("L1", 2023, 100), pop("L2", 2023, 50)]
OUTCOMES = [
    out("o1", "c1", "L1", "2024-01-05", "referral_order"),
    out("o2", "c2", "L2", "2024-02-05", "youth_caution"),
]


@pytest.fixture
def engine(database_url):
    eng = get_engine(database_url)
    yield eng
    eng.dispose()


def folder_with(path: Path, outcomes=None, **v2) -> Path:
    return write_v2(write_folder(path, AUTHORITIES, POPULATION, outcomes or OUTCOMES), **v2)


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(LoadError) as caught:
        read_import_folder(folder)
    return caught.value.problems


# --------------------------------------------------------------------------------------
# outcome_types.csv
# --------------------------------------------------------------------------------------
BAD_TYPES = [
    (otype("Bad-Code", "other"),
     "outcome_types.csv:2: code: 'Bad-Code' may only hold lower-case letters, digits and _"),
    (otype("", "other", label="Blank"), "outcome_types.csv:2: code: value is empty"),
    (otype("fine", "first_tier", "yes"),
     "outcome_types.csv:2: code: 'fine' is already a code of the data contract (§2); "
     "a local code needs a new name"),
    ({**otype("cbo", "other"), "label": ""}, "outcome_types.csv:2: label: value is empty"),
    (otype("cbo", "court"), "outcome_types.csv:2: tier: 'court' is not one of diversion, "
                            "pre_court, first_tier, community, custody, other"),
    (otype("cbo", "other", "maybe"),
     "outcome_types.csv:2: substantive: 'maybe' is not one of yes, no"),
    (otype("cbo", "other", custodial="Y"),
     "outcome_types.csv:2: custodial: 'Y' is not one of yes, no"),
    (otype("triage", "diversion", "yes"),
     "outcome_types.csv:2: substantive: must be no for tier diversion"),
    (otype("cbo", "other", "yes"), "outcome_types.csv:2: substantive: must be no for tier other"),
    (otype("yro_band", "community", "yes", "yes"),
     "outcome_types.csv:2: custodial: must be no for tier community (yes only for tier "
     "custody)"),
    (otype("dto_local", "custody", "yes", "no"),
     "outcome_types.csv:2: custodial: must be yes for tier custody"),
]


@pytest.mark.parametrize("row, expected", BAD_TYPES,
                         ids=[f"{i}-{case[1].split(': ')[1]}" for i, case in
                              enumerate(BAD_TYPES)])
def test_each_bad_outcome_type_row_is_reported(tmp_path, row, expected):
    problems = problems_of(folder_with(tmp_path, outcome_types=[row]))
    assert problems == [expected]


def test_duplicate_local_code_and_outcomes_of_a_rejected_code(tmp_path):
    outcomes = OUTCOMES + [out("o3", "c3", "L1", "2024-03-01", "cbo")]
    folder = folder_with(tmp_path, outcomes, outcome_types=[
        otype("cbo", "other"), otype("cbo", "other"),
        otype("triage", "diversion", "yes")])
    # o3 uses cbo: declared (even though a row of it is bad), so not reported again.
    assert problems_of(folder) == [
        "outcome_types.csv:3: code: duplicate code 'cbo' (first on line 2)",
        "outcome_types.csv:4: substantive: must be no for tier diversion",
    ]


def test_unknown_outcome_code_names_outcome_types_csv(tmp_path):
    outcomes = OUTCOMES + [out("o3", "c3", "L1", "2024-03-01", "cbo")]
    assert problems_of(folder_with(tmp_path, outcomes)) == [
        "outcomes.csv:4: outcome_type: 'cbo' is not a known code (e.g. community_resolution, "
        "youth_restorative_disposal, outcome_22, ...); declare a local code in "
        "outcome_types.csv (code, label, tier, substantive, custodial; tier 'other' for civil "
        "orders and recalls)"]


def test_local_codes_load_into_the_outcome_type_table(tmp_path, engine):
    outcomes = OUTCOMES + [out("o3", "c3", "L1", "2024-03-01", "cbo"),
                           out("o4", "c4", "L1", "2024-03-02", "dto_local")]
    folder = folder_with(tmp_path, outcomes, outcome_types=[
        otype("dto_local", "custody", "yes", "yes", label="DTO (local)"),
        otype("cbo", "other", label="Criminal behaviour order")])
    load_folder(folder, engine)
    ot = OutcomeType.__table__
    with engine.connect() as conn:
        rows = conn.execute(select(ot).order_by(ot.c.sort_order)).mappings().all()
    assert len(rows) == 17
    assert [(r["code"], r["tier"], r["substantive"], r["custodial"], r["local"],
             r["sort_order"]) for r in rows[-3:]] == [
        ("extended_or_life", "custody", True, True, False, 14),
        ("dto_local", "custody", True, True, True, 15),
        ("cbo", "other", False, False, True, 16)]
    assert rows[-1]["label"] == "Criminal behaviour order"


# --------------------------------------------------------------------------------------
# Detailed ethnicity (§2b)
# --------------------------------------------------------------------------------------
def test_detailed_ethnicity_any_case_and_spaces(tmp_path):
    rows = [dict(r) for r in OUTCOMES]
    rows[0]["ethnicity"] = "  white AND black caribbean "
    rows[1]["ethnicity"] = "Gypsy or Irish Traveller"
    data = read_import_folder(folder_with(tmp_path, rows))
    assert [(r["ethnicity"], r["ethnicity_detail"]) for r in data.outcomes] == [
        ("Mixed", "White and Black Caribbean"), ("White", "Gypsy or Irish Traveller")]


@pytest.mark.parametrize("value", ["Indian British", "Black British", "white", "Traveller"])
def test_bad_ethnicity_is_reported(tmp_path, value):
    rows = [dict(r) for r in OUTCOMES]
    rows[1]["ethnicity"] = value
    problems = problems_of(folder_with(tmp_path, rows))
    assert problems == [
        f"outcomes.csv:3: ethnicity: {value!r} is not one of White, Mixed, Asian, Black, "
        "Other, Unknown, nor a 2021 Census category (e.g. 'Indian', 'White and Black "
        "Caribbean', 'Any other ethnic group')"]


# --------------------------------------------------------------------------------------
# benchmarks.csv: numerator, denominator, service rows
# --------------------------------------------------------------------------------------
def test_benchmark_counts_optional_and_service_rows(tmp_path, engine):
    folder = folder_with(tmp_path, benchmarks=[
        bench("fte_rate", "2024-03-31", "national", "England and Wales", "150", 5000, 3_000_000),
        bench("fte_rate", "2024-03-31", "service", "Other YJS", "120.5"),
        bench("custody_rate", "2024-03-31", "service", "Other YJS", "0.1", 0, 0)])
    load_folder(folder, engine)
    b = Benchmark.__table__
    with engine.connect() as conn:
        rows = conn.execute(select(b.c.area_type, b.c.value, b.c.numerator, b.c.denominator)
                            .order_by(b.c.id)).all()
    assert [tuple(r) for r in rows] == [("national", 150.0, 5000, 3_000_000),
                                        ("service", 120.5, None, None),
                                        ("service", 0.1, 0, 0)]
    # A v1 file (no count columns in the header) still loads.
    write_csv(folder / "benchmarks.csv", BENCHMARK_COLUMNS,
              [{"indicator": "fte_rate", "period_end": "2024-03-31", "area_type": "national",
                "area_name": "England and Wales", "value": "150"}])
    assert read_import_folder(folder).benchmarks[0]["numerator"] is None


def test_bad_benchmark_counts_and_repeated_service_rows(tmp_path):
    folder = folder_with(tmp_path, benchmarks=[
        bench("fte_rate", "2024-03-31", "service", "A YJS", "1", "12.5", 100),
        bench("fte_rate", "2024-03-31", "service", "B YJS", "1", 10, "-3"),
        bench("fte_rate", "2024-03-31", "service", "C YJS", "1", 10, "lots"),
        bench("fte_rate", "2024-03-31", "service", "D YJS", "1"),
        bench("fte_rate", "2024-03-31", "service", " d yjs", "2"),
        bench("fte_rate", "2024-03-31", "services", "E YJS", "1"),
    ])
    assert problems_of(folder) == [
        "benchmarks.csv:2: numerator: '12.5' is not a whole number",
        "benchmarks.csv:3: denominator: -3 is out of range (expected at least 0)",
        "benchmarks.csv:4: denominator: 'lots' is not a whole number",
        "benchmarks.csv:6: area_name: duplicate service figure for 'd yjs' (fte_rate, "
        "2024-03-31; first on line 5)",
        "benchmarks.csv:7: area_type: 'services' is not one of national, region, family, pcc, "
        "statistical_neighbours, service",
    ]


# --------------------------------------------------------------------------------------
# looked_after_population.csv
# --------------------------------------------------------------------------------------
def lac(local_authority="L1", year="2024", population="10") -> dict:
    return {"local_authority": local_authority, "year": year, "population": population}


@pytest.mark.parametrize("row, expected", [
    (lac("L9"), "looked_after_population.csv:2: local_authority: 'L9' is not a code in "
                "local_authorities.csv"),
    (lac(year="2023.5"), "looked_after_population.csv:2: year: '2023.5' is not a whole number"),
    (lac(population="-1"), "looked_after_population.csv:2: population: -1 is out of range "
                           "(expected at least 0)"),
    (lac(population=""), "looked_after_population.csv:2: population: '' is not a whole number"),
])
def test_bad_looked_after_rows(tmp_path, row, expected):
    assert problems_of(folder_with(tmp_path, looked_after=[row])) == [expected]


def test_duplicate_looked_after_rows(tmp_path):
    folder = folder_with(tmp_path, looked_after=[lac(), lac("L2"), lac(population="12")])
    assert problems_of(folder) == [
        "looked_after_population.csv:4: duplicate looked-after population row for "
        "('L1', 2024) (first on line 2)"]


# --------------------------------------------------------------------------------------
# All-or-nothing, and v1 folders
# --------------------------------------------------------------------------------------
def test_bad_v2_files_leave_the_database_untouched(tmp_path, engine):
    load_folder(folder_with(tmp_path / "good", outcome_types=[otype("cbo", "other")],
                            looked_after=[lac()]), engine)
    before = snapshot(engine)
    bad = folder_with(tmp_path / "bad", outcome_types=[otype("cbo", "other", "yes")],
                      looked_after=[lac(), lac()])
    with pytest.raises(LoadError) as caught:
        load_folder(bad, engine)
    assert len(caught.value.problems) == 2
    assert snapshot(engine) == before


def test_v1_folder_records_only_its_files(tmp_path, engine):
    load_folder(write_folder(tmp_path, AUTHORITIES, POPULATION, OUTCOMES), engine)
    with engine.connect() as conn:
        files = dict(conn.execute(select(LoadedFile.name, LoadedFile.rows)).all())
    assert files == {"local_authorities.csv": 2, "population.csv": 2, "outcomes.csv": 2}
