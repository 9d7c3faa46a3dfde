"""Data contract v2 indicators and export against hand-worked datasets, on SQLite and
PostgreSQL: interval columns, children in custody, the Minority ethnic total, reoffending on
every outcome, local outcome codes (tier `other` in disposals only), looked-after offending
and the comparison with every service.

Periods are named by their end, as in test_indicators.py: "Mar24" is 2023-04-01..2024-03-31.
"""
from __future__ import annotations

import math
from pathlib import Path

import pytest
from sqlalchemy import select

from dashboard.analysis.ranking import service_comparison
from dashboard.contract.schema import CohortMember, Outcome
from dashboard.contract.selection import CohortFilter, Selection
from dashboard.core.db import get_engine
from dashboard.etl.loader import load_folder
from dashboard.output.export import export_all
from queries.disposals import disposals
from yj_testdata import (d, header, la, out, otype, pop, read_csv, bench, write_folder,
                         write_v2)

approx = pytest.approx
Z = 1.959963984540054
Z2 = Z * Z


@pytest.fixture
def engine(database_url):
    eng = get_engine(database_url)
    yield eng
    eng.dispose()


def load_and_export(tmp_path: Path, engine, authorities, population, outcomes, *,
                    name="data", as_of=None, **v2) -> dict[str, list[dict]]:
    folder = write_v2(write_folder(tmp_path / name, authorities, population, outcomes), **v2)
    load_folder(folder, engine)
    outdir = tmp_path / f"{name}-out"
    export_all(outdir, as_of, engine)
    return {p.name: read_csv(p) for p in sorted(outdir.iterdir())}


def by_area(rows: list[dict], **where) -> dict[str, dict]:
    """area_code -> row, for rows matching `where`."""
    picked = [r for r in rows if all(r[k] == v for k, v in where.items())]
    return {r["area_code"]: r for r in picked}


def byar(x: float) -> tuple[float, float]:
    """CONTRACT §4 Byar's approximation, written out (95%)."""
    lower = x * (1 - 1 / (9 * x) - Z / (3 * math.sqrt(x))) ** 3
    upper = (x + 1) * (1 - 1 / (9 * (x + 1)) + Z / (3 * math.sqrt(x + 1))) ** 3
    return lower, upper


# Exact Poisson 95% limits from the chi-squared tables (χ²(0.025; 2x)/2, χ²(0.975; 2x+2)/2).
EXACT = {1: (0.0253178, 5.5716434), 9: (4.1153731, 17.0848035)}


# --------------------------------------------------------------------------------------
# Intervals: exact Poisson below 10 events, Byar from 10; Wilson at 0 and at n
# --------------------------------------------------------------------------------------
def test_rate_interval_switches_at_ten_events_and_wilson_at_0_and_n(tmp_path, engine):
    # P1: 9 children cautioned in Jan 2024, none again. P2: 10 children cautioned in Jan
    # 2024 who each offend again in February (a fine): all reoffend. Population 100,000 each.
    outcomes = [out(f"p1c{i}", f"p1c{i}", "P1", "2024-01-10", "youth_caution")
                for i in range(9)]
    for i in range(10):
        outcomes.append(out(f"p2c{i}a", f"p2c{i}", "P2", "2024-01-10", "youth_caution"))
        outcomes.append(out(f"p2c{i}b", f"p2c{i}", "P2", "2024-02-20", "fine",
                            offence_date="2024-02-15"))
    files = load_and_export(tmp_path, engine, [la("P1", "SP"), la("P2", "SP")],
                            [pop("P1", 2023, 100_000), pop("P2", 2023, 100_000)], outcomes)
    fte = by_area(files["fte.csv"], period_end="2024-03-31")
    # 9 events: exact limits 4.1154 .. 17.0848 per 100,000 (population 100,000).
    assert fte["P1"]["fte_count"] == "9"
    assert float(fte["P1"]["rate_lower_95"]) == approx(EXACT[9][0], rel=1e-6)
    assert float(fte["P1"]["rate_upper_95"]) == approx(EXACT[9][1], rel=1e-6)
    # 10 events: Byar 4.7874 .. 18.3915 (the exact ones would be 4.7954 .. 18.3904).
    assert fte["P2"]["fte_count"] == "10"
    assert float(fte["P2"]["rate_lower_95"]) == approx(4.787449914, rel=1e-8)
    assert float(fte["P2"]["rate_upper_95"]) == approx(18.391458606, rel=1e-8)
    # Service: 19 events over 200,000.
    lower, upper = byar(19)
    assert float(fte["SP"]["rate_lower_95"]) == approx(lower / 2, rel=1e-8)
    assert float(fte["SP"]["rate_upper_95"]) == approx(upper / 2, rel=1e-8)
    # Custody: 0 sentences -> lower 0, upper χ²(0.975; 2)/2 = 3.6889 per 100,000 -> per 1,000.
    custody = by_area(files["custody.csv"], period_end="2024-03-31")
    assert custody["P1"]["rate_lower_95"] == "0"
    assert float(custody["P1"]["rate_upper_95"]) == approx(3.6888795 / 100_000 * 1000,
                                                           rel=1e-6)

    reoff = by_area(files["reoffending.csv"], cohort_start="2024-01-01")
    # 0 of 9: lower 0, upper (z² + z·z) / (2(9 + z²)) = z² / (9 + z²)
    #   = 3.8415 / 12.8415 = 29.9145 %
    assert (reoff["P1"]["cohort_size"], reoff["P1"]["reoffenders"]) == ("9", "0")
    assert float(reoff["P1"]["binary_rate_lower_95"]) == approx(0, abs=1e-12)
    assert float(reoff["P1"]["binary_rate_upper_95"]) == approx(Z2 / (9 + Z2) * 100)
    assert float(reoff["P1"]["binary_rate_upper_95"]) == approx(29.9145, abs=1e-4)
    # 10 of 10: lower n / (n + z²) = 10 / 13.8415 = 72.247 %, upper 100 %
    assert (reoff["P2"]["cohort_size"], reoff["P2"]["reoffenders"]) == ("10", "10")
    assert float(reoff["P2"]["binary_rate_lower_95"]) == approx(10 / (10 + Z2) * 100)
    assert float(reoff["P2"]["binary_rate_upper_95"]) == approx(100.0)
    # Service: 10 of 19 -> Wilson written out.
    x, n = 10, 19
    root = Z * math.sqrt(Z2 + 4 * x * (1 - x / n))
    assert float(reoff["SP"]["binary_rate_lower_95"]) == approx(
        (2 * x + Z2 - root) / (2 * (n + Z2)) * 100)
    assert float(reoff["SP"]["binary_rate_upper_95"]) == approx(
        (2 * x + Z2 + root) / (2 * (n + Z2)) * 100)


