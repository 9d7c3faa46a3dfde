"""Shared pieces of the indicator SQL: areas and scope, cohort filters, periods, population.

Every query function takes a `Selection` (dashboard/contract/selection.py): level, area,
cohort filters and `scope`, the local authority codes the user may see (None = all), set by
the server from the login session. `scoped()` applies the scope and the area in SQL.
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Iterable

import pandas as pd
from sqlalchemy import Engine, and_, case, func, literal, select

from dashboard.contract.periods import nearest_year
from dashboard.contract.selection import AGE_BANDS, NO_FILTER, CohortFilter, Scope, Selection
from queries.cache import build_connection, memoized
from dashboard.contract.schema import (ALL_TIERS, ETHNIC_GROUPS, AreaPeriod, LocalAuthority,
                                       Population, PopulationSummary,
                                       ReportingPeriod)

ALL_AREAS_NAME = "All areas"
POPULATION_DOMAINS = {"ethnicity": ETHNIC_GROUPS, "sex": ("M", "F"),
                      "age_band": tuple(AGE_BANDS)}


def filter_clauses(table, cohort: CohortFilter, tier_column: str = "tier") -> list:
    """WHERE clauses for a table carrying the demographic columns."""
    clauses = []
    if cohort.sex:
        clauses.append(table.c.sex == cohort.sex)
    if cohort.age_band in AGE_BANDS:
        low, high = AGE_BANDS[cohort.age_band]
        clauses.append(table.c.age.between(low, high))
    if cohort.ethnicity:
        clauses.append(table.c.ethnicity == cohort.ethnicity)
    if cohort.looked_after is not None:
        clauses.append(table.c.looked_after == cohort.looked_after)
    if cohort.tier in ALL_TIERS and tier_column in table.c:
        clauses.append(table.c[tier_column] == cohort.tier)
    if cohort.offence_group:
        clauses.append(table.c.offence_group == cohort.offence_group)
    return clauses


def age_band_expr(age_column):
    return case((age_column <= 14, literal("10-14")), else_=literal("15-17"))


def breakdown_expr(table, by: str | None, tier_column: str = "tier"):
    """A column to split a figure by (labelled 'group'), or None."""
    if by is None:
        return None
    if by == "age_band":
        return age_band_expr(table.c.age).label("group")
    if by == "tier":
        return table.c[tier_column].label("group")
    return table.c[by].label("group")


def area_columns(level: str, la_column):
    """(area_code, joined LocalAuthority needed?) for grouping at a level."""
    if level == "local_authority":
        return la_column.label("area_code"), False
    if level == "service":
        return LocalAuthority.__table__.c.service.label("area_code"), True
    return literal("all").label("area_code"), False


def scoped(stmt, selection: Selection, la_column, needs_join: bool, la_joined: bool = False):
    """Join the authority table where needed and restrict to the scope and the area."""
    level, scope, area_code = selection.level, selection.scope, selection.area
    la = LocalAuthority.__table__
    if not la_joined and (needs_join or (area_code and level == "service")):
        stmt = stmt.join(la, la.c.code == la_column)
    if scope is not None:
        stmt = stmt.where(la_column.in_(list(scope)))
    if area_code and level == "local_authority":
        stmt = stmt.where(la_column == area_code)
    elif area_code and level == "service":
        stmt = stmt.where(la.c.service == area_code)
    return stmt


def _execute(engine: Engine, stmt) -> tuple[list[str], list[tuple]]:
    conn = build_connection(engine)
    if conn is None:
        with engine.connect() as conn:
            return _fetch(conn, stmt)
    try:
        return _fetch(conn, stmt)
    except Exception:
        conn.rollback()   # a failed statement must not fail the build's later reads
        raise


def _fetch(conn, stmt) -> tuple[list[str], list[tuple]]:
    result = conn.execute(stmt)
    return list(result.keys()), list(map(tuple, result.fetchall()))


def read(engine: Engine, stmt) -> pd.DataFrame:
    """The statement's rows as a frame. Rows become plain tuples first: pandas probes each
    SQLAlchemy Row for dict-likeness, which costs more than the query on large results."""
    columns, rows = _execute(engine, stmt)
    return pd.DataFrame(rows, columns=columns)


def read_rows(engine: Engine, stmt) -> list[tuple]:
    """The statement's rows as plain tuples, values as the database gives them (parts of
    them become frames later, exactly as `read` would have made them)."""
    return _execute(engine, stmt)[1]


@memoized
def authorities(engine: Engine, scope: Scope = None) -> pd.DataFrame:
    la = LocalAuthority.__table__
    stmt = select(la).order_by(la.c.service, la.c.name)
    if scope is not None:
        stmt = stmt.where(la.c.code.in_(list(scope)))
    return read(engine, stmt)


def area_names(engine: Engine, level: str, scope: Scope = None) -> pd.DataFrame:
    """area_code -> area_name for a level."""
    las = authorities(engine, scope)
    if level == "local_authority":
        return pd.DataFrame({"area_code": las["code"], "area_name": las["name"]})
    if level == "service":
        services = sorted(set(las["service"]))
        return pd.DataFrame({"area_code": services, "area_name": services})
    return pd.DataFrame({"area_code": ["all"], "area_name": [ALL_AREAS_NAME]})


def la_to_area(engine: Engine, level: str, scope: Scope = None) -> dict[str, str]:
    las = authorities(engine, scope)
    if level == "local_authority":
        return dict(zip(las["code"], las["code"]))
    if level == "service":
        return dict(zip(las["code"], las["service"]))
    return {code: "all" for code in las["code"]}


def periods(engine: Engine, period_ends: Iterable[date] | None = None, *,
            every_tier: bool = False):
    """The reporting_period table as a SQL selectable (optionally restricted).

    Indicators read only the periods of outcomes other than tier `other`; disposals, which
    count every tier, pass every_tier=True."""
    rp = ReportingPeriod.__table__
    stmt = select(rp.c.period_end, rp.c.period_start, rp.c.population_year)
    if not every_tier:
        stmt = stmt.where(rp.c.indicators)
    if period_ends is not None:
        stmt = stmt.where(rp.c.period_end.in_(list(period_ends)))
    return stmt.subquery("p")


@memoized
def loaded_population_years(engine: Engine) -> dict[str, set[int]]:
    """Years with population estimates, per local authority: the authorities and years of
    the whole population (`population_rows` of every authority, unfiltered, which a page
    ranking every service reads anyway: one read for both in a build)."""
    loaded = population_rows(engine, NO_FILTER, None, None)
    years: dict[str, set[int]] = {}   # a dict of sets in Python: 5x cheaper than groupby
    for code, year in zip(loaded["local_authority"].tolist(), loaded["year"].tolist()):
        years.setdefault(code, set()).add(year)
    return years


@memoized
def period_table(engine: Engine) -> pd.DataFrame:
    rp = ReportingPeriod.__table__
    return read(engine, select(rp).order_by(rp.c.period_end))


def population(engine: Engine, selection: Selection, *,
               period_ends: Iterable[date] | None = None,
               by: str | None = None) -> pd.DataFrame:
    """Children aged 10-17 per area and period (CONTRACT §3 year rule), following the filters.

    Columns: area_code, period_end, [group], population. Empty when the filters have no
    population (looked-after, offence group).
    """
    level, cohort, scope, area_code = (selection.level, selection.cohort, selection.scope,
                                       selection.area)
    columns = ["area_code", "period_end"] + (["group"] if by else []) + ["population"]
    if not cohort.population_available or (by and by not in POPULATION_DOMAINS):
        return pd.DataFrame(columns=columns)
    years_by_la = loaded_population_years(engine)
    mapping = la_to_area(engine, level, scope)
    if area_code:
        mapping = {la: area for la, area in mapping.items() if area == area_code}
    # One area reads its own authorities' rows; every area reads the memoised whole.
    by_la_year = population_rows(engine, cohort.without("looked_after", "tier", "offence_group"),
                                 by, tuple(sorted(mapping)) if area_code else scope)
    wanted = period_table(engine)
    if period_ends is not None:
        wanted = wanted[wanted["period_end"].isin(list(period_ends))]
    pairs = list(zip(wanted["period_end"], wanted["population_year"]))
    choices = [(la, end, chosen_year(year, years_by_la[la]))
               for la in mapping if la in years_by_la for end, year in pairs]
    chosen = pd.DataFrame(choices, columns=["local_authority", "period_end", "year"])
    if by:  # every group of the domain, so a group with no rows has population 0
        domain = pd.DataFrame({"group": POPULATION_DOMAINS[by]})
        chosen = chosen.merge(domain, how="cross")
    merged = chosen.merge(by_la_year, on=["local_authority", "year"] + (["group"] if by else []),
                          how="left")
    merged["population"] = merged["population"].fillna(0)
    merged["area_code"] = merged["local_authority"].map(mapping)
    keys_out = ["area_code", "period_end"] + (["group"] if by else [])
    result = merged.groupby(keys_out, as_index=False)["population"].sum()
    result["population"] = result["population"].astype("int64")
    return result[columns]


def chosen_year(wanted: int, loaded: set[int]) -> int | None:
    """nearest_year, remembered for each wanted year and set of loaded years (every
    authority of a level asks it for every period: 15,000 times nationally)."""
    return _chosen_year(int(wanted), frozenset(loaded))


@lru_cache(maxsize=4096)
def _chosen_year(wanted: int, loaded: frozenset[int]) -> int | None:
    return nearest_year(wanted, loaded)


@memoized
def population_rows(engine: Engine, cohort: CohortFilter, by: str | None,
                    scope: Scope = None) -> pd.DataFrame:
    """Population per authority and year (and group) of the authorities in `scope` (None:
    all): for every area of a level one cached result serves them all. Without filters
    they are read from population_summary (built at load), else summed from the rows."""
    pop = Population.__table__
    clauses = filter_clauses(pop, cohort)
    if not clauses:
        return _population_summary_rows(engine, by, scope)
    group = breakdown_expr(pop, by)
    keys = [pop.c.local_authority, pop.c.year] + ([group] if group is not None else [])
    grouped = select(*keys, func.sum(pop.c.population).label("population"))
    if scope is not None:
        clauses.append(pop.c.local_authority.in_(list(scope)))
    if clauses:
        grouped = grouped.where(and_(*clauses))
    return read(engine, grouped.group_by(*keys))


def _population_summary_rows(engine: Engine, by: str | None, scope: Scope) -> pd.DataFrame:
    """population_rows without filters: the summary's rows of one breakdown (or the whole)."""
    summary = PopulationSummary.__table__
    keys = [summary.c.local_authority, summary.c.year] + (
        [summary.c.grp.label("group")] if by else [])
    stmt = select(*keys, summary.c.population).where(summary.c.dim == (by or ""))
    if scope is not None:
        stmt = stmt.where(summary.c.local_authority.in_(list(scope)))
    return read(engine, stmt)


