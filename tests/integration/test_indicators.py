"""Every indicator of CONTRACT §4 against tiny hand-worked datasets, on SQLite and PostgreSQL.

Each test loads a folder of a handful of rows through the real loader and checks the
engine's figures against values worked out by hand in the comments. Periods are named by
their end: "Dec23" is the rolling year 2023-01-01..2023-12-31, "Sep23" is
2022-10-01..2023-09-30, "Jun23" is 2022-07-01..2023-06-30, "Mar24" is 2023-04-01..2024-03-31.
"""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import pandas as pd
import pytest

from dashboard.contract.selection import Selection
from sqlalchemy import select

from dashboard.core.db import get_engine
from dashboard.etl.loader import load_folder
from dashboard.contract.schema import CohortMember, FirstEntry, Outcome
from queries.common import population
from queries.custody import custody
from queries.disposals import disposals
from queries.disproportionality import disproportionality
from queries.fte import fte
from queries.reoffending import pooled, reoffending, tracker
from yj_testdata import (Row, d, header, is_empty, la, out, pop, read_csv, rri_interval,
                         write_folder)

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
approx = pytest.approx


@pytest.fixture
def engine(database_url):
    eng = get_engine(database_url)
    yield eng
    eng.dispose()


def load(tmp_path, engine, authorities, population_rows, outcomes, name="data"):
    folder = write_folder(tmp_path / name, authorities, population_rows, outcomes)
    return load_folder(folder, engine)


def table(frame: pd.DataFrame, keys: list[str], values: list[str]) -> dict:
    """{(key values): (values)} for exact comparisons of a whole result."""
    return {tuple(row[k] for k in keys): tuple(row[v] for v in values)
            for row in frame.to_dict("records")}


JUN23, SEP23, DEC23 = d("2023-06-30"), d("2023-09-30"), d("2023-12-31")
MAR23, MAR24, JUN24, SEP24 = d("2023-03-31"), d("2024-03-31"), d("2024-06-30"), d("2024-09-30")


# --------------------------------------------------------------------------------------
# First time entrants and the population year rule
# --------------------------------------------------------------------------------------
FTE_AUTHORITIES = [la("A1", "S1"), la("A2", "S1"), la("B1", "S2")]
FTE_POPULATION = [
    pop("A1", 2022, 1200, "White", "M", 15), pop("A1", 2022, 800, "Black", "F", 12),  # 2000
    pop("A1", 2023, 1500, "White", "M", 15), pop("A1", 2023, 1000, "Asian", "F", 17),  # 2500
    pop("A2", 2023, 1000),                        # A2: only 2023 loaded
    pop("B1", 2022, 400), pop("B1", 2024, 600),   # B1: 2023 missing -> tie -> 2022
]
FTE_OUTCOMES = [
    # c1: first substantive (caution) 2023-05-10 in A1; a later order is not a new entry.
    out("c1a", "c1", "A1", "2023-05-10", "youth_caution"),
    out("c1b", "c1", "A1", "2023-08-01", "referral_order"),
    # c2: a diversion before the first substantive outcome does not count: FTE 2023-11-20.
    out("c2a", "c2", "A1", "2023-04-15", "community_resolution", age=14),
    out("c2b", "c2", "A1", "2023-11-20", "conditional_discharge", age=14),
    # c3: first substantive at 18 -> never an FTE, even with a later row recorded at 17.
    out("c3a", "c3", "A1", "2023-06-01", "fine", age=18),
    out("c3b", "c3", "A1", "2023-09-01", "youth_caution", age=17),
    # c4: first substantive at 9 (before any period) -> the order at 10 is not a first entry.
    out("c4a", "c4", "A1", "2022-12-01", "youth_caution", age=9),
    out("c4b", "c4", "A1", "2023-07-01", "referral_order", age=10),
    # c5: enters in A2 (service S1), then moves to B1 (S2): counted in A2 only.
    out("c5a", "c5", "A2", "2023-07-15", "youth_caution", age=16),
    out("c5b", "c5", "B1", "2023-12-01", "referral_order", age=16),
    # c6: two substantive outcomes on one day; "10" < "9" as strings, so B1's row is first.
    out("9", "c6", "A1", "2023-08-20", "fine"),
    out("10", "c6", "B1", "2023-08-20", "youth_caution"),
    # c7: enters in A1 on 2023-10-05, later seen in A2 (same service): one FTE for S1.
    out("c7a", "c7", "A1", "2023-10-05", "reparation_order", age=13),
    out("c7b", "c7", "A2", "2023-11-01", "youth_caution", age=13),
]


def test_fte_counts_population_and_rates(tmp_path, engine):
    load(tmp_path, engine, FTE_AUTHORITIES, FTE_POPULATION, FTE_OUTCOMES)
    # Periods: first outcome aged 10-17 is 2023-04-15 (Q2), last 2023-12-01 (Q4).
    # FTE dates: c1 A1 05-10, c2 A1 11-20, c5 A2 07-15, c6 B1 08-20, c7 A1 10-05.
    # Population years: Jun23 -> 2022 (31 Dec 2022), Sep23 -> 2023, Dec23 -> 2023.
    #   A1 2000 / 2500 / 2500; A2 1000 (only 2023 loaded); B1 400 (2022 exact, then tie
    #   2022 vs 2024 -> earlier). A2 and B1 have no outcome in Jun23: no row.
    got = table(fte(engine, Selection(level="local_authority")), ["area_code", "period_end"],
                ["fte_count", "population", "rate_per_100k"])
    assert got == {
        ("A1", JUN23): (1, 2000, approx(50.0)),          # c1
        ("A1", SEP23): (1, 2500, approx(40.0)),          # c1 (c3b at 17 is not an entry)
        ("A1", DEC23): (3, 2500, approx(120.0)),         # c1, c2, c7
        ("A2", SEP23): (1, 1000, approx(100.0)),         # c5
        ("A2", DEC23): (1, 1000, approx(100.0)),         # c5 (c7 entered in A1)
        ("B1", SEP23): (1, 400, approx(250.0)),          # c6 via outcome "10"
        ("B1", DEC23): (1, 400, approx(250.0)),          # c6 (c5 entered in A2)
    }
    # Service = union of its authorities, each authority's own population year.
    got = table(fte(engine, Selection(level="service")), ["area_code", "period_end"],
                ["fte_count", "population", "rate_per_100k"])
    assert got == {
        ("S1", JUN23): (1, 3000, approx(1 / 3000 * 1e5)),   # A1 2000 (2022) + A2 1000 (2023)
        ("S1", SEP23): (2, 3500, approx(2 / 3500 * 1e5)),   # c1, c5
        ("S1", DEC23): (4, 3500, approx(4 / 3500 * 1e5)),   # c1, c2, c5, c7
        ("S2", SEP23): (1, 400, approx(250.0)),
        ("S2", DEC23): (1, 400, approx(250.0)),
    }
    frame = fte(engine, Selection(level="all"))
    got = table(frame, ["area_code", "period_end"], ["fte_count", "population", "rate_per_100k"])
    assert got == {
        ("all", JUN23): (1, 3400, approx(1 / 3400 * 1e5)),  # 2000 + 1000 + 400
        ("all", SEP23): (3, 3900, approx(3 / 3900 * 1e5)),  # 2500 + 1000 + 400
        ("all", DEC23): (5, 3900, approx(5 / 3900 * 1e5)),
    }
    assert set(frame["area_name"]) == {"All areas"}
    assert list(frame["period_start"]) == [d("2022-07-01"), d("2022-10-01"), d("2023-01-01")]


