"""Proven reoffending of quarterly cohorts (CONTRACT §4), from the derived cohort tables.

Reoffences count only when proven by `as_of` (outcome_date <= as_of), so provisional
cohorts are a live tracker and any as-of date can be reported without rebuilding.

Every function takes `basis`: `national` (CONTRACT §4, the default) or `all_outcomes` (v2:
cohorts and reoffences on outcomes of every tier but `other`, diversion included).
"""
from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Engine, Integer, and_, func, select

from dashboard.contract.periods import add_months, cohort_complete
from dashboard.contract.schema import (BASES, NATIONAL_BASIS, CohortAreaSummary,
                                       CohortGroupSummary, CohortMember, CohortReoffence,
                                       CohortSummary, LoadInfo)
from queries.cache import memoized
from dashboard.contract.selection import CohortFilter, Selection
from queries.common import area_columns, area_names, breakdown_expr, filter_clauses, read, scoped
from queries.summary import summary_areas, summary_usable

SMALL_COHORT = 30
COLUMNS = ["area_type", "area_code", "area_name", "cohort_start", "cohort_end", "status",
           "cohort_size", "reoffenders", "reoffences", "binary_rate_pct",
           "reoffences_per_reoffender", "reoffences_per_child"]


def default_as_of(engine: Engine) -> date | None:
    """The latest outcome_date loaded."""
    with engine.connect() as conn:
        return conn.execute(select(func.max(LoadInfo.__table__.c.as_of))).scalar()


def _member_filters(cohort: CohortFilter, cohort_starts=None,
                    basis: str = NATIONAL_BASIS) -> list:
    if basis not in BASES:
        raise ValueError(f"unknown reoffending basis {basis!r}")
    m = CohortMember.__table__
    clauses = [m.c.basis == basis] + filter_clauses(m, cohort, tier_column="index_tier")
    if cohort_starts is not None:
        clauses.append(m.c.cohort_start.in_(list(cohort_starts)))
    return clauses


def _per_member(selection: Selection, as_of: date, by: str | None, cohort_starts=None,
                basis: str = NATIONAL_BASIS):
    """Per cohort member: reoffences proven by as_of and the month of the first one."""
    m, r = CohortMember.__table__, CohortReoffence.__table__
    area, join = area_columns(selection.level, m.c.local_authority)
    group = breakdown_expr(m, by, tier_column="index_tier")
    keys = [m.c.cohort_start, m.c.cohort_end, area] + ([group] if group is not None else [])
    on = and_(r.c.basis == m.c.basis, r.c.cohort_start == m.c.cohort_start,
              r.c.child_id == m.c.child_id, r.c.outcome_date <= as_of)
    stmt = (select(*keys, m.c.child_id,
                   func.count(r.c.outcome_id).label("reoffences"),
                   func.min(r.c.months_after_index).label("first_month"))
            .select_from(m.outerjoin(r, on))
            .where(*_member_filters(selection.cohort, cohort_starts, basis)))
    stmt = scoped(stmt, selection, m.c.local_authority, join)
    return stmt.group_by(*keys, m.c.child_id).subquery("member"), bool(by)


def _summary_cohorts(engine: Engine, selection: Selection, cohort_starts, basis: str):
    """Cohort sizes, reoffenders and reoffences as of the load's as-of date, built at load:
    an authority's rows from cohort_summary, a service's or all areas' from
    cohort_area_summary; a scope holding part of a service (or of all areas) sums its
    authorities' rows, which is what the members give, each being one authority's in a
    cohort."""
    if basis not in BASES:
        raise ValueError(f"unknown reoffending basis {basis!r}")
    measures = ("cohort_size", "reoffenders", "reoffences")
    areas = (None if selection.level == "local_authority"
             else summary_areas(engine, selection))
    if areas is not False:
        if selection.level == "local_authority":
            table = CohortSummary.__table__
            area = table.c.local_authority
            stmt = select(table.c.cohort_start, table.c.cohort_end, area.label("area_code"),
                          *[table.c[m] for m in measures])
            if selection.scope is not None:
                stmt = stmt.where(area.in_(list(selection.scope)))
        else:
            table = CohortAreaSummary.__table__
            area = table.c.area_code
            stmt = select(table.c.cohort_start, table.c.cohort_end, area,
                          *[table.c[m] for m in measures]).where(
                table.c.level == selection.level)
            if areas is not None:
                stmt = stmt.where(area.in_(areas))
        stmt = stmt.where(table.c.basis == basis)
        if selection.area and selection.level != "all":
            stmt = stmt.where(area == selection.area)
        if cohort_starts is not None:
            stmt = stmt.where(table.c.cohort_start.in_(list(cohort_starts)))
        return stmt
    cs = CohortSummary.__table__
    area, join = area_columns(selection.level, cs.c.local_authority)
    keys = [cs.c.cohort_start, cs.c.cohort_end, area]
    stmt = (select(*keys, *[func.sum(cs.c[m]).label(m) for m in measures])
            .where(cs.c.basis == basis))
    if cohort_starts is not None:
        stmt = stmt.where(cs.c.cohort_start.in_(list(cohort_starts)))
    return scoped(stmt, selection, cs.c.local_authority, join).group_by(*keys)


