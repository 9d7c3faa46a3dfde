"""Looked-after children's offending (v2): children with a substantive outcome while looked
after, per 100 children looked after on the 31 March inside the period."""
from __future__ import annotations

from datetime import date
from typing import Iterable

import pandas as pd
from sqlalchemy import Engine, select

from dashboard.contract.periods import march_31_year
from dashboard.contract.schema import LoadedFile, LookedAfterPopulation, Outcome
from dashboard.contract.selection import Selection
from queries.cache import memoized
from queries.children import distinct_children
from queries.common import chosen_year, la_to_area, period_table, rate, read, with_periods

FILE = "looked_after_population.csv"
COLUMNS = ["area_type", "area_code", "area_name", "period_start", "period_end", "children",
           "looked_after_population", "rate_pct"]


@memoized
def looked_after_loaded(engine: Engine) -> bool:
    """Whether the last load had looked_after_population.csv (looked_after.csv is written
    only then)."""
    with engine.connect() as conn:
        return conn.execute(select(LoadedFile.name).where(LoadedFile.name == FILE)).first() \
            is not None


def looked_after_population(engine: Engine, selection: Selection,
                            period_ends: Iterable[date] | None = None) -> pd.DataFrame:
    """area_code, period_end, looked_after_population: each authority's figure for the year of
    the period's 31 March (nearest loaded year, the earlier on a tie), summed over an area.
    An authority with no looked-after rows adds nothing; an area with none has no row."""
    lap = LookedAfterPopulation.__table__
    loaded = read(engine, select(lap))
    if selection.scope is not None:
        loaded = loaded[loaded["local_authority"].isin(selection.scope)]
    mapping = la_to_area(engine, selection.level, selection.scope)
    if selection.area:
        mapping = {la: area for la, area in mapping.items() if area == selection.area}
    wanted = period_table(engine)["period_end"]
    if period_ends is not None:
        wanted = wanted[wanted.isin(list(period_ends))]
    years = loaded.groupby("local_authority")["year"].apply(set).to_dict()
    figures = {(r.local_authority, r.year): r.population for r in loaded.itertuples()}
    rows = [(mapping[la], end, figures[(la, chosen_year(march_31_year(end), years[la]))])
            for la in mapping if la in years for end in wanted]
    frame = pd.DataFrame(rows, columns=["area_code", "period_end", "looked_after_population"])
    return frame.groupby(["area_code", "period_end"], as_index=False).sum()


@memoized
def looked_after(engine: Engine, selection: Selection, *, by: str | None = None,
                 period_ends: Iterable[date] | None = None) -> pd.DataFrame:
    """The area-periods fte.csv reports, with children aged 10-17 with a substantive outcome on
    a row recording them as looked after. The population has no breakdown, so `by` and the
    sex, age, ethnicity and offence filters give counts with an empty population."""
    o = Outcome.__table__
    counts = distinct_children(engine, selection, by=by, period_ends=period_ends,
                               where=[o.c.substantive, o.c.looked_after],
                               summary="looked_after_children")
    cohort = selection.cohort
    comparable = by is None and cohort.looked_after is not False and not any(
        (cohort.sex, cohort.age_band, cohort.ethnicity, cohort.offence_group))
    pops = (looked_after_population(engine, selection, period_ends) if comparable else
            pd.DataFrame(columns=["area_code", "period_end", "looked_after_population"]))
    frame = with_periods(engine, selection, counts, ["children"], by=by,
                         period_ends=period_ends)
    frame = frame.merge(pops, on=["area_code", "period_end"], how="left")
    frame["looked_after_population"] = frame["looked_after_population"].astype("Int64")
    frame["rate_pct"] = rate(frame["children"], frame["looked_after_population"], 100)
    extra = ["group"] if by else []
    return frame[COLUMNS[:5] + extra + COLUMNS[5:]]
