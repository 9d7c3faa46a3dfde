"""Remands (CONTRACT §4d) against hand-worked episodes, on SQLite and PostgreSQL.

Authorities R1 and R2 form service RS. Outcomes (only there to make the area-periods):
R1 on 2023-02-10 and 2024-02-20 (the latest: the default as-of date), R2 on 2023-12-01.
Reporting periods end Mar23 .. Mar24. R1 reports all five; R2 reports Dec23 and Mar24.
Rolling years: Mar23 = 2022-04-01..2023-03-31, Jun23 = 2022-07-01..2023-06-30,
Sep23 = 2022-10-01..2023-09-30, Dec23 = 2023-01-01..2023-12-31, Mar24 = 2023-04-01..2024-03-31.
"""
from __future__ import annotations

import pytest

from dashboard.contract.selection import Selection
from dashboard.core.db import get_engine
from dashboard.etl.loader import load_folder
from dashboard.output.export import export_all
from queries.remands import remands
from yj_testdata import (LAA, YDA, d, header, is_empty, la, out, pop, read_csv, remand,
                         write_folder, write_local)

approx = pytest.approx
MAR23, JUN23, SEP23, DEC23, MAR24 = (d("2023-03-31"), d("2023-06-30"), d("2023-09-30"),
                                     d("2023-12-31"), d("2024-03-31"))
AUTHORITIES = [la("R1", "RS"), la("R2", "RS")]
POPULATION = [pop("R1", 2023, 1000), pop("R2", 2023, 1000)]
OUTCOMES = [out("o1", "x1", "R1", "2023-02-10", "youth_caution"),
            out("o2", "x2", "R1", "2024-02-20", "youth_caution"),
            out("o3", "x3", "R2", "2023-12-01", "youth_caution")]
REMANDS = [
    # e1: nights of 30, 31 Dec and 1 Jan; crosses the end of Dec23 (2 nights in it).
    remand("e1", "k1", "R1", "2023-12-30", "2024-01-02", YDA, "custodial_sentence", "500"),
    # e2: nights of 1..10 March 2023; no cost.
    remand("e2", "k2", "R1", "2023-03-01", "2023-03-11", LAA, "community_sentence"),
    # e3: open from 10 Feb 2024: nights of 10..20 Feb at the as-of date 2024-02-20 (11).
    remand("e3", "k1", "R1", "2024-02-10", "", YDA, "", "400"),
    # e4: the night of 30 June 2023 only; ends 1 July with a community sentence.
    remand("e4", "k3", "R1", "2023-06-30", "2023-07-01", YDA, "community_sentence", "300"),
    # e5: nights of 1..4 August 2023; result pending, so not among yda_ended.
    remand("e5", "k4", "R1", "2023-08-01", "2023-08-05", YDA, ""),
    # R2 -- e6: same-day episode (no night) of k1, who is also remanded in R1.
    remand("e6", "k1", "R2", "2024-01-15", "2024-01-15", LAA, "", "200"),
    # e7: nights of 30 Nov and 1 Dec 2023, result other; no cost.
    remand("e7", "k5", "R2", "2023-11-30", "2023-12-02", YDA, "other"),
    # e8: nights of 20..24 December 2023 at 150.
    remand("e8", "k6", "R2", "2023-12-20", "2023-12-25", LAA, "", "150"),
]
FIELDS = ["episodes", "children", "nights", "yda_nights", "cost", "yda_ended",
          "yda_not_custodial", "yda_not_custodial_pct"]
E = None  # an empty cell

