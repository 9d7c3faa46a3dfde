"""The period summaries built at load (period_summary, area_period) give exactly what the
queries give on the outcome rows, on SQLite and PostgreSQL.

- A hand-made case: a child in two authorities of one service and under two minority
  groups counts once for the service and for Minority ethnic; distinct children per
  rolling year worked out by hand.
- Generated data: every query that reads the summary, at every level and breakdown, equals
  the same query with the summary switched off (queries.summary.ENABLED), which range-joins
  the outcome rows as before.
"""
from __future__ import annotations

import uuid
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import select

import queries.summary
from dashboard.contract.schema import AreaLevelPeriod, CohortAreaSummary, Outcome
from dashboard.contract.selection import CohortFilter, Selection
from dashboard.core.db import get_engine
from dashboard.etl.generate import generate
from dashboard.etl.loader import load_folder
from queries.children import distinct_children
from queries.common import authorities, data_presence, read
from queries.custody import custody
from queries.disposals import children_by, disposals
from queries.disproportionality import disproportionality
from queries.fte import fte
from queries.looked_after import looked_after
from queries.reoffending import reoffending
from queries.summary import period_counts
from tests.integration.yj_testdata import la, out, pop, write_folder

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
BYS = (None, "sex", "age_band", "ethnicity", "looked_after", "tier", "offence_group",
       "outcome_type")


def _database(request, tmp_path_factory) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('summary')}/summary.db"
    server = request.getfixturevalue("postgres_server")
    name = f"summary_{uuid.uuid4().hex[:12]}"
    server.admin_execute(f'CREATE DATABASE "{name}"')
    return server.url(name)


@pytest.fixture(scope="module", params=BACKENDS)
def generated(request, tmp_path_factory):
    url = _database(request, tmp_path_factory)
    folder = tmp_path_factory.mktemp("generated")
    generate(folder, seed=5, services=3, years=3, start_year=2020)
    engine = get_engine(url)
    load_folder(folder, engine)
    return engine


def _both_ways(function, *args, **kwargs) -> tuple[pd.DataFrame, pd.DataFrame]:
    summary = function(*args, **kwargs)
    queries.summary.ENABLED = False
    try:
        rows = function(*args, **kwargs)
    finally:
        queries.summary.ENABLED = True
    return summary, rows


def _same(summary: pd.DataFrame, rows: pd.DataFrame, keys: list[str]) -> None:
    assert not rows.empty
    ordered = [frame.sort_values(keys).reset_index(drop=True) for frame in (summary, rows)]
    pd.testing.assert_frame_equal(*ordered, check_dtype=False)


@pytest.mark.parametrize("level", ["local_authority", "service", "all"])
def test_indicator_queries_read_the_summary_and_agree_with_the_rows(generated, level):
    selection = Selection(level=level)
    assert period_counts(generated, selection, {"n": "children"}) is not None  # in use
    for by in BYS:
        keys = ["area_code", "period_end"] + (["group"] if by else [])
        _same(*_both_ways(fte, generated, selection, by=by), keys)
        if by not in ("offence_group", "looked_after"):   # rare: custody has few rows
            _same(*_both_ways(custody, generated, selection, by=by), keys)
        kids = _both_ways(distinct_children, generated, selection, by=by,
                          where=[Outcome.__table__.c.custodial], summary="custodial_children")
        _same(*kids, ["area_code", "period_end"] + (["group"] if by else []))
    _same(*_both_ways(disposals, generated, selection),
          ["area_code", "period_end", "outcome_type"])
    for column in ("in_age", "tier", "outcome_type"):
        _same(*_both_ways(children_by, generated, selection, column),
              ["area_code", "period_end", "group"])
    _same(*_both_ways(disproportionality, generated, selection),
          ["area_code", "period_end", "stage", "ethnicity"])
    _same(*_both_ways(looked_after, generated, selection), ["area_code", "period_end"])
    for every_tier in (False, True):
        _same(*_both_ways(data_presence, generated, selection, every_tier=every_tier),
              ["area_code", "period_end"])
    for basis in ("national", "all_outcomes"):
        _same(*_both_ways(reoffending, generated, selection, basis=basis),
              ["area_code", "cohort_start"])
        frame = reoffending(generated, selection, basis=basis)
        starts = tuple(sorted(set(frame["cohort_start"]))[-4:])
        _same(*_both_ways(reoffending, generated, selection, basis=basis,
                          cohort_starts=starts), ["area_code", "cohort_start"])


