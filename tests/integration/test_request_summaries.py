"""The summaries built at load so that no request reads a fact table (migration 0006):
`loaded_choice`, `intervention_summary`, `local_quarter_summary` and
`cohort_group_summary`, on SQLite and PostgreSQL.

- A hand-made folder: every row of each summary worked out by hand in the comments.
- Generated data: each query that reads them equals the same query with the summaries
  switched off (queries.summary.ENABLED), which reads the intervention, victim, board,
  outcome and cohort member rows as before.
"""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from dashboard.contract.local_schema import InterventionSummary, LocalQuarterSummary
from dashboard.contract.schema import CohortGroupSummary, LoadedChoice, Outcome
from dashboard.contract.selection import CohortFilter, Selection
from dashboard.core.db import get_engine
from dashboard.etl.generate import generate
from dashboard.etl.loader import load_folder
from queries.common import read
from queries.kpis import kpis
from queries.local_tables import victim_counts
from queries.meta import load_meta
from queries.names import markup_names
from queries.reoffending import concentration, reoffending, tracker
from tests.integration.test_period_summary import _both_ways, _database, _same
from tests.integration.yj_testdata import (board, intervention, la, out, pop, victim,
                                           write_folder, write_local)

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
Q1, Q1_END, Q2_END = date(2024, 1, 1), date(2024, 3, 31), date(2024, 6, 30)


@pytest.fixture(scope="module", params=BACKENDS)
def hand_made(request, tmp_path_factory):
    """Service S1 (authorities A1, A2) and S2 (B1)."""
    folder = tmp_path_factory.mktemp("hand")
    write_folder(folder, [la("A1", "S1"), la("A2", "S1"), la("B1", "S2")],
                 [pop(code, 2024, 1000) for code in ("A1", "A2", "B1")], [
        # c1 (A1): index youth caution 10 Jan; a referral order for an offence on 1 March
        # is one proven reoffence, in month 2 (1 March is before 10 March)
        out("o1", "c1", "A1", "2024-01-10", "youth_caution", age=15),
        out("o2", "c1", "A1", "2024-03-20", "referral_order", age=15,
            offence_date="2024-03-01"),
        # c2 (A2): girl aged 12, Black, looked after; robbery of gravity 6 (serious violence)
        out("o3", "c2", "A2", "2024-02-01", "referral_order", age=12, sex="F",
            ethnicity="Black", looked_after="Y", offence_group="Robbery", gravity="6"),
        # c3 (B1): youth caution, violence of gravity 5 (serious violence)
        out("o4", "c3", "B1", "2024-02-15", "youth_caution", age=16,
            offence_group="Violence against the person", gravity="5"),
        # c4 (A1): a community resolution is not substantive: no national cohort place,
        # and no serious violence however grave
        out("o5", "c4", "A1", "2024-03-01", "community_resolution", age=17,
            ethnicity="Asian", offence_group="Robbery", gravity="7"),
        # c5 (A1) aged 19: in no cohort, but its offence group is a filter choice
        out("o6", "c5", "A1", "2024-01-05", "youth_caution", age=19, offence_group="Arson"),
    ])
    write_local(folder, interventions=[
        intervention("i1", "A1", "diversion", end_date="2024-02-10",
                     accommodation_end="suitable", ete_end="unsuitable",
                     send_identified="Y", send_plan="N"),
        intervention("i2", "A1", "diversion", end_date="2024-03-05", end_reason="breached"),
        intervention("i3", "A2", "custody", end_date="2024-05-01",
                     accommodation_end="unsuitable"),
        intervention("i4", "B1", "prevention"),   # still open: in no quarter
    ], victims=[
        victim("v1", "A1", "2024-01-15", "Y", "Y"),
        victim("v2", "A1", "2024-02-01", "Y", "N"),
        victim("v3", "B1", "2024-04-01", "N", "N"),
    ], board_rows=[
        board("2024-01-20", "S1", "police", "Y"),
        board("2024-01-20", "S1", "health", "N"),
        board("2024-01-20", "S1", "other", "N"),
    ])
    engine = get_engine(_database(request, tmp_path_factory))
    load_folder(folder, engine)
    yield engine
    engine.dispose()