def rate(numerator: pd.Series, denominator: pd.Series, per: float) -> pd.Series:
    """numerator / denominator x per; empty (NaN) where the denominator is 0 or missing."""
    num = pd.to_numeric(numerator, errors="coerce").astype("float64")
    den = pd.to_numeric(denominator, errors="coerce").astype("float64")
    return (num / den.where(den > 0)) * per


def data_presence(engine: Engine, selection: Selection, *, every_tier: bool = False,
                  period_ends: Iterable[date] | None = None) -> pd.DataFrame:
    """(area_code, period_end) pairs where the area has any outcome aged 10-17 in the period
    (v2: of a tier other than `other`, unless every_tier - those count in disposals only).

    Depends only on where (level, area, scope), so it is cached without the filters; read
    from area_period (per authority and period) and area_level_period (per service and all
    areas), both built at load (queries.summary.presence_rows). `period_ends`: only those
    periods (every area of a level for one period reads that period's rows alone)."""
    if period_ends is None:
        return _data_presence(engine, selection.place(), every_tier=every_tier)
    # Not memoised: one small read per set of periods (the views ask for many), where the
    # cache would keep an entry for each and push older ones out.
    return _data_presence.uncached(engine, selection.place(), every_tier=every_tier,
                                   period_ends=tuple(sorted(set(period_ends))))