# Breakdowns read from cohort_group_summary (its dim is the query's `by`).
GROUP_SUMMARY_DIMS = ("sex", "age_band", "ethnicity", "looked_after", "tier")


def _group_summary(engine: Engine, selection: Selection, as_of: date, dim: str,
                   cohort_starts, basis: str, *columns):
    """A statement on cohort_group_summary for one dimension (built at load: members per
    level, area, cohort and group as of the load's as-of date), or None when it cannot
    answer: cohort filters, another as-of date, a scope splitting a service or all areas
    (the caller pairs the members with their reoffences instead)."""
    if basis not in BASES:
        raise ValueError(f"unknown reoffending basis {basis!r}")
    if not summary_usable(selection) or as_of != default_as_of(engine):
        return None
    areas = summary_areas(engine, selection)
    if areas is False:
        return None
    t = CohortGroupSummary.__table__
    stmt = select(*[t.c[c] if isinstance(c, str) else c for c in columns]).where(
        t.c.basis == basis, t.c.level == selection.level, t.c.dim == dim)
    if selection.area and selection.level != "all":
        stmt = stmt.where(t.c.area_code == selection.area)
    if areas is not None:
        stmt = stmt.where(t.c.area_code.in_(list(areas)))
    if cohort_starts is not None:
        stmt = stmt.where(t.c.cohort_start.in_(list(cohort_starts)))
    return stmt


def add_rates(frame: pd.DataFrame) -> pd.DataFrame:
    size = frame["cohort_size"].astype("float64")
    reoffenders = frame["reoffenders"].astype("float64")
    reoffences = frame["reoffences"].astype("float64")
    frame["binary_rate_pct"] = reoffenders / size.where(size > 0) * 100
    frame["reoffences_per_reoffender"] = reoffences / reoffenders.where(reoffenders > 0)
    frame["reoffences_per_child"] = reoffences / size.where(size > 0)
    frame["small_cohort"] = frame["cohort_size"] < SMALL_COHORT
    return frame


@memoized
def reoffending(engine: Engine, selection: Selection, *, as_of: date | None = None,
                by: str | None = None, cohort_starts=None,
                basis: str = NATIONAL_BASIS) -> pd.DataFrame:
    """One row per quarterly cohort (and breakdown group) with at least one member."""
    loaded_as_of = default_as_of(engine)
    as_of = as_of or loaded_as_of
    grouped = None if by not in GROUP_SUMMARY_DIMS else _group_summary(
        engine, selection, as_of, by, cohort_starts, basis, "cohort_start", "cohort_end",
        "area_code", CohortGroupSummary.grp.label("group"), "cohort_size", "reoffenders",
        "reoffences")
    if summary_usable(selection) and by is None and as_of == loaded_as_of:
        stmt, has_group = _summary_cohorts(engine, selection, cohort_starts, basis), False
    elif grouped is not None:
        stmt, has_group = grouped, True
    else:
        member, has_group = _per_member(selection, as_of, by, cohort_starts, basis)
        keys = [member.c.cohort_start, member.c.cohort_end, member.c.area_code] + (
            [member.c.group] if has_group else [])
        stmt = select(*keys, func.count().label("cohort_size"),
                      func.sum((member.c.reoffences > 0).cast(Integer)).label("reoffenders"),
                      func.sum(member.c.reoffences).label("reoffences")).group_by(*keys)
    frame = read(engine, stmt)
    if grouped is not None and by == "looked_after":
        frame["group"] = frame["group"].map({"true": True, "false": False})
    extra = ["group"] if has_group else []
    if frame.empty:
        return pd.DataFrame(columns=COLUMNS[:6] + extra + COLUMNS[6:] + ["small_cohort"])
    for column in ("cohort_size", "reoffenders", "reoffences"):
        frame[column] = frame[column].fillna(0).astype("int64")
    frame["status"] = ["complete" if cohort_complete(end, as_of) else "provisional"
                       for end in frame["cohort_end"]]
    frame = add_rates(frame)
    frame = frame.merge(area_names(engine, selection.level, selection.scope), on="area_code",
                        how="left")
    frame.insert(0, "area_type", selection.level)
    sort = ["area_code", "cohort_start"] + extra
    return frame.sort_values(sort).reset_index(drop=True)[
        COLUMNS[:6] + extra + COLUMNS[6:] + ["small_cohort"]]


