"""Facts derived once at load time (CONTRACT §4), stored as tables so requests only aggregate.

- first_entry: each child's first substantive outcome among all rows (any age).
- cohort_member: per calendar quarter, each child with a substantive outcome aged 10-17,
  with the index outcome (earliest; ties by smallest outcome_id).
- cohort_reoffence: each substantive row of a member with
  index_date < offence_date <= index_date + 12 months and outcome_date <= index_date + 18 months.
  Queries filter outcome_date <= as_of, so any as-of date can be reported without a rebuild.
  Both cohort tables hold two bases (v2): `national` as above, and `all_outcomes`, where
  "substantive" reads "of tier diversion, pre_court, first_tier, community or custody".
- quarter_summary: outcome rows (ages 10-17) counted per quarter and cohort attributes.
- reporting_period: rolling 12-month periods ending at each quarter end of the data
  (first quarter with an outcome aged 10-17 to the quarter of the latest one); `indicators`
  marks those within the range of outcomes other than tier `other` (disposals only).
"""
from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.contract.periods import (add_months, period_start, population_year, quarter_end,
                               quarter_ends_between, quarter_start)
from dashboard.contract.schema import NATIONAL_BASIS, OTHER_TIER, TIERS

DEMOGRAPHICS = ["local_authority", "sex", "age", "ethnicity", "looked_after", "offence_group"]


def counts_for_basis(outcomes: pd.DataFrame, basis: str) -> pd.Series:
    """Rows that make cohort places and reoffences: substantive ones (national), or (v2
    all_outcomes) any of the five tiers of CONTRACT §2 - never tier `other`."""
    if basis == NATIONAL_BASIS:
        return outcomes["substantive"]
    return outcomes["tier"].isin(TIERS)


def _first_per_key(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The earliest row per key by outcome_date, ties broken by the smallest outcome_id."""
    ordered = frame.sort_values(["outcome_date", "outcome_id"], kind="mergesort")
    return ordered.drop_duplicates(keys, keep="first")


def first_entries(outcomes: pd.DataFrame) -> pd.DataFrame:
    substantive = outcomes[outcomes["substantive"]]
    first = _first_per_key(substantive, ["child_id"])
    return first.rename(columns={"outcome_date": "entry_date"})[
        ["child_id", "outcome_id", "entry_date", "outcome_type", "tier", "in_age",
         *DEMOGRAPHICS, "ethnicity_detail"]]


def months_after(index_day: date, later_day: date) -> int:
    """Smallest m >= 1 with later_day <= index_day + m months (later_day after index_day)."""
    months = (later_day.year - index_day.year) * 12 + later_day.month - index_day.month
    if later_day > add_months(index_day, months):
        months += 1
    return max(months, 1)


def cohort_members(outcomes: pd.DataFrame, basis: str = NATIONAL_BASIS) -> pd.DataFrame:
    eligible = outcomes[counts_for_basis(outcomes, basis) & outcomes["in_age"]].copy()
    if eligible.empty:
        return pd.DataFrame(columns=["basis", "cohort_start", "child_id"])
    eligible["cohort_start"] = [quarter_start(d) for d in eligible["outcome_date"]]
    members = _first_per_key(eligible, ["child_id", "cohort_start"]).copy()
    members["cohort_end"] = [quarter_end(d) for d in members["cohort_start"]]
    members["follow_up_end"] = [add_months(d, 12) for d in members["outcome_date"]]
    members["proven_by"] = [add_months(d, 18) for d in members["outcome_date"]]
    members["basis"] = basis
    return members.rename(columns={"outcome_id": "index_outcome_id",
                                   "outcome_date": "index_date",
                                   "outcome_type": "index_outcome_type",
                                   "tier": "index_tier"})[
        ["basis", "cohort_start", "child_id", "cohort_end", "index_outcome_id", "index_date",
         "follow_up_end", "proven_by", "index_outcome_type", "index_tier", *DEMOGRAPHICS,
         "ethnicity_detail"]]


def cohort_reoffences(outcomes: pd.DataFrame, members: pd.DataFrame,
                      basis: str = NATIONAL_BASIS) -> pd.DataFrame:
    columns = ["basis", "cohort_start", "child_id", "outcome_id", "offence_date",
               "outcome_date", "months_after_index"]
    if members.empty:
        return pd.DataFrame(columns=columns)
    substantive = outcomes.loc[counts_for_basis(outcomes, basis),
                               ["child_id", "outcome_id", "offence_date", "outcome_date"]]
    pairs = members[["cohort_start", "child_id", "index_date", "follow_up_end",
                     "proven_by"]].merge(substantive, on="child_id")
    keep = ((pairs["offence_date"] > pairs["index_date"])
            & (pairs["offence_date"] <= pairs["follow_up_end"])
            & (pairs["outcome_date"] <= pairs["proven_by"]))
    pairs = pairs[keep].copy()
    pairs["months_after_index"] = [months_after(i, o) for i, o in
                                   zip(pairs["index_date"], pairs["offence_date"])]
    pairs["basis"] = basis
    return pairs[columns]


def quarter_summary(outcomes: pd.DataFrame) -> pd.DataFrame:
    in_age = outcomes[outcomes["in_age"]].copy()
    in_age["quarter_end"] = [quarter_end(d) for d in in_age["outcome_date"]]
    keys = ["quarter_end", "outcome_type", "tier", "custodial", *DEMOGRAPHICS]
    return in_age.groupby(keys, dropna=False).size().rename("rows").reset_index()


def reporting_periods(outcomes: pd.DataFrame) -> pd.DataFrame:
    in_age = outcomes.loc[outcomes["in_age"], "outcome_date"]
    if in_age.empty:
        return pd.DataFrame(columns=["period_end", "period_start", "population_year",
                                     "indicators"])
    # From the first quarter with data to the quarter of the latest outcome: periods ending
    # after the data stops would be part-years that look like falls.
    ends = quarter_ends_between(min(in_age), max(in_age))
    # Tier `other` counts in disposals only, so it must not add periods to any indicator.
    core = outcomes.loc[outcomes["in_age"] & (outcomes["tier"] != OTHER_TIER), "outcome_date"]
    first, last = ((quarter_end(min(core)), quarter_end(max(core))) if not core.empty
                   else (None, None))
    return pd.DataFrame({"period_end": ends,
                         "period_start": [period_start(e) for e in ends],
                         "population_year": [population_year(e) for e in ends],
                         "indicators": [first is not None and first <= e <= last
                                        for e in ends]})
