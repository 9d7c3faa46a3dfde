"""Reoffending figures the page needs beyond queries.reoffending: comparators, breakdowns
pooled over a cohort year, and the live tracker set against earlier cohorts.

Everything is aggregated in SQL by queries.reoffending; only small per-cohort frames are
combined here.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import Engine

from dashboard.contract.periods import add_months, cohort_complete, quarter_start, shift_cohort
from dashboard.contract.schema import NATIONAL_BASIS, TIER_LABELS, TIERS
from dashboard.analysis.comparators import NOT_APPLICABLE, PUBLISHED_KINDS, line_name, rate_name
from dashboard.analysis.summary import comparators_for
from queries.benchmarks import benchmark_series
from dashboard.contract.selection import ETHNICITY_ORDER, SEX_LABELS, Selection
from queries.reoffending import add_rates, concentration, reoffending, tracker

MEASURES = {"binary_rate_pct": "reoffending_binary_rate",
            "reoffences_per_reoffender": "reoffences_per_reoffender"}
MAX_OTHER_SERVICES = 3
COUNTS = ["cohort_size", "reoffenders", "reoffences"]


@dataclass(frozen=True)
class Dimension:
    """A breakdown: URL filter key, query `by`, CohortFilter field, group order and labels."""
    key: str
    by: str | None
    field: str | None
    order: tuple
    labels: dict


DIMENSIONS = {
    "sex": Dimension("sex", "sex", "sex", ("M", "F", "U"), SEX_LABELS),
    "age": Dimension("age", "age_band", "age_band", ("10-14", "15-17"),
                     {"10-14": "Aged 10–14", "15-17": "Aged 15–17"}),
    "ethnicity": Dimension("ethnicity", "ethnicity", "ethnicity", tuple(ETHNICITY_ORDER),
                           {g: g for g in ETHNICITY_ORDER}),
    "looked_after": Dimension("looked_after", "looked_after", "looked_after", ("Y", "N"),
                              {"Y": "Looked after", "N": "Not looked after"}),
    "tier": Dimension("tier", "tier", "tier", TIERS, TIER_LABELS),
    "area": Dimension("area", None, None, (), {}),
}


def cohort_starts(ends) -> tuple[date, ...]:
    return tuple(quarter_start(end) for end in ends)


# --- comparators ----------------------------------------------------------------------

@dataclass
class Comparator:
    """A comparator line: published figures (per cohort) or another service's own data."""
    name: str       # shown at the line end
    phrase: str     # inside a sentence: "the national rate"
    frame: pd.DataFrame   # cohort_end, binary_rate_pct, reoffences_per_reoffender [+ counts]
    follows_filters: bool


NO_PUBLISHED_NOTE = ("Comparators are not available for this basis: published figures "
                     "(England and Wales, regions, families) use the national definition. "
                     "Choose ‘Other services loaded’ under ‘Compare with’ to compare services "
                     "counted the same way. ")


def comparators(engine: Engine, meta: dict, selection: Selection, compare: str,
                basis: str = NATIONAL_BASIS,
                period_end: date | None = None) -> tuple[list[Comparator], str]:
    """The comparators for the 'compare with' choice, and a note when one is unavailable.

    Published figures (national, region, family, police force area, statistical neighbours:
    the overview's and indicator pages' `comparators_for`, PCC and neighbours named as published for
    `period_end`) exist for the national basis only: on another basis only the other
    services loaded (counted on that basis) can be compared."""
    if compare == "services":
        return _other_services(engine, meta, selection, basis), ""
    if basis != NATIONAL_BASIS:
        return [], NO_PUBLISHED_NOTE
    areas = {kind: found["name"] for kind, found in comparators_for(
        engine, meta, selection, MEASURES["binary_rate_pct"], period_end).items()}
    local = compare in PUBLISHED_KINDS and compare != "national"
    wanted = [compare, "national"] if local else ["national"]
    note = (f"{NOT_APPLICABLE[compare]} applies to this selection, so England and Wales is "
            "shown. " if local and compare not in areas else "")
    return [_benchmark(engine, kind, areas[kind]) for kind in wanted if kind in areas], note


