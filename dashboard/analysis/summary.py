"""Headline figures for boards: the single source for the overview page, presentation mode
and the board pack.

`headline_figures(...)` returns one dict per headline indicator (FTE rate, custody rate,
reoffending binary rate, reoffences per reoffender: the overview's cards) with:
  indicator, label, unit, short_unit           what it is (its page: dashboard/web/registry.py)
  value, period_end, period_kind               the latest figure; its period (`rolling_year`,
                                               `cohort_year` or `no_cohort`)
  lower_95, upper_95                           its 95% interval (docs/CONTRACT.md §4 v2); None
                                               where the contract gives none (reoffences per
                                               reoffender) or there is no rate
  previous, three_years_ago                    the same period one and three years before
  change, trend_3y                             `judged_change` dicts: direction, arrow, words,
                                               significance of the change, judgement
  count, count_noun, population                the count behind it and its base
  rate_available, note_key, partial_from       why a rate is missing or lags; the data's start
                                               when the year is only partly covered
  series                                       [{period_end, value}] for the sparkline (≤ 12)
  benchmarks                                   {area_type: {name, value, significance,
                                               judgement, all_children}} for every comparator
                                               type loaded (COMPARATOR_TYPES), same period_end
  rank_status, rank, rank_of, rank_tied,       the national rank among every service (§4b,
  quartile, quartile_name, rank_field,         dashboard/analysis/ranking.py); `rank_status`
  rank_period_end                              says why there is none
  rag                                          `dashboard.analysis.thresholds.rag`, with the
                                               interval (`could_be`)
  comparators_ignore_filters                   True when cohort filters are on
Every sentence about them is added by dashboard/words/figure_notes.py (`with_words`).
Reoffending figures also carry cohort_end, cohort_size, reoffenders,
reoffences and cohorts (how many of the year's four quarterly cohorts have children).

`summary_rows(...)` gives the further rows of the board's summary table in the same shape
(SUMMARY_ROWS: the looked-after children's offending rate, then the local KPIs with a
direction), and `outcome_mix(...)` the shares of diversion, cautions and court outcomes this year
and last.

Every number comes from the indicator queries (SQL aggregation); this module only picks
the right periods, pools reoffending cohorts, tests differences against 95% intervals and
attaches comparators, national ranks and RAG.
"""
from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Callable

import pandas as pd
from sqlalchemy import Engine

from dashboard.analysis.comparisons import change_words
from dashboard.analysis.intervals import (poisson_count_limits, rate_limits, significance,
                                          wilson_limits)
from dashboard.analysis.kpi_summary import local_kpi_figures
from dashboard.analysis.ranking import MEASURES, loaded_figures, national_field, \
    national_rank
from dashboard.analysis.thresholds import load_thresholds, rag
from dashboard.contract.periods import (add_months, cohort_complete, period_start, quarter_end,
                                        quarter_start)
from dashboard.contract.schema import COURT_TIERS
from dashboard.contract.selection import Selection
from queries.benchmarks import INDICATORS as PUBLISHED_INDICATORS
from queries.benchmarks import comparator_areas, published_figures
from queries.custody import custody
from queries.disposals import disposals
from queries.disproportionality import STAGE_LABELS, disproportionality
from queries.fte import fte
from queries.looked_after import looked_after, looked_after_loaded
from queries.meta import load_meta
from queries.reoffending import add_rates, reoffending

SERIES_LENGTH = 12
INDICATORS = {
    "fte_rate": {"label": "First time entrants",
                 "unit": "children per 100,000 aged 10–17",
                 "short_unit": "per 100,000 aged 10–17"},
    "custody_rate": {"label": "Use of custody",
                     "unit": "custodial sentences per 1,000 children aged 10–17",
                     "short_unit": "per 1,000 aged 10–17"},
    "reoffending_binary_rate": {"label": "Children who reoffended",
                                "unit": "% reoffended within 12 months",
                                "short_unit": "% within 12 months"},
    "reoffences_per_reoffender": {"label": "Reoffences per child who reoffended",
                                  "unit": "reoffences each, on average",
                                  "short_unit": "average"},
    "looked_after_rate": {"label": "Children in care cautioned or sentenced",
                          "unit": "% of children looked after aged 10–17",
                          "short_unit": "% of children looked after"},
}
# Comparator types of benchmarks.csv, in the order the summary table shows them (§4b).
COMPARATOR_TYPES = ("national", "region", "family", "pcc", "statistical_neighbours")
# The base of each rate's interval; proportions use Wilson's interval (§4 v2). Reoffences
# per reoffender has none: reoffences cluster in a few children, so a Poisson interval
# would be too narrow and call chance real (docs/DEFINITIONS.md, "Overview").
RATE_PER = {"fte_rate": 100_000, "custody_rate": 1000}
PROPORTIONS = {"reoffending_binary_rate", "looked_after_rate"}
JUDGED = {"lower": "better", "higher": "worse", "similar": "could be chance"}
COMPARED = {"lower": "Better", "higher": "Worse", "similar": "Similar"}
NO_PUBLISHED = pd.DataFrame(columns=["area_name", "value", "numerator", "denominator"])


