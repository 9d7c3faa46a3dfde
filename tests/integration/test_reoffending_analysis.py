"""Reoffending page data (queries/reoffending_extra.py) on a handful of hand-made children.

Service S has authorities A and B; service T has authority C. Children (index outcomes):
- c1: A, girl, 15, looked after, youth caution 10 Jan 2023; reoffence 15 Feb 2023 (month 2)
- c2: A, boy, 12, referral order 1 Feb 2023; no reoffence in the year; a caution on
  30 Jun 2024 (that date is the as-of date and starts a Q2 2024 cohort)
- c3: B, boy, 16, DTO 5 Mar 2023; reoffences 1 Apr and 1 May 2023 (month 1)
- c4: B, girl, 14, youth caution 10 Jan 2024; no reoffence
- c5: C, boy, 15, youth caution 20 Feb 2023; reoffence 1 Mar 2023
"""
from __future__ import annotations

import csv
from datetime import date

import pandas as pd
import pytest

from dashboard.core.db import get_engine
from dashboard.etl.loader import load_folder
from dashboard.web.state import ViewState
from dashboard.analysis import reoffending as extra
from dashboard.contract.selection import NO_FILTER, CohortFilter, Selection
from queries.meta import load_meta

Q1_2023 = [date(2022, 6, 30), date(2022, 9, 30), date(2022, 12, 31), date(2023, 3, 31)]
AUTHORITIES = [
    {"code": "A", "name": "Aton", "service": "S", "region": "North", "family": "F1"},
    {"code": "B", "name": "Bton", "service": "S", "region": "North", "family": "F1"},
    {"code": "C", "name": "Cton", "service": "T", "region": "South", "family": "F2"},
]


def outcome(oid, child, la, day, kind, sex="M", age=15, looked_after="N"):
    return {"outcome_id": oid, "child_id": child, "local_authority": la, "offence_date": day,
            "outcome_date": day, "outcome_type": kind, "sex": sex, "age": age,
            "ethnicity": "White", "looked_after": looked_after, "offence_group": "Theft",
            "gravity": "3"}


OUTCOMES = [
    outcome("o1", "c1", "A", "2023-01-10", "youth_caution", "F", 15, "Y"),
    outcome("o2", "c1", "A", "2023-02-15", "referral_order", "F", 15, "Y"),
    outcome("o3", "c2", "A", "2023-02-01", "referral_order", "M", 12),
    outcome("o4", "c2", "A", "2024-06-30", "youth_caution", "M", 13),
    outcome("o5", "c3", "B", "2023-03-05", "detention_training_order", "M", 16),
    outcome("o6", "c3", "B", "2023-04-01", "fine", "M", 16),
    outcome("o7", "c3", "B", "2023-05-01", "fine", "M", 16),
    outcome("o8", "c4", "B", "2024-01-10", "youth_caution", "F", 14),
    outcome("o9", "c5", "C", "2023-02-20", "youth_caution", "M", 15),
    outcome("o10", "c5", "C", "2023-03-01", "fine", "M", 15),
]


