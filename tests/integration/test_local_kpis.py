"""Local KPIs (CONTRACT §4c) against a hand-worked dataset, on SQLite and PostgreSQL.

Quarters are named by their last day: "Q1" = 2024-01-01..2024-03-31, "Q2" = 2024-04-01..
2024-06-30. Authorities A1 and A2 form service S1; B1 is service S2.
"""
from __future__ import annotations

import pytest
from scipy.stats import chi2

from dashboard.analysis.kpis import pooled_year, with_intervals
from dashboard.contract.selection import Selection
from dashboard.core.db import get_engine
from dashboard.etl.loader import load_folder
from dashboard.output.export import export_all
from queries.kpis import kpis
from yj_testdata import (board, d, header, intervention, la, out, pop, read_csv, victim,
                         wilson_pct, write_folder, write_local)

approx = pytest.approx
Q1_23, Q2_23, Q3_23, Q4_23 = d("2023-03-31"), d("2023-06-30"), d("2023-09-30"), d("2023-12-31")
Q1, Q2, Q3 = d("2024-03-31"), d("2024-06-30"), d("2024-09-30")

AUTHORITIES = [la("A1", "S1"), la("A2", "S1"), la("B1", "S2")]
# Population years by the §3 rule (year of quarter end - 6 months): Q1 2023 and Q2 2023 ->
# 2022; Q3 2023 .. Q2 2024 -> 2023; Q3 2024 -> 2024. Nearest loaded year otherwise.
POPULATION = [pop("A1", 2023, 2000), pop("A1", 2024, 4000), pop("A2", 2023, 1000),
              pop("B1", 2022, 500)]
VIOLENCE = "Violence against the person"
OUTCOMES = [
    # Q1 2024, A1
    out("s1", "c1", "A1", "2024-01-10", "referral_order", offence_group=VIOLENCE, gravity="5"),
    out("s2", "c2", "A1", "2024-03-31", "youth_caution", offence_group="ROBBERY", gravity="6"),
    out("s3", "c3", "A1", "2024-02-01", "fine", offence_group=VIOLENCE, gravity="4"),  # < 5
    out("s4", "c4", "A1", "2024-02-02", "community_resolution", offence_group="Robbery",
        gravity="7"),                                        # not substantive
    out("s5", "c5", "A1", "2024-02-03", "youth_caution", offence_group="Theft", gravity="8"),
    out("s6", "c6", "A1", "2024-02-04", "referral_order", age=18, offence_group="Drug offences",
        gravity="6"),                                        # aged 18
    out("s7", "c7", "A1", "2024-02-05", "referral_order", offence_group="Possession of weapons",
        gravity=""),                                         # no gravity
    # Q2 2024: the first day of the quarter; A2's only outcome
    out("s8", "c1", "A1", "2024-04-01", "youth_rehabilitation_order",
        offence_group="drug OFFENCES", gravity="8"),
    out("s9", "c8", "A2", "2024-05-01", "detention_training_order",
        offence_group=" possession of weapons ", gravity="5"),
    # Q3 2024: A1 keeps data, nothing serious
    out("s10", "c9", "A1", "2024-07-15", "youth_caution", gravity="2"),
    # B1's only outcome: Q1 2023
    out("b1", "c10", "B1", "2023-02-01", "youth_caution", offence_group="Robbery", gravity="5"),
]
# Reporting periods: Q1 2023 (first outcome aged 10-17) .. Q3 2024 (last). Reported
# area-periods (an outcome aged 10-17 in the rolling year): A1 Q1..Q3 2024; A2 Q2, Q3 2024;
# B1 Q1..Q4 2023; S1 Q1..Q3 2024; S2 Q1..Q4 2023; all Q1 2023..Q3 2024.

