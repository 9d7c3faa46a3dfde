"""Intervals of the data contract v2, against values worked out independently.

Exact Poisson limits for small counts are the published table values (e.g. 1 event:
0.0253 to 5.5716; 9 events: 4.1154 to 17.0848); 0 events: lower 0, upper -ln(0.025).
Byar from 10 events and Wilson's interval are worked from their formulas by hand below.
"""
import math

import pandas as pd
import pytest

from dashboard.analysis.intervals import (Z95, Z998, poisson_count_limits, rate_interval_columns,
                                          rate_limits, significance, wilson_interval_columns,
                                          wilson_limits)


def test_zero_events_exact_upper_is_minus_log_alpha_half():
    assert poisson_count_limits(0) == (0.0, pytest.approx(-math.log(0.025)))


@pytest.mark.parametrize("count, lower, upper", [
    (1, 0.0253, 5.5716), (2, 0.2422, 7.2247), (5, 1.6235, 11.6683), (9, 4.1154, 17.0848)])
def test_exact_poisson_below_ten(count, lower, upper):
    got = poisson_count_limits(count)
    assert got[0] == pytest.approx(lower, abs=5e-5)
    assert got[1] == pytest.approx(upper, abs=5e-5)


def test_byar_from_ten_events():
    # lower = 10 (1 - 0.011111 - 1.959964/9.486833)^3 = 10 × 0.782291^3 = 4.7874
    # upper = 11 (1 - 0.010101 + 1.959964/9.949874)^3 = 11 × 1.186883^3 = 18.3915
    lower, upper = poisson_count_limits(10)
    assert lower == pytest.approx(4.7874, abs=2e-4)
    assert upper == pytest.approx(18.3915, abs=2e-4)


def test_switch_at_nine_and_ten_uses_different_methods():
    # Byar's formula at 9 would give 4.1069 (exact: 4.11537): the switch is at 10, not 9.
    assert poisson_count_limits(9)[0] == pytest.approx(4.11537, abs=1e-5)


def test_rate_limits_scale_like_the_rate_and_are_empty_without_population():
    lower, upper = rate_limits(1, 1000, 1000)
    assert (lower, upper) == (pytest.approx(0.0253, abs=5e-5), pytest.approx(5.5716, abs=5e-5))
    assert all(math.isnan(v) for v in rate_limits(3, 0, 100_000))


def test_99_8_limits_are_wider():
    lo95, hi95 = poisson_count_limits(20, Z95)
    lo998, hi998 = poisson_count_limits(20, Z998)
    assert lo998 < lo95 < 20 < hi95 < hi998


def test_wilson_at_zero_and_n():
    # x = 0: upper = z^2 / (n + z^2) = 3.841459 / 13.841459 = 27.7532 %
    assert wilson_limits(0, 10) == (pytest.approx(0.0, abs=1e-12), pytest.approx(27.7532, abs=1e-3))
    # x = n: lower = 2n / (2 (n + z^2)) = 10 / 13.841459 = 72.2468 %
    assert wilson_limits(10, 10) == (pytest.approx(72.2468, abs=1e-3), pytest.approx(100.0))


def test_wilson_midpoint_and_empty():
    # 41 of 52: centre 85.841459 / 111.682918 = 0.768618;
    # spread 1.959964 × √(3.841459 + 164 × 11/52) / 111.682918 = 12.16659 / 111.682918 = 0.108939
    lower, upper = wilson_limits(41, 52)
    assert lower == pytest.approx(65.968, abs=0.001)
    assert upper == pytest.approx(87.756, abs=0.001)
    assert all(math.isnan(v) for v in wilson_limits(0, 0))


def test_significance_words():
    assert significance(5.0, 9.0, 4.0) == "higher"
    assert significance(5.0, 9.0, 9.5) == "lower"
    assert significance(5.0, 9.0, 9.0) == "similar"
    assert significance(math.nan, 9.0, 4.0) is None
    assert significance(5.0, 9.0, None) is None


def test_column_forms_match_the_scalar_forms():
    lower, upper = rate_interval_columns(pd.Series([1, 10]), pd.Series([1000, 0]), 1000)
    assert lower.iloc[0] == pytest.approx(0.0253, abs=5e-5) and math.isnan(upper.iloc[1])
    lower, upper = wilson_interval_columns(pd.Series([0]), pd.Series([10]))
    assert upper.iloc[0] == pytest.approx(27.7532, abs=1e-3)