def _rows(engine, table, *where) -> set[tuple]:
    columns = [c for c in table.c if c.name != "id"]
    with engine.connect() as conn:
        return {tuple(row) for row in conn.execute(select(*columns).where(*where))}


def test_offence_groups_of_every_age_are_recorded_for_the_filters(hand_made):
    # o6 (aged 19) brings Arson; every other row Theft, Robbery or Violence
    choices = ["Arson", "Robbery", "Theft", "Violence against the person"]
    assert sorted(_rows(hand_made, LoadedChoice.__table__)) == [
        ("offence_group", name) for name in choices]
    assert load_meta.uncached(hand_made)["offence_groups"] == choices


def test_cohort_groups_worked_by_hand(hand_made):
    t = CohortGroupSummary.__table__

    def rows(dim):
        return {(level, area, grp): (size, reoffenders, reoffences)
                for _, level, _, area, start, grp, end, size, reoffenders, reoffences
                in _rows(hand_made, t, t.c.basis == "national", t.c.dim == dim)
                if (start, end) == (Q1, Q1_END)}

    # the national cohort of Q1 2024: c1 (A1, 1 reoffence), c2 (A2), c3 (B1); c4 and c5
    # have no place (not substantive; aged 19)
    assert rows("sex") == {
        ("local_authority", "A1", "M"): (1, 1, 1), ("local_authority", "A2", "F"): (1, 0, 0),
        ("local_authority", "B1", "M"): (1, 0, 0),
        ("service", "S1", "M"): (1, 1, 1), ("service", "S1", "F"): (1, 0, 0),
        ("service", "S2", "M"): (1, 0, 0),
        ("all", "all", "M"): (2, 1, 1), ("all", "all", "F"): (1, 0, 0)}
    assert {k: v for k, v in rows("age_band").items() if k[0] == "all"} == {
        ("all", "all", "15-17"): (2, 1, 1), ("all", "all", "10-14"): (1, 0, 0)}
    assert {k: v for k, v in rows("looked_after").items() if k[0] == "service"} == {
        ("service", "S1", "true"): (1, 0, 0), ("service", "S1", "false"): (1, 1, 1),
        ("service", "S2", "false"): (1, 0, 0)}
    assert {k: v for k, v in rows("tier").items() if k[0] == "all"} == {
        ("all", "all", "pre_court"): (2, 1, 1), ("all", "all", "first_tier"): (1, 0, 0)}
    assert {k: v for k, v in rows("ethnicity").items() if k[0] == "all"} == {
        ("all", "all", "White"): (2, 1, 1), ("all", "all", "Black"): (1, 0, 0)}
    # c1's first reoffence in month 2; c2 and c3 none ("")
    assert {k: v for k, v in rows("first_month").items() if k[0] == "all"} == {
        ("all", "all", "2"): (1, 1, 1), ("all", "all", ""): (2, 0, 0)}
    assert {k: v for k, v in rows("reoffences").items() if k[1] in ("S1", "all")} == {
        ("service", "S1", "1"): (1, 1, 1), ("service", "S1", "0"): (1, 0, 0),
        ("all", "all", "1"): (1, 1, 1), ("all", "all", "0"): (2, 0, 0)}