def _number(value) -> float | None:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) else value


def interval(indicator: str, count, base) -> tuple[float | None, float | None]:
    """The 95% limits of a figure from its count and base (§4 v2): exact Poisson / Byar for
    a rate per population, Wilson for a percentage; (None, None) where there is none."""
    count, base = _number(count), _number(base)
    if count is None or base is None:
        return None, None
    if indicator in RATE_PER:
        limits = rate_limits(count, base, RATE_PER[indicator])
    elif indicator in PROPORTIONS:
        limits = wilson_limits(count, base)
    else:
        return None, None
    return _number(limits[0]), _number(limits[1])


def judged_change(latest, previous, earlier: tuple = (None, None)) -> dict:
    """`change_words` with the change tested against chance: `significance` is this value
    against the earlier figure's 95% interval (`higher`, `lower`, `similar`; None untested),
    and a rise or fall is `better`/`worse` only when significant, else `could be chance`;
    untested, it has no judgement (stated neutrally). From none a year before there is no
    percentage: 0 to 0 is `same` ("unchanged"), a rise is `up` with words "up from none"
    and `change` None."""
    change = change_words(latest, previous)
    latest, previous = _number(latest), _number(previous)
    if previous == 0 and latest is not None:
        change = ({"direction": "same", "arrow": "↔", "words": "unchanged",
                   "judgement": "no change", "change": 0.0} if latest == 0 else
                  {"direction": "up", "arrow": "▲", "words": "up from none", "judgement": None,
                   "change": None})
    found = significance(*earlier, latest) if None not in earlier else None
    tested = {"higher": "lower", "lower": "higher"}.get(found, found)  # the earlier was higher
    if change["direction"] in ("up", "down"):
        change["judgement"] = JUDGED.get(tested)
    return {**change, "significance": tested}


def _base(key: str, value, previous, three_years_ago, when: date, period_kind: str,
          limits=(None, None), before=(None, None), three=(None, None)) -> dict:
    spec = INDICATORS[key]
    return {
        "indicator": key, "label": spec["label"], "unit": spec["unit"],
        "short_unit": spec["short_unit"],
        "value": value, "period_end": when, "period_kind": period_kind,
        "lower_95": limits[0], "upper_95": limits[1],
        "previous": previous, "three_years_ago": three_years_ago,
        "change": judged_change(value, previous, before),
        "trend_3y": judged_change(value, three_years_ago, three),
        "rate_available": True, "count": None, "count_noun": None, "population": None,
        "series": [], "benchmarks": {}, "rank_status": None, "rank": None, "rank_of": None,
        "rank_tied": False, "rank_noun": "services", "quartile": None, "quartile_name": None,
        "rank_field": None, "rank_period_end": None, "note_key": None, "partial_from": None,
    }


def _series(frame: pd.DataFrame, when: date, key: str, column: str) -> list[dict]:
    shown = frame[frame[key] <= when].tail(SERIES_LENGTH)
    return [{"period_end": day, "value": _number(v)} for day, v in zip(shown[key], shown[column])]


def _row(frame: pd.DataFrame, when: date) -> dict:
    rows = frame[frame["period_end"] == when]
    return rows.iloc[0].to_dict() if len(rows) else {}