def test_intervals_are_empty_when_the_population_is_zero(tmp_path, engine):
    files = load_and_export(tmp_path, engine, [la("Z1", "SZ")], [pop("Z1", 2023, 0)],
                            [out("z1", "z1", "Z1", "2024-01-10", "youth_caution")])
    row = by_area(files["fte.csv"])["Z1"]
    assert (row["fte_count"], row["population"], row["rate_per_100k"]) == ("1", "0", "")
    assert row["rate_lower_95"] == "" and row["rate_upper_95"] == ""


# --------------------------------------------------------------------------------------
# Children in custody: "8 children received 10 custodial sentences"
# --------------------------------------------------------------------------------------
def test_custody_children_and_sentences(tmp_path, engine):
    outcomes = [out(f"k{i}", f"k{i}", "C1", "2024-01-10", "detention_training_order")
                for i in range(1, 9)]                                    # k1..k8 in C1
    outcomes += [
        out("k2b", "k2", "C1", "2024-02-10", "section_250"),             # k2 again, C1
        out("k1b", "k1", "C2", "2024-03-01", "section_250"),             # k1 again, in C2
        out("k9", "k9", "C1", "2024-02-01", "detention_training_order", age=18),  # excluded
        out("k10", "k10", "C1", "2024-02-01", "youth_rehabilitation_order"),     # not custody
    ]
    files = load_and_export(tmp_path, engine, [la("C1", "SC"), la("C2", "SC")],
                            [pop("C1", 2023, 4000), pop("C2", 2023, 1000)], outcomes)
    rows = by_area(files["custody.csv"], period_end="2024-03-31")
    got = {a: (r["custodial_sentences"], r["children"], r["population"])
           for a, r in rows.items()}
    # C1: k1..k8 DTOs + k2's s250 = 9 rows, 8 children; C2: k1's s250; service: 10 rows,
    # 8 children (k1 once although sentenced in both authorities).
    assert got == {"C1": ("9", "8", "4000"), "C2": ("1", "1", "1000"),
                   "SC": ("10", "8", "5000"), "all": ("10", "8", "5000")}
    assert float(rows["C1"]["rate_per_1000"]) == approx(2.25)
    # Intervals from the sentences: 9 exact, 1 exact, 10 Byar.
    assert float(rows["C1"]["rate_lower_95"]) == approx(EXACT[9][0] / 4000 * 1000, rel=1e-6)
    assert float(rows["C2"]["rate_upper_95"]) == approx(EXACT[1][1] / 1000 * 1000, rel=1e-6)
    lower, upper = byar(10)
    assert float(rows["SC"]["rate_lower_95"]) == approx(lower / 5000 * 1000, rel=1e-8)
    assert float(rows["SC"]["rate_upper_95"]) == approx(upper / 5000 * 1000, rel=1e-8)
    assert header(tmp_path / "data-out" / "custody.csv")[-3:] == [
        "children", "rate_lower_95", "rate_upper_95"]


