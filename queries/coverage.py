"""What each local authority contributes to the loaded data (for the About page)."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, case, func, select

from dashboard.contract.schema import LocalAuthority, Outcome, Population
from queries.cache import memoized
from dashboard.contract.selection import Scope
from queries.common import read

COLUMNS = ["code", "name", "service", "region", "family", "outcome_rows", "rows_in_age",
           "children", "first_outcome", "last_outcome", "first_population_year",
           "last_population_year", "population_years"]


@memoized
def coverage(engine: Engine, scope: Scope = None) -> pd.DataFrame:
    """One row per local authority: outcome rows (all ages and 10-17), distinct children,
    first and last outcome date, and the population estimate years loaded."""
    la, o, pop = LocalAuthority.__table__, Outcome.__table__, Population.__table__
    outcomes = (select(o.c.local_authority,
                       func.count().label("outcome_rows"),
                       func.sum(case((o.c.in_age, 1), else_=0)).label("rows_in_age"),
                       func.count(o.c.child_id.distinct()).label("children"),
                       func.min(o.c.outcome_date).label("first_outcome"),
                       func.max(o.c.outcome_date).label("last_outcome"))
                .group_by(o.c.local_authority).subquery("o"))
    years = (select(pop.c.local_authority,
                    func.min(pop.c.year).label("first_population_year"),
                    func.max(pop.c.year).label("last_population_year"),
                    func.count(pop.c.year.distinct()).label("population_years"))
             .group_by(pop.c.local_authority).subquery("y"))
    stmt = (select(la.c.code, la.c.name, la.c.service, la.c.region, la.c.family,
                   *[outcomes.c[c] for c in COLUMNS[5:10]], *[years.c[c] for c in COLUMNS[10:]])
            .select_from(la.outerjoin(outcomes, outcomes.c.local_authority == la.c.code)
                         .outerjoin(years, years.c.local_authority == la.c.code))
            .order_by(la.c.service, la.c.name))
    if scope is not None:
        stmt = stmt.where(la.c.code.in_(list(scope)))
    frame = read(engine, stmt)
    for column in ("outcome_rows", "rows_in_age", "children", "population_years"):
        frame[column] = frame[column].fillna(0).astype("int64")
    return frame[COLUMNS]