@pytest.fixture(params=BACKENDS)
def hand_made(request, tmp_path_factory):
    """Service S has authorities A and B; T has C. Child k1 is in A (Black, custody,
    2023-02-10) and B (Mixed, referral order, 2023-05-10); k2 in A (White, caution,
    2023-08-01); k3 in C (Asian, fine, 2022-11-20)."""
    url = _database(request, tmp_path_factory)
    folder = write_folder(
        tmp_path_factory.mktemp("hand"),
        [la("A", "S"), la("B", "S"), la("C", "T")],
        [pop(code, 2023, 100) for code in "ABC"],
        [out("o1", "k1", "A", "2023-02-10", "detention_training_order", ethnicity="Black"),
         out("o2", "k1", "B", "2023-05-10", "referral_order", ethnicity="Mixed"),
         out("o3", "k2", "A", "2023-08-01", "youth_caution"),
         out("o4", "k3", "C", "2022-11-20", "fine", ethnicity="Asian")])
    engine = get_engine(url)
    load_folder(folder, engine)
    return engine


def _counts(engine, level, measure, by=None) -> dict:
    frame = period_counts(engine, Selection(level=level), {"n": measure}, by=by)
    keys = ["area_code", "period_end"] + (["group"] if by else [])
    return {tuple(row[:-1]): row[-1] for row in frame[keys + ["n"]].itertuples(index=False)}


def test_a_child_in_two_authorities_counts_once_for_the_service(hand_made):
    june, september = date(2023, 6, 30), date(2023, 9, 30)
    authority = _counts(hand_made, "local_authority", "children")
    service = _counts(hand_made, "service", "children")
    everyone = _counts(hand_made, "all", "children")
    # Year to June 2023 (July 2022 - June 2023): k1 in A and in B, k3 in C.
    assert authority[("A", june)] == 1 and authority[("B", june)] == 1
    assert service[("S", june)] == 1          # k1 once, not 1 + 1
    assert everyone[("all", june)] == 2       # k1 and k3
    # Year to September 2023 (October 2022 - September 2023): k1 and k2 in S, k3 in T.
    assert service[("S", september)] == 2 and everyone[("all", september)] == 3
    # Custodial children: k1's custody (February 2023) counts in the years to March 2023
    # onwards (the periods end with the data, September 2023), not the year to December 2022.
    custodial = _counts(hand_made, "service", "custodial_children")
    assert custodial[("S", date(2023, 3, 31))] == 1 and custodial[("S", september)] == 1
    assert ("S", date(2022, 12, 31)) not in custodial
    # Minority ethnic: k1 is Black in A and Mixed in B; the service counts the child once.
    minority = _counts(hand_made, "service", "children", by="minority")
    assert minority[("S", june, "Minority ethnic")] == 1
    by_group = _counts(hand_made, "service", "children", by="ethnicity")
    assert by_group[("S", june, "Black")] == 1 and by_group[("S", june, "Mixed")] == 1


def test_data_presence_comes_from_area_period(hand_made):
    present = data_presence(hand_made, Selection(level="service"))
    pairs = set(zip(present["area_code"], present["period_end"]))
    # The periods run from the first outcome's quarter (December 2022) to the last one's
    # (September 2023). C's outcome (November 2022) is in every one of them; S's first
    # (February 2023) from the year to March 2023.
    quarters = [date(2022, 12, 31), date(2023, 3, 31), date(2023, 6, 30), date(2023, 9, 30)]
    assert pairs == {("T", q) for q in quarters} | {("S", q) for q in quarters[1:]}


def test_filters_and_scopes_splitting_a_service_use_the_rows(hand_made):
    """Cohort filters, and a scope holding part of a service, are not in the summary: the
    rows answer, within the scope."""
    ask = {"n": "children"}
    assert period_counts(hand_made, Selection(level="service", cohort=CohortFilter(sex="F")),
                         ask) is None
    assert period_counts(hand_made, Selection(level="service", scope=["A"]), ask) is None
    assert period_counts(hand_made, Selection(level="all", scope=["A", "B"]), ask) is None
    assert period_counts(hand_made, Selection(level="service", scope=["A", "B"]), ask) \
        is not None
    assert period_counts(hand_made, Selection(level="local_authority", scope=["A"]), ask) \
        is not None
    # Service S seen with authority A only: k1's custody (A) and k2's caution (A), not
    # k1's referral order in B. Year to September 2023: one custodial sentence, 2 children.
    june, september = date(2023, 6, 30), date(2023, 9, 30)
    split = Selection(level="service", scope=["A"])
    frame = custody(hand_made, split).set_index("period_end")
    assert frame.loc[september, "custodial_sentences"] == 1
    assert set(custody(hand_made, split)["area_code"]) == {"S"}
    kids = children_by(hand_made, split, "in_age").set_index("period_end")["children"]
    assert kids[june] == 1 and kids[september] == 2
    whole = children_by(hand_made, Selection(level="service", scope=["A", "B"]), "in_age")
    assert whole.set_index("period_end")["children"][september] == 2
    # Reoffending cohorts are sums of authorities (a child is in one authority's row of a
    # cohort), so a split scope reads the summary too: k1's January-March 2023 cohort in A
    # (custody), k2's July-September cohort in A; B's April-June cohort (k1) is out of scope.
    cohorts = reoffending(hand_made, split).set_index("cohort_start")["cohort_size"]
    assert cohorts.to_dict() == {date(2023, 1, 1): 1, date(2023, 7, 1): 1}