def _rolling_figure(key: str, query, noun: str, *, engine, selection: Selection, period_end,
                    data_start) -> dict:
    """FTE and custody: rolling 12-month periods ending each quarter."""
    measure = MEASURES[key]
    frame = query(engine, selection)
    rates = selection.cohort.population_available
    years = [_row(frame, add_months(period_end, -months)) for months in (0, 12, 36)]
    counts = [_number(year.get(measure.numerator)) for year in years]
    if rates:
        values = [_number(year.get(measure.value)) for year in years]
        limits = [interval(key, year.get(measure.numerator), year.get(measure.denominator))
                  for year in years]
        figure = _base(key, *values, period_end, "rolling_year", *limits)
    else:  # no population for this filter: compare counts instead, each tested as a count
        figure = _base(key, None, None, None, period_end, "rolling_year")
        figure["change"] = judged_change(counts[0], counts[1], poisson_count_limits(counts[1])
                                         if counts[1] is not None else (None, None))
        figure["trend_3y"] = judged_change(counts[0], counts[2], poisson_count_limits(counts[2])
                                           if counts[2] is not None else (None, None))
        figure["note_key"] = "no_population"
    figure.update(count=counts[0], previous_count=counts[1], rate_available=rates,
                  children=_number(years[0].get("children")),  # custody: children sentenced
                  population=_number(years[0].get(measure.denominator)),
                  series=_series(frame, period_end, "period_end",
                                 measure.value if rates else measure.numerator),
                  partial_from=_partial_from(period_end, data_start), count_noun=noun)
    return figure


def _partial_from(period_end: date, data_start: date | None) -> date | None:
    """The data's first date when the year starts before it (the year is partly counted)."""
    if data_start is None or period_start(period_end) >= data_start:
        return None
    return data_start


def latest_complete_cohort_end(period_end: date, as_of: date | None) -> date | None:
    """The latest quarterly cohort end on/before period_end that is complete at as_of."""
    if as_of is None:
        return None
    end = period_end
    while not cohort_complete(end, as_of):
        end = quarter_start(end) - timedelta(days=1)
    return end


def pooled_years(frame: pd.DataFrame, ends: list[date]) -> dict[date, dict]:
    """Annual figures for each year ending at `ends` (one area): the counts of the quarterly
    cohorts in the year summed, then divided (CONTRACT §4) — `pooled` for many years at once."""
    keyed = pd.concat([frame.assign(year_end=end, year_start=add_months(end, -12))
                       for end in ends], ignore_index=True)
    window = keyed[(keyed["cohort_end"] <= keyed["year_end"])
                   & (keyed["cohort_start"] > keyed["year_start"])]
    totals = window.groupby("year_end")[["cohort_size", "reoffenders", "reoffences"]].sum()
    totals["cohorts"] = window.groupby("year_end").size()
    totals = add_rates(totals)
    return {end: (totals.loc[end].to_dict() if end in totals.index else {}) for end in ends}


def _reoffending_figures(*, engine, selection: Selection, period_end, as_of) -> list[dict]:
    """Annual figures pooled over the four quarterly cohorts of the latest complete year."""
    end = latest_complete_cohort_end(period_end, as_of)
    if end is None:
        return [_no_reoffending(key, period_end) for key in
                ("reoffending_binary_rate", "reoffences_per_reoffender")]
    frame = reoffending(engine, selection, as_of=as_of)
    ends = [quarter_end(add_months(end, -3 * i)) for i in reversed(range(SERIES_LENGTH))]
    three_ago = add_months(end, -36)
    years = pooled_years(frame, [three_ago] + ends)
    now, before, three = years[end], years[add_months(end, -12)], years.pop(three_ago)
    figures = []
    for key, noun in (("reoffending_binary_rate", "children"),
                      ("reoffences_per_reoffender", "children who reoffended")):
        measure = MEASURES[key]
        limits = [interval(key, year.get(measure.numerator), year.get(measure.denominator))
                  for year in (now, before, three)]
        figure = _base(key, *[_number(year.get(measure.value)) for year in (now, before, three)],
                       end, "cohort_year", *limits)
        figure.update(
            count=_number(now.get(measure.denominator)), count_noun=noun,
            population=_number(now.get(measure.denominator)),
            reoffenders=_number(now.get("reoffenders")),
            reoffences=_number(now.get("reoffences")),
            cohort_size=_number(now.get("cohort_size")), cohorts=now.get("cohorts"),
            series=[{"period_end": e, "value": _number(y.get(measure.value))}
                    for e, y in years.items()],
            note_key="reoffending_lag", cohort_end=end)
        figures.append(figure)
    return figures


def _no_reoffending(key: str, period_end: date) -> dict:
    figure = _base(key, None, None, None, period_end, "no_cohort")
    figure["note_key"] = "no_complete_cohort"
    return figure