INTERVENTIONS = [
    intervention("i1", "A1", "court_community", "2024-03-31", "completed",   # last day of Q1
                 accommodation_end="suitable", ete_end="suitable", ete_status_end="school",
                 send_identified="Y", send_plan="Y", mental_health_need="Y",
                 mental_health_intervention="N", substance_need="N", looked_after_end="Y",
                 child_in_need_end="N", child_protection_end="N"),
    intervention("i2", "A1", "out_of_court", "2024-02-15", "completed",
                 accommodation_end="unsuitable",           # ete_end not recorded
                 send_identified="N", send_plan="Y",        # a plan without an identified need
                 mental_health_intervention="Y",            # an intervention, need not recorded
                 substance_need="Y", substance_intervention="Y", child_in_need_end="Y"),
    intervention("i3", "A1", "diversion", "2024-01-20", "breached",
                 ete_end="unsuitable", send_identified="Y", send_plan="N",
                 mental_health_need="Y", mental_health_intervention="Y", substance_need="Y",
                 substance_intervention="Y", looked_after_end="N", child_in_need_end="N",
                 child_protection_end="Y"),
    intervention("i4", "A1", "court_community", start_date="2024-02-01",  # open: excluded
                 accommodation_end="suitable", ete_end="suitable", send_identified="Y",
                 send_plan="Y", looked_after_end="Y"),
    intervention("i5", "A1", "diversion", "2024-04-01", "completed",      # first day of Q2
                 accommodation_end="suitable", ete_end="suitable"),
    intervention("i6", "A2", "prevention", "2024-03-01", "other",
                 accommodation_end="suitable", ete_end="unsuitable", send_identified="Y",
                 mental_health_need="N", looked_after_end="N", child_protection_end="N"),
    intervention("i7", "B1", "out_of_court", "2024-03-15", "revoked",
                 accommodation_end="suitable"),
]
BOARD = [
    # S1, 15 January: five statutory partners, three attended; `other` is not counted.
    board("2024-01-15", "S1", "police", "Y"), board("2024-01-15", "S1", "probation", "N"),
    board("2024-01-15", "S1", "health", "Y"), board("2024-01-15", "S1", "education", "Y"),
    board("2024-01-15", "S1", "childrens_social_care", "N"),
    board("2024-01-15", "S1", "other", "Y"),
    board("2024-03-31", "S1", "police", "Y"),                 # last day of Q1
    board("2024-04-01", "S1", "police", "N"), board("2024-04-01", "S1", "other", "Y"),
    board("2024-02-10", "S2", "police", "Y"), board("2024-02-10", "S2", "other", "N"),
    board("2024-08-01", "S2", "other", "Y"),                  # only `other`: no Q3 row
]
VICTIMS = [
    victim("v1", "A1", "2024-01-05", "Y", "Y"),
    victim("v2", "A1", "2024-02-01", "Y", "N"),
    victim("v3", "A1", "2024-03-31", "N", "N"),               # did not consent: not counted
    victim("v4", "A1", "2024-04-01", "Y", "Y"),
    victim("v5", "A2", "2024-03-01", "N", "N"),               # A2: no consenting victim
    victim("v6", "B1", "2024-02-02", "Y", "Y"),
]


@pytest.fixture
def engine(database_url):
    eng = get_engine(database_url)
    yield eng
    eng.dispose()


@pytest.fixture
def loaded(tmp_path, engine):
    folder = write_folder(tmp_path / "data", AUTHORITIES, POPULATION, OUTCOMES)
    write_local(folder, INTERVENTIONS, VICTIMS, BOARD)
    load_folder(folder, engine)
    return engine


def figures(frame, kpi=None, group=False) -> dict:
    """{(area_code, period_end[, group], kpi): (numerator, denominator)}."""
    rows = frame if kpi is None else frame[frame["kpi"] == kpi]
    return {(r["area_code"], r["period_end"], *([r["group"]] if group else []), r["kpi"]):
            (r["numerator"], r["denominator"]) for r in rows.to_dict("records")}