# --------------------------------------------------------------------------------------
# Minority ethnic total, and detailed ethnicity counted in its group
# --------------------------------------------------------------------------------------
MINORITY_POPULATION = [pop("M1", 2023, 1000, "White"), pop("M1", 2023, 100, "Mixed"),
                       pop("M1", 2023, 200, "Asian"), pop("M1", 2023, 300, "Black"),
                       pop("M1", 2023, 400, "Other")]
MINORITY_OUTCOMES = [
    out("w1", "w1", "M1", "2024-01-05", "youth_caution"),
    out("w2", "w2", "M1", "2024-01-06", "referral_order",
        ethnicity="English, Welsh, Scottish, Northern Irish or British"),
    # x1: Mixed on the caution, Black on the fine -> in Mixed and in Black, once in Minority.
    out("x1a", "x1", "M1", "2024-01-07", "youth_caution", ethnicity="White and Asian"),
    out("x1b", "x1", "M1", "2024-02-07", "fine", ethnicity="Black"),
    out("a1", "a1", "M1", "2024-01-08", "referral_order", ethnicity="indian"),
    out("b1", "b1", "M1", "2024-01-09", "detention_training_order", ethnicity="CARIBBEAN"),
    out("u1", "u1", "M1", "2024-01-10", "youth_caution", ethnicity="Unknown"),
]


def test_minority_ethnic_total_counts_a_child_in_two_groups_once(tmp_path, engine):
    files = load_and_export(tmp_path, engine, [la("M1", "SM")], MINORITY_POPULATION,
                            MINORITY_OUTCOMES)
    rows = [r for r in files["disproportionality.csv"] if r["area_code"] == "M1"]
    assert [r["ethnicity"] for r in rows if r["stage"] == "fte"] == [
        "White", "Mixed", "Asian", "Black", "Other", "Minority ethnic", "Unknown"]
    cell = {(r["stage"], r["ethnicity"]): r for r in rows}
    counts = {stage: tuple(cell[(stage, g)]["count"] for g in (
        "White", "Mixed", "Asian", "Black", "Other", "Minority ethnic", "Unknown"))
        for stage in ("fte", "cautioned_or_sentenced", "out_of_court", "court", "custody")}
    assert counts == {
        # W: w1 w2; Mixed: x1 (first entry recorded Mixed); A: a1; B: b1; U: u1
        "fte": ("2", "1", "1", "1", "0", "3", "1"),
        # x1 is in Mixed (caution) and Black (fine): 2 group places, 1 minority child
        "cautioned_or_sentenced": ("2", "1", "1", "2", "0", "3", "1"),
        "out_of_court": ("1", "1", "0", "0", "0", "1", "1"),      # w1, x1a, u1
        "court": ("1", "0", "1", "2", "0", "3", "0"),             # w2; a1; x1b b1
        "custody": ("0", "0", "0", "1", "0", "1", "0"),           # b1
    }
    m = cell[("cautioned_or_sentenced", "Minority ethnic")]
    # population 100+200+300+400 = 1000; rate 3 per 1000; White 2/1000 -> RRI 1.5
    assert m["population"] == "1000"
    assert float(m["rate_per_1000"]) == approx(3.0)
    assert float(m["relative_rate_index"]) == approx(1.5)
    half_width = 1.96 * math.sqrt(1 / 3 - 1 / 1000 + 1 / 2 - 1 / 1000)
    assert float(m["rri_lower_95"]) == approx(1.5 * math.exp(-half_width))
    assert float(m["rri_upper_95"]) == approx(1.5 * math.exp(half_width))
    assert m["significance"] == "none"
    # share of stage: 3 over the known-ethnicity total 2+1+1+2+0 = 6 -> 50 %;
    # share of population: 1000 of 2000 -> 50 %
    assert float(m["share_of_stage_pct"]) == approx(50.0)
    assert float(m["share_of_population_pct"]) == approx(50.0)
    # The groups' own shares still use the five groups only: Black 2 / 6.
    assert float(cell[("cautioned_or_sentenced", "Black")]["share_of_stage_pct"]) == approx(
        100 / 3)
    assert float(cell[("cautioned_or_sentenced", "White")]["share_of_population_pct"]) == \
        approx(50.0)
    # custody: no White child -> every RRI empty, Minority's too.
    custody = cell[("custody", "Minority ethnic")]
    assert custody["relative_rate_index"] == "" and custody["rri_lower_95"] == ""
    assert custody["significance"] == "none"
    assert float(custody["rate_per_1000"]) == approx(1.0)
    # Detailed categories are stored with their group.
    with engine.connect() as conn:
        stored = {r.outcome_id: (r.ethnicity, r.ethnicity_detail) for r in conn.execute(
            select(Outcome.outcome_id, Outcome.ethnicity, Outcome.ethnicity_detail))}
    assert stored["a1"] == ("Asian", "Indian")
    assert stored["b1"] == ("Black", "Caribbean")
    assert stored["x1a"] == ("Mixed", "White and Asian")
    assert stored["w2"] == ("White", "English, Welsh, Scottish, Northern Irish or British")
    assert stored["w1"] == ("White", None)


