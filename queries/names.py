"""Imported names that hold markup characters (< > &), which Plotly would render as markup
in chart text and hover labels (dashboard/web/markup.py escapes them in figures)."""
from __future__ import annotations

from sqlalchemy import Engine, or_, select, union

from dashboard.contract.schema import (DETAILED_ETHNICITIES, Benchmark, LocalAuthority,
                                       OutcomeType, PeriodSummary)
from queries.cache import memoized

MARKUP = ("<", ">", "&")


@memoized
def markup_names(engine: Engine) -> tuple[str, ...]:
    """Every distinct name, label or category from the import containing < > or &.

    Offence groups are read from period_summary's whole-England-and-Wales rows (every
    offence group of an outcome aged 10-17, as in quarter_summary, from a few thousand
    rows instead of a million); detailed ethnicities are the 2021 Census categories, which
    validation stores as CONTRACT §2b spells them (dashboard/etl/validate.py)."""
    ps = PeriodSummary.__table__
    offence_groups = (select(ps.c.grp.label("name")).where(ps.c.level == "all",
                                                           ps.c.dim == "offence_group")
                      .subquery("offence_groups"))
    columns = [LocalAuthority.name, LocalAuthority.service, LocalAuthority.region,
               LocalAuthority.family, OutcomeType.label, Benchmark.area_name,
               offence_groups.c.name]
    query = union(*[select(c.label("name")).where(or_(*[c.contains(m, autoescape=True)
                                                         for m in MARKUP])).distinct()
                    for c in columns])
    with engine.connect() as conn:
        names = [n for n in conn.execute(query).scalars() if n]
    names += [c for c in DETAILED_ETHNICITIES if any(m in c for m in MARKUP)]
    # longest first, so a name inside another is replaced after the longer one
    return tuple(sorted(set(names), key=len, reverse=True))