# --- comparators ------------------------------------------------------------------------

def _area_names(meta: dict, selection: Selection) -> list[str]:
    """The names an area goes by: a service and its authorities, or an authority and its
    service (to find the PCC area or statistical neighbour group published for it)."""
    authorities = meta["authorities"]
    if selection.level == "service":
        return [selection.area] + [la["name"] for la in authorities
                                   if la["service"] == selection.area]
    if selection.level == "local_authority":
        return [f(la) for la in authorities if la["code"] == selection.area
                for f in (lambda la: la["name"], lambda la: la["service"])]
    return []


def own_group(names: list[str], area_names: list[str]) -> str | None:
    """Which published PCC area or statistical neighbour group applies to an area: the only
    one loaded, else the one whose name contains one of the area's names (case ignored)."""
    if len(names) == 1:
        return names[0]
    wanted = [n.strip().casefold() for n in area_names if n]
    hits = [name for name in names if any(w in str(name).casefold() for w in wanted)]
    return hits[0] if len(hits) == 1 else None


def _first_values(published: pd.DataFrame) -> dict[tuple[str, str], float | None]:
    """(area_type, area_name) -> its first published value (file order), of a frame of
    `published_figures`."""
    found = {}
    for key in zip(published["area_type"].tolist(), published["area_name"].tolist(),
                   published["value"].tolist()):
        found.setdefault(key[:2], _number(key[2]))
    return found


def comparators_for(engine: Engine, meta: dict, selection: Selection, indicator: str,
                    when: date, *, published: pd.DataFrame | None = None) -> dict[str, dict]:
    """{area_type: {name, value}} of every comparator type loaded that applies to the area,
    at `when`, in COMPARATOR_TYPES order. National, region and family follow the area's
    authorities (queries.benchmarks.comparator_areas); PCC and statistical neighbours:
    `own_group`. A comparator with no figure for the period has value None. `published`:
    `published_figures(engine, indicator, when, COMPARATOR_TYPES)`, when already read."""
    if published is None:
        published = published_figures(engine, indicator, when, COMPARATOR_TYPES)
    names = comparator_areas(meta, selection.level, selection.area)
    values = _first_values(published)
    for area_type in ("pcc", "statistical_neighbours"):
        loaded = list(dict.fromkeys(name for kind, name in values if kind == area_type))
        name = own_group(loaded, _area_names(meta, selection)) if loaded else None
        if name is not None:
            names[area_type] = name
    return {area_type: {"name": names[area_type],
                        "value": values.get((area_type, names[area_type]))}
            for area_type in COMPARATOR_TYPES if area_type in names}


def _cohort_year_value(engine, indicator: str, area_type: str, name: str,
                       year_ends: list[date], latest, *, published: dict | None = None
                       ) -> float | None:
    """A comparator for a pooled cohort year (reoffending): the mean of its four published
    quarterly figures, as the reoffending page compares the same year
    (`dashboard.analysis.reoffending.comparator_for_year`); the last cohort's figure when
    not all four are published. `published`: {year end: `_first_values` of its
    `published_figures(..., COMPARATOR_TYPES)`}, when already read."""
    if published is None:
        published = {end: _first_values(published_figures(engine, indicator, end,
                                                          (area_type,)))
                     for end in year_ends}
    values = [published[end].get((area_type, name)) for end in year_ends]
    if values and None not in values:
        return sum(values) / len(values)
    return latest


def _attach_comparators(engine, meta, selection: Selection, figure: dict) -> None:
    """Each comparator with the area's significance against it (§4 v2): `higher`, `lower`
    or `similar` from the area's 95% interval; None (untested) without an interval, or when
    cohort filters are on (`all_children`: a published figure covers all children, so a
    filtered figure is not compared with it). A pooled cohort year (reoffending) is compared
    with the mean of the comparator's four quarterly figures (`_cohort_year_value`)."""
    filtered = bool(selection.cohort.active())
    indicator, when = figure["indicator"], figure["period_end"]
    published = published_figures(engine, indicator, when, COMPARATOR_TYPES)
    found = comparators_for(engine, meta, selection, indicator, when, published=published)
    if figure["period_kind"] == "cohort_year" and found:
        year_ends = [quarter_end(add_months(when, -3 * i)) for i in reversed(range(4))]
        years = {end: _first_values(published if end == when else
                                    published_figures(engine, indicator, end, COMPARATOR_TYPES))
                 for end in year_ends}
        found = {area_type: {**bench, "value": _cohort_year_value(
                     engine, indicator, area_type, bench["name"], year_ends, bench["value"],
                     published=years)}
                 for area_type, bench in found.items()}
    for area_type, bench in found.items():
        testable = not filtered and None not in (figure["lower_95"], figure["upper_95"],
                                                 bench["value"])
        found = significance(figure["lower_95"], figure["upper_95"], bench["value"]) \
            if testable else None
        figure["benchmarks"][area_type] = {**bench, "significance": found,
                                           "judgement": COMPARED.get(found),
                                           "all_children": filtered}