def test_minority_ethnic_significance_over(tmp_path, engine):
    # 20 minority children (10 Black, 10 Asian) of 1,000; 10 White of 10,000:
    # RRI = 20/1000 / (10/10000) = 20; var = 1/20 - 1/1000 + 1/10 - 1/10000 = 0.1489
    outcomes = [out(f"w{i}", f"w{i}", "G1", "2024-01-10", "fine") for i in range(10)]
    outcomes += [out(f"b{i}", f"b{i}", "G1", "2024-01-10", "fine", ethnicity="Black")
                 for i in range(10)]
    outcomes += [out(f"a{i}", f"a{i}", "G1", "2024-01-10", "fine", ethnicity="Pakistani")
                 for i in range(10)]
    files = load_and_export(tmp_path, engine, [la("G1", "SG")],
                            [pop("G1", 2023, 10_000), pop("G1", 2023, 500, "Black"),
                             pop("G1", 2023, 500, "Asian")], outcomes)
    row = next(r for r in files["disproportionality.csv"] if r["area_code"] == "G1"
               and r["stage"] == "court" and r["ethnicity"] == "Minority ethnic")
    assert (row["count"], row["population"]) == ("20", "1000")
    assert float(row["relative_rate_index"]) == approx(20.0)
    lower = 20 * math.exp(-1.96 * math.sqrt(1 / 20 - 1 / 1000 + 1 / 10 - 1 / 10000))
    assert float(row["rri_lower_95"]) == approx(lower) and lower > 1
    assert row["significance"] == "over"


# --------------------------------------------------------------------------------------
# Reoffending on every outcome (diversion included)
# --------------------------------------------------------------------------------------
REOFF_TYPES = [otype("cbo", "other", label="Criminal behaviour order")]
REOFF_OUTCOMES = [
    # d1: only diversion outcomes: a cohort member (and reoffender) on every outcome only.
    out("d1a", "d1", "R1", "2023-01-10", "community_resolution"),
    out("d1b", "d1", "R1", "2023-03-15", "outcome_22", offence_date="2023-03-01"),
    # s1: a caution, then a community resolution: national member, no reoffence there; on
    # every outcome the CR is a reoffence and makes s1 a member of the April-June cohort.
    out("s1a", "s1", "R1", "2023-02-01", "youth_caution"),
    out("s1b", "s1", "R1", "2023-05-10", "community_resolution", offence_date="2023-05-01"),
    out("s1c", "s1", "R1", "2023-06-01", "cbo"),                 # tier other: never counts
    # t1: two diversions on one day: index t1a (smallest outcome_id).
    out("t1b", "t1", "R1", "2023-03-20", "youth_restorative_disposal"),
    out("t1a", "t1", "R1", "2023-03-20", "community_resolution"),
    # o1: only tier other: in no cohort.
    out("o1a", "o1", "R1", "2023-02-15", "cbo"),
    out("o1b", "o1", "R1", "2023-04-01", "cbo", offence_date="2023-03-20"),
]


