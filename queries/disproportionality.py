"""Ethnic disproportionality (CONTRACT §4): relative rate index by stage against White children.

v2: a computed group `Minority ethnic` (Mixed, Asian, Black and Other together) after Other,
by the same formulas; a child recorded under two of those groups counts once in it.
"""
from __future__ import annotations

import math
from datetime import date
from typing import Iterable

import numpy as np
import pandas as pd
from sqlalchemy import Engine, and_, case, func, select

from dashboard.contract.schema import (COURT_TIERS, ETHNIC_GROUPS, MINORITY_ETHNIC,
                                       MINORITY_GROUPS, UNKNOWN_ETHNICITY, WHITE, Outcome)
from queries.cache import memoized
from dashboard.contract.selection import Selection
from queries.common import (area_columns, filter_clauses, periods, population, rate, read,
                            scoped, with_periods)
from queries.fte import fte_counts
from queries.summary import period_counts

STAGES = ("fte", "cautioned_or_sentenced", "out_of_court", "court", "custody")
STAGE_LABELS = {
    "fte": "Entering the justice system",
    "cautioned_or_sentenced": "Cautioned or sentenced",
    "out_of_court": "Cautioned (out of court)",
    "court": "Sentenced at court",
    "custody": "Sentenced to custody",
}
COLUMNS = ["area_type", "area_code", "area_name", "period_start", "period_end", "stage",
           "ethnicity", "count", "population", "rate_per_1000", "relative_rate_index",
           "rri_lower_95", "rri_upper_95", "share_of_stage_pct", "share_of_population_pct",
           "significance"]
Z95 = 1.96
# Groups with a rate and an RRI; only the five recorded groups make the totals shares use.
RATED_GROUPS = ETHNIC_GROUPS + (MINORITY_ETHNIC,)
ETHNICITY_ORDER = list(RATED_GROUPS) + [UNKNOWN_ETHNICITY]


STAGE_MEASURES = {"cautioned_or_sentenced": "substantive_children",
                  "out_of_court": "pre_court_children", "court": "court_children",
                  "custody": "custodial_children"}


def stage_counts(engine: Engine, selection: Selection, period_ends) -> pd.DataFrame:
    """Distinct children per period, area, ethnicity and stage (long format)."""
    wide = _summary_stages(engine, selection, period_ends)
    if wide is None:
        wide = _stage_rows(engine, selection, period_ends)
    long = wide.melt(id_vars=["period_end", "area_code", "ethnicity"],
                     value_vars=list(STAGE_MEASURES), var_name="stage", value_name="count")
    first = period_counts(engine, selection, {"count": "fte_count"}, by="ethnicity",
                          period_ends=period_ends)
    if first is None:
        first = fte_counts(engine, selection, by="ethnicity", period_ends=period_ends)
        first = first.rename(columns={"fte_count": "count"})
    first = first.rename(columns={"group": "ethnicity"}).assign(stage="fte")
    # One first entry per child, so the minority count is the sum of its groups' counts.
    minority = (first[first["ethnicity"].isin(MINORITY_GROUPS)]
                .groupby(["period_end", "area_code"], as_index=False)["count"].sum()
                .assign(ethnicity=MINORITY_ETHNIC, stage="fte"))
    return pd.concat([first, minority, long], ignore_index=True)


def _summary_stages(engine: Engine, selection: Selection, period_ends) -> pd.DataFrame | None:
    """The four outcome stages per ethnic group and Minority ethnic from period_summary."""
    groups = period_counts(engine, selection, STAGE_MEASURES, by="ethnicity",
                           period_ends=period_ends)
    if groups is None:
        return None
    minority = period_counts(engine, selection, STAGE_MEASURES, by="minority",
                             period_ends=period_ends)
    return pd.concat([groups, minority], ignore_index=True).rename(
        columns={"group": "ethnicity"})


def _stage_rows(engine: Engine, selection: Selection, period_ends) -> pd.DataFrame:
    """The four outcome stages from the outcome rows, for any cohort filter."""
    level, cohort = selection.level, selection.cohort
    o = Outcome.__table__
    p = periods(engine, period_ends)
    area, join = area_columns(level, o.c.local_authority)
    conditions = {
        "cautioned_or_sentenced": o.c.substantive,
        "out_of_court": o.c.tier == "pre_court",
        "court": o.c.tier.in_(COURT_TIERS),
        "custody": o.c.custodial,
    }
    keys = [p.c.period_end, area, o.c.ethnicity]
    measures = [func.count(case((cond, o.c.child_id)).distinct()).label(stage)
                for stage, cond in conditions.items()]
    stmt = (select(*keys, *measures)
            .select_from(o.join(p, o.c.outcome_date.between(p.c.period_start, p.c.period_end)))
            .where(and_(o.c.in_age, *filter_clauses(o, cohort))))
    stmt = scoped(stmt, selection, o.c.local_authority, join).group_by(*keys)
    wide = read(engine, stmt)
    # Minority ethnic: its own distinct count, so a child under two of its groups counts once.
    keys = [p.c.period_end, area]
    stmt = (select(*keys, *measures)
            .select_from(o.join(p, o.c.outcome_date.between(p.c.period_start, p.c.period_end)))
            .where(and_(o.c.in_age, o.c.ethnicity.in_(MINORITY_GROUPS),
                        *filter_clauses(o, cohort))))
    stmt = scoped(stmt, selection, o.c.local_authority, join).group_by(*keys)
    return pd.concat([wide, read(engine, stmt).assign(ethnicity=MINORITY_ETHNIC)],
                     ignore_index=True)