def test_interventions_worked_by_hand(hand_made):
    t = InterventionSummary.__table__
    with hand_made.connect() as conn:
        found = {(r.level, r.area_code, r.quarter_end, r.kind): r
                 for r in conn.execute(select(t)).all()}
    # A1: i1 and i2 ended in Q1, both diversion; A2: i3 (custody) in Q2; i4 is open
    assert set(found) == {
        (level, area, quarter, kind)
        for level, area in (("local_authority", "A1"), ("service", "S1"), ("all", "all"))
        for quarter, kind in ((Q1_END, "diversion"),)} | {
        (level, area, Q2_END, "custody")
        for level, area in (("local_authority", "A2"), ("service", "S1"), ("all", "all"))}
    for level, area in (("local_authority", "A1"), ("service", "S1"), ("all", "all")):
        row = found[(level, area, Q1_END, "diversion")]
        assert row.interventions == 2
        # i1 suitable of i1 recorded; i1's education unsuitable; i1 SEND without a plan
        assert (row.accommodation_suitable_numerator,
                row.accommodation_suitable_denominator) == (1, 1)
        assert (row.ete_suitable_numerator, row.ete_suitable_denominator) == (0, 1)
        assert (row.send_plan_numerator, row.send_plan_denominator) == (0, 1)
        # both out of court (diversion), i1 completed, i2 breached
        assert (row.out_of_court_completed_numerator,
                row.out_of_court_completed_denominator) == (1, 2)
        assert (row.mental_health_intervention_denominator,
                row.wider_looked_after_denominator) == (0, 0)
    custody = found[("service", "S1", Q2_END, "custody")]
    assert (custody.interventions, custody.accommodation_suitable_numerator,
            custody.accommodation_suitable_denominator,
            custody.out_of_court_completed_denominator) == (1, 0, 1, 0)


def test_victims_board_and_serious_violence_worked_by_hand(hand_made):
    t = LocalQuarterSummary.__table__
    found = {(level, area, quarter, measure): (rows, numerator, denominator)
             for level, area, quarter, measure, rows, numerator, denominator
             in _rows(hand_made, t)}
    assert found == {
        # v1 consented and took part, v2 consented only (A1, Q1); v3 neither (B1, Q2)
        ("local_authority", "A1", Q1_END, "victims_engaged"): (2, 1, 2),
        ("service", "S1", Q1_END, "victims_engaged"): (2, 1, 2),
        ("all", "all", Q1_END, "victims_engaged"): (2, 1, 2),
        ("local_authority", "B1", Q2_END, "victims_engaged"): (1, 0, 0),
        ("service", "S2", Q2_END, "victims_engaged"): (1, 0, 0),
        ("all", "all", Q2_END, "victims_engaged"): (1, 0, 0),
        # police attended, health did not, `other` is no statutory partner
        ("service", "S1", Q1_END, "board_attendance"): (3, 1, 2),
        ("all", "all", Q1_END, "board_attendance"): (3, 1, 2),
        # o3 (A2, robbery, gravity 6) and o4 (B1, violence, gravity 5); o5 is not
        # substantive
        ("local_authority", "A2", Q1_END, "serious_violence"): (1, 1, 0),
        ("local_authority", "B1", Q1_END, "serious_violence"): (1, 1, 0),
        ("service", "S1", Q1_END, "serious_violence"): (1, 1, 0),
        ("service", "S2", Q1_END, "serious_violence"): (1, 1, 0),
        ("all", "all", Q1_END, "serious_violence"): (2, 2, 0),
    }


# --- generated data: the summaries give what the rows give ---------------------------------

