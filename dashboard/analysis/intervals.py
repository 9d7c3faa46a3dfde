"""Confidence intervals and significance (data contract v2, docs/CONTRACT.md "Confidence intervals").

- A count over a population (first time entrants, custody, serious violence): exact Poisson
  limits below 10 events, Byar's approximation from 10.
- A proportion x of n (binary reoffending, the percentage KPIs): Wilson's score interval.
- Significance against a comparator value: `higher` / `lower` only when the interval excludes
  it, else `similar`, so chance is never called better or worse.

Functions take plain numbers and return plain floats (NaN where the contract says "empty"),
plus vectorised forms for DataFrame columns.
"""
from __future__ import annotations

import math
from functools import lru_cache

import pandas as pd
from scipy.stats import chi2

Z95 = 1.959963984540054
Z998 = 3.090232306167813
ALPHA = {Z95: 0.05, Z998: 0.002}
BYAR_FROM = 10  # events: exact Poisson below, Byar's approximation from here on


def _alpha(z: float) -> float:
    if z in ALPHA:
        return ALPHA[z]
    from scipy.stats import norm
    return 2 * (1 - norm.cdf(z))


def poisson_count_limits(count: float, z: float = Z95) -> tuple[float, float]:
    """(lower, upper) limits of a Poisson count; NaN for a missing or negative count."""
    if count is None or not math.isfinite(count) or count < 0:
        return math.nan, math.nan
    x = float(count)
    if x < BYAR_FROM:
        return _exact_limits(x, _alpha(z))
    lower = x * (1 - 1 / (9 * x) - z / (3 * math.sqrt(x))) ** 3
    y = x + 1
    upper = y * (1 - 1 / (9 * y) + z / (3 * math.sqrt(y))) ** 3
    return lower, upper


@lru_cache(maxsize=65536)
def _exact_limits(x: float, alpha: float) -> tuple[float, float]:
    """Exact Poisson limits of a count below BYAR_FROM (remembered: the same small counts
    recur on every page, and each chi-squared quantile costs SciPy ~0.1 ms)."""
    lower = 0.0 if x == 0 else chi2.ppf(alpha / 2, 2 * x) / 2
    upper = chi2.ppf(1 - alpha / 2, 2 * x + 2) / 2
    return float(lower), float(upper)


def rate_limits(count: float, population: float, per: float,
                z: float = Z95) -> tuple[float, float]:
    """Limits of count / population × per; NaN when the population is 0 or missing."""
    if population is None or not math.isfinite(float(population)) or population <= 0:
        return math.nan, math.nan
    lower, upper = poisson_count_limits(count, z)
    return lower / population * per, upper / population * per


def wilson_limits(x: float, n: float, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval of x of n, in percent; NaN when n is 0 or missing."""
    if n is None or x is None or not math.isfinite(float(n)) or n <= 0 \
            or not math.isfinite(float(x)):
        return math.nan, math.nan
    x, n = float(x), float(n)
    centre = 2 * x + z * z
    spread = z * math.sqrt(max(z * z + 4 * x * (1 - x / n), 0.0))
    denominator = 2 * (n + z * z)
    return (centre - spread) / denominator * 100, (centre + spread) / denominator * 100


def significance(lower: float, upper: float, comparator: float | None) -> str | None:
    """`higher`, `lower` or `similar` against a comparator value; None when either is missing."""
    values = (lower, upper, comparator)
    if any(v is None or (isinstance(v, float) and math.isnan(v)) for v in values):
        return None
    if lower > comparator:
        return "higher"
    if upper < comparator:
        return "lower"
    return "similar"


def _pairs(function, *columns) -> tuple[pd.Series, pd.Series]:
    index = columns[0].index
    values = [function(*args) for args in zip(*(pd.to_numeric(c, errors="coerce")
                                                 .astype("float64").tolist() for c in columns))]
    lower = pd.Series([v[0] for v in values], index=index, dtype="float64")
    upper = pd.Series([v[1] for v in values], index=index, dtype="float64")
    return lower, upper


def rate_interval_columns(count: pd.Series, population: pd.Series, per: float,
                          z: float = Z95) -> tuple[pd.Series, pd.Series]:
    """Vectorised `rate_limits` for DataFrame columns."""
    if count.empty:
        return pd.Series(dtype="float64"), pd.Series(dtype="float64")
    return _pairs(lambda c, p: rate_limits(c, p, per, z), count, population)


def wilson_interval_columns(x: pd.Series, n: pd.Series,
                            z: float = Z95) -> tuple[pd.Series, pd.Series]:
    """Vectorised `wilson_limits` for DataFrame columns (percent)."""
    if x.empty:
        return pd.Series(dtype="float64"), pd.Series(dtype="float64")
    return _pairs(lambda a, b: wilson_limits(a, b, z), x, n)


def with_rate_interval(frame: pd.DataFrame, count: str, per: float,
                       prefix: str = "rate", population: str = "population") -> pd.DataFrame:
    """The frame with `{prefix}_lower_95` and `{prefix}_upper_95` of count / population × per."""
    frame = frame.copy()
    lower, upper = rate_interval_columns(frame[count], frame[population], per)
    frame[f"{prefix}_lower_95"], frame[f"{prefix}_upper_95"] = lower, upper
    return frame


def with_wilson_interval(frame: pd.DataFrame, x: str, n: str, prefix: str) -> pd.DataFrame:
    """The frame with `{prefix}_lower_95` and `{prefix}_upper_95`: Wilson of x of n, percent."""
    frame = frame.copy()
    lower, upper = wilson_interval_columns(frame[x], frame[n])
    frame[f"{prefix}_lower_95"], frame[f"{prefix}_upper_95"] = lower, upper
    return frame


__all__ = ["Z95", "Z998", "poisson_count_limits", "rate_limits", "wilson_limits",
           "significance", "rate_interval_columns", "wilson_interval_columns",
           "with_rate_interval", "with_wilson_interval"]