def test_fte_first_entry_facts(tmp_path, engine):
    load(tmp_path, engine, FTE_AUTHORITIES, FTE_POPULATION, FTE_OUTCOMES)
    fe = FirstEntry.__table__
    with engine.connect() as conn:
        rows = {r.child_id: (r.outcome_id, r.entry_date, r.local_authority, r.in_age)
                for r in conn.execute(select(fe))}
    assert rows == {
        "c1": ("c1a", d("2023-05-10"), "A1", True),
        "c2": ("c2b", d("2023-11-20"), "A1", True),
        "c3": ("c3a", d("2023-06-01"), "A1", False),   # aged 18: never counts
        "c4": ("c4a", d("2022-12-01"), "A1", False),   # aged 9: never counts
        "c5": ("c5a", d("2023-07-15"), "A2", True),
        "c6": ("10", d("2023-08-20"), "B1", True),     # tie -> smallest outcome_id as string
        "c7": ("c7a", d("2023-10-05"), "A1", True),
    }


def test_rows_outside_10_17_are_kept_but_excluded(tmp_path, engine):
    load(tmp_path, engine, FTE_AUTHORITIES, FTE_POPULATION, FTE_OUTCOMES)
    with engine.connect() as conn:
        ids = set(conn.execute(select(Outcome.__table__.c.outcome_id)).scalars())
    assert {"c3a", "c4a"} <= ids and len(ids) == len(FTE_OUTCOMES)
    # c3a (fine at 18) is not a disposal; c4a (caution at 9, 2022-12-01) neither.
    frame = disposals(engine, Selection(level="local_authority", area="A1"))
    dec = frame[frame["period_end"] == DEC23]
    # A1 Dec23 rows aged 10-17: c1a caution, c1b referral, c2a CR, c2b CD, c3b caution,
    # c4b referral, "9" fine, c7a reparation -> fine has only "9" (c3a excluded).
    assert Row(dec)(outcome_type="fine")["disposals"] == 1
    assert Row(dec)(outcome_type="youth_caution")["disposals"] == 2   # c1a, c3b


CUSTODY_AUTHORITIES = [la("C1", "SC"), la("C2", "SC")]
CUSTODY_POPULATION = [
    pop("C1", 2023, 600, "White", "M", 15), pop("C1", 2023, 400, "Black", "F", 13),  # 1000
    pop("C1", 2024, 9999),
    pop("C2", 2023, 500),
]
CUSTODY_OUTCOMES = [
    out("k1a", "k1", "C1", "2024-01-10", "detention_training_order", age=16),
    out("k1b", "k1", "C1", "2024-02-10", "section_250", age=16),     # same child: 2 rows
    out("k2", "k2", "C2", "2024-03-31", "extended_or_life", age=17),  # on a period end
    out("k3", "k3", "C1", "2024-02-01", "yro_iss"),                    # not custodial
    out("k4", "k4", "C1", "2024-03-01", "detention_training_order", age=18),  # excluded
    out("k5", "k5", "C2", "2023-03-31", "detention_training_order"),
    out("k6", "k6", "C2", "2023-04-01", "detention_training_order"),  # on a period start
    out("k7", "k7", "C1", "2023-06-15", "referral_order", age=14),
    out("k8", "k8", "C1", "2024-07-20", "referral_order"),
]


def test_custody_counts_rows_and_population_year_rule(tmp_path, engine):
    load(tmp_path, engine, CUSTODY_AUTHORITIES, CUSTODY_POPULATION, CUSTODY_OUTCOMES)
    # Periods Mar23 .. Sep24. Population year: Mar23, Jun23 -> 2022; Sep23, Dec23, Mar24
    # (31 Mar 2024 - 6 months = 30 Sep 2023), Jun24 -> 2023; Sep24 -> 2024.
    # C1 has 2023 (1000) and 2024 (9999): 2022 -> nearest 2023; 2024 only for Sep24.
    # C2 has only 2023 (500).
    got = table(custody(engine, Selection(level="local_authority")), ["area_code", "period_end"],
                ["custodial_sentences", "population", "rate_per_1000"])
    assert got == {
        # C1 has no outcome aged 10-17 in Mar23 (2022-04-01..2023-03-31): no row.
        ("C1", JUN23): (0, 1000, approx(0.0)),   # only k7 (referral): zero is reported
        ("C1", SEP23): (0, 1000, approx(0.0)),
        ("C1", DEC23): (0, 1000, approx(0.0)),
        ("C1", MAR24): (2, 1000, approx(2.0)),   # k1a, k1b (k4 aged 18 excluded)
        ("C1", JUN24): (2, 1000, approx(2.0)),   # k1a, k1b
        ("C1", SEP24): (2, 9999, approx(2 / 9999 * 1000)),
        ("C2", MAR23): (1, 500, approx(2.0)),    # k5
        ("C2", JUN23): (2, 500, approx(4.0)),    # k5, k6
        ("C2", SEP23): (2, 500, approx(4.0)),
        ("C2", DEC23): (2, 500, approx(4.0)),
        ("C2", MAR24): (2, 500, approx(4.0)),    # k6 (first day), k2 (last day); not k5
        ("C2", JUN24): (1, 500, approx(2.0)),    # k2
        ("C2", SEP24): (1, 500, approx(2.0)),    # k2; C2 falls back to 2023
    }
    got = table(custody(engine, Selection(level="service")), ["area_code", "period_end"],
                ["custodial_sentences", "population", "rate_per_1000"])
    assert got == {
        ("SC", MAR23): (1, 1500, approx(1 / 1500 * 1000)),
        ("SC", JUN23): (2, 1500, approx(2 / 1500 * 1000)),
        ("SC", SEP23): (2, 1500, approx(2 / 1500 * 1000)),
        ("SC", DEC23): (2, 1500, approx(2 / 1500 * 1000)),
        ("SC", MAR24): (4, 1500, approx(4 / 1500 * 1000)),
        ("SC", JUN24): (3, 1500, approx(3 / 1500 * 1000)),
        # Each authority's own choice: C1 2024 (9999) + C2 2023 (500).
        ("SC", SEP24): (3, 10499, approx(3 / 10499 * 1000)),
    }
    frame = custody(engine, Selection(level="all"))
    assert list(frame["custodial_sentences"]) == [1, 2, 2, 2, 4, 3, 3]
    assert list(frame["population"]) == [1500] * 6 + [10499]
    assert list(frame["period_start"]) == [
        d("2022-04-01"), d("2022-07-01"), d("2022-10-01"), d("2023-01-01"), d("2023-04-01"),
        d("2023-07-01"), d("2023-10-01")]