def _benchmark(engine: Engine, kind: str, area_name: str) -> Comparator:
    frames = []
    for column, indicator in MEASURES.items():
        series = benchmark_series(engine, indicator, ((kind, area_name),))
        frames.append(series.set_index("period_end")["value"].rename(column))
    frame = pd.concat(frames, axis=1).rename_axis("cohort_end").reset_index()
    if kind == "national":
        return Comparator("England and Wales", "the national rate", frame, False)
    return Comparator(line_name(kind, area_name), rate_name(kind, area_name), frame, False)


def _other_services(engine, meta, selection: Selection,
                    basis: str = NATIONAL_BASIS) -> list[Comparator]:
    """Other services' own cohorts (following the filters, within the user's scope);
    combined when there are many."""
    own = selection.area if selection.level == "service" else next(
        (la["service"] for la in meta["authorities"] if la["code"] == selection.area), None)
    frame = reoffending(engine, selection.every_area("service"), basis=basis)
    frame = frame[frame["area_code"] != own]
    names = sorted(set(frame["area_code"]))
    if len(names) > MAX_OTHER_SERVICES:
        combined = frame.groupby("cohort_end", as_index=False)[COUNTS].sum()
        return [Comparator("Other services combined", "the other services combined",
                           _with_rates(combined), follows_filters=True)]
    return [Comparator(name, f"the {name} rate", frame[frame["area_code"] == name]
                       [["cohort_end"] + COUNTS + list(MEASURES)].reset_index(drop=True),
                       follows_filters=True) for name in names]


def _with_rates(frame: pd.DataFrame) -> pd.DataFrame:
    size, reoffenders = frame["cohort_size"], frame["reoffenders"]
    frame["binary_rate_pct"] = frame["reoffenders"] / size.where(size > 0) * 100
    frame["reoffences_per_reoffender"] = frame["reoffences"] / reoffenders.where(reoffenders > 0)
    return frame


def comparator_for_year(comparator: Comparator, year_ends: list[date]) -> float | None:
    """A comparator's binary rate for a cohort year: pooled counts for a service, else the
    mean of the four published quarterly rates (None unless all four are published)."""
    frame = comparator.frame[comparator.frame["cohort_end"].isin(year_ends)]
    if "cohort_size" in frame:
        size = frame["cohort_size"].sum()
        return frame["reoffenders"].sum() / size * 100 if size else None
    values = frame["binary_rate_pct"].dropna()
    return float(values.mean()) if len(values) == len(year_ends) else None


def long_comparators(items: list[Comparator], column: str) -> pd.DataFrame:
    """name, cohort_end, value for drawing one measure."""
    frames = [pd.DataFrame({"name": c.name, "cohort_end": c.frame["cohort_end"],
                            "value": c.frame[column]}) for c in items]
    return (pd.concat(frames, ignore_index=True) if frames
            else pd.DataFrame(columns=["name", "cohort_end", "value"]))


# --- breakdowns -----------------------------------------------------------------------