def test_diversion_only_reoffenders_are_in_reoffending_all_outcomes_only(tmp_path, engine):
    files = load_and_export(tmp_path, engine, [la("R1", "SR")], [pop("R1", 2022, 500)],
                            REOFF_OUTCOMES, outcome_types=REOFF_TYPES)
    national = by_area(files["reoffending.csv"], cohort_start="2023-01-01")
    every = files["reoffending_all_outcomes.csv"]
    assert header(tmp_path / "data-out" / "reoffending_all_outcomes.csv") == header(
        tmp_path / "data-out" / "reoffending.csv")
    # National: Jan-Mar 2023 cohort is s1 alone, without a reoffence; no other cohort.
    assert [(r["area_code"], r["cohort_start"]) for r in files["reoffending.csv"]] == [
        ("R1", "2023-01-01"), ("SR", "2023-01-01"), ("all", "2023-01-01")]
    assert (national["R1"]["cohort_size"], national["R1"]["reoffenders"],
            national["R1"]["reoffences"]) == ("1", "0", "0")
    # Every outcome: Jan-Mar: d1, s1, t1; reoffences d1b (offence 03-01 after 01-10) and
    # s1b (05-01 after 02-01) -> 2 reoffenders of 3. Apr-Jun: s1 (index s1b), s1c is tier
    # other -> no reoffence. as_of = 2023-06-01 (the latest outcome): both provisional.
    got = {(r["area_code"], r["cohort_start"]): (r["status"], r["cohort_size"],
                                                 r["reoffenders"], r["reoffences"])
           for r in every}
    assert got == {
        ("R1", "2023-01-01"): ("provisional", "3", "2", "2"),
        ("R1", "2023-04-01"): ("provisional", "1", "0", "0"),
        ("SR", "2023-01-01"): ("provisional", "3", "2", "2"),
        ("SR", "2023-04-01"): ("provisional", "1", "0", "0"),
        ("all", "2023-01-01"): ("provisional", "3", "2", "2"),
        ("all", "2023-04-01"): ("provisional", "1", "0", "0"),
    }
    first = by_area(every, cohort_start="2023-01-01")["R1"]
    assert float(first["binary_rate_pct"]) == approx(200 / 3)
    assert float(first["reoffences_per_reoffender"]) == approx(1.0)
    x, n = 2, 3
    root = Z * math.sqrt(Z2 + 4 * x * (1 - x / n))
    assert float(first["binary_rate_lower_95"]) == approx((2 * x + Z2 - root) / (2 * (n + Z2))
                                                          * 100)
    m = CohortMember.__table__
    with engine.connect() as conn:
        index = {(r.basis, r.child_id, r.cohort_start): r.index_outcome_id for r in
                 conn.execute(select(m.c.basis, m.c.child_id, m.c.cohort_start,
                                     m.c.index_outcome_id))}
    assert index == {("national", "s1", d("2023-01-01")): "s1a",
                     ("all_outcomes", "d1", d("2023-01-01")): "d1a",
                     ("all_outcomes", "s1", d("2023-01-01")): "s1a",
                     ("all_outcomes", "t1", d("2023-01-01")): "t1a",
                     ("all_outcomes", "s1", d("2023-04-01")): "s1b"}
    # An explicit as-of before d1b's outcome date: d1b is not proven yet.
    files = load_and_export(tmp_path, engine, [la("R1", "SR")], [pop("R1", 2022, 500)],
                            REOFF_OUTCOMES, outcome_types=REOFF_TYPES, name="early",
                            as_of=d("2023-03-10"))
    early = by_area(files["reoffending_all_outcomes.csv"], cohort_start="2023-01-01")["R1"]
    assert (early["reoffenders"], early["reoffences"]) == ("0", "0")


# --------------------------------------------------------------------------------------
# Local outcome codes: disposals with their tier; tier other in disposals only
# --------------------------------------------------------------------------------------
LOCAL_TYPES = [otype("cbo", "other", label="Criminal behaviour order"),
               otype("yro_local_band", "community", "yes", label="YRO (local band)"),
               otype("triage", "diversion", label="Local triage")]
LOCAL_OUTCOMES = [
    out("e1", "e1", "E1", "2024-01-10", "yro_local_band"),
    out("e2", "e2", "E1", "2024-01-15", "triage"),
    out("e3", "e3", "E1", "2024-02-01", "cbo", ethnicity="Black"),
    out("e4", "e4", "E1", "2024-02-10", "youth_caution"),
    out("e5", "e5", "E1", "2024-08-15", "cbo"),          # after every other outcome
]


def test_local_codes_in_disposals_with_their_tier_and_order(tmp_path, engine):
    files = load_and_export(tmp_path, engine, [la("E1", "SE")], [pop("E1", 2023, 1000)],
                            LOCAL_OUTCOMES, outcome_types=LOCAL_TYPES)
    rows = [r for r in files["disposals.csv"] if r["area_code"] == "E1"]
    got = [(r["period_end"], r["outcome_type"], r["tier"], r["disposals"], r["children"])
           for r in rows]
    # §2 codes first in their order, then local codes in file order (cbo, yro_local_band,
    # triage). Jun24 and Sep24 are reached only by e5 (tier other): disposals only.
    assert got == [
        ("2024-03-31", "youth_caution", "pre_court", "1", "1"),
        ("2024-03-31", "cbo", "other", "1", "1"),
        ("2024-03-31", "yro_local_band", "community", "1", "1"),
        ("2024-03-31", "triage", "diversion", "1", "1"),
        ("2024-06-30", "youth_caution", "pre_court", "1", "1"),
        ("2024-06-30", "cbo", "other", "1", "1"),
        ("2024-06-30", "yro_local_band", "community", "1", "1"),
        ("2024-06-30", "triage", "diversion", "1", "1"),
        ("2024-09-30", "youth_caution", "pre_court", "1", "1"),
        ("2024-09-30", "cbo", "other", "2", "2"),                  # e3, e5
        ("2024-09-30", "yro_local_band", "community", "1", "1"),
        ("2024-09-30", "triage", "diversion", "1", "1"),
    ]
    sep = {r["outcome_type"]: float(r["pct_of_disposals"]) for r in rows
           if r["period_end"] == "2024-09-30"}
    assert sep["cbo"] == approx(40.0) and sep["triage"] == approx(20.0)   # of 5 rows
    # The local community code is substantive: e1 is a first time entrant with e4.
    fte = by_area(files["fte.csv"])
    assert (fte["E1"]["period_end"], fte["E1"]["fte_count"]) == ("2024-03-31", "2")
    # The tier filter selects `other` in the disposals view.
    only_other = disposals(engine, Selection(level="local_authority",
                                             cohort=CohortFilter(tier="other")))
    assert set(only_other["outcome_type"]) == {"cbo"}
    assert list(only_other["period_end"]) == [d("2024-03-31"), d("2024-06-30"),
                                              d("2024-09-30")]
    assert list(only_other["label"]) == ["Criminal behaviour order"] * 3