def _interval(rri: float, a: float, n1: float, c: float, n2: float) -> tuple[float, float]:
    if not (a > 0 and c > 0 and n1 > 0 and n2 > 0) or not rri > 0:
        return (math.nan, math.nan)
    variance = 1 / a - 1 / n1 + 1 / c - 1 / n2
    if variance < 0:
        return (math.nan, math.nan)
    spread = Z95 * math.sqrt(variance)
    return (math.exp(math.log(rri) - spread), math.exp(math.log(rri) + spread))


def _significance(ethnicity: str, lower: float, upper: float) -> str | None:
    if ethnicity == WHITE:
        return "reference"
    if ethnicity not in RATED_GROUPS:
        return None
    if lower > 1:
        return "over"
    if upper < 1:
        return "under"
    return "none"


def add_indices(frame: pd.DataFrame) -> pd.DataFrame:
    """Rates, RRI with 95% interval, shares and significance for a stage-long frame."""
    keys = ["area_code", "period_end", "stage"]
    rated = frame["ethnicity"].isin(RATED_GROUPS)
    known = frame["ethnicity"].isin(ETHNIC_GROUPS)   # the five recorded groups: totals
    frame.loc[~rated, "population"] = pd.NA
    frame["rate_per_1000"] = rate(frame["count"], frame["population"], 1000)
    white = frame[frame["ethnicity"] == WHITE][keys + ["count", "population", "rate_per_1000"]]
    white = white.rename(columns={"count": "_c", "population": "_n2", "rate_per_1000": "_rw"})
    frame = frame.merge(white, on=keys, how="left")
    white_rate = frame["_rw"].where((frame["_c"] > 0) & (frame["_rw"] > 0))
    frame["relative_rate_index"] = (frame["rate_per_1000"] / white_rate).where(rated)
    frame.loc[(frame["ethnicity"] == WHITE) & white_rate.notna(), "relative_rate_index"] = 1.0
    bounds = [(_interval(r, a, n1, c, n2) if e != WHITE else (math.nan, math.nan))
              for e, r, a, n1, c, n2 in zip(
                  frame["ethnicity"], frame["relative_rate_index"].astype("float64"),
                  frame["count"].astype("float64"),
                  pd.to_numeric(frame["population"], errors="coerce").astype("float64"),
                  frame["_c"].astype("float64"),
                  pd.to_numeric(frame["_n2"], errors="coerce").astype("float64"))]
    frame["rri_lower_95"] = [b[0] for b in bounds]
    frame["rri_upper_95"] = [b[1] for b in bounds]
    known_count = frame["count"].where(known, 0).groupby(
        [frame[k] for k in keys]).transform("sum")
    frame["share_of_stage_pct"] = (frame["count"] / known_count.where(known_count > 0)
                                   * 100).where(rated)
    pop = pd.to_numeric(frame["population"], errors="coerce").astype("float64")
    pop_total = pop.where(known, 0).groupby([frame[k] for k in keys]).transform("sum")
    frame["share_of_population_pct"] = (pop / pop_total.where(pop_total > 0) * 100).where(rated)
    frame["significance"] = [_significance(e, lo, hi) for e, lo, hi in
                             zip(frame["ethnicity"], frame["rri_lower_95"],
                                 frame["rri_upper_95"])]
    return frame.drop(columns=["_c", "_n2", "_rw"])


@memoized
def disproportionality(engine: Engine, selection: Selection, *,
                       period_ends: Iterable[date] | None = None) -> pd.DataFrame:
    """Every stage x ethnic group (and Unknown, count only) for each area-period with data.

    An ethnicity filter does not apply here: the comparison is between groups.
    """
    selection = selection.with_(cohort=selection.cohort.without("ethnicity"))
    counts = stage_counts(engine, selection, period_ends)
    counts = counts.rename(columns={"ethnicity": "group"})
    pops = population(engine, selection, period_ends=period_ends, by="ethnicity")
    minority = (pops[pops["group"].isin(MINORITY_GROUPS)]
                .groupby(["area_code", "period_end"], as_index=False)["population"].sum()
                .assign(group=MINORITY_ETHNIC))
    pops = pd.concat([pops, minority], ignore_index=True)
    grid = pd.DataFrame([(s, e) for s in STAGES for e in ETHNICITY_ORDER],
                        columns=["stage", "group"])
    base = with_periods(engine, selection, pd.DataFrame(columns=["area_code", "period_end"]), [],
                        period_ends=period_ends)
    if base.empty:
        return pd.DataFrame(columns=COLUMNS)
    frame = base.merge(grid, how="cross")
    frame = frame.merge(counts, on=["area_code", "period_end", "stage", "group"], how="left")
    frame["count"] = frame["count"].fillna(0).astype("int64")
    pops = pops.rename(columns={"population": "population"})
    frame = frame.merge(pops, on=["area_code", "period_end", "group"], how="left")
    frame["population"] = frame["population"].astype("Int64")
    frame = frame.rename(columns={"group": "ethnicity"})
    frame = add_indices(frame)
    frame["_stage"] = frame["stage"].map({s: i for i, s in enumerate(STAGES)})
    frame["_eth"] = frame["ethnicity"].map({e: i for i, e in enumerate(ETHNICITY_ORDER)})
    frame = frame.sort_values(["area_code", "period_end", "_stage", "_eth"])
    return frame[COLUMNS].reset_index(drop=True)


__all__ = ["disproportionality", "STAGES", "STAGE_LABELS", "np"]