def pooled(frame: pd.DataFrame, cohort_end: date, quarters: int = 4) -> pd.DataFrame:
    """Annual figures: the counts of the `quarters` cohorts ending at cohort_end summed, per
    area (and group); `cohorts` counted and `provisional` when any of them is. The same
    frame as queries.reoffending.pooled; summed in plain Python (a page pools a few dozen
    rows up to nine times, where each pandas group-by costs milliseconds), in pandas for
    frames whose keys Python does not order as pandas does."""
    first_start = add_months(cohort_end, -3 * quarters)
    keys = [c for c in ("area_type", "area_code", "area_name", "group") if c in frame]
    try:
        found = _pooled_rows(frame, keys, cohort_end, first_start)
    except TypeError:  # keys or dates Python cannot compare: pandas sorts them its own way
        found = None
    if found is None:
        return _pooled_frame(frame, keys, cohort_end, first_start)
    rows, sums = found
    totals = frame[keys].take(rows).reset_index(drop=True)
    for i, column in enumerate(COUNTS + ["cohorts"]):
        totals[column] = pd.array([s[i] for s in sums], dtype="int64").to_numpy()
    totals["provisional"] = pd.array([s[4] for s in sums], dtype="bool").to_numpy()
    return add_rates(totals)


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _pooled_rows(frame: pd.DataFrame, keys: list[str], cohort_end: date, first_start: date):
    """(the first row of each group, in the groups' sorted order; each group's counts,
    cohorts and whether any is provisional), or None for a frame to pool in pandas."""
    if frame.empty or any(isinstance(frame[k].dtype, pd.CategoricalDtype) for k in keys) \
            or not all(pd.api.types.is_integer_dtype(frame[c]) for c in COUNTS):
        return None
    columns = [frame[c].tolist() for c in keys]
    groups: dict[tuple, list] = {}
    for i, (start, end, status, *counts) in enumerate(zip(
            frame["cohort_start"].tolist(), frame["cohort_end"].tolist(),
            frame["status"].tolist(), *(frame[c].tolist() for c in COUNTS))):
        if not (end <= cohort_end and start > first_start):
            continue
        key = tuple(column[i] for column in columns)
        if any(_missing(v) for v in key):
            continue  # pandas leaves out a group with a missing key
        found = groups.get(key)
        if found is None:
            groups[key] = found = [i, 0, 0, 0, 0, False]
        found[1] += counts[0]
        found[2] += counts[1]
        found[3] += counts[2]
        found[4] += 1
        found[5] = found[5] or status == "provisional"
    if not groups:
        return None
    ordered = sorted(groups)  # pandas sorts the groups by their keys
    if len({tuple(type(v) for v in key) for key in ordered}) > 1:
        return None  # mixed types in a key column: leave the order to pandas
    return ([groups[k][0] for k in ordered], [groups[k][1:] for k in ordered])


def _pooled_frame(frame: pd.DataFrame, keys: list[str], cohort_end: date,
                  first_start: date) -> pd.DataFrame:
    window = frame[(frame["cohort_end"] <= cohort_end) & (frame["cohort_start"] > first_start)]
    if window.empty:
        totals = window.groupby(keys, as_index=False)[COUNTS].sum()
        totals["cohorts"], totals["provisional"] = [], []
        return add_rates(totals)
    counted = window[keys + COUNTS].assign(
        cohorts=1, provisional=(window["status"] == "provisional").astype("int64"))
    totals = counted.groupby(keys, as_index=False)[COUNTS + ["cohorts", "provisional"]].sum()
    totals["provisional"] = totals["provisional"] > 0
    return add_rates(totals)


def breakdown(engine: Engine, meta: dict, selection: Selection, dimension: str,
              year_ends: list[date], as_of: date | None = None,
              basis: str = NATIONAL_BASIS) -> pd.DataFrame:
    """A cohort year pooled by group: key, label, counts, binary_rate_pct, small_cohort.

    The chart's own filter is lifted (that group is highlighted instead), so the chart
    still shows every group.
    """
    dim = DIMENSIONS[dimension]
    starts = cohort_starts(year_ends)
    if dimension == "area":
        authorities = area_authorities(meta, selection.level, selection.area)
        frame = reoffending(engine, selection.every_area("local_authority"), as_of=as_of,
                            cohort_starts=starts, basis=basis)
        frame = frame[frame["area_code"].isin(authorities)]
        totals = pooled(frame, year_ends[-1])
        totals["key"] = "la:" + totals["area_code"]
        totals["label"] = totals["area_name"]
        return _shape(totals.sort_values("label"))
    frame = reoffending(engine, selection.with_(cohort=selection.cohort.without(dim.field)),
                        as_of=as_of, by=dim.by, cohort_starts=starts, basis=basis)
    totals = pooled(frame, year_ends[-1])
    if dimension == "looked_after":
        totals["group"] = totals["group"].map(lambda v: "Y" if bool(v) else "N")
    totals["key"] = totals["group"].astype(str)
    totals["label"] = totals["key"].map(lambda k: dim.labels.get(k, k))
    rank = {key: i for i, key in enumerate(dim.order)}
    return _shape(totals.sort_values("key", key=lambda s: s.map(lambda k: rank.get(k, 99))))