@pytest.mark.parametrize("level", ["service", "all"])
@pytest.mark.parametrize("scope", ["none", "whole service", "part of a service"])
def test_service_rows_built_at_load_agree_with_the_authorities_rows(generated, level, scope):
    """Cohorts and where there are data, for a service or all areas, read from the rows
    summed at load (cohort_area_summary, area_level_period) when the scope holds whole
    services, else summed from the authorities' rows within the scope: either way the same
    as the summaries switched off."""
    las = authorities(generated)
    first = las[las["service"] == sorted(set(las["service"]))[0]]["code"].tolist()
    assert len(first) > 1
    scopes = {"none": None, "whole service": first, "part of a service": first[:1]}
    for area in ([None, sorted(set(las["service"]))[0]] if level == "service" else [None]):
        selection = Selection(level=level, area=area, scope=scopes[scope])
        for every_tier in (False, True):
            _same(*_both_ways(data_presence, generated, selection, every_tier=every_tier),
                  ["area_code", "period_end"])
        # Some periods only: the same rows as all periods' filtered to them.
        everything = data_presence(generated, selection)
        ends = sorted(set(everything["period_end"]))[-5::2]
        some = data_presence(generated, selection, period_ends=ends)
        expected = everything[everything["period_end"].isin(ends)]
        _same(some, expected, ["area_code", "period_end"])
        _same(*_both_ways(data_presence, generated, selection, period_ends=ends),
              ["area_code", "period_end"])
        for basis in ("national", "all_outcomes"):
            _same(*_both_ways(reoffending, generated, selection, basis=basis),
                  ["area_code", "cohort_start"])


def test_service_and_all_areas_rows_are_sums_worked_by_hand(hand_made):
    """S = A + B, T = C, all = every authority: outcome rows per rolling year and the
    reoffending cohorts of the hand-made case."""
    alp = AreaLevelPeriod.__table__
    rows = read(hand_made, select(alp.c.level, alp.c.area_code, alp.c.period_end, alp.c.rows,
                                  alp.c.indicator_rows))
    found = {(r.level, r.area_code, r.period_end): (r.rows, r.indicator_rows)
             for r in rows.itertuples()}
    dec, mar, jun, sep = (date(2022, 12, 31), date(2023, 3, 31), date(2023, 6, 30),
                          date(2023, 9, 30))
    # S: o1 (February 2023), o2 (May), o3 (August); T: o4 (November 2022), in every year.
    assert found == {("service", "S", mar): (1, 1), ("service", "S", jun): (2, 2),
                     ("service", "S", sep): (3, 3),
                     **{("service", "T", q): (1, 1) for q in (dec, mar, jun, sep)},
                     ("all", "all", dec): (1, 1), ("all", "all", mar): (2, 2),
                     ("all", "all", jun): (3, 3), ("all", "all", sep): (4, 4)}
    cas = CohortAreaSummary.__table__
    cohorts = read(hand_made, select(cas).where(cas.c.basis == "national"))
    got = {(r.level, r.area_code, r.cohort_start): (r.cohort_size, r.reoffenders, r.reoffences)
           for r in cohorts.itertuples()}
    # k1's January-March 2023 cohort (A) reoffends once (o2, May); k1's April-June cohort
    # (B), k2's July-September (A) and k3's October-December 2022 (C) do not.
    q4, q1, q2, q3 = date(2022, 10, 1), date(2023, 1, 1), date(2023, 4, 1), date(2023, 7, 1)
    assert got == {("service", "S", q1): (1, 1, 1), ("service", "S", q2): (1, 0, 0),
                   ("service", "S", q3): (1, 0, 0), ("service", "T", q4): (1, 0, 0),
                   ("all", "all", q4): (1, 0, 0), ("all", "all", q1): (1, 1, 1),
                   ("all", "all", q2): (1, 0, 0), ("all", "all", q3): (1, 0, 0)}
