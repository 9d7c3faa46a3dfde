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
- cohort_area_summary, area_level_period: cohort_summary and area_period summed to each
  service and to all areas (what service-level views read instead of grouping authorities).
- cohort_group_summary: each cohort per area and group of its members (breakdowns, the
  tracker's first reoffence month, the count of reoffences), as of the load.
- population_summary: children aged 10-17 per authority and year, whole and by sex, age
  band or ethnicity (what unfiltered views read instead of the population's rows).
- reporting_period: rolling 12-month periods ending at each quarter end of the data
  (first quarter with an outcome aged 10-17 to the quarter of the latest one); `indicators`
  marks those within the range of outcomes other than tier `other` (disposals only).
"""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from dashboard.contract.periods import (add_months, period_start, population_year, quarter_end,
                               quarter_ends_between, quarter_start)
from dashboard.contract.schema import (COURT_TIERS, MINORITY_ETHNIC, MINORITY_GROUPS,
                                       NATIONAL_BASIS, OTHER_TIER, TIERS)
from dashboard.contract.selection import AGE_BANDS

DEMOGRAPHICS = ["local_authority", "sex", "age", "ethnicity", "looked_after", "offence_group"]


def counts_for_basis(outcomes: pd.DataFrame, basis: str) -> pd.Series:
    """Rows that make cohort places and reoffences: substantive ones (national), or (v2
    all_outcomes) any of the five tiers of CONTRACT §2 - never tier `other`."""
    if basis == NATIONAL_BASIS:
        return outcomes["substantive"]
    return outcomes["tier"].isin(TIERS)


def _first_per_key(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The earliest row per key by outcome_date, ties broken by the smallest outcome_id."""
    by = ["outcome_date", "outcome_id"]
    # sorted and deduplicated on those columns alone, then the rows taken: not two copies
    # of every column of a million rows (the frame's index labels are unique)
    ordered = frame[list(dict.fromkeys(by + keys))].sort_values(by, kind="mergesort")
    return frame.loc[ordered.drop_duplicates(keys, keep="first").index]


# A derived table takes only the outcome columns it reads (a row selection of the whole
# national frame would copy every column of a million rows), and each date worked out
# from a date is computed once per distinct date, one shared object (see _each).
ENTRY_COLUMNS = ["child_id", "outcome_id", "outcome_date", "outcome_type", "tier", "in_age",
                 *DEMOGRAPHICS, "ethnicity_detail"]


def _each(function, values) -> list:
    """function(value) for each value, called once per distinct value."""
    done = {value: function(value) for value in set(values)}
    return [done[value] for value in values]


def first_entries(outcomes: pd.DataFrame) -> pd.DataFrame:
    substantive = outcomes.loc[outcomes["substantive"], ENTRY_COLUMNS]
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
    eligible = outcomes.loc[counts_for_basis(outcomes, basis) & outcomes["in_age"],
                            ENTRY_COLUMNS]
    if eligible.empty:
        return pd.DataFrame(columns=["basis", "cohort_start", "child_id"])
    eligible["cohort_start"] = _each(quarter_start, eligible["outcome_date"])
    members = _first_per_key(eligible, ["child_id", "cohort_start"])
    del eligible
    members["cohort_end"] = _each(quarter_end, members["cohort_start"])
    members["follow_up_end"] = _each(lambda d: add_months(d, 12), members["outcome_date"])
    members["proven_by"] = _each(lambda d: add_months(d, 18), members["outcome_date"])
    members["basis"] = basis
    return members.rename(columns={"outcome_id": "index_outcome_id",
                                   "outcome_date": "index_date",
                                   "outcome_type": "index_outcome_type",
                                   "tier": "index_tier"})[
        ["basis", "cohort_start", "child_id", "cohort_end", "index_outcome_id", "index_date",
         "follow_up_end", "proven_by", "index_outcome_type", "index_tier", *DEMOGRAPHICS,
         "ethnicity_detail"]]


REOFFENCE_COLUMNS = ["basis", "cohort_start", "child_id", "outcome_id", "offence_date",
                     "outcome_date", "months_after_index"]


def cohort_reoffences(outcomes: pd.DataFrame, members: pd.DataFrame,
                      basis: str = NATIONAL_BASIS) -> pd.DataFrame:
    return next(cohort_reoffence_parts(outcomes, members, basis, max(len(members), 1)))


def cohort_reoffence_parts(outcomes: pd.DataFrame, members: pd.DataFrame,
                           basis: str = NATIONAL_BASIS, rows: int = 100_000):
    """cohort_reoffences for `rows` members at a time (each member is first paired with
    every counted outcome of the child: millions of pairs nationally); at least one part."""
    if members.empty:
        yield pd.DataFrame(columns=REOFFENCE_COLUMNS)
        return
    substantive = outcomes.loc[counts_for_basis(outcomes, basis),
                               ["child_id", "outcome_id", "offence_date", "outcome_date"]]
    for start in range(0, len(members), rows):
        pairs = members.iloc[start:start + rows][
            ["cohort_start", "child_id", "index_date", "follow_up_end", "proven_by"]].merge(
                substantive, on="child_id")
        keep = ((pairs["offence_date"] > pairs["index_date"])
                & (pairs["offence_date"] <= pairs["follow_up_end"])
                & (pairs["outcome_date"] <= pairs["proven_by"]))
        pairs = pairs[keep].copy()
        pairs["months_after_index"] = [months_after(i, o) for i, o in
                                       zip(pairs["index_date"], pairs["offence_date"])]
        pairs["basis"] = basis
        yield pairs[REOFFENCE_COLUMNS]


def quarter_summary(outcomes: pd.DataFrame) -> pd.DataFrame:
    keys = ["quarter_end", "outcome_type", "tier", "custodial", *DEMOGRAPHICS]
    in_age = outcomes.loc[outcomes["in_age"], ["outcome_date", *keys[1:]]]
    in_age["quarter_end"] = _each(quarter_end, in_age["outcome_date"])
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


# --- Period summaries: every rolling year's counts at every level, built once -------------
#
# A rolling year is four calendar quarters, so each outcome counts in the periods ending at
# its quarter and the three quarters after it. Sums (rows, first entries) are difference
# arrays over quarters. A distinct-children count takes, for each child, only the periods not
# already covered by the child's previous qualifying row in the same cell: sorted by cell,
# child and quarter, a row at quarter q after one at quarter p adds the periods
# max(q, p + 4) .. q + 3. Counted per level, so a child in two authorities of one service
# counts once for the service (authority rows cannot be summed into service rows).

LEVELS = ("local_authority", "service", "all")
# Breakdowns stored: "" is the whole area; "minority" holds the computed group Minority
# ethnic (Mixed, Asian, Black, Other together: a child under two of them counts once).
SUMMARY_DIMS = ("", "sex", "age_band", "ethnicity", "minority", "looked_after", "tier",
                "offence_group", "outcome_type")
SUM_MEASURES = ("outcome_rows", "custodial_sentences", "fte_count")
DISTINCT_MEASURES = ("children", "custodial_children", "substantive_children",
                     "pre_court_children", "court_children", "looked_after_children")
SUMMARY_MEASURES = SUM_MEASURES + DISTINCT_MEASURES
SUMMARY_COLUMNS = ["outcome_date", "child_id", "local_authority", "sex", "age", "ethnicity",
                   "looked_after", "tier", "offence_group", "outcome_type", "custodial",
                   "substantive"]
_NO_QUARTER = -10 ** 6


def quarter_index(days) -> np.ndarray:
    """year * 4 + quarter (0..3) for each date."""
    return np.fromiter((d.year * 4 + (d.month - 1) // 3 for d in days), dtype=np.int64,
                       count=len(days))


def _dim_values(frame: pd.DataFrame, dim: str) -> pd.Series:
    """Each row's group for a breakdown, as text (None: the row is not in the breakdown)."""
    if dim == "":
        return pd.Series("", index=frame.index, dtype=object)
    if dim == "age_band":
        return pd.Series(np.where(frame["age"] <= 14, "10-14", "15-17"), index=frame.index,
                         dtype=object)
    if dim == "minority":
        return pd.Series(np.where(frame["ethnicity"].isin(MINORITY_GROUPS), MINORITY_ETHNIC,
                                  None), index=frame.index, dtype=object)
    if dim == "looked_after":
        return frame["looked_after"].map({True: "true", False: "false"}).astype(object)
    return frame[dim].astype(object)


def _group_codes(rows: pd.DataFrame, entries: pd.DataFrame, dim: str):
    """Integer group codes (-1: not in the breakdown) for outcome rows and first entries,
    and the group names."""
    values = pd.concat([_dim_values(rows, dim), _dim_values(entries, dim)],
                       ignore_index=True)
    codes, names = pd.factorize(values, use_na_sentinel=True)
    return codes[:len(rows)], codes[len(rows):], list(names)


def _rolling(counts: np.ndarray) -> np.ndarray:
    """Per row of quarter counts, the sum over each quarter and the three before it."""
    total = np.cumsum(counts, axis=1)
    shifted = np.zeros_like(total)
    shifted[:, 4:] = total[:, :-4]
    return total - shifted


def _quarter_sums(cells: np.ndarray, quarters: np.ndarray, n_cells: int,
                  width: int) -> np.ndarray:
    """Rows per cell and rolling year (indexed by the quarter of the period's end)."""
    counts = np.bincount(cells * width + quarters, minlength=n_cells * width)
    return _rolling(counts.reshape(n_cells, width))


def _distinct(cells: np.ndarray, children: np.ndarray, quarters: np.ndarray, n_cells: int,
              width: int) -> np.ndarray:
    """Distinct children per cell and rolling year, the arrays sorted by cell, child and
    quarter: a row at quarter q after the child's previous one (same cell) at p adds the
    periods max(q, p + 4) .. q + 3 (a difference array, summed along the quarters)."""
    stride = width + 4
    previous = np.full(len(quarters), _NO_QUARTER, dtype=np.int64)
    same = (cells[1:] == cells[:-1]) & (children[1:] == children[:-1])
    previous[1:][same] = quarters[:-1][same]
    start = np.maximum(quarters, previous + 4)
    new = start <= quarters + 3
    delta = np.bincount(cells[new] * stride + start[new], minlength=n_cells * stride)
    delta -= np.bincount(cells[new] * stride + quarters[new] + 4, minlength=n_cells * stride)
    return np.cumsum(delta.reshape(n_cells, stride), axis=1)[:, :width]


PERIOD_SUMMARY_COLUMNS = ["period_end", "level", "area_code", "dim", "grp", *SUMMARY_MEASURES]


def period_summary(outcomes: pd.DataFrame, firsts: pd.DataFrame, authorities: list[dict],
                   periods: pd.DataFrame) -> pd.DataFrame:
    """Counts per rolling year (each reporting_period), level, area and breakdown group.

    Columns: period_end, level, area_code, dim, grp, then SUMMARY_MEASURES: outcome rows
    aged 10-17 (every tier), custodial sentences, first time entrants, and distinct children
    aged 10-17 at an outcome: any, custodial, substantive, pre-court, court (first-tier,
    community, custody) and substantive while looked after. Only cells with a count."""
    parts = list(period_summary_parts(outcomes, firsts, authorities, periods))
    if not parts:
        return pd.DataFrame(columns=PERIOD_SUMMARY_COLUMNS)
    return pd.concat(parts, ignore_index=True)[PERIOD_SUMMARY_COLUMNS]


def period_summary_parts(outcomes: pd.DataFrame, firsts: pd.DataFrame,
                         authorities: list[dict], periods: pd.DataFrame):
    """period_summary a breakdown and level at a time (frames of its columns), for a load
    that inserts each part and drops it (the national table has 1.2 million rows)."""
    if periods.empty:
        return
    ends = list(periods["period_end"])
    positions = quarter_index(ends)
    base, width = int(positions[0]), int(positions[-1] - positions[0]) + 1
    positions = positions - base
    rows = outcomes.loc[outcomes["in_age"], SUMMARY_COLUMNS]
    entries = firsts.loc[firsts["in_age"]]
    quarters = quarter_index(list(rows["outcome_date"])) - base
    entry_quarters = quarter_index(list(entries["entry_date"])) - base
    children = pd.factorize(rows["child_id"])[0].astype(np.int64)
    tier = rows["tier"]
    masks = {
        "children": np.ones(len(rows), dtype=bool),
        "custodial_children": rows["custodial"].to_numpy(dtype=bool),
        "substantive_children": rows["substantive"].to_numpy(dtype=bool),
        "pre_court_children": (tier == "pre_court").to_numpy(dtype=bool),
        "court_children": tier.isin(COURT_TIERS).to_numpy(dtype=bool),
        "looked_after_children": (rows["substantive"] & rows["looked_after"]).to_numpy(
            dtype=bool),
    }
    service_of = {la["code"]: la["service"] for la in authorities}
    las = pd.Index(sorted(set(rows["local_authority"]) | set(entries["local_authority"])))
    services = pd.Index(sorted({service_of[code] for code in las}))
    la_service = services.get_indexer([service_of[code] for code in las])
    la_rows = las.get_indexer(rows["local_authority"])
    la_entries = las.get_indexer(entries["local_authority"])
    levels = {
        "local_authority": (la_rows, la_entries, list(las)),
        "service": (la_service[la_rows], la_service[la_entries], list(services)),
        "all": (np.zeros(len(rows), dtype=np.int64), np.zeros(len(entries), dtype=np.int64),
                ["all"]),
    }
    ends_array = np.asarray(ends, dtype=object)
    for dim in SUMMARY_DIMS:
        group_rows, group_entries, groups = _group_codes(rows, entries, dim)
        if not groups:
            continue
        in_rows, in_entries = group_rows >= 0, group_entries >= 0
        for level in LEVELS:
            area_rows, area_entries, areas = levels[level]
            n = len(areas) * len(groups)
            cells = (area_rows * len(groups) + group_rows)[in_rows].astype(np.int64)
            q = quarters[in_rows]
            counts = {
                "outcome_rows": _quarter_sums(cells, q, n, width),
                "fte_count": _quarter_sums(
                    (area_entries * len(groups) + group_entries)[in_entries].astype(np.int64),
                    entry_quarters[in_entries], n, width),
            }
            custodial = masks["custodial_children"][in_rows]
            counts["custodial_sentences"] = _quarter_sums(cells[custodial], q[custodial], n,
                                                          width)
            order = np.lexsort((q, children[in_rows], cells))
            sorted_cells, sorted_children, sorted_q = (cells[order], children[in_rows][order],
                                                       q[order])
            for measure, mask in masks.items():
                keep = mask[in_rows][order]
                counts[measure] = _distinct(sorted_cells[keep], sorted_children[keep],
                                            sorted_q[keep], n, width)
            stacked = np.stack([counts[m][:, positions] for m in SUMMARY_MEASURES], axis=2)
            cell_at, period_at = np.nonzero(stacked.any(axis=2))
            part = pd.DataFrame(stacked[cell_at, period_at], columns=list(SUMMARY_MEASURES))
            part.insert(0, "grp", np.asarray(groups, dtype=object)[cell_at % len(groups)])
            part.insert(0, "dim", dim)
            part.insert(0, "area_code", np.asarray(areas, dtype=object)[cell_at // len(groups)])
            part.insert(0, "level", level)
            part.insert(0, "period_end", ends_array[period_at])
            yield part


def area_periods(outcomes: pd.DataFrame, periods: pd.DataFrame) -> pd.DataFrame:
    """Outcome rows aged 10-17 per local authority and rolling year: `rows` of every tier,
    `indicator_rows` of tiers other than `other` (which count in disposals only). Where an
    area has data (SPEC: figures are reported for area-periods with any outcome)."""
    columns = ["period_end", "local_authority", "rows", "indicator_rows"]
    if periods.empty:
        return pd.DataFrame(columns=columns)
    ends = list(periods["period_end"])
    base = int(quarter_index(ends)[0])
    width = int(quarter_index(ends)[-1]) - base + 1
    rows = outcomes.loc[outcomes["in_age"], ["local_authority", "outcome_date", "tier"]]
    las = pd.Index(sorted(pd.unique(rows["local_authority"])))
    la, q = las.get_indexer(rows["local_authority"]), quarter_index(list(rows["outcome_date"])) - base
    n = len(las)
    every = _rolling(np.bincount(la * width + q, minlength=n * width).reshape(n, width))
    core = (rows["tier"] != OTHER_TIER).to_numpy()
    indicator = _rolling(np.bincount(la[core] * width + q[core],
                                     minlength=n * width).reshape(n, width))
    positions = quarter_index(ends) - base
    every, indicator = every[:, positions], indicator[:, positions]
    la_at, period_at = np.nonzero(every)
    return pd.DataFrame({"period_end": np.asarray(ends, dtype=object)[period_at],
                         "local_authority": las[la_at],
                         "rows": every[la_at, period_at],
                         "indicator_rows": indicator[la_at, period_at]})[columns]


def cohort_summary(members: pd.DataFrame, reoffences: pd.DataFrame) -> pd.DataFrame:
    """Per basis, authority and quarterly cohort: members, members with a reoffence and
    reoffences, all proven by the load's as-of date (every cohort_reoffence row is: its
    outcome is among the loaded ones). Members of both bases in one frame, likewise the
    reoffences."""
    columns = ["basis", "local_authority", "cohort_start", "cohort_end", "cohort_size",
               "reoffenders", "reoffences"]
    if members.empty:
        return pd.DataFrame(columns=columns)
    keys = ["basis", "cohort_start", "child_id"]
    counts = reoffences.groupby(keys).size().rename("reoffences").reset_index()
    each = members[keys + ["local_authority", "cohort_end"]].merge(counts, on=keys, how="left")
    each["reoffences"] = each["reoffences"].fillna(0).astype("int64")
    each["reoffenders"] = (each["reoffences"] > 0).astype("int64")
    summary = (each.groupby(["basis", "local_authority", "cohort_start", "cohort_end"])
               .agg(cohort_size=("child_id", "size"), reoffenders=("reoffenders", "sum"),
                    reoffences=("reoffences", "sum"))
               .reset_index())
    return summary[columns]


AREA_LEVELS = ("service", "all")


def summed_to_levels(frame: pd.DataFrame, authorities: list[dict], keys: list[str],
                     measures: list[str]) -> pd.DataFrame:
    """Rows per local authority (a `local_authority` column) summed to each service and to
    all areas: columns level, area_code, then `keys` and `measures`, rows with a measure
    above 0 only. For additive counts (cohort_summary, area_period): a row of the result
    is what grouping the authorities' rows by service at request time gives."""
    columns = ["level", "area_code", *keys, *measures]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    service_of = {la["code"]: la["service"] for la in authorities}
    parts = []
    for level in AREA_LEVELS:
        areas = (frame["local_authority"].map(service_of) if level == "service"
                 else pd.Series("all", index=frame.index))
        part = (frame.assign(area_code=areas)
                .groupby(["area_code", *keys], as_index=False, sort=True)[measures].sum())
        part.insert(0, "level", level)
        parts.append(part[(part[measures] > 0).any(axis=1)])
    result = pd.concat(parts, ignore_index=True)[columns]
    result[measures] = result[measures].astype("int64")
    return result


def with_levels(frame: pd.DataFrame, authorities: list[dict], keys: list[str],
                measures: list[str]) -> pd.DataFrame:
    """Authority rows (a local_authority column) and their sums to each service and all
    areas (summed_to_levels): columns level, area_code, keys, measures, whole numbers."""
    own = frame.rename(columns={"local_authority": "area_code"})
    own.insert(0, "level", "local_authority")
    result = pd.concat([own[["level", "area_code", *keys, *measures]],
                        summed_to_levels(frame, authorities, keys, measures)],
                       ignore_index=True)
    result[measures] = result[measures].astype("int64")
    return result


# --- Cohorts by group of members: breakdowns, tracker and concentration, built once -------

COHORT_GROUP_DIMS = ("sex", "age_band", "ethnicity", "looked_after", "tier", "first_month",
                     "reoffences")
COHORT_MEASURES = ["cohort_size", "reoffenders", "reoffences"]
COHORT_GROUP_COLUMNS = ["basis", "level", "dim", "area_code", "cohort_start", "grp",
                        "cohort_end", *COHORT_MEASURES]


def member_reoffences(part: pd.DataFrame) -> pd.DataFrame:
    """Per member of a cohort_reoffence part: its reoffences and the first one's month
    (cohort_start, child_id, reoffences, first_month); a member's rows are in one part."""
    return (part.groupby(["cohort_start", "child_id"], sort=False)["months_after_index"]
            .agg(reoffences="size", first_month="min").reset_index())


def _member_groups(members: pd.DataFrame, counts: pd.Series, first: pd.Series,
                   dim: str) -> pd.Series:
    """Each member's group for a dimension, as text (COHORT_GROUP_DIMS)."""
    if dim == "age_band":
        return pd.Series(np.where(members["age"] <= 14, "10-14", "15-17"),
                         index=members.index, dtype=object)
    if dim == "looked_after":
        return members["looked_after"].map({True: "true", False: "false"}).astype(object)
    if dim == "tier":
        return members["index_tier"].astype(object)
    if dim == "first_month":
        return pd.Series(["" if m != m else str(int(m)) for m in first], index=members.index,
                         dtype=object)
    if dim == "reoffences":
        return counts.astype("int64").astype(str).astype(object)
    return members[dim].astype(object)


def cohort_group_summary_parts(members: pd.DataFrame, reoffences: pd.DataFrame,
                               authorities: list[dict], basis: str):
    """cohort_group_summary of one basis, a dimension at a time (COHORT_GROUP_COLUMNS):
    members per level, area, cohort and group, those with a reoffence and their
    reoffences (every cohort_reoffence row is proven by the load's as-of date).
    `reoffences`: member_reoffences of the basis's parts, concatenated. Counted with
    integer codes (np.bincount), not grouped by the text and date columns."""
    if members.empty:
        return
    keys = ["cohort_start", "child_id"]
    each = members[keys].merge(reoffences, on=keys, how="left")
    counts = pd.Series(each["reoffences"].fillna(0).astype("int64").to_numpy(),
                       index=members.index)
    first = pd.Series(each["first_month"].to_numpy(dtype="float64"), index=members.index)
    del each
    reoffended = (counts > 0).to_numpy(dtype=np.int64)
    counted = counts.to_numpy(dtype=np.int64)
    starts_at, starts = pd.factorize(members["cohort_start"])
    first_of = np.unique(starts_at, return_index=True)[1]
    ends = members["cohort_end"].to_numpy(dtype=object)[first_of]   # per start code
    starts = np.asarray(list(starts), dtype=object)
    la_at, las = pd.factorize(members["local_authority"])
    service_of = {la["code"]: la["service"] for la in authorities}
    services_at, services = pd.factorize(pd.Series([service_of[code] for code in las]))
    levels = (("local_authority", la_at, np.asarray(list(las), dtype=object)),
              ("service", services_at[la_at], np.asarray(list(services), dtype=object)),
              ("all", np.zeros(len(members), dtype=np.int64), np.asarray(["all"], dtype=object)))
    n_starts = len(starts)
    for dim in COHORT_GROUP_DIMS:
        groups_at, groups = pd.factorize(_member_groups(members, counts, first, dim))
        groups = np.asarray(list(groups), dtype=object)
        parts = []
        for level, areas_at, areas in levels:
            cells = (areas_at.astype(np.int64) * n_starts + starts_at) * len(groups) + groups_at
            n = len(areas) * n_starts * len(groups)
            size = np.bincount(cells, minlength=n)
            at = np.nonzero(size)[0]
            group, rest = at % len(groups), at // len(groups)
            start, area = rest % n_starts, rest // n_starts
            parts.append(pd.DataFrame({
                "basis": basis, "level": level, "dim": dim, "area_code": areas[area],
                "cohort_start": starts[start], "grp": groups[group], "cohort_end": ends[start],
                "cohort_size": size[at],
                "reoffenders": np.bincount(cells, weights=reoffended, minlength=n)[at]
                .astype(np.int64),
                "reoffences": np.bincount(cells, weights=counted, minlength=n)[at]
                .astype(np.int64)}))
        yield pd.concat(parts, ignore_index=True)[COHORT_GROUP_COLUMNS]


# Characters Plotly reads as markup in chart text (dashboard/web/markup.py escapes names
# holding them; queries.names.markup_names reads the names recorded at load).
MARKUP = ("<", ">", "&")


def markup_names(authorities: list[dict], type_rows: list[dict], benchmark_areas,
                 offence_groups) -> list[str]:
    """Every distinct imported name holding < > or &: the authorities' names, services,
    regions and families, outcome type labels, published area names and the offence
    groups of outcomes aged 10-17 (the names charts show). Sorted."""
    names = {la.get(key) for la in authorities
             for key in ("name", "service", "region", "family")}
    names |= {row["label"] for row in type_rows} | set(benchmark_areas) | set(offence_groups)
    return sorted(name for name in names if name and any(m in name for m in MARKUP))


POPULATION_DIMS = ("sex", "age_band", "ethnicity")


def population_summary(population: list[dict] | pd.DataFrame) -> pd.DataFrame:
    """Population per local authority and year: whole (dim "", grp "") and by sex, age band
    and ethnicity (one breakdown at a time). Columns: dim, local_authority, year, grp,
    population. Only the combinations present in the population rows."""
    columns = ["dim", "local_authority", "year", "grp", "population"]
    frame = pd.DataFrame(population, columns=["local_authority", "year", "sex", "age",
                                              "ethnicity", "population"])
    if frame.empty:
        return pd.DataFrame(columns=columns)
    bands = {age: band for band, (low, high) in AGE_BANDS.items()
             for age in range(low, high + 1)}
    frame["age_band"] = frame["age"].map(bands)
    frame["population"] = frame["population"].astype("int64")
    frame["whole"] = ""
    parts = []
    for dim, column in (("", "whole"), *((d, d) for d in POPULATION_DIMS)):
        part = (frame.dropna(subset=[column])
                .groupby(["local_authority", "year", column], as_index=False)["population"]
                .sum().rename(columns={column: "grp"}))
        part.insert(0, "dim", dim)
        parts.append(part)
    result = pd.concat(parts, ignore_index=True)[columns]
    result["year"] = result["year"].astype("int64")
    return result