# --- national rank (CONTRACT §4b) ------------------------------------------------------------

def _rank(engine, selection: Selection, figure: dict) -> dict:
    """The area's place among every service for the figure's indicator and period.

    `rank_status`: `ranked`; `services_only` (an authority or `all`: only services are
    ranked nationally); `not_published` (no national field for the indicator); `no_figure`
    (no value to rank). `rank_field`: `published` (every service), `loaded` (no published
    service rows: the loaded services only) or `filtered` (cohort filters on: the loaded
    services with the same filters, as published figures cover all children)."""
    indicator = figure["indicator"]
    if selection.level != "service":
        return {"rank_status": "services_only"}
    if indicator not in PUBLISHED_INDICATORS:
        return {"rank_status": "not_published"}
    if figure["value"] is None:
        return {"rank_status": "no_figure"}
    when = figure["period_end"]
    if selection.cohort.active():
        loaded = loaded_figures(engine, indicator, when, selection.scope, selection.cohort)
        field, kind = national_rank(NO_PUBLISHED, loaded), "filtered"
    else:
        field = national_field(engine, indicator, when, selection.scope)
        kind = "published" if field.published else "loaded"
    found = field.position(selection.area) if field.size else None
    if found is None:
        return {"rank_status": "no_figure"}
    return {"rank_status": "ranked", "rank": int(found["rank"]), "rank_of": field.size,
            "rank_tied": bool((field.table["rank"] == found["rank"]).sum() > 1),
            "quartile": int(found["quartile"]), "quartile_name": found["quartile_name"],
            "rank_field": kind, "rank_period_end": when}


def _finish(engine, meta, selection: Selection, figure: dict, thresholds) -> dict:
    """Comparators, rank and RAG for a figure built from the area's own data."""
    _attach_comparators(engine, meta, selection, figure)
    figure.update(_rank(engine, selection, figure))
    figure["rag"] = rag(figure["indicator"], figure["value"], thresholds,
                        figure["lower_95"], figure["upper_95"])
    figure["comparators_ignore_filters"] = bool(selection.cohort.active())
    return figure


def headline_figures(engine: Engine, selection: Selection, period_end: date, *,
                     meta: dict | None = None, thresholds: dict | None = None) -> list[dict]:
    """One dict per headline indicator for an area and reporting period (see module doc)."""
    meta = meta or load_meta(engine)
    thresholds = load_thresholds() if thresholds is None else thresholds
    where = {"engine": engine, "selection": selection, "period_end": period_end}
    figures = [
        _rolling_figure("fte_rate", fte, "children",
                        data_start=meta["first_outcome_date"], **where),
        _rolling_figure("custody_rate", custody, "sentences",
                        data_start=meta["first_outcome_date"], **where),
        *_reoffending_figures(as_of=meta["as_of"], **where),
    ]
    return [_finish(engine, meta, selection, figure, thresholds) for figure in figures]


# --- further rows of the summary table ------------------------------------------------------

def looked_after_figures(engine: Engine, selection: Selection, period_end: date, *,
                         meta: dict) -> list[dict]:
    """Children looked after with a substantive outcome ÷ children looked after (§4 v2), for
    the period, a year and three years before; none when looked_after_population.csv was
    not loaded."""
    if not looked_after_loaded(engine):
        return []
    ends = [add_months(period_end, -months) for months in (0, 12, 36)]
    frame = looked_after(engine, selection, period_ends=tuple(ends))
    years = [_row(frame, end) for end in ends]
    key = "looked_after_rate"
    values = [_number(year.get("rate_pct")) for year in years]
    limits = [interval(key, year.get("children"), year.get("looked_after_population"))
              for year in years]
    figure = _base(key, *values, period_end, "rolling_year", *limits)
    count = _number(years[0].get("children"))
    figure.update(count=count, count_noun="children",
                  population=_number(years[0].get("looked_after_population")),
                  rate_available=values[0] is not None or count is None,
                  partial_from=_partial_from(period_end, meta["first_outcome_date"]))
    if not figure["rate_available"]:
        figure["note_key"] = "no_looked_after_population"
    return [figure]