def test_tier_other_changes_nothing_but_disposals(tmp_path, engine):
    with_other = load_and_export(tmp_path, engine, [la("E1", "SE")], [pop("E1", 2023, 1000)],
                                 LOCAL_OUTCOMES, outcome_types=LOCAL_TYPES, name="with")
    without = load_and_export(tmp_path, engine, [la("E1", "SE")], [pop("E1", 2023, 1000)],
                              [r for r in LOCAL_OUTCOMES if r["outcome_type"] != "cbo"],
                              outcome_types=LOCAL_TYPES[1:], name="without")
    assert set(with_other) == set(without)
    for name in with_other:
        if name != "disposals.csv":
            assert with_other[name] == without[name], name
    assert len(with_other["disposals.csv"]) > len(without["disposals.csv"])
    # Only Mar24 is an indicator period: fte.csv has one row per area.
    assert [r["period_end"] for r in with_other["fte.csv"]] == ["2024-03-31"] * 3


# --------------------------------------------------------------------------------------
# Looked-after children's offending
# --------------------------------------------------------------------------------------
LAC_AUTHORITIES = [la("L1", "SL"), la("L2", "SL"), la("L3", "S3"), la("L4", "S4")]
LAC_POPULATION = [pop(code, 2022, 1000) for code in ("L1", "L2", "L3", "L4")]
LAC_ROWS = [
    {"local_authority": "L1", "year": 2022, "population": 40},
    {"local_authority": "L1", "year": 2024, "population": 60},   # 2023 missing: tie -> 2022
    {"local_authority": "L2", "year": 2025, "population": 30},   # only 2025: nearest always
    {"local_authority": "L3", "year": 2023, "population": 0},    # rate empty
]                                                                # L4: no rows at all
LAC_OUTCOMES = [
    out("la1", "la1", "L1", "2023-02-01", "youth_caution", looked_after="Y"),
    out("la2a", "la2", "L1", "2023-06-01", "community_resolution", looked_after="Y"),  # div.
    out("la2b", "la2", "L1", "2023-07-01", "referral_order", looked_after="N"),   # not LAC
    out("la3", "la3", "L2", "2024-05-01", "fine", looked_after="Y"),
    out("la4", "la4", "L1", "2023-10-01", "referral_order", looked_after="Y", age=18),
    out("la5a", "la5", "L1", "2023-11-01", "youth_caution", looked_after="Y"),
    out("la5b", "la5", "L2", "2024-01-15", "fine", looked_after="Y"),
    out("la6", "la6", "L3", "2023-03-01", "youth_caution", looked_after="Y"),
    out("la7", "la7", "L4", "2023-08-01", "youth_caution", looked_after="Y"),
]


