"""Imported names that hold markup characters (< > &), which Plotly would render as markup
in chart text and hover labels (dashboard/web/markup.py escapes them in figures)."""
from __future__ import annotations

from sqlalchemy import Engine, select

from dashboard.contract.schema import DETAILED_ETHNICITIES, LoadedChoice
from dashboard.etl.derive import MARKUP
from queries.cache import memoized


@memoized
def markup_names(engine: Engine) -> tuple[str, ...]:
    """Every distinct name, label or category from the import containing < > or &.

    Recorded at load (`loaded_choice`, dim "markup": authorities' names, services, regions
    and families, outcome type labels, published area names and the offence groups of
    outcomes aged 10-17; dashboard/etl/derive.markup_names), not searched with LIKE on
    every first request; detailed ethnicities are the 2021 Census categories, which
    validation stores as CONTRACT §2b spells them (dashboard/etl/validate.py)."""
    with engine.connect() as conn:
        names = list(conn.execute(select(LoadedChoice.value)
                                  .where(LoadedChoice.dim == "markup")).scalars())
    names += [c for c in DETAILED_ETHNICITIES if any(m in c for m in MARKUP)]
    # longest first, so a name inside another is replaced after the longer one
    return tuple(sorted(set(names), key=len, reverse=True))