def test_population_function_follows_the_year_rule(tmp_path, engine):
    load(tmp_path, engine, CUSTODY_AUTHORITIES, CUSTODY_POPULATION, CUSTODY_OUTCOMES)
    got = table(population(engine, Selection(level="local_authority")), ["area_code", "period_end"],
                ["population"])
    assert got[("C1", MAR24)] == (1000,)   # 2023, not the 2024 estimate
    assert got[("C1", SEP24)] == (9999,)
    assert got[("C2", SEP24)] == (500,)
    by_eth = table(population(engine, Selection(level="local_authority"), by="ethnicity"),
                   ["area_code", "period_end", "group"], ["population"])
    assert by_eth[("C1", MAR24, "White")] == (600,)
    assert by_eth[("C1", MAR24, "Black")] == (400,)
    assert by_eth[("C1", MAR24, "Asian")] == (0,)    # no rows: 0
    assert by_eth[("C1", SEP24, "White")] == (9999,)


# --------------------------------------------------------------------------------------
# Proven reoffending
# --------------------------------------------------------------------------------------
REOFF_AUTHORITIES = [la("R1", "SR"), la("R2", "SR")]
REOFF_POPULATION = [pop("R1", 2022, 1000), pop("R2", 2022, 1000)]
# Index 2022-08-31: +6 months = 2023-02-28, +12 = 2023-08-31, +18 = 2024-02-29 (leap day).
REOFF_OUTCOMES = [
    # a: 12-month offence window and 18-month proven window, both on the exact last day.
    out("a1", "a", "R1", "2022-08-31", "youth_caution", age=16),
    out("a2", "a", "R1", "2023-01-15", "youth_caution", age=16, offence_date="2022-12-01"),
    out("a3", "a", "R1", "2024-02-29", "fine", age=17, offence_date="2023-08-31"),
    # b: offence one day after the 12-month window.
    out("b1", "b", "R1", "2022-08-31", "youth_caution", age=16),
    out("b2", "b", "R1", "2023-10-01", "fine", age=17, offence_date="2023-09-01"),
    # c: offence inside the window but proven one day after the 18-month window.
    out("c1", "c", "R1", "2022-08-31", "youth_caution", age=16),
    out("c2", "c", "R1", "2024-03-01", "fine", age=17, offence_date="2023-08-31"),
    # d: offence on the index date; offence before the index date proven after it.
    out("d1", "d", "R1", "2022-08-31", "youth_caution"),
    out("d2", "d", "R1", "2022-09-15", "fine", offence_date="2022-08-31"),
    out("d3", "d", "R1", "2022-10-10", "fine", offence_date="2022-08-01"),
    # e: reoffence at 18 counts; a diversion never does.
    out("e1", "e", "R1", "2022-08-31", "referral_order", age=17),
    out("e2", "e", "R1", "2023-04-01", "referral_order", age=18, offence_date="2023-02-28"),
    out("e3", "e", "R1", "2023-04-02", "community_resolution", age=18,
        offence_date="2023-04-01"),
    # f: diversions only: never a cohort member.
    out("f1", "f", "R1", "2022-09-10", "community_resolution", age=14),
    out("f2", "f", "R1", "2022-10-01", "outcome_22", age=14),
    # g: two substantive outcomes in one quarter: the later one (later offence) is a
    #    reoffence of the earlier index; a later restorative disposal is not.
    out("g1", "g", "R1", "2022-07-05", "youth_caution", offence_date="2022-07-01"),
    out("g2", "g", "R1", "2022-09-20", "referral_order", offence_date="2022-08-01"),
    out("g3", "g", "R1", "2022-10-05", "youth_restorative_disposal", offence_date="2022-10-01"),
    # h: second outcome in the quarter for an offence before the index date: not counted.
    out("h1", "h", "R1", "2022-07-10", "youth_caution"),
    out("h2", "h", "R1", "2022-08-01", "fine", offence_date="2022-07-01"),
    # i: reoffence one day after index + 6 months (28 Feb) -> tracker month 7; the
    #    reoffence is in R2, which makes i a member of R2's Q1 2023 cohort.
    out("i1", "i", "R1", "2022-08-31", "youth_caution"),
    out("i2", "i", "R2", "2023-03-20", "fine", offence_date="2023-03-01"),
    # j: two outcomes on the index date; "j10" < "j9", so the index is j10 (in R2).
    out("j9", "j", "R1", "2022-08-15", "fine", age=14, offence_date="2022-08-10"),
    out("j10", "j", "R2", "2022-08-15", "youth_caution", age=14, offence_date="2022-08-10"),
    # z: the latest outcome loaded: default as_of = 2024-06-30.
    out("z1", "z", "R1", "2024-06-30", "community_resolution", age=13),
]
Q3_22, Q4_22, Q1_23, Q4_23, Q1_24 = (d("2022-07-01"), d("2022-10-01"), d("2023-01-01"),
                                     d("2023-10-01"), d("2024-01-01"))
REOFF_KEYS = ["area_code", "cohort_start"]
REOFF_VALUES = ["cohort_end", "status", "cohort_size", "reoffenders", "reoffences"]


def _rates(frame):
    return table(frame, REOFF_KEYS,
                 ["binary_rate_pct", "reoffences_per_reoffender", "reoffences_per_child"])