def test_intervention_kpis_by_authority(loaded):
    got = figures(kpis(loaded, Selection(level="local_authority")))
    intervention_rows = {k: v for k, v in got.items() if k[2] not in (
        "serious_violence", "victims_engaged")}
    assert intervention_rows == {
        # A1, Q1: ended i1 (31 Mar), i2, i3; i4 is open, i5 ended on 1 April (Q2).
        ("A1", Q1, "accommodation_suitable"): (1, 2),   # i1 suitable, i2 unsuitable; i3 blank
        ("A1", Q1, "ete_suitable"): (1, 2),             # i1 suitable, i3 unsuitable; i2 blank
        ("A1", Q1, "send_plan"): (1, 2),                # identified: i1 (plan), i3 (no plan)
        ("A1", Q1, "mental_health_intervention"): (1, 2),  # need: i1 (no), i3 (yes)
        ("A1", Q1, "substance_intervention"): (2, 2),   # need: i2, i3, both receiving
        ("A1", Q1, "out_of_court_completed"): (1, 2),   # i2 completed, i3 breached
        ("A1", Q1, "wider_looked_after"): (1, 2),       # i1 Y, i3 N; i2 blank
        ("A1", Q1, "wider_child_in_need"): (1, 3),      # i2 Y; i1, i3 N
        ("A1", Q1, "wider_child_protection"): (1, 2),   # i3 Y, i1 N; i2 blank
        # A1, Q2: i5 only; KPIs whose denominators are 0 have no row.
        ("A1", Q2, "accommodation_suitable"): (1, 1),
        ("A1", Q2, "ete_suitable"): (1, 1),
        ("A1", Q2, "out_of_court_completed"): (1, 1),
        # A2, Q1: i6 (prevention; its send_plan is blank, so identified but no plan).
        ("A2", Q1, "accommodation_suitable"): (1, 1),
        ("A2", Q1, "ete_suitable"): (0, 1),
        ("A2", Q1, "send_plan"): (0, 1),
        ("A2", Q1, "wider_looked_after"): (0, 1),
        ("A2", Q1, "wider_child_protection"): (0, 1),
        # B1, Q1: i7 (out of court, revoked).
        ("B1", Q1, "accommodation_suitable"): (1, 1),
        ("B1", Q1, "out_of_court_completed"): (0, 1),
    }


def test_a_service_counts_each_intervention_once(loaded):
    got = figures(kpis(loaded, Selection(level="service", area="S1")))
    assert {k: v for k, v in got.items() if k[1] == Q1 and k[2] not in (
        "serious_violence", "victims_engaged", "board_attendance")} == {
        ("S1", Q1, "accommodation_suitable"): (2, 3),   # A1 1/2 + A2 1/1
        ("S1", Q1, "ete_suitable"): (1, 3),
        ("S1", Q1, "send_plan"): (1, 3),
        ("S1", Q1, "mental_health_intervention"): (1, 2),
        ("S1", Q1, "substance_intervention"): (2, 2),
        ("S1", Q1, "out_of_court_completed"): (1, 2),
        ("S1", Q1, "wider_looked_after"): (1, 3),
        ("S1", Q1, "wider_child_in_need"): (1, 3),
        ("S1", Q1, "wider_child_protection"): (1, 3),
    }
    every = figures(kpis(loaded, Selection(level="all")), "accommodation_suitable")
    assert every == {("all", Q1, "accommodation_suitable"): (3, 4),   # A1 1/2, A2 1/1, B1 1/1
                     ("all", Q2, "accommodation_suitable"): (1, 1)}


def test_values_units_and_wilson_intervals(loaded):
    frame = with_intervals(kpis(loaded, Selection(level="service", area="S1")))
    row = frame[(frame["kpi"] == "accommodation_suitable") & (frame["period_end"] == Q1)]
    row = row.iloc[0]
    assert (row["period_start"], row["unit"]) == (d("2024-01-01"), "pct")
    assert row["value"] == approx(2 / 3 * 100)
    low, high = wilson_pct(2, 3)
    assert (row["value_lower_95"], row["value_upper_95"]) == (approx(low), approx(high))


def test_board_attendance_services_and_all_only(loaded):
    assert figures(kpis(loaded, Selection(level="local_authority")), "board_attendance") == {}
    assert figures(kpis(loaded, Selection(level="service")), "board_attendance") == {
        ("S1", Q1, "board_attendance"): (4, 6),   # 15 Jan: 3 of 5; 31 Mar: police attended
        ("S1", Q2, "board_attendance"): (0, 1),   # 1 Apr: police absent; `other` left out
        ("S2", Q1, "board_attendance"): (1, 1),   # Q3: only `other` -> denominator 0, no row
    }
    assert figures(kpis(loaded, Selection(level="all")), "board_attendance") == {
        ("all", Q1, "board_attendance"): (5, 7), ("all", Q2, "board_attendance"): (0, 1)}


