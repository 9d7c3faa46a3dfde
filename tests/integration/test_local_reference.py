"""kpis.csv and remands.csv agree, row for row and cell for cell, with the independent
reference of local_reference.py on generated outcomes plus random local files, on SQLite
and PostgreSQL; every export row and no other."""
from __future__ import annotations

import math
from datetime import date

import pytest

from dashboard.core.db import get_engine
from dashboard.etl.generate import generate
from dashboard.etl.loader import load_folder
from dashboard.output.export import export_all
from local_reference import reference_kpis, reference_remands, write_random_local_files
from yj_testdata import read_csv


def close(expected, cell: str) -> bool:
    if expected is None:
        return cell == ""
    return cell != "" and math.isclose(float(cell), expected, rel_tol=1e-8, abs_tol=1e-9)


@pytest.mark.parametrize("as_of", [None, date(2021, 8, 15)])
def test_local_exports_match_the_reference(tmp_path, database_url, as_of):
    folder = tmp_path / "data"
    generate(folder, seed=8, services=2, years=3, start_year=2020)
    write_random_local_files(folder, seed=8)
    engine = get_engine(database_url)
    try:
        load_folder(folder, engine)
        export_all(tmp_path / "out", as_of, engine)
    finally:
        engine.dispose()
    fte_rows = read_csv(tmp_path / "out" / "fte.csv")
    latest = max(date.fromisoformat(o["outcome_date"]) for o in read_csv(folder / "outcomes.csv"))

    expected = reference_kpis(folder, fte_rows)
    rows = read_csv(tmp_path / "out" / "kpis.csv")
    got = {(r["area_type"], r["area_code"], date.fromisoformat(r["period_end"]), r["kpi"]): r
           for r in rows}
    assert len(got) == len(rows) and set(got) == set(expected)
    assert {k[3] for k in got} == {"accommodation_suitable", "ete_suitable", "send_plan",
                                   "mental_health_intervention", "substance_intervention",
                                   "out_of_court_completed", "wider_looked_after",
                                   "wider_child_in_need", "wider_child_protection",
                                   "board_attendance", "victims_engaged", "serious_violence"}
    for key, (start, numerator, denominator, value, lower, upper, unit) in expected.items():
        row = got[key]
        assert (row["period_start"], row["numerator"], row["denominator"], row["unit"]) == (
            start.isoformat(), str(numerator), str(denominator), unit), key
        assert close(value, row["value"]) and close(lower, row["value_lower_95"]) \
            and close(upper, row["value_upper_95"]), (key, row)

    expected = reference_remands(folder, fte_rows, as_of or latest)
    rows = read_csv(tmp_path / "out" / "remands.csv")
    got = {(r["area_type"], r["area_code"], date.fromisoformat(r["period_end"])): r
           for r in rows}
    assert len(got) == len(rows) and set(got) == set(expected)
    columns = ["episodes", "children", "nights", "yda_nights", "cost", "yda_ended",
               "yda_not_custodial", "yda_not_custodial_pct"]
    for key, values in expected.items():
        for column, value in zip(columns, values):
            assert close(value, got[key][column]), (key, column, value, got[key][column])
    assert any(r["cost"] == "" for r in rows) and any(r["yda_not_custodial_pct"] != ""
                                                      for r in rows)