def test_reoffending_cohorts_default_as_of(tmp_path, engine):
    load(tmp_path, engine, REOFF_AUTHORITIES, REOFF_POPULATION, REOFF_OUTCOMES)
    # Cohort memberships (index = earliest substantive outcome aged 10-17 in the quarter):
    #   Q3 2022: R1 a,b,c,d,e,g,h,i (8); R2 j (index j10).
    #   Q4 2022: R1 d (d3 2022-10-10).       Q1 2023: R1 a (a2); R2 i (i2).
    #   Q4 2023: R1 b (b2).                  Q1 2024: R1 a (a3), c (c2).
    # Q3 2022 reoffences: a2, a3 (a); e2 (e, at 18); g2 (g); i2 (i) -> 4 reoffenders, 5.
    # Q1 2023 R1: a3 (offence 2023-08-31 <= 2024-01-15, proven 2024-02-29 <= 2024-07-15).
    # Status at as_of 2024-06-30: Q3 2022 complete (30 Sep 2022 + 18 m = 30 Mar 2024),
    #   Q4 2022 complete on the exact day (31 Dec 2022 + 18 m = 30 Jun 2024), rest provisional.
    frame = reoffending(engine, Selection(level="local_authority"))
    assert table(frame, REOFF_KEYS, REOFF_VALUES) == {
        ("R1", Q3_22): (d("2022-09-30"), "complete", 8, 4, 5),
        ("R1", Q4_22): (d("2022-12-31"), "complete", 1, 0, 0),
        ("R1", Q1_23): (d("2023-03-31"), "provisional", 1, 1, 1),
        ("R1", Q4_23): (d("2023-12-31"), "provisional", 1, 0, 0),
        ("R1", Q1_24): (d("2024-03-31"), "provisional", 2, 0, 0),
        ("R2", Q3_22): (d("2022-09-30"), "complete", 1, 0, 0),
        ("R2", Q1_23): (d("2023-03-31"), "provisional", 1, 0, 0),
    }
    rates = _rates(frame)
    assert rates[("R1", Q3_22)] == (approx(50.0), approx(1.25), approx(0.625))
    assert rates[("R1", Q1_23)] == (approx(100.0), approx(1.0), approx(1.0))
    # 0 reoffenders: reoffences_per_reoffender is empty, the other two are 0.
    binary, per_reoffender, per_child = rates[("R1", Q4_22)]
    assert binary == 0 and per_child == 0 and is_empty(per_reoffender)

    service = reoffending(engine, Selection(level="service"))
    assert table(service, REOFF_KEYS, REOFF_VALUES) == {
        ("SR", Q3_22): (d("2022-09-30"), "complete", 9, 4, 5),
        ("SR", Q4_22): (d("2022-12-31"), "complete", 1, 0, 0),
        ("SR", Q1_23): (d("2023-03-31"), "provisional", 2, 1, 1),
        ("SR", Q4_23): (d("2023-12-31"), "provisional", 1, 0, 0),
        ("SR", Q1_24): (d("2024-03-31"), "provisional", 2, 0, 0),
    }
    assert _rates(service)[("SR", Q3_22)] == (approx(400 / 9), approx(1.25), approx(5 / 9))
    everyone = reoffending(engine, Selection(level="all"))
    assert table(everyone, ["cohort_start"], ["cohort_size", "reoffenders", "reoffences"]) == {
        (Q3_22,): (9, 4, 5), (Q4_22,): (1, 0, 0), (Q1_23,): (2, 1, 1), (Q4_23,): (1, 0, 0),
        (Q1_24,): (2, 0, 0)}
    assert set(everyone["area_name"]) == {"All areas"}


def test_reoffending_cohort_members_and_index(tmp_path, engine):
    load(tmp_path, engine, REOFF_AUTHORITIES, REOFF_POPULATION, REOFF_OUTCOMES)
    m = CohortMember.__table__
    with engine.connect() as conn:
        rows = {(r.cohort_start, r.child_id): (r.index_outcome_id, r.local_authority)
                for r in conn.execute(select(m).where(m.c.basis == "national"))}
    assert rows == {
        (Q3_22, "a"): ("a1", "R1"), (Q3_22, "b"): ("b1", "R1"), (Q3_22, "c"): ("c1", "R1"),
        (Q3_22, "d"): ("d1", "R1"), (Q3_22, "e"): ("e1", "R1"), (Q3_22, "g"): ("g1", "R1"),
        (Q3_22, "h"): ("h1", "R1"), (Q3_22, "i"): ("i1", "R1"), (Q3_22, "j"): ("j10", "R2"),
        (Q4_22, "d"): ("d3", "R1"), (Q1_23, "a"): ("a2", "R1"), (Q1_23, "i"): ("i2", "R2"),
        (Q4_23, "b"): ("b2", "R1"), (Q1_24, "a"): ("a3", "R1"), (Q1_24, "c"): ("c2", "R1"),
    }


def test_reoffending_explicit_as_of(tmp_path, engine):
    load(tmp_path, engine, REOFF_AUTHORITIES, REOFF_POPULATION, REOFF_OUTCOMES)
    # as_of 2024-01-31: a3 (proven 2024-02-29) not yet counted. Q3 2022 keeps a2, e2, g2,
    # i2 -> 4 reoffenders, 4 reoffences; every cohort is provisional; Q1 2023 R1 has no
    # reoffender. Cohorts whose index dates fall after as_of are still listed (Q1 2024).
    frame = reoffending(engine, Selection(level="local_authority"), as_of=d("2024-01-31"))
    assert table(frame, REOFF_KEYS, REOFF_VALUES) == {
        ("R1", Q3_22): (d("2022-09-30"), "provisional", 8, 4, 4),
        ("R1", Q4_22): (d("2022-12-31"), "provisional", 1, 0, 0),
        ("R1", Q1_23): (d("2023-03-31"), "provisional", 1, 0, 0),
        ("R1", Q4_23): (d("2023-12-31"), "provisional", 1, 0, 0),
        ("R1", Q1_24): (d("2024-03-31"), "provisional", 2, 0, 0),
        ("R2", Q3_22): (d("2022-09-30"), "provisional", 1, 0, 0),
        ("R2", Q1_23): (d("2023-03-31"), "provisional", 1, 0, 0),
    }
    rates = _rates(frame)
    assert rates[("R1", Q3_22)] == (approx(50.0), approx(1.0), approx(0.5))
    binary, per_reoffender, per_child = rates[("R1", Q1_23)]
    assert binary == 0 and per_child == 0 and is_empty(per_reoffender)

    # The completeness boundary: 30 Sep 2022 + 18 months = 30 Mar 2024.
    on_day = reoffending(engine, Selection(level="local_authority", area="R1"), as_of=d("2024-03-30"))
    assert table(on_day, REOFF_KEYS, ["status", "reoffences"])[("R1", Q3_22)] == (
        "complete", 5)
    day_before = reoffending(engine, Selection(level="local_authority", area="R1"), as_of=d("2024-03-29"))
    assert table(day_before, REOFF_KEYS, ["status", "reoffences"])[("R1", Q3_22)] == (
        "provisional", 5)
    # a3's own outcome date is the as_of day: counted (outcome_date <= as_of).
    leap = reoffending(engine, Selection(level="local_authority", area="R1"), as_of=d("2024-02-29"))
    assert table(leap, REOFF_KEYS, ["reoffences"])[("R1", Q3_22)] == (5,)
    leap_eve = reoffending(engine, Selection(level="local_authority", area="R1"), as_of=d("2024-02-28"))
    assert table(leap_eve, REOFF_KEYS, ["reoffences"])[("R1", Q3_22)] == (4,)

    # The default as_of is the latest outcome_date loaded (2024-06-30): same as explicit.
    pd.testing.assert_frame_equal(reoffending(engine, Selection(level="local_authority")),
                                  reoffending(engine, Selection(level="local_authority"), as_of=d("2024-06-30")))