def test_looked_after_offending_nearest_year_and_31_march(tmp_path, engine):
    files = load_and_export(tmp_path, engine, LAC_AUTHORITIES, LAC_POPULATION, LAC_OUTCOMES,
                            looked_after=LAC_ROWS)
    rows = files["looked_after.csv"]
    assert header(tmp_path / "data-out" / "looked_after.csv") == [
        "area_type", "area_code", "area_name", "period_start", "period_end", "children",
        "looked_after_population", "rate_pct"]
    got = {(r["area_code"], r["period_end"]): (r["children"], r["looked_after_population"])
           for r in rows}
    # 31 March inside: Mar23..Dec23 -> 2023 (L1: 2022 and 2024 tie -> 2022 = 40; L2: 2025 =
    # 30; L3: 0); Mar24, Jun24 -> 2024 (L1 60, L2 30). Same area-periods as fte.csv.
    assert got == {
        ("L1", "2023-03-31"): ("1", "40"), ("L1", "2023-06-30"): ("1", "40"),   # la1
        ("L1", "2023-09-30"): ("1", "40"),
        ("L1", "2023-12-31"): ("2", "40"),                                      # la1, la5
        ("L1", "2024-03-31"): ("1", "60"), ("L1", "2024-06-30"): ("1", "60"),   # la5
        ("L2", "2024-03-31"): ("1", "30"),                                      # la5
        ("L2", "2024-06-30"): ("2", "30"),                                      # la3, la5
        ("L3", "2023-03-31"): ("1", "0"), ("L3", "2023-06-30"): ("1", "0"),
        ("L3", "2023-09-30"): ("1", "0"), ("L3", "2023-12-31"): ("1", "0"),
        ("L4", "2023-09-30"): ("1", ""), ("L4", "2023-12-31"): ("1", ""),
        ("L4", "2024-03-31"): ("1", ""), ("L4", "2024-06-30"): ("1", ""),
        ("SL", "2023-03-31"): ("1", "70"), ("SL", "2023-06-30"): ("1", "70"),
        ("SL", "2023-09-30"): ("1", "70"), ("SL", "2023-12-31"): ("2", "70"),
        ("SL", "2024-03-31"): ("1", "90"),                     # la5 once in the service
        ("SL", "2024-06-30"): ("2", "90"),
        ("S3", "2023-03-31"): ("1", "0"), ("S3", "2023-06-30"): ("1", "0"),
        ("S3", "2023-09-30"): ("1", "0"), ("S3", "2023-12-31"): ("1", "0"),
        ("S4", "2023-09-30"): ("1", ""), ("S4", "2023-12-31"): ("1", ""),
        ("S4", "2024-03-31"): ("1", ""), ("S4", "2024-06-30"): ("1", ""),
        ("all", "2023-03-31"): ("2", "70"),          # la1, la6
        ("all", "2023-06-30"): ("2", "70"),
        ("all", "2023-09-30"): ("3", "70"),          # + la7
        ("all", "2023-12-31"): ("4", "70"),          # la1 la5 la6 la7
        ("all", "2024-03-31"): ("2", "90"),          # la5 la7
        ("all", "2024-06-30"): ("3", "90"),          # la3 la5 la7
    }
    fte_keys = {(r["area_code"], r["period_end"]) for r in files["fte.csv"]}
    assert set(got) == fte_keys
    rate = {(r["area_code"], r["period_end"]): r["rate_pct"] for r in rows}
    assert float(rate[("L1", "2023-12-31")]) == approx(5.0)          # 2 / 40
    assert float(rate[("SL", "2024-06-30")]) == approx(200 / 90)
    assert rate[("L3", "2023-03-31")] == "" and rate[("L4", "2023-09-30")] == ""


def test_looked_after_csv_only_when_its_file_is_loaded(tmp_path, engine):
    files = load_and_export(tmp_path, engine, LAC_AUTHORITIES, LAC_POPULATION, LAC_OUTCOMES)
    assert "looked_after.csv" not in files
    files = load_and_export(tmp_path, engine, LAC_AUTHORITIES, LAC_POPULATION, LAC_OUTCOMES,
                            looked_after=[], name="header_only")
    assert "looked_after.csv" in files and all(
        r["looked_after_population"] == "" for r in files["looked_after.csv"])