def pooled(frame: pd.DataFrame, cohort_end: date, quarters: int = 4) -> pd.DataFrame:
    """Annual figures: sum the counts of the `quarters` cohorts ending at cohort_end."""
    first_start = add_months(cohort_end, -3 * quarters)
    window = frame[(frame["cohort_end"] <= cohort_end) & (frame["cohort_start"] > first_start)]
    keys = [c for c in ("area_type", "area_code", "area_name", "group") if c in frame]
    totals = window.groupby(keys, as_index=False)[
        ["cohort_size", "reoffenders", "reoffences"]].sum()
    totals["cohorts"] = window.groupby(keys).size().values if not window.empty else []
    totals["provisional"] = (window.groupby(keys)["status"]
                             .apply(lambda s: (s == "provisional").any()).values
                             if not window.empty else [])
    return add_rates(totals)


@memoized
def tracker(engine: Engine, selection: Selection, *, as_of: date | None = None,
            cohort_starts=None, basis: str = NATIONAL_BASIS) -> pd.DataFrame:
    """Cumulative % of each cohort reoffended by month m = 1..12 after the index outcome.

    `observed` is False for months not yet fully elapsed for every member at as_of.
    """
    as_of = as_of or default_as_of(engine)
    stmt = _group_summary(engine, selection, as_of, "first_month", cohort_starts, basis,
                          "cohort_start", "cohort_end", "area_code",
                          CohortGroupSummary.grp.label("first_month"),
                          CohortGroupSummary.cohort_size.label("children"))
    if stmt is not None:   # built at load; "" is no reoffence
        counts = read(engine, stmt)
        months = counts["first_month"]
        counts["first_month"] = pd.to_numeric(months.where(months != ""), errors="coerce")
    else:
        member, _ = _per_member(selection, as_of, None, cohort_starts, basis)
        keys = [member.c.cohort_start, member.c.cohort_end, member.c.area_code]
        counts = read(engine, select(*keys, member.c.first_month,
                                     func.count().label("children"))
                      .group_by(*keys, member.c.first_month))
    rows = []
    for (start, end, area), part in counts.groupby(["cohort_start", "cohort_end", "area_code"]):
        size = int(part["children"].sum())
        for month in range(1, 13):
            reoffended = int(part.loc[part["first_month"] <= month, "children"].sum())
            rows.append((area, start, end, month, size, reoffended,
                         reoffended / size * 100, add_months(end, month) <= as_of))
    return pd.DataFrame(rows, columns=["area_code", "cohort_start", "cohort_end", "month",
                                       "cohort_size", "reoffended", "pct_reoffended",
                                       "observed"])


@memoized
def concentration(engine: Engine, selection: Selection, *, as_of: date | None = None,
                  cohort_starts=None, basis: str = NATIONAL_BASIS) -> pd.DataFrame:
    """How many children had k reoffences (k >= 1), for the prolific-concentration figure."""
    as_of = as_of or default_as_of(engine)
    t = CohortGroupSummary.__table__
    stmt = _group_summary(engine, selection, as_of, "reoffences", cohort_starts, basis,
                          "area_code", t.c.grp.label("reoffences"),
                          func.sum(t.c.cohort_size).label("children"))
    if stmt is not None:   # built at load: members per number of reoffences
        frame = read(engine, stmt.where(t.c.grp != "0").group_by(t.c.area_code, t.c.grp))
        frame["reoffences"] = frame["reoffences"].astype("int64")
        frame["children"] = frame["children"].astype("int64")
    else:
        member, _ = _per_member(selection, as_of, None, cohort_starts, basis)
        frame = read(engine, select(member.c.area_code, member.c.reoffences,
                                    func.count().label("children"))
                     .where(member.c.reoffences > 0)
                     .group_by(member.c.area_code, member.c.reoffences))
    return frame.sort_values(["area_code", "reoffences"]).reset_index(drop=True)