def test_reoffending_tracker_curve(tmp_path, engine):
    load(tmp_path, engine, REOFF_AUTHORITIES, REOFF_POPULATION, REOFF_OUTCOMES)
    # R1 Q3 2022 (8 children), month of the first reoffence (offence <= index + m months):
    #   g: index 2022-07-05, offence 2022-08-01 <= 2022-08-05 -> m1
    #   a: index 2022-08-31, offence 2022-12-01 > 2022-11-30 (m3) -> m4
    #   e: offence 2023-02-28 = 31 Aug 2022 + 6 months (clamped to 28 Feb) -> m6
    #   i: offence 2023-03-01, one day later -> m7
    frame = tracker(engine, Selection(level="local_authority", area="R1"))
    q3 = frame[frame["cohort_start"] == Q3_22].sort_values("month")
    assert list(q3["month"]) == list(range(1, 13))
    assert list(q3["cohort_size"]) == [8] * 12
    assert list(q3["reoffended"]) == [1, 1, 1, 2, 2, 3, 4, 4, 4, 4, 4, 4]
    assert list(q3["pct_reoffended"]) == approx([12.5] * 3 + [25.0] * 2 + [37.5] + [50.0] * 6)
    # Before a3 and e2 are proven nothing changes for a (a2 is first) but e2 (2023-04-01)
    # drops out at as_of 2023-03-31, and i2 (2023-03-20) stays.
    early = tracker(engine, Selection(level="local_authority", area="R1"), as_of=d("2023-03-31"))
    q3 = early[early["cohort_start"] == Q3_22].sort_values("month")
    assert list(q3["reoffended"]) == [1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3, 3]


def test_reoffending_pooled_annual(tmp_path, engine):
    load(tmp_path, engine, REOFF_AUTHORITIES, REOFF_POPULATION, REOFF_OUTCOMES)
    frame = reoffending(engine, Selection(level="local_authority"))
    # Year of cohorts ending 2023-06-30: Q3 2022 .. Q2 2023. R1: sizes 8 + 1 + 1 = 10,
    # reoffenders 4 + 0 + 1 = 5, reoffences 5 + 0 + 1 = 6.
    annual = pooled(frame, d("2023-06-30"))
    r1 = Row(annual)(area_code="R1")
    assert (r1["cohort_size"], r1["reoffenders"], r1["reoffences"]) == (10, 5, 6)
    assert r1["binary_rate_pct"] == approx(50.0)
    assert r1["reoffences_per_reoffender"] == approx(1.2)
    assert r1["reoffences_per_child"] == approx(0.6)
    r2 = Row(annual)(area_code="R2")   # j (Q3 2022) + i (Q1 2023), no reoffences
    assert (r2["cohort_size"], r2["reoffenders"], r2["reoffences"]) == (2, 0, 0)
    assert is_empty(r2["reoffences_per_reoffender"])


# --------------------------------------------------------------------------------------
# Disposals
# --------------------------------------------------------------------------------------
def test_disposals_rows_children_and_shares(tmp_path, engine):
    outcomes = [
        out("p1", "p", "D1", "2024-01-05", "referral_order"),
        out("p2", "p", "D1", "2024-02-05", "referral_order"),
        out("p3", "p", "D2", "2024-03-01", "referral_order"),        # same child, other LA
        out("q1", "q", "D2", "2024-01-20", "referral_order", age=16),
        out("q2", "q", "D2", "2024-02-20", "community_resolution", age=16),
        out("r1", "r", "D1", "2024-03-10", "fine", age=18),          # excluded: aged 18
        out("s1", "s", "D1", "2024-03-15", "youth_caution", age=12),
    ]
    load(tmp_path, engine, [la("D1", "SD"), la("D2", "SD")],
         [pop("D1", 2023, 100), pop("D2", 2023, 100)], outcomes)
    keys = ["area_code", "period_end", "outcome_type"]
    values = ["tier", "disposals", "children", "pct_of_disposals"]
    # Only Mar24. D1: referral 2 rows / 1 child, caution 1/1 (total 3). D2: CR 1/1,
    # referral 2/2 (p, q) (total 3). Fine has no row aged 10-17: not listed at all.
    assert table(disposals(engine, Selection(level="local_authority")), keys, values) == {
        ("D1", MAR24, "youth_caution"): ("pre_court", 1, 1, approx(100 / 3)),
        ("D1", MAR24, "referral_order"): ("first_tier", 2, 1, approx(200 / 3)),
        ("D2", MAR24, "community_resolution"): ("diversion", 1, 1, approx(100 / 3)),
        ("D2", MAR24, "referral_order"): ("first_tier", 2, 2, approx(200 / 3)),
    }
    # Service: referral 4 rows, children p and q counted once each; total 6 rows.
    frame = disposals(engine, Selection(level="service"))
    assert table(frame, keys, values) == {
        ("SD", MAR24, "community_resolution"): ("diversion", 1, 1, approx(100 / 6)),
        ("SD", MAR24, "youth_caution"): ("pre_court", 1, 1, approx(100 / 6)),
        ("SD", MAR24, "referral_order"): ("first_tier", 4, 2, approx(400 / 6)),
    }
    assert list(frame["outcome_type"]) == ["community_resolution", "youth_caution",
                                           "referral_order"]   # CONTRACT §2 order
    assert list(frame["period_start"]) == [d("2023-04-01")] * 3
    everyone = disposals(engine, Selection(level="all"))
    assert list(everyone["disposals"]) == [1, 1, 4]
    assert list(everyone["children"]) == [1, 1, 2]
    assert sum(everyone["pct_of_disposals"]) == approx(100.0)