# (area, period_end) -> episodes, children, nights, yda_nights, cost, yda_ended,
#                       yda_not_custodial, yda_not_custodial_pct
EXPECTED = {
    # Mar23: e2 (10 nights, no cost: cost empty).
    ("R1", MAR23): (1, 1, 10, 0, E, 0, 0, E),
    # Jun23: e2 10 + e4 1 (30 June); e4 ends on 1 July, outside.
    ("R1", JUN23): (2, 2, 11, 1, 300.0, 0, 0, E),
    # Sep23: e2 10 + e4 1 + e5 4; e4 ended (community) in it; e5 pending.
    ("R1", SEP23): (3, 3, 15, 5, 300.0, 1, 1, 100.0),
    # Dec23: e2 10, e4 1, e5 4, e1 2 (30, 31 Dec) = 17; yda 1 + 4 + 2 = 7;
    # cost 300 + 2 x 500 = 1300; e1 ends in 2024.
    ("R1", DEC23): (4, 4, 17, 7, 1300.0, 1, 1, 100.0),
    # Mar24: e4 1, e5 4, e1 3, e3 11 = 19, all youth detention; children k3, k4, k1 (e1
    # and e3); cost 300 + 3 x 500 + 11 x 400 = 6200; ended e4 (community), e1 (custodial).
    ("R1", MAR24): (4, 3, 19, 19, 6200.0, 2, 1, 50.0),
    # Dec23: e7 2 (youth detention, ended with `other`), e8 5 at 150 = 750.
    ("R2", DEC23): (2, 2, 7, 2, 750.0, 1, 1, 100.0),
    # Mar24: e7, e8 and the same-day e6 (no night: adds an episode, nothing else).
    ("R2", MAR24): (3, 3, 7, 2, 750.0, 1, 1, 100.0),
    # The service adds its authorities; k1 (R1 and R2) is one child.
    ("RS", MAR23): (1, 1, 10, 0, E, 0, 0, E),
    ("RS", JUN23): (2, 2, 11, 1, 300.0, 0, 0, E),
    ("RS", SEP23): (3, 3, 15, 5, 300.0, 1, 1, 100.0),
    ("RS", DEC23): (6, 6, 24, 9, 2050.0, 2, 2, 100.0),
    ("RS", MAR24): (7, 5, 26, 21, 6950.0, 3, 2, 200 / 3),
}


@pytest.fixture
def engine(database_url):
    eng = get_engine(database_url)
    yield eng
    eng.dispose()


def load(tmp_path, engine, remand_rows=REMANDS):
    folder = write_folder(tmp_path / "data", AUTHORITIES, POPULATION, OUTCOMES)
    write_local(folder, remands=remand_rows)
    load_folder(folder, engine)


def expect(values: tuple) -> tuple:
    return tuple(approx(v) if isinstance(v, float) else v for v in values)


def as_table(frame) -> dict:
    return {(r["area_code"], r["period_end"]): tuple(E if is_empty(r[f]) else r[f]
                                                     for f in FIELDS)
            for r in frame.to_dict("records")}


def test_remands_per_area_period(tmp_path, engine):
    load(tmp_path, engine)
    got = {**as_table(remands(engine, Selection(level="local_authority"))),
           **as_table(remands(engine, Selection(level="service")))}
    assert got == {key: expect(values) for key, values in EXPECTED.items()}
    every = as_table(remands(engine, Selection(level="all")))
    assert every == {("all", end): expect(EXPECTED[("RS", end)])
                     for end in (MAR23, JUN23, SEP23, DEC23, MAR24)}


def test_an_explicit_as_of_date_ends_open_episodes_there(tmp_path, engine):
    load(tmp_path, engine)
    frame = remands(engine, Selection(level="local_authority", area="R1"),
                    as_of=d("2024-02-15"), period_ends=[MAR24])
    # e3 now has the nights of 10..15 February (6): 1 + 4 + 3 + 6 = 14 nights;
    # cost 300 + 1500 + 6 x 400 = 4200.
    assert as_table(frame) == {("R1", MAR24): (4, 3, 14, 14, approx(4200.0), 2, 1,
                                               approx(50.0))}