def test_victims_engaged_counts_only_consenting_victims(loaded):
    assert figures(kpis(loaded, Selection(level="local_authority")), "victims_engaged") == {
        ("A1", Q1, "victims_engaged"): (1, 2),    # v1 engaged, v2 not; v3 did not consent
        ("A1", Q2, "victims_engaged"): (1, 1),    # v4 (1 April)
        ("B1", Q1, "victims_engaged"): (1, 1),    # A2's only victim did not consent: no row
    }
    assert figures(kpis(loaded, Selection(level="all")), "victims_engaged") == {
        ("all", Q1, "victims_engaged"): (2, 3), ("all", Q2, "victims_engaged"): (1, 1)}


def test_serious_violence_rows_only_on_reported_period_ends(loaded):
    got = figures(kpis(loaded, Selection(level="local_authority")), "serious_violence")
    assert got == {
        # A1 Q1: s1 (gravity 5) and s2 ("ROBBERY", 31 March); not s3 (gravity 4), s4
        # (diversion), s5 (theft), s6 (aged 18), s7 (no gravity). Population 2023: 2000.
        ("A1", Q1, "serious_violence"): (2, 2000),
        ("A1", Q2, "serious_violence"): (1, 2000),   # s8 "drug OFFENCES" on 1 April
        ("A1", Q3, "serious_violence"): (0, 4000),   # none; population 2024
        # A2 reports Q2 and Q3 only (its one outcome is in May 2024): no Q1 row.
        ("A2", Q2, "serious_violence"): (1, 1000),   # s9 " possession of weapons " trimmed
        ("A2", Q3, "serious_violence"): (0, 1000),
        # B1 reports the four quarters of 2023 only; population 2022 (the only one) = 500.
        ("B1", Q1_23, "serious_violence"): (1, 500),
        ("B1", Q2_23, "serious_violence"): (0, 500),
        ("B1", Q3_23, "serious_violence"): (0, 500),
        ("B1", Q4_23, "serious_violence"): (0, 500),
    }
    service = figures(kpis(loaded, Selection(level="service", area="S1")), "serious_violence")
    assert service == {("S1", Q1, "serious_violence"): (2, 3000),   # A1 2000 + A2 1000
                       ("S1", Q2, "serious_violence"): (2, 3000),   # s8 + s9
                       ("S1", Q3, "serious_violence"): (0, 5000)}   # 4000 + 1000


def test_serious_violence_value_and_poisson_interval(loaded):
    frame = with_intervals(kpis(loaded, Selection(level="local_authority", area="A1")))
    row = frame[(frame["kpi"] == "serious_violence") & (frame["period_end"] == Q1)].iloc[0]
    assert row["unit"] == "per_10000" and row["value"] == approx(2 / 2000 * 10_000)
    # Exact Poisson limits for 2 events: chi2(0.025; 4)/2 and chi2(0.975; 6)/2.
    assert row["value_lower_95"] == approx(chi2.ppf(0.025, 4) / 2 / 2000 * 10_000)
    assert row["value_upper_95"] == approx(chi2.ppf(0.975, 6) / 2 / 2000 * 10_000)
    assert (row["value_lower_95"], row["value_upper_95"]) == (approx(1.2110, abs=1e-4),
                                                              approx(36.124, abs=1e-3))


def test_split_by_kind(loaded):
    got = figures(kpis(loaded, Selection(level="local_authority", area="A1"), by="kind",
                       period_ends=[Q1]), group=True)
    assert {k: v for k, v in got.items() if k[3] in (
        "accommodation_suitable", "out_of_court_completed")} == {
        ("A1", Q1, "court_community", "accommodation_suitable"): (1, 1),   # i1
        ("A1", Q1, "out_of_court", "accommodation_suitable"): (0, 1),      # i2
        ("A1", Q1, "diversion", "out_of_court_completed"): (0, 1),         # i3 breached
        ("A1", Q1, "out_of_court", "out_of_court_completed"): (1, 1),      # i2
    }
    assert {k[3] for k in got} <= {"accommodation_suitable", "ete_suitable", "send_plan",
                                   "mental_health_intervention", "substance_intervention",
                                   "out_of_court_completed", "wider_looked_after",
                                   "wider_child_in_need", "wider_child_protection"}