def _shape(totals: pd.DataFrame) -> pd.DataFrame:
    columns = ["key", "label"] + COUNTS + ["binary_rate_pct", "small_cohort"]
    if totals.empty:
        return pd.DataFrame(columns=columns)
    return totals[totals["cohort_size"] > 0][columns].reset_index(drop=True)


def area_authorities(meta: dict, level: str, area_code: str | None) -> list[str]:
    """The authorities to split an area by: a service's, or an authority's whole service."""
    las = meta["authorities"]
    if level == "all":
        return [la["code"] for la in las]
    service = area_code if level == "service" else next(
        (la["service"] for la in las if la["code"] == area_code), None)
    return [la["code"] for la in las if la["service"] == service]


def selected_value(state, dimension: str) -> str | None:
    """The page's current filter value on a breakdown's dimension (to highlight)."""
    if dimension == "area":
        return state.area if state.level == "local_authority" else None
    return getattr(state, dimension) or None


# --- tracker --------------------------------------------------------------------------

def tracker_curves(engine: Engine, selection: Selection, period_end: date,
                   as_of: date, basis: str = NATIONAL_BASIS) -> dict:
    """The chosen cohort (the latest at or before period_end with a month observed) and the
    same quarter one and two years earlier, observed months only.

    Returns curves (cohort_end, status, cohort_size, month, pct_reoffended, ...), chosen
    (its latest observed month, or None), earlier_then (the year-earlier cohort at that
    month as it stood a year ago, or None) and skipped (later cohorts of the year with no
    month of follow-up yet).
    """
    year = [shift_cohort(period_end, -3 * k) for k in range(4)]
    lines_for = {end: [end, shift_cohort(end, -12), shift_cohort(end, -24)] for end in year}
    wanted = sorted({end for lines in lines_for.values() for end in lines})
    frame = tracker(engine, selection, as_of=as_of, cohort_starts=cohort_starts(wanted),
                    basis=basis)
    observed = frame[frame["observed"].astype(bool)].copy()
    observed["status"] = ["complete" if cohort_complete(end, as_of) else "provisional"
                          for end in observed["cohort_end"]]
    chosen_end = next((end for end in year if end in set(observed["cohort_end"])), None)
    if chosen_end is None:
        return {"curves": observed.iloc[0:0], "chosen": None, "earlier_then": None,
                "skipped": year}
    lines = lines_for[chosen_end]
    curves = observed[observed["cohort_end"].isin(lines)].copy()
    curves["order"] = curves["cohort_end"].map(lines.index)
    curves = curves.sort_values(["order", "month"]).drop(columns="order").reset_index(drop=True)
    chosen = curves[curves["cohort_end"] == chosen_end].iloc[-1].to_dict()
    earlier_then = _as_it_stood(engine, selection, lines[1], add_months(as_of, -12),
                                int(chosen["month"]), basis)
    return {"curves": curves, "chosen": chosen, "earlier_then": earlier_then,
            "skipped": [end for end in year if end > chosen_end]}


def _as_it_stood(engine, selection, cohort_end, as_of, month, basis) -> dict | None:
    frame = tracker(engine, selection, as_of=as_of, cohort_starts=(quarter_start(cohort_end),),
                    basis=basis)
    row = frame[(frame["month"] == month) & frame["observed"].astype(bool)]
    return row.iloc[0].to_dict() if not row.empty else None


# --- concentration --------------------------------------------------------------------

def concentration_counts(engine: Engine, selection: Selection, year_ends: list[date],
                         as_of: date | None = None,
                         basis: str = NATIONAL_BASIS) -> pd.DataFrame:
    """(reoffences, children) for the cohort year; a child in two cohorts counts twice,
    as in the pooled annual figures."""
    frame = concentration(engine, selection, as_of=as_of, cohort_starts=cohort_starts(year_ends),
                          basis=basis)
    return frame.groupby("reoffences", as_index=False)["children"].sum()