# The summary table's rows after the four headline indicators, in order: each a function
# (engine, selection, period_end, meta=...) -> list of figures shaped like headline_figures'
# (at least indicator, label, short_unit, value, period_end, period_kind, change, trend_3y,
# count, count_noun, rate_available and the keys `_base` sets; INDICATORS names the indicator
# and dashboard/words/text.py INDICATOR_FORMATS its number format). Then the local key
# performance indicators with a direction (dashboard/analysis/kpi_summary.py).
SUMMARY_ROWS: tuple[Callable[..., list[dict]], ...] = (looked_after_figures,
                                                       local_kpi_figures)


def summary_rows(engine: Engine, selection: Selection, period_end: date, *,
                 meta: dict | None = None, thresholds: dict | None = None) -> list[dict]:
    """The further rows of the summary table (SUMMARY_ROWS), with comparators, rank and RAG."""
    meta = meta or load_meta(engine)
    thresholds = load_thresholds() if thresholds is None else thresholds
    return [_finish(engine, meta, selection, figure, thresholds)
            for rows in SUMMARY_ROWS
            for figure in rows(engine, selection, period_end, meta=meta)]


# --- the mix of outcomes -----------------------------------------------------------------

# Diversion, cautions (the pre-court tier: §2's out-of-court outcomes less diversion) and
# court: three shares of one whole. Tier `other` (civil orders, recalls) is left out.
MIX_GROUPS = {"diversion": ("diversion",), "out_of_court": ("pre_court",),
              "court": COURT_TIERS}
MIX_COLUMNS = ["period_end", "group", "outcomes", "share_pct"]


def mix_shares(frame: pd.DataFrame, ends: list[date]) -> pd.DataFrame:
    """Outcomes and share of each MIX_GROUPS group for each period in `ends` (in order), from
    a disposals frame (period_end, tier, disposals); share empty when the period has none."""
    group_of = {tier: group for group, tiers in MIX_GROUPS.items() for tier in tiers}
    counted = frame.assign(group=frame["tier"].map(group_of)).dropna(subset=["group"])
    sums = counted.groupby(["period_end", "group"])["disposals"].sum().to_dict()
    rows = []
    for end in ends:
        counts = {group: int(sums.get((end, group), 0)) for group in MIX_GROUPS}
        total = sum(counts.values())
        rows += [(end, group, n, n / total * 100 if total else None)
                 for group, n in counts.items()]
    return pd.DataFrame(rows, columns=MIX_COLUMNS)


def outcome_mix(engine: Engine, selection: Selection, period_end: date) -> pd.DataFrame:
    """The mix of outcomes in the year to period_end and the year before (MIX_COLUMNS)."""
    ends = [add_months(period_end, -12), period_end]
    return mix_shares(disposals(engine, selection, period_ends=tuple(ends)), ends)


def disproportionality_headline(engine: Engine, selection: Selection,
                                period_end: date) -> dict | None:
    """The stage with the largest significant over-representation (vs White children).

    Returns None when there is nothing at all for the period; `found` is None when no
    relative rate can be computed (no population for the filter), False when no group is
    significantly over-represented.
    """
    frame = disproportionality(engine, selection, period_ends=(period_end,))
    if frame.empty or not frame["count"].sum():
        return None
    result = {"period_end": period_end,
              "ignores_ethnicity_filter": selection.cohort.ethnicity is not None}
    if not frame["relative_rate_index"].notna().any():
        return {**result, "found": None}
    over = frame[frame["significance"] == "over"]
    if over.empty:
        return {**result, "found": False}
    top = over.sort_values("relative_rate_index", ascending=False).iloc[0]
    return {**result, "found": True, "stage": top["stage"],
            "stage_label": STAGE_LABELS[top["stage"]], "group": top["ethnicity"],
            "rri": float(top["relative_rate_index"]), "lower": float(top["rri_lower_95"]),
            "upper": float(top["rri_upper_95"]), "count": int(top["count"])}