# --------------------------------------------------------------------------------------
# Comparison with every service: published service rows and the loaded service
# --------------------------------------------------------------------------------------
def test_service_rank_and_funnel_from_published_rows(tmp_path, engine):
    # Kingsmoor YJS (K1 + K2): 19 first time entrants of 200,000 children = 9.5 per 100,000.
    outcomes = [out(f"k{i}", f"k{i}", "K1" if i < 9 else "K2", "2024-01-10", "youth_caution")
                for i in range(19)]
    benchmarks = [
        bench("fte_rate", "2024-03-31", "national", "England and Wales", "10.0", 5000,
              50_000_000),
        bench("fte_rate", "2024-03-31", "service", "KINGSMOOR YJS", "50.0", 100, 200_000),
        bench("fte_rate", "2024-03-31", "service", "Other A", "5.0", 10, 200_000),
        bench("fte_rate", "2024-03-31", "service", "Other B", "9.5"),
        bench("fte_rate", "2024-03-31", "service", "Other C", "20.0", "", ""),
        bench("fte_rate", "2023-12-31", "service", "Other D", "1.0"),     # another period
    ]
    load_and_export(tmp_path, engine, [la("K1", "Kingsmoor YJS"), la("K2", "Kingsmoor YJS")],
                    [pop("K1", 2023, 100_000), pop("K2", 2023, 100_000)], outcomes,
                    benchmarks=benchmarks)
    comparison = service_comparison(engine, "fte_rate", d("2024-03-31"))
    field = comparison.field
    assert field.published and field.size == 4
    # Kingsmoor's own 9.5 replaces the published 50: A 5.0, B 9.5 and Kingsmoor 9.5 tie,
    # C 20.0 -> ranks 1, 2, 2, 4; quartiles ceil(4r/4) = 1, 2, 2, 4.
    got = {r["name"]: (r["rank"], r["quartile_name"], r["source"])
           for r in field.table.to_dict("records")}
    assert got == {"Other A": (1, "Upper", "published"),
                   "Kingsmoor YJS": (2, "Upper middle", "loaded"),
                   "Other B": (2, "Upper middle", "published"),
                   "Other C": (4, "Lower", "published")}
    assert field.position("kingsmoor yjs")["value"] == approx(9.5)
    # Funnel around p0 = 10 per 100,000: only services with both counts (Kingsmoor's own,
    # Other A). n = 200,000 -> x = 20: Byar 12.2114 .. 30.8899 -> 6.1057 .. 15.4449.
    assert comparison.national == 10.0
    points = comparison.funnel.set_index("name")
    assert list(points.index) == ["Other A", "Kingsmoor YJS"]
    lower, upper = byar(20)
    assert points.loc["Kingsmoor YJS", "lower_95"] == approx(lower / 2)
    assert points.loc["Kingsmoor YJS", "upper_95"] == approx(upper / 2)
    assert (points.loc["Kingsmoor YJS", "numerator"],
            points.loc["Kingsmoor YJS", "denominator"]) == (19, 200_000)
    assert points.loc["Kingsmoor YJS", "position"] == "within"
    # Other A: 5.0 < 6.1057 but above the 99.8% lower limit (8.9228 / 2 = 4.4614).
    assert points.loc["Other A", "position"] == "below"


def test_without_published_service_rows_the_field_is_the_loaded_services(tmp_path, engine):
    outcomes = [out("a", "a", "A1", "2024-01-10", "youth_caution"),
                out("b", "b", "B1", "2024-01-10", "youth_caution"),
                out("b2", "b2", "B1", "2024-01-11", "youth_caution")]
    load_and_export(tmp_path, engine, [la("A1", "SA"), la("B1", "SB")],
                    [pop("A1", 2023, 1000), pop("B1", 2023, 1000)], outcomes)
    comparison = service_comparison(engine, "fte_rate", d("2024-03-31"))
    assert not comparison.field.published
    assert list(comparison.field.table["name"]) == ["SA", "SB"]   # 100 then 200 per 100,000
    assert comparison.national is None and comparison.funnel.empty


def test_published_figures_of_a_period_by_area_type_in_file_order(tmp_path, engine):
    """One read per indicator and period serves every set of area types: each set gets its
    rows in file order, counts as given (None where absent), and an indicator with no
    published figures gets an empty frame with the columns."""
    import pandas as pd

    from queries.benchmarks import PUBLISHED_COLUMNS, published_figures
    outcomes = [out("o1", "c1", "K1", "2024-01-10", "youth_caution")]
    folder = write_v2(write_folder(tmp_path / "pub", [la("K1", "Kingsmoor YJS")],
                                   [pop("K1", 2023, 1000)], outcomes), benchmarks=[
        bench("fte_rate", "2024-03-31", "service", "Other B", "9.5", "19", "200000"),
        bench("fte_rate", "2024-03-31", "national", "England and Wales", "10.0"),
        bench("fte_rate", "2024-03-31", "service", "Other A", "5.0"),
        bench("fte_rate", "2023-12-31", "service", "Other D", "1.0"),       # another period
        bench("custody_rate", "2024-03-31", "service", "Other A", "0.5"),   # another indicator
    ])
    load_folder(folder, engine)
    services = published_figures(engine, "fte_rate", d("2024-03-31"))
    assert list(services.columns) == PUBLISHED_COLUMNS
    assert services["area_name"].tolist() == ["Other B", "Other A"]      # file order
    assert services["value"].tolist() == [9.5, 5.0]
    assert services["numerator"].iloc[0] == 19 and services["denominator"].iloc[0] == 200000
    assert pd.isna(services["numerator"].iloc[1])
    both = published_figures(engine, "fte_rate", d("2024-03-31"), ("national", "service"))
    assert both["area_name"].tolist() == ["Other B", "England and Wales", "Other A"]
    national = published_figures(engine, "fte_rate", d("2024-03-31"), ("national",))
    assert national["value"].tolist() == [10.0]
    assert national["numerator"].tolist() == [None]     # as the database gives it
    none = published_figures(engine, "looked_after_rate", d("2024-03-31"))
    assert none.empty and list(none.columns) == PUBLISHED_COLUMNS