@pytest.fixture(scope="module", params=BACKENDS)
def generated(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp("generated")
    generate(folder, seed=7, services=3, years=3, start_year=2020)
    engine = get_engine(_database(request, tmp_path_factory))
    load_folder(folder, engine)
    yield engine
    engine.dispose()


def _selections(engine):
    las = read(engine, select(Outcome.local_authority).distinct())["local_authority"]
    first = sorted(las)[0]
    return [Selection(level="local_authority", area=first),
            Selection(level="local_authority"),
            Selection(level="service"), Selection(level="all"),
            # a scope holding whole services reads the summary too
            Selection(level="service", scope=tuple(sorted(las)))]


@pytest.mark.parametrize("by", ["sex", "age_band", "ethnicity", "looked_after", "tier"])
def test_reoffending_breakdowns_agree_with_the_members(generated, by):
    for selection in _selections(generated):
        for basis in ("national", "all_outcomes"):
            _same(*_both_ways(reoffending.uncached, generated, selection, by=by, basis=basis),
                  ["area_code", "cohort_start", "group"])


def test_tracker_and_concentration_agree_with_the_members(generated):
    for selection in _selections(generated):
        for basis in ("national", "all_outcomes"):
            _same(*_both_ways(tracker.uncached, generated, selection, basis=basis),
                  ["area_code", "cohort_start", "month"])
            _same(*_both_ways(concentration.uncached, generated, selection, basis=basis),
                  ["area_code", "reoffences"])
        starts = (date(2021, 1, 1), date(2021, 4, 1))
        _same(*_both_ways(tracker.uncached, generated, selection, cohort_starts=starts),
              ["area_code", "cohort_start", "month"])
        _same(*_both_ways(concentration.uncached, generated, selection, cohort_starts=starts),
              ["area_code", "reoffences"])


def test_a_filter_or_an_earlier_as_of_date_still_reads_the_members(generated):
    girls = Selection(level="service", cohort=CohortFilter(sex="F"))
    summary, rows = _both_ways(reoffending.uncached, generated, girls, by="tier")
    _same(summary, rows, ["area_code", "cohort_start", "group"])
    assert set(summary["group"]) <= {"diversion", "pre_court", "first_tier", "community",
                                     "custody"}
    early = date(2021, 6, 30)
    _same(*_both_ways(tracker.uncached, generated, Selection(level="all"), as_of=early),
          ["area_code", "cohort_start", "month"])


def test_local_kpis_and_victims_agree_with_the_rows(generated):
    for selection in _selections(generated):
        _same(*_both_ways(kpis.uncached, generated, selection),
              ["area_code", "period_end", "kpi"])
        _same(*_both_ways(kpis.uncached, generated, selection, by="kind"),
              ["area_code", "period_end", "kpi", "group"])
        _same(*_both_ways(victim_counts.uncached, generated, selection),
              ["area_code", "period_end"])
        ends = (date(2021, 3, 31), date(2022, 12, 31))
        _same(*_both_ways(kpis.uncached, generated, selection, period_ends=ends),
              ["area_code", "period_end", "kpi"])


def test_the_filter_bar_offers_every_offence_group_of_the_outcomes(generated):
    rows = read(generated, select(Outcome.offence_group).distinct())["offence_group"]
    assert load_meta.uncached(generated)["offence_groups"] == sorted(rows)


def test_names_with_markup_are_recorded_at_load(database_url, tmp_path):
    folder = tmp_path / "markup"
    write_folder(folder, [la("A1", "S & T", name="Plain", family="Coast <north>")],
                 [pop("A1", 2024, 1000)], [
        out("m1", "k1", "A1", "2024-02-01", "youth_caution", offence_group="Arson & damage"),
        # aged 19: no chart shows its offence group, as before (period_summary's groups)
        out("m2", "k2", "A1", "2024-02-01", "youth_caution", age=19,
            offence_group="Other <adult>"),
    ], benchmarks=[{"indicator": "fte_rate", "period_end": "2024-03-31", "area_type": "pcc",
                    "area_name": "Avon & Somerset", "value": 100}])
    engine = get_engine(database_url)
    load_folder(folder, engine)
    # the service, the family, the published area and the in-age offence group; no
    # outcome type label of CONTRACT §2 holds markup
    assert sorted(_rows(engine, LoadedChoice.__table__, LoadedChoice.dim == "markup")) == [
        ("markup", "Arson & damage"), ("markup", "Avon & Somerset"),
        ("markup", "Coast <north>"), ("markup", "S & T")]
    assert markup_names.uncached(engine) == (
        "Avon & Somerset", "Arson & damage", "Coast <north>", "S & T")
    engine.dispose()