def test_scope_limits_the_service(tmp_path, engine):
    load(tmp_path, engine)
    frame = remands(engine, Selection(level="service", scope=("R2",)), period_ends=[MAR24])
    assert as_table(frame) == {("RS", MAR24): expect(EXPECTED[("R2", MAR24)])}


def test_export_remands_csv(tmp_path, engine):
    load(tmp_path, engine)
    export_all(tmp_path / "out", None, engine)
    path = tmp_path / "out" / "remands.csv"
    assert header(path) == ["area_type", "area_code", "area_name", "period_start",
                            "period_end", "episodes", "children", "nights", "yda_nights",
                            "cost", "yda_ended", "yda_not_custodial", "yda_not_custodial_pct"]
    rows = read_csv(path)
    assert [(r["area_type"], r["area_code"], r["period_end"]) for r in rows] == [
        ("local_authority", "R1", "2023-03-31"), ("local_authority", "R1", "2023-06-30"),
        ("local_authority", "R1", "2023-09-30"), ("local_authority", "R1", "2023-12-31"),
        ("local_authority", "R1", "2024-03-31"), ("local_authority", "R2", "2023-12-31"),
        ("local_authority", "R2", "2024-03-31"),
        *[("service", "RS", e) for e in ("2023-03-31", "2023-06-30", "2023-09-30",
                                         "2023-12-31", "2024-03-31")],
        *[("all", "all", e) for e in ("2023-03-31", "2023-06-30", "2023-09-30",
                                      "2023-12-31", "2024-03-31")]]
    first = rows[0]   # R1, Mar23: no cost and no ended episode -> empty cells
    assert (first["period_start"], first["episodes"], first["nights"], first["cost"],
            first["yda_ended"], first["yda_not_custodial_pct"]) == (
        "2022-04-01", "1", "10", "", "0", "")
    last_r1 = rows[4]
    assert (last_r1["cost"], last_r1["yda_not_custodial_pct"]) == ("6200", "50")
    # --as-of reaches the remands too.
    export_all(tmp_path / "early", d("2024-02-15"), engine)
    early = read_csv(tmp_path / "early" / "remands.csv")[4]
    assert (early["nights"], early["cost"]) == ("14", "4200")


def test_header_only_remands_file_still_writes_remands_csv(tmp_path, engine):
    load(tmp_path, engine, remand_rows=[])
    export_all(tmp_path / "out", None, engine)
    rows = read_csv(tmp_path / "out" / "remands.csv")
    assert len(rows) == 5 + 2 + 5 + 5            # every area-period fte.csv reports
    assert {(r["episodes"], r["nights"], r["cost"], r["yda_not_custodial_pct"])
            for r in rows} == {("0", "0", "", "")}


def test_without_local_files_kpis_csv_has_serious_violence_only(tmp_path, engine):
    folder = write_folder(tmp_path / "data", AUTHORITIES, POPULATION, OUTCOMES)
    load_folder(folder, engine)
    export_all(tmp_path / "out", None, engine)
    assert not (tmp_path / "out" / "remands.csv").exists()
    rows = read_csv(tmp_path / "out" / "kpis.csv")
    assert {r["kpi"] for r in rows} == {"serious_violence"}
    # One row per reported area-period (17), all 0 (no qualifying outcome).
    assert len(rows) == 17 and {r["numerator"] for r in rows} == {"0"}


def test_no_outcomes_aged_10_17_writes_a_header_only_kpis_csv(tmp_path, engine):
    folder = write_folder(tmp_path / "data", AUTHORITIES, POPULATION,
                          [out("o1", "x1", "R1", "2024-01-05", "youth_caution", age=18)])
    load_folder(folder, engine)
    export_all(tmp_path / "out", None, engine)
    lines = (tmp_path / "out" / "kpis.csv").read_text().splitlines()
    assert lines == ["area_type,area_code,area_name,period_start,period_end,kpi,numerator,"
                     "denominator,value,value_lower_95,value_upper_95,unit"]
