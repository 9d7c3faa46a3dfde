"""Comparison with every service (CONTRACT §4b, v2): national rank and funnel plot.

`national_rank` and `funnel` are pure functions of small frames; `service_comparison` reads
them from the database for one indicator and period.

- The field is every published `service` row of benchmarks.csv for the indicator and period,
  each loaded service's own figure taking the place of its published row (names matched with
  case and surrounding spaces ignored) or added. Without published rows the field is the
  loaded services alone, and `Field.published` says so.
- Rank 1 is the lowest value (lower is better for all four indicators); ties share the lower
  rank (1, 2, 2, 4); quartile = ceil(4 × rank / N).
- Funnel: control limits around the England and Wales value for each denominator - Wilson for
  a proportion (x = n·p0), Poisson for a rate (x = n·r0) - at 95% and 99.8%.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import Engine

from dashboard.analysis.intervals import Z95, Z998, rate_limits, wilson_limits
from dashboard.contract.periods import quarter_start
from dashboard.contract.selection import NO_FILTER, CohortFilter, Selection
from queries.benchmarks import national_value, published_figures
from queries.cache import memoized
from queries.custody import custody
from queries.fte import fte
from queries.reoffending import reoffending

QUARTILE_NAMES = {1: "Upper", 2: "Upper middle", 3: "Lower middle", 4: "Lower"}
FIELD_COLUMNS = ["name", "value", "numerator", "denominator", "source", "rank", "quartile",
                 "quartile_name"]
FUNNEL_COLUMNS = ["name", "source", "value", "numerator", "denominator", "lower_95",
                  "upper_95", "lower_998", "upper_998", "position"]


@dataclass(frozen=True)
class Measure:
    """How an indicator is computed: a `rate` (count / base × per) or a `proportion` (percent),
    and the columns of the query frame holding the value, its numerator and denominator."""
    kind: str
    per: float
    value: str
    numerator: str
    denominator: str


MEASURES = {
    "fte_rate": Measure("rate", 100_000, "rate_per_100k", "fte_count", "population"),
    "custody_rate": Measure("rate", 1000, "rate_per_1000", "custodial_sentences", "population"),
    "reoffending_binary_rate": Measure("proportion", 100, "binary_rate_pct", "reoffenders",
                                       "cohort_size"),
    "reoffences_per_reoffender": Measure("rate", 1, "reoffences_per_reoffender", "reoffences",
                                         "reoffenders"),
}


def name_key(name) -> str:
    """Service names match with case and surrounding spaces ignored."""
    return str(name).strip().casefold()


@dataclass(frozen=True)
class Field:
    """Every service ranked: `table` has FIELD_COLUMNS, best first; `published` is False when
    no published service rows exist and the field is only the loaded services."""
    table: pd.DataFrame
    published: bool

    @property
    def size(self) -> int:
        return len(self.table)

    def position(self, name: str) -> dict | None:
        """The row of one service (rank, quartile, ...) or None when it is not in the field."""
        hit = self.table[self.table["name"].map(name_key) == name_key(name)]
        return hit.iloc[0].to_dict() if not hit.empty else None


def _counts(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    for column in ("numerator", "denominator"):
        if column not in frame:
            frame[column] = None
    return frame


def national_rank(published: pd.DataFrame, loaded: pd.DataFrame) -> Field:
    """published: area_name, value[, numerator, denominator] (the `service` rows).
    loaded: name, value[, numerator, denominator] (each loaded service's own figure).

    A loaded service without a figure (no data, or an empty ratio) does not displace its
    published row: that stays, as the best figure there is."""
    loaded = _counts(loaded)
    loaded = loaded[pd.to_numeric(loaded["value"], errors="coerce").notna()]
    ours = {name_key(n) for n in loaded["name"]}
    published_rows = _counts(published).rename(columns={"area_name": "name"})
    kept = published_rows[~published_rows["name"].map(name_key).isin(ours)]
    table = pd.concat([loaded.assign(source="loaded"), kept.assign(source="published")],
                      ignore_index=True)[["name", "value", "numerator", "denominator",
                                          "source"]]
    table["value"] = pd.to_numeric(table["value"]).astype("float64")
    size = len(table)
    table["rank"] = table["value"].rank(method="min").astype("int64")
    table["quartile"] = [math.ceil(4 * r / size) for r in table["rank"]]
    table["quartile_name"] = table["quartile"].map(QUARTILE_NAMES)
    table = table.sort_values(["rank", "name"], kind="mergesort").reset_index(drop=True)
    return Field(table[FIELD_COLUMNS], published=not published.empty)


def control_limits(indicator: str, p0: float, denominator: float, z: float) -> tuple[float, float]:
    """Limits around the England and Wales value p0 (in the indicator's unit) for a base n."""
    measure = MEASURES[indicator]
    expected = denominator * p0 / measure.per      # x = n·p0 (proportion) or n·r0 (rate)
    if measure.kind == "proportion":
        return wilson_limits(expected, denominator, z)
    return rate_limits(expected, denominator, measure.per, z)


def _position(value: float, lower_95, upper_95, lower_998, upper_998) -> str:
    if value > upper_998:
        return "well above"
    if value < lower_998:
        return "well below"
    if value > upper_95:
        return "above"
    if value < lower_95:
        return "below"
    return "within"


def funnel(field: pd.DataFrame, indicator: str, p0: float) -> pd.DataFrame:
    """Each service of the field with a numerator and a denominator above 0: its value against
    its denominator, the 95% and 99.8% limits at that denominator and where it lies:
    `within`, `above`/`below` (outside 95%) or `well above`/`well below` (outside 99.8%)."""
    points = _counts(field)
    points = points[pd.to_numeric(points["numerator"], errors="coerce").notna()
                    & (pd.to_numeric(points["denominator"], errors="coerce") > 0)].copy()
    if "source" not in points:
        points["source"] = None
    rows = []
    for row in points.itertuples():
        lower_95, upper_95 = control_limits(indicator, p0, float(row.denominator), Z95)
        lower_998, upper_998 = control_limits(indicator, p0, float(row.denominator), Z998)
        rows.append((row.name, row.source, float(row.value), int(row.numerator),
                     int(row.denominator), lower_95, upper_95, lower_998, upper_998,
                     _position(float(row.value), lower_95, upper_95, lower_998, upper_998)))
    return pd.DataFrame(rows, columns=FUNNEL_COLUMNS)


def funnel_curves(indicator: str, p0: float, denominators) -> pd.DataFrame:
    """The control limit lines to draw: denominator, lower_95, upper_95, lower_998, upper_998."""
    rows = [(n, *control_limits(indicator, p0, n, Z95), *control_limits(indicator, p0, n, Z998))
            for n in denominators if n > 0]
    return pd.DataFrame(rows, columns=["denominator", "lower_95", "upper_95", "lower_998",
                                       "upper_998"])


# --- reading the field from the database ------------------------------------------------

def loaded_figures(engine: Engine, indicator: str, period_end: date,
                   scope=None, cohort: CohortFilter = NO_FILTER) -> pd.DataFrame:
    """name, value, numerator, denominator of every loaded service (in scope) for the period:
    the 12 months to period_end (FTE, custody) or the cohort quarter ending then; `cohort`
    narrows the children counted (the overview ranks filtered figures among loaded services)."""
    measure = MEASURES[indicator]
    selection = Selection(level="service", cohort=cohort, scope=scope)
    if indicator in ("fte_rate", "custody_rate"):
        query = fte if indicator == "fte_rate" else custody
        frame = query(engine, selection, period_ends=(period_end,))
    else:   # the cohort of the quarter ending then, alone
        frame = reoffending(engine, selection, cohort_starts=(quarter_start(period_end),))
        frame = frame[frame["cohort_end"] == period_end]
    return pd.DataFrame({"name": frame["area_code"], "value": frame[measure.value],
                         "numerator": frame[measure.numerator],
                         "denominator": frame[measure.denominator]})


@dataclass(frozen=True)
class Comparison:
    field: Field
    funnel: pd.DataFrame          # FUNNEL_COLUMNS; empty without an England and Wales value
    national: float | None        # the England and Wales value p0


@memoized
def national_field(engine: Engine, indicator: str, period_end: date, scope=None) -> Field:
    """Every service ranked for the indicator and period (`national_rank` of the published
    service rows and the loaded services in scope): the rank without the funnel. The same
    for every area, so worked out once per data version, scope, indicator and period
    (queries.cache.memoized) for every service's overview and indicator pages."""
    published = published_figures(engine, indicator, period_end)
    return national_rank(published, loaded_figures(engine, indicator, period_end, scope))


@memoized  # the same for every area: once per data version, scope, indicator and period
def service_comparison(engine: Engine, indicator: str, period_end: date,
                       scope=None) -> Comparison:
    field = national_field(engine, indicator, period_end, scope)
    p0 = national_value(engine, indicator, period_end)
    points = (funnel(field.table, indicator, p0) if p0 is not None
              else pd.DataFrame(columns=FUNNEL_COLUMNS))
    return Comparison(field, points, p0)
