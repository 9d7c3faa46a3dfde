"""The anonymised list of children behind a figure (pseudonymous ids, never names).

Only coded fields are listed: the offence group is free text in the import (it could hold a
name or a description of an incident), so it is not shown here; the offence filter and the
breakdown charts still count by it."""
from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Engine, and_, func, select

from dashboard.contract.periods import period_start
from dashboard.contract.schema import (COURT_TIERS, NATIONAL_BASIS, CohortMember,
                                       CohortReoffence, FirstEntry, LocalAuthority, Outcome,
                                       OutcomeType)
from dashboard.contract.selection import Selection
from queries.common import filter_clauses, read, scoped

LIMIT = 2000
STAGE_WHERE = {
    "cautioned_or_sentenced": lambda o: o.c.substantive,
    "out_of_court": lambda o: o.c.tier == "pre_court",
    "court": lambda o: o.c.tier.in_(COURT_TIERS),
    "custody": lambda o: o.c.custodial,
    "custodial": lambda o: o.c.custodial,
    "outcomes": lambda o: o.c.in_age,
}
HEADERS = {"child_id": "Child (pseudonymous id)", "area": "Local authority",
           "offence_date": "Offence date", "outcome_date": "Outcome date",
           "outcome": "Outcome", "sex": "Sex", "age": "Age", "ethnicity": "Ethnicity",
           "looked_after": "Looked after",
           "index_date": "Index outcome date", "reoffences": "Proven reoffences so far"}


def _columns(table, date_column):
    la, ot = LocalAuthority.__table__, OutcomeType.__table__
    return [table.c.child_id, la.c.name.label("area"), date_column,
            ot.c.label.label("outcome"), table.c.sex, table.c.age, table.c.ethnicity,
            table.c.looked_after]


def children_behind(engine: Engine, kind: str, selection: Selection, *, period_end: date,
                    outcome_type: str | None = None, cohort_start: date | None = None,
                    as_of: date | None = None, basis: str = NATIONAL_BASIS) -> pd.DataFrame:
    """kind: 'fte', a disproportionality stage, 'custodial', 'outcomes' or 'cohort'.

    The selection's scope applies like everywhere else: nobody lists another area's children."""
    cohort = selection.cohort
    la, ot = LocalAuthority.__table__, OutcomeType.__table__
    start = period_start(period_end)
    if kind == "fte":
        t = FirstEntry.__table__
        stmt = select(*_columns(t, t.c.entry_date.label("outcome_date"))).select_from(
            t.join(la, la.c.code == t.c.local_authority)
             .join(ot, ot.c.code == t.c.outcome_type)).where(
            t.c.in_age, t.c.entry_date.between(start, period_end), *filter_clauses(t, cohort))
        order = t.c.entry_date
    elif kind == "cohort":
        t, r = CohortMember.__table__, CohortReoffence.__table__
        on = and_(r.c.basis == t.c.basis, r.c.cohort_start == t.c.cohort_start,
                  r.c.child_id == t.c.child_id, r.c.outcome_date <= (as_of or date.max))
        cols = _columns(t, t.c.index_date)
        cols[3] = ot.c.label.label("outcome")
        stmt = (select(*cols, func.count(r.c.outcome_id).label("reoffences"))
                .select_from(t.join(la, la.c.code == t.c.local_authority)
                             .join(ot, ot.c.code == t.c.index_outcome_type).outerjoin(r, on))
                .where(t.c.basis == basis, t.c.cohort_start == cohort_start,
                       *filter_clauses(t, cohort, tier_column="index_tier"))
                .group_by(*cols))
        order = t.c.index_date
    else:
        t = Outcome.__table__
        where = STAGE_WHERE.get(kind, STAGE_WHERE["outcomes"])(t)
        stmt = select(*_columns(t, t.c.outcome_date), t.c.offence_date).select_from(
            t.join(la, la.c.code == t.c.local_authority)
             .join(ot, ot.c.code == t.c.outcome_type)).where(
            t.c.in_age, where, t.c.outcome_date.between(start, period_end),
            *filter_clauses(t, cohort))
        if outcome_type:
            stmt = stmt.where(t.c.outcome_type == outcome_type)
        order = t.c.outcome_date
    stmt = scoped(stmt, selection, t.c.local_authority, False, la_joined=True)
    frame = read(engine, stmt.order_by(order, t.c.child_id).limit(LIMIT))
    frame["looked_after"] = frame["looked_after"].map({True: "Yes", False: "No"})
    return frame