def test_scope_limits_every_kpi(loaded):
    only_a1 = Selection(level="service", scope=("A1",))
    got = figures(kpis(loaded, only_a1))
    assert {k[0] for k in got} == {"S1"}
    assert got[("S1", Q1, "accommodation_suitable")] == (1, 2)      # A2's i6 is out of scope
    assert got[("S1", Q1, "board_attendance")] == (4, 6)            # S1 has an authority in scope
    assert got[("S1", Q1, "serious_violence")] == (2, 2000)         # A1's population only
    only_b1 = figures(kpis(loaded, Selection(level="all", scope=("B1",))))
    assert only_b1[("all", Q1, "board_attendance")] == (1, 1)        # S2's board only
    assert only_b1[("all", Q1, "accommodation_suitable")] == (1, 1)  # i7


def test_pooled_year_sums_quarters(loaded):
    quarters = kpis(loaded, Selection(level="local_authority", area="A1"))
    year = pooled_year(quarters, Q2)          # quarters Q3 2023 .. Q2 2024
    row = year[year["kpi"] == "accommodation_suitable"].iloc[0]
    assert (row["period_start"], row["period_end"]) == (d("2023-07-01"), Q2)
    assert (row["numerator"], row["denominator"], row["quarters"]) == (2, 3, 2)  # 1/2 + 1/1
    assert row["value"] == approx(2 / 3 * 100)
    assert row["value_lower_95"] == approx(wilson_pct(2, 3)[0])
    # Serious violence: Q1 2 + Q2 1 over the population of the year to June 2024 (2000).
    row = year[year["kpi"] == "serious_violence"].iloc[0]
    assert (row["numerator"], row["denominator"]) == (3, 2000)
    assert row["value"] == approx(15.0)


def test_export_kpis_csv(loaded, tmp_path):
    export_all(tmp_path / "out", None, loaded)
    path = tmp_path / "out" / "kpis.csv"
    assert header(path) == ["area_type", "area_code", "area_name", "period_start",
                            "period_end", "kpi", "numerator", "denominator", "value",
                            "value_lower_95", "value_upper_95", "unit"]
    rows = read_csv(path)
    # Order: authorities, services, all; then area_code, period_end, §4c order.
    keys = [(r["area_type"], r["area_code"], r["period_end"], r["kpi"]) for r in rows]
    a1_q1 = [k[3] for k in keys if k[1] == "A1" and k[2] == "2024-03-31"]
    assert a1_q1 == ["accommodation_suitable", "ete_suitable", "send_plan",
                     "mental_health_intervention", "substance_intervention",
                     "out_of_court_completed", "wider_looked_after", "wider_child_in_need",
                     "wider_child_protection", "victims_engaged", "serious_violence"]
    types = [k[0] for k in keys]
    assert types == sorted(types, key=["local_authority", "service", "all"].index)
    assert keys[0] == ("local_authority", "A1", "2024-03-31", "accommodation_suitable")
    assert [k[1:3] for k in keys if k[3] == "serious_violence" and k[0] == "local_authority"] \
        == [("A1", "2024-03-31"), ("A1", "2024-06-30"), ("A1", "2024-09-30"),
            ("A2", "2024-06-30"), ("A2", "2024-09-30"), ("B1", "2023-03-31"),
            ("B1", "2023-06-30"), ("B1", "2023-09-30"), ("B1", "2023-12-31")]
    board_row = next(r for r in rows if r["area_code"] == "S1" and r["kpi"] == "board_attendance"
                     and r["period_end"] == "2024-03-31")
    assert board_row["area_name"] == "S1" and board_row["period_start"] == "2024-01-01"
    assert (board_row["numerator"], board_row["denominator"], board_row["unit"]) == (
        "4", "6", "pct")
    assert float(board_row["value"]) == approx(4 / 6 * 100)
    low, high = wilson_pct(4, 6)
    assert float(board_row["value_lower_95"]) == approx(low, rel=1e-9)
    assert float(board_row["value_upper_95"]) == approx(high, rel=1e-9)
    b1 = next(r for r in rows if r["area_code"] == "B1" and r["period_end"] == "2023-06-30")
    assert (b1["kpi"], b1["numerator"], b1["denominator"], b1["value"],
            b1["value_lower_95"]) == ("serious_violence", "0", "500", "0", "0")
    assert float(b1["value_upper_95"]) == approx(chi2.ppf(0.975, 2) / 2 / 500 * 10_000)
    assert all(r["value"] != "" for r in rows)
    assert not (tmp_path / "out" / "remands.csv").exists()   # remands.csv was not loaded