# --------------------------------------------------------------------------------------
# Ethnic disproportionality
# --------------------------------------------------------------------------------------
DISP_POPULATION = [
    pop("X1", 2023, 600, "White", "M", 15), pop("X1", 2023, 400, "White", "F", 12),  # 1000
    pop("X1", 2023, 200, "Black", "M", 16),
    pop("X1", 2023, 500, "Asian", "F", 17),
    pop("X1", 2023, 100, "Other", "M", 10),
    pop("X1", 2022, 7777, "Mixed", "M", 10),   # another year: not used for Mar24 (2023)
]                                              # Mixed has no 2023 rows -> population 0
DISP_OUTCOMES = [
    out("w1", "w1", "X1", "2024-01-10", "youth_caution", age=14),
    out("w2", "w2", "X1", "2024-01-15", "referral_order"),
    out("w3", "w3", "X1", "2024-02-01", "detention_training_order"),
    out("w4", "w4", "X1", "2024-02-10", "community_resolution"),      # diversion: no stage
    out("w5a", "w5", "X1", "2020-05-01", "youth_caution", age=9),     # first entry at 9
    out("w5b", "w5", "X1", "2024-02-15", "referral_order", age=13),   # so not an FTE
    out("w6", "w6", "X1", "2024-03-25", "detention_training_order", age=18),  # excluded
    out("b1a", "b1", "X1", "2024-01-20", "youth_caution", ethnicity="Black"),
    out("b1b", "b1", "X1", "2024-03-01", "referral_order", ethnicity="Black"),
    out("b2", "b2", "X1", "2024-02-20", "section_250", ethnicity="Black"),
    out("b3", "b3", "X1", "2024-03-05", "youth_conditional_caution", ethnicity="Black"),
    out("b4", "b4", "X1", "2024-03-10", "outcome_22", ethnicity="Black"),
    out("s1", "s1", "X1", "2024-02-02", "fine", ethnicity="Asian"),
    out("m1", "m1", "X1", "2024-02-03", "youth_caution", ethnicity="Mixed"),
    out("u1", "u1", "X1", "2024-01-25", "referral_order", ethnicity="Unknown"),
    # x1: recorded White on the caution, Black on the fine: counted in each group.
    out("x1a", "x1", "X1", "2024-01-05", "youth_caution", ethnicity="White"),
    out("x1b", "x1", "X1", "2024-03-20", "fine", ethnicity="Black"),
]
# Counts per stage (Mar24), hand-tallied from the rows above:
DISP_COUNTS = {
    #                         White Mixed Asian Black Other Unknown
    "fte":                    (4, 1, 1, 3, 0, 1),   # W: w1 w2 w3 x1; B: b1 b2 b3
    "cautioned_or_sentenced": (5, 1, 1, 4, 0, 1),   # W: + w5; B: + x1
    "out_of_court":           (2, 1, 0, 2, 0, 0),   # W: w1 x1; M: m1; B: b1 b3
    "court":                  (3, 0, 1, 3, 0, 1),   # W: w2 w3 w5; A: s1; B: b1 b2 x1; U: u1
    "custody":                (1, 0, 0, 1, 0, 0),   # W: w3; B: b2 (w6 aged 18)
}
GROUPS = ["White", "Mixed", "Asian", "Black", "Other", "Unknown"]
DISP_POP = {"White": 1000, "Mixed": 0, "Asian": 500, "Black": 200, "Other": 100}


def test_disproportionality_counts_rates_and_shares(tmp_path, engine):
    load(tmp_path, engine, [la("X1", "SX")], DISP_POPULATION, DISP_OUTCOMES)
    frame = disproportionality(engine, Selection(level="local_authority"))
    assert len(frame) == 5 * 7    # one period, 5 stages x (5 groups, Minority ethnic, Unknown)
    assert set(frame["period_end"]) == {MAR24}
    row = Row(frame)
    for stage, counts in DISP_COUNTS.items():
        known_total = sum(counts[:5])
        for group, count in zip(GROUPS, counts):
            r = row(stage=stage, ethnicity=group)
            assert r["count"] == count, (stage, group)
            if group == "Unknown":                  # a count only
                for column in ("population", "rate_per_1000", "relative_rate_index",
                               "rri_lower_95", "rri_upper_95", "share_of_stage_pct",
                               "share_of_population_pct", "significance"):
                    assert is_empty(r[column]), (stage, column)
                continue
            assert r["population"] == DISP_POP[group]
            if group == "Mixed":                    # population 0 -> empty rate and RRI
                assert is_empty(r["rate_per_1000"]) and is_empty(r["relative_rate_index"])
            else:
                assert r["rate_per_1000"] == approx(count / DISP_POP[group] * 1000)
            assert r["share_of_stage_pct"] == approx(count / known_total * 100)
            # 1000 + 0 + 500 + 200 + 100 = 1800
            assert r["share_of_population_pct"] == approx(DISP_POP[group] / 1800 * 100)
    # A few written out: fte White 4/1000 -> 4.0 per 1000, Black 3/200 -> 15.0,
    # share of stage: Black 3 / (4+1+1+3+0) = 33.33 %, population share 200/1800 = 11.1 %.
    assert row(stage="fte", ethnicity="Black")["rate_per_1000"] == approx(15.0)
    assert row(stage="fte", ethnicity="White")["rate_per_1000"] == approx(4.0)
    assert row(stage="fte", ethnicity="Black")["share_of_stage_pct"] == approx(33.3333333)
    assert row(stage="fte", ethnicity="Black")["share_of_population_pct"] == approx(11.1111111)


def test_disproportionality_rri_interval_and_significance(tmp_path, engine):
    load(tmp_path, engine, [la("X1", "SX")], DISP_POPULATION, DISP_OUTCOMES)
    row = Row(disproportionality(engine, Selection(level="local_authority")))

    def check(stage, group, rri, lower, upper, significance):
        r = row(stage=stage, ethnicity=group)
        assert r["relative_rate_index"] == approx(rri), (stage, group)
        for column, expected in (("rri_lower_95", lower), ("rri_upper_95", upper)):
            if expected is None:
                assert is_empty(r[column]), (stage, group, column)
            else:
                assert r[column] == approx(expected, rel=1e-6), (stage, group, column)
        assert r["significance"] == significance, (stage, group)

    # fte Black: RRI (3/200)/(4/1000) = 3.75; var = 1/3 - 1/200 + 1/4 - 1/1000 = 0.577333,
    # half width 1.96 x 0.759824 = 1.489255 -> exp(1.321756 -+ 1.489255) = 0.84578 .. 16.627
    check("fte", "Black", 3.75, 0.8457764, 16.626735, "none")
    assert rri_interval(3, 200, 4, 1000) == (approx(0.8457764), approx(16.626735))
    # fte Asian: (1/500)/(4/1000) = 0.5; var = 1 - 0.002 + 0.25 - 0.001 = 1.247
    check("fte", "Asian", 0.5, 0.0560303, 4.4618713, "none")
    # court Black: (3/200)/(3/1000) = 5; var = 1/3 - 1/200 + 1/3 - 1/1000 = 0.660333,
    # half width 1.592714; lower exp(1.609438 - 1.592714) = 1.01646 > 1 -> over
    check("court", "Black", 5.0, 1.0164563, 24.595252, "over")
    # cautioned_or_sentenced Black: (4/200)/(5/1000) = 4; lower 1.0836 -> over
    check("cautioned_or_sentenced", "Black", 4.0, *rri_interval(4, 200, 5, 1000), "over")
    check("cautioned_or_sentenced", "Asian", 0.4, *rri_interval(1, 500, 5, 1000), "none")
    check("custody", "Black", 5.0, *rri_interval(1, 200, 1, 1000), "none")
    # Zero count: RRI 0, interval empty (a = 0), not significant.
    check("fte", "Other", 0.0, None, None, "none")
    check("custody", "Asian", 0.0, None, None, "none")
    # White is the reference: RRI 1, empty interval.
    for stage in DISP_COUNTS:
        check(stage, "White", 1.0, None, None, "reference")
    # Mixed: population 0 -> rate and RRI empty.
    r = row(stage="out_of_court", ethnicity="Mixed")
    assert r["count"] == 1 and is_empty(r["relative_rate_index"])
    assert is_empty(r["rri_lower_95"]) and r["significance"] == "none"