@memoized
def _data_presence(engine: Engine, selection: Selection, *, every_tier: bool = False,
                   period_ends: tuple[date, ...] | None = None) -> pd.DataFrame:
    from queries.summary import presence_rows   # here: queries.summary imports this module
    found = presence_rows(engine, selection, every_tier=every_tier, period_ends=period_ends)
    if found is not None:
        return found
    # A scope holding part of a service (or of all areas): its authorities' rows, grouped.
    ap = AreaPeriod.__table__
    p = periods(engine, period_ends, every_tier=every_tier)
    area, join = area_columns(selection.level, ap.c.local_authority)
    rows = ap.c.rows if every_tier else ap.c.indicator_rows
    stmt = (select(area, ap.c.period_end)
            .select_from(ap.join(p, ap.c.period_end == p.c.period_end))
            .where(rows > 0))
    stmt = scoped(stmt, selection, ap.c.local_authority, join)
    stmt = stmt.group_by(ap.c.period_end, area).order_by(ap.c.period_end, area)
    return read(engine, stmt)


def with_periods(engine: Engine, selection: Selection, counts: pd.DataFrame,
                 count_columns: list[str], *, by: str | None = None,
                 population_frame: pd.DataFrame | None = None,
                 period_ends: Iterable[date] | None = None,
                 every_tier: bool = False) -> pd.DataFrame:
    """Counts on every (area, period) with data, zeros filled, population and names joined."""
    level, scope = selection.level, selection.scope
    keys = ["area_code", "period_end"]
    frame = data_presence(engine, selection, every_tier=every_tier, period_ends=period_ends)
    if period_ends is not None:
        frame = frame[frame["period_end"].isin(list(period_ends))]
    if frame.empty:  # no data for this area (or period): nothing to merge onto
        extra = (["group"] if by else []) + count_columns + (
            ["population"] if population_frame is not None else [])
        return pd.DataFrame(columns=["area_type", *keys, *extra, "period_start", "area_name"])
    if by:
        groups = set(counts["group"]) if not counts.empty else set()
        if population_frame is not None and not population_frame.empty:
            groups |= set(population_frame["group"])
        # object dtype even when empty, so the merge on "group" below never mixes dtypes
        domain = pd.Series(sorted(groups, key=str), dtype=object)
        frame = frame.merge(pd.DataFrame({"group": domain}), how="cross")
        keys = keys + ["group"]
    frame = frame.merge(counts, on=keys, how="left")
    for column in count_columns:
        frame[column] = frame[column].fillna(0).astype("int64")
    if population_frame is not None:
        frame = frame.merge(population_frame, on=keys, how="left")
        frame["population"] = frame["population"].astype("Int64")
    periods_df = period_table(engine)[["period_end", "period_start"]]
    frame = frame.merge(periods_df, on="period_end", how="left")
    frame = frame.merge(area_names(engine, level, scope), on="area_code", how="left")
    frame.insert(0, "area_type", level)
    return frame.sort_values(keys).reset_index(drop=True)