def write(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reoffending")
    write(folder / "local_authorities.csv", AUTHORITIES)
    write(folder / "population.csv", [
        {"local_authority": la["code"], "year": 2023, "sex": "M", "age": 15,
         "ethnicity": "White", "population": 1000} for la in AUTHORITIES])
    write(folder / "outcomes.csv", OUTCOMES)
    eng = get_engine(f"sqlite:///{folder / 'test.db'}")
    load_folder(folder, eng)
    yield eng
    eng.dispose()


@pytest.fixture(scope="module")
def meta(engine):
    return load_meta(engine)


def by_key(frame):
    return {row["key"]: (row["label"], row["cohort_size"], row["reoffenders"])
            for row in frame.to_dict("records")}


def test_breakdown_by_sex_lifts_its_own_filter(engine, meta):
    girls = CohortFilter(sex="F")
    frame = extra.breakdown(engine, meta, Selection(level="service", area="S", cohort=girls), "sex", Q1_2023)
    assert by_key(frame) == {"M": ("Boys", 2, 1), "F": ("Girls", 1, 1)}


def test_breakdown_by_looked_after_area_and_tier(engine, meta):
    looked_after = extra.breakdown(engine, meta, Selection(level="service", area="S"), "looked_after",
                                   Q1_2023)
    assert by_key(looked_after) == {"Y": ("Looked after", 1, 1),
                                    "N": ("Not looked after", 2, 1)}
    areas = extra.breakdown(engine, meta, Selection(level="local_authority", area="A"), "area", Q1_2023)
    assert by_key(areas) == {"la:A": ("Aton", 2, 1), "la:B": ("Bton", 1, 1)}
    tiers = extra.breakdown(engine, meta, Selection(level="service", area="S", cohort=CohortFilter(sex="M")), "tier", Q1_2023)
    assert by_key(tiers) == {"first_tier": ("First-tier court", 1, 0),
                             "custody": ("Custody", 1, 1)}
    assert list(tiers["key"]) == ["first_tier", "custody"]


def test_tracker_skips_a_cohort_with_no_month_followed_up(engine):
    tracked = extra.tracker_curves(engine, Selection(level="service", area="S"), date(2024, 6, 30),
                                   date(2024, 6, 30))
    assert tracked["skipped"] == [date(2024, 6, 30)]
    assert tracked["chosen"]["cohort_end"] == date(2024, 3, 31)
    assert int(tracked["chosen"]["month"]) == 3
    curves = tracked["curves"]
    assert list(dict.fromkeys(curves["cohort_end"])) == [date(2024, 3, 31), date(2023, 3, 31)]
    assert set(curves["status"]) == {"provisional"}
    # Q1 2023 as it stood on 30 Jun 2023: c3 by month 1, c1 by month 2 -> 2 of 3 at month 3
    assert tracked["earlier_then"]["pct_reoffended"] == pytest.approx(200 / 3)
    assert curves[curves["cohort_end"] == date(2024, 3, 31)]["month"].max() == 3


def test_concentration_counts_for_the_year(engine):
    counts = extra.concentration_counts(engine, Selection(level="service", area="S"), Q1_2023)
    assert counts.to_dict("records") == [{"reoffences": 1, "children": 1},
                                         {"reoffences": 2, "children": 1}]


def test_other_services_are_comparators_following_the_filters(engine, meta):
    comps, note = extra.comparators(engine, meta, Selection(level="service", area="S"), "services")
    assert note == "" and [c.name for c in comps] == ["T"]
    assert comps[0].follows_filters
    assert extra.comparator_for_year(comps[0], Q1_2023) == 100.0


def test_missing_region_comparator_falls_back_to_national_with_a_note(engine, meta):
    comps, note = extra.comparators(engine, meta, Selection(level="all"), "region")
    assert [c.name for c in comps] == ["England and Wales"]
    assert note == "No region applies to this selection, so England and Wales is shown. "


def test_published_comparator_for_a_year_needs_all_four_quarters():
    frame = pd.DataFrame({"cohort_end": Q1_2023, "binary_rate_pct": [30.0, 32.0, 34.0, 36.0],
                          "reoffences_per_reoffender": [2.0] * 4})
    national = extra.Comparator("England and Wales", "the national rate", frame, False)
    assert extra.comparator_for_year(national, Q1_2023) == 33.0
    partial = extra.Comparator("E&W", "the national rate", frame.iloc[1:], False)
    assert extra.comparator_for_year(partial, Q1_2023) is None
    long = extra.long_comparators([national], "binary_rate_pct")
    assert list(long.columns) == ["name", "cohort_end", "value"] and len(long) == 4


def test_area_authorities_and_selected_value(meta):
    assert extra.area_authorities(meta, "local_authority", "B") == ["A", "B"]
    assert extra.area_authorities(meta, "service", "T") == ["C"]
    assert extra.area_authorities(meta, "all", None) == ["A", "B", "C"]
    state = ViewState(area="la:B", sex="F")
    assert extra.selected_value(state, "area") == "la:B"
    assert extra.selected_value(state, "sex") == "F"
    assert extra.selected_value(ViewState(area="service:S"), "area") is None
