"""Imported names that hold markup characters (< > &), which Plotly would render as markup
in chart text and hover labels (dashboard/web/markup.py escapes them in figures)."""
from __future__ import annotations

from sqlalchemy import Engine, or_, select, union

from dashboard.contract.schema import (Benchmark, LocalAuthority, OutcomeType, QuarterSummary,
                                       Outcome)
from queries.cache import memoized

MARKUP = ("<", ">", "&")


@memoized
def markup_names(engine: Engine) -> tuple[str, ...]:
    """Every distinct name, label or category from the import containing < > or &."""
    columns = [LocalAuthority.name, LocalAuthority.service, LocalAuthority.region,
               LocalAuthority.family, OutcomeType.label, Benchmark.area_name,
               QuarterSummary.offence_group, Outcome.ethnicity_detail]
    query = union(*[select(c.label("name")).where(or_(*[c.contains(m, autoescape=True)
                                                         for m in MARKUP])).distinct()
                    for c in columns])
    with engine.connect() as conn:
        names = [n for n in conn.execute(query).scalars() if n]
    # longest first, so a name inside another is replaced after the longer one
    return tuple(sorted(set(names), key=len, reverse=True))