def test_disproportionality_under_and_no_white_children(tmp_path, engine):
    outcomes = [out(f"y{i}", f"y{i}", "Y1", f"2024-01-1{i}", "referral_order", age=14)
                for i in range(1, 6)]
    outcomes.append(out("a1", "a1", "Y1", "2024-02-01", "youth_caution", age=14,
                        ethnicity="Asian"))
    load(tmp_path, engine, [la("Y1", "SY")],
         [pop("Y1", 2023, 10, "White", "M", 14), pop("Y1", 2023, 1000, "Asian", "M", 14)],
         outcomes)
    row = Row(disproportionality(engine, Selection(level="local_authority")))
    # fte: White 5/10 -> 500 per 1000; Asian 1/1000 -> 1; RRI 0.002;
    # var = 1 - 0.001 + 0.2 - 0.1 = 1.099, upper = 0.002 exp(1.96 x 1.048332) = 0.01561 < 1
    r = row(stage="fte", ethnicity="Asian")
    assert r["relative_rate_index"] == approx(0.002)
    assert r["rri_upper_95"] == approx(0.0156095, rel=1e-5)
    assert r["rri_lower_95"] == approx(0.00025625, rel=1e-4)
    assert r["significance"] == "under"
    # out_of_court: no White children -> every RRI empty, White's included.
    for group in ["White", "Mixed", "Asian", "Black", "Other"]:
        r = row(stage="out_of_court", ethnicity=group)
        assert is_empty(r["relative_rate_index"]), group
        assert is_empty(r["rri_lower_95"]) and is_empty(r["rri_upper_95"])
    assert row(stage="out_of_court", ethnicity="White")["significance"] == "reference"
    assert row(stage="out_of_court", ethnicity="Asian")["significance"] == "none"
    assert row(stage="out_of_court", ethnicity="Asian")["rate_per_1000"] == approx(1.0)
    assert row(stage="out_of_court", ethnicity="White")["rate_per_1000"] == approx(0.0)
    # court: White 5, Asian 0 -> RRI 0 with an empty interval.
    r = row(stage="court", ethnicity="Asian")
    assert r["count"] == 0 and r["relative_rate_index"] == approx(0.0)
    assert is_empty(r["rri_lower_95"]) and r["significance"] == "none"
    # custody: nobody -> White rate 0 -> every RRI empty; shares of stage empty (0 / 0).
    for group in ["White", "Asian"]:
        r = row(stage="custody", ethnicity=group)
        assert r["count"] == 0 and is_empty(r["relative_rate_index"])
        assert is_empty(r["share_of_stage_pct"])
    # Black has no population rows: population 0, rate empty.
    r = row(stage="fte", ethnicity="Black")
    assert r["population"] == 0 and is_empty(r["rate_per_1000"])


def test_disproportionality_service_and_all_count_children_once(tmp_path, engine):
    # One child cautioned in two authorities of one service: one child in the service.
    outcomes = [
        out("v1", "v", "V1", "2024-01-10", "youth_caution", ethnicity="Black"),
        out("v2", "v", "V2", "2024-02-10", "youth_caution", ethnicity="Black"),
        out("t1", "t", "V1", "2024-01-11", "youth_caution"),
        out("t2", "t", "V2", "2024-02-11", "referral_order"),
    ]
    load(tmp_path, engine, [la("V1", "SV"), la("V2", "SV")],
         [pop("V1", 2023, 100), pop("V2", 2023, 300),
          pop("V1", 2023, 40, "Black"), pop("V2", 2023, 60, "Black")], outcomes)
    for level, code in (("service", "SV"), ("all", "all")):
        row = Row(disproportionality(engine, Selection(level=level)))
        black = row(area_code=code, stage="out_of_court", ethnicity="Black")
        white = row(area_code=code, stage="out_of_court", ethnicity="White")
        assert (black["count"], black["population"]) == (1, 100)   # 40 + 60
        assert (white["count"], white["population"]) == (1, 400)   # 100 + 300
        # RRI = (1/100) / (1/400) = 4
        assert black["relative_rate_index"] == approx(4.0)
    per_la = Row(disproportionality(engine, Selection(level="local_authority")))
    assert per_la(area_code="V1", stage="out_of_court", ethnicity="Black")["count"] == 1
    assert per_la(area_code="V2", stage="out_of_court", ethnicity="Black")["count"] == 1
    assert per_la(area_code="V2", stage="court", ethnicity="White")["count"] == 1


# --------------------------------------------------------------------------------------
# End to end: `python -m dashboard load` then `export`
# --------------------------------------------------------------------------------------
REOFFENDING_COLUMNS = ["cohort_start", "cohort_end", "status", "cohort_size", "reoffenders",
                       "reoffences", "binary_rate_pct", "reoffences_per_reoffender",
                       "reoffences_per_child",
                       "binary_rate_lower_95", "binary_rate_upper_95"]       # v2
EXPORT_COLUMNS = {
    "fte.csv": ["period_start", "period_end", "fte_count", "population", "rate_per_100k",
                "rate_lower_95", "rate_upper_95"],                             # v2
    "custody.csv": ["period_start", "period_end", "custodial_sentences", "population",
                    "rate_per_1000",
                    "children", "rate_lower_95", "rate_upper_95"],             # v2
    "reoffending.csv": REOFFENDING_COLUMNS,
    "disposals.csv": ["period_start", "period_end", "outcome_type", "tier", "disposals",
                      "children", "pct_of_disposals"],
    "disproportionality.csv": ["period_start", "period_end", "stage", "ethnicity", "count",
                               "population", "rate_per_1000", "relative_rate_index",
                               "rri_lower_95", "rri_upper_95", "share_of_stage_pct",
                               "share_of_population_pct", "significance"],
    "reoffending_all_outcomes.csv": REOFFENDING_COLUMNS,                      # v2
}


def run_cli(database_url, *args):
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run([sys.executable, "-m", "dashboard", *args], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def close(text: str, expected: float) -> bool:
    return float(text) == approx(expected, rel=1e-6)


def test_cli_load_and_export_end_to_end(tmp_path, database_url):
    folder = write_folder(tmp_path / "import", [la("X1", "SX", name="Exshire")],
                          DISP_POPULATION, DISP_OUTCOMES)
    loaded = run_cli(database_url, "load", str(folder))
    assert loaded.returncode == 0, loaded.stderr
    exported = run_cli(database_url, "export", str(tmp_path / "out"))
    assert exported.returncode == 0, exported.stderr
    outdir = tmp_path / "out"
    for name, columns in EXPORT_COLUMNS.items():
        assert header(outdir / name) == ["area_type", "area_code", "area_name", *columns]

    fte_rows = read_csv(outdir / "fte.csv")
    assert [(r["area_type"], r["area_code"], r["area_name"]) for r in fte_rows] == [
        ("local_authority", "X1", "Exshire"), ("service", "SX", "SX"), ("all", "all", "All areas")]
    for r in fte_rows:
        # Mar24 only; 10 FTEs (W4 M1 A1 B3 U1) / 1800 children x 100000 = 555.56
        assert (r["period_start"], r["period_end"], r["fte_count"], r["population"]) == (
            "2023-04-01", "2024-03-31", "10", "1800")
        assert close(r["rate_per_100k"], 10 / 1800 * 100000)
    for r in read_csv(outdir / "custody.csv"):
        assert (r["custodial_sentences"], r["population"]) == ("2", "1800")   # w3, b2
        assert close(r["rate_per_1000"], 2 / 1800 * 1000)

    disposal_rows = [r for r in read_csv(outdir / "disposals.csv") if r["area_code"] == "X1"]
    # 15 rows aged 10-17: caution 4 (w1 b1a m1 x1a), referral 4 (w2 w5b b1b u1), fine 2,
    # DTO, s250, YCC, CR, O22 1 each.
    got = {r["outcome_type"]: (r["tier"], r["disposals"], r["children"]) for r in disposal_rows}
    assert got == {
        "community_resolution": ("diversion", "1", "1"), "outcome_22": ("diversion", "1", "1"),
        "youth_caution": ("pre_court", "4", "4"),
        "youth_conditional_caution": ("pre_court", "1", "1"),
        "fine": ("first_tier", "2", "2"), "referral_order": ("first_tier", "4", "4"),
        "detention_training_order": ("custody", "1", "1"), "section_250": ("custody", "1", "1"),
    }
    pct = {r["outcome_type"]: r["pct_of_disposals"] for r in disposal_rows}
    assert close(pct["youth_caution"], 400 / 15) and close(pct["outcome_22"], 100 / 15)

    # Reoffending: Q1 2024 cohort of 11 (w1 w2 w3 w5 b1 b2 b3 s1 m1 u1 x1); reoffences
    # b1b (offence 03-01 after index 01-20) and x1b (03-20 after 01-05); as_of 2024-03-25.
    reoff = read_csv(outdir / "reoffending.csv")
    assert len(reoff) == 3
    for r in reoff:
        assert (r["cohort_start"], r["cohort_end"], r["status"], r["cohort_size"],
                r["reoffenders"], r["reoffences"]) == (
            "2024-01-01", "2024-03-31", "provisional", "11", "2", "2")
        assert close(r["binary_rate_pct"], 200 / 11)
        assert close(r["reoffences_per_reoffender"], 1.0)
        assert close(r["reoffences_per_child"], 2 / 11)

    disp = {(r["area_code"], r["stage"], r["ethnicity"]): r
            for r in read_csv(outdir / "disproportionality.csv")}
    assert len(disp) == 3 * 5 * 7                    # + Minority ethnic (v2)
    black_court = disp[("X1", "court", "Black")]
    assert (black_court["count"], black_court["population"]) == ("3", "200")
    assert close(black_court["relative_rate_index"], 5.0)
    assert close(black_court["rri_lower_95"], 1.0164563)
    assert black_court["significance"] == "over"
    white = disp[("X1", "court", "White")]
    assert close(white["relative_rate_index"], 1.0) and white["significance"] == "reference"
    assert white["rri_lower_95"] == "" and white["rri_upper_95"] == ""
    mixed = disp[("all", "fte", "Mixed")]            # population 0: blank ratios, never 0/inf
    assert (mixed["count"], mixed["population"]) == ("1", "0")
    assert mixed["rate_per_1000"] == "" and mixed["relative_rate_index"] == ""
    unknown = disp[("SX", "court", "Unknown")]
    assert unknown["count"] == "1"
    assert all(unknown[c] == "" for c in EXPORT_COLUMNS["disproportionality.csv"][5:])
    for r in disp.values():
        for column in EXPORT_COLUMNS["disproportionality.csv"][5:12]:
            assert r[column].lower() not in ("inf", "-inf", "nan"), (column, r)

    # --as-of 2024-02-01: neither reoffence is proven yet -> 0 reoffenders, blank ratio.
    exported = run_cli(database_url, "export", str(tmp_path / "early"), "--as-of", "2024-02-01")
    assert exported.returncode == 0, exported.stderr
    for r in read_csv(tmp_path / "early" / "reoffending.csv"):
        assert (r["status"], r["cohort_size"], r["reoffenders"], r["reoffences"]) == (
            "provisional", "11", "0", "0")
        assert float(r["binary_rate_pct"]) == 0 and float(r["reoffences_per_child"]) == 0
        assert r["reoffences_per_reoffender"] == ""


# --------------------------------------------------------------------------------------
# Both backends give the same export on a few thousand generated rows
# --------------------------------------------------------------------------------------
def test_sqlite_and_postgresql_exports_agree(tmp_path, postgres_url, postgres_server):
    from dashboard.output.export import export_all
    from dashboard.etl.generate import generate

    generate(tmp_path / "data", seed=5, services=2, years=3, start_year=2020)
    dbname = f"agree_{os.getpid()}_{abs(hash(str(tmp_path))) % 10**8}"
    postgres_server.admin_execute(f'CREATE DATABASE "{dbname}"')
    texts = {}
    try:
        for name, url in (("sqlite", f"sqlite:///{tmp_path / 'agree.db'}"),
                          ("postgresql", postgres_server.url(dbname))):
            eng = get_engine(url)
            try:
                load_folder(tmp_path / "data", eng)
                for as_of in (None, d("2021-09-30")):
                    outdir = tmp_path / f"{name}-{as_of}"
                    export_all(outdir, as_of, eng)
                    texts[(name, as_of)] = {p.name: p.read_text()
                                            for p in sorted(outdir.iterdir())}
            finally:
                eng.dispose()
    finally:
        postgres_server.admin_execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
    for as_of in (None, d("2021-09-30")):
        sqlite_files, pg_files = texts[("sqlite", as_of)], texts[("postgresql", as_of)]
        assert set(sqlite_files) == set(pg_files) >= set(EXPORT_COLUMNS) | {"kpis.csv"}
        for name in sqlite_files:
            assert sqlite_files[name].count("\n") > 1, name
            assert sqlite_files[name] == pg_files[name], (name, as_of)
