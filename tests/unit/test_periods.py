"""Calendar rules of CONTRACT §3-4 (dashboard/contract/periods.py), checked against hand-worked dates."""
from __future__ import annotations

from datetime import date

import pytest

from dashboard.contract.periods import (add_months, cohort_complete, nearest_year, period_start,
                               population_year, quarter_end, quarter_ends_between,
                               quarter_start)


@pytest.mark.parametrize("day, months, expected", [
    # the contract's own example: 31 August + 6 months is 28 or 29 February.
    (date(2023, 8, 31), 6, date(2024, 2, 29)),   # 2024 is a leap year
    (date(2022, 8, 31), 6, date(2023, 2, 28)),   # 2023 is not
    (date(2024, 2, 29), 12, date(2025, 2, 28)),  # no 29 Feb in 2025
    (date(2024, 2, 29), 48, date(2028, 2, 29)),  # ... but there is in 2028
    (date(2024, 2, 29), -12, date(2023, 2, 28)),
    (date(2022, 8, 31), 18, date(2024, 2, 29)),  # 18-month proven window, leap day
    (date(2023, 1, 31), 1, date(2023, 2, 28)),
    (date(2023, 1, 30), 1, date(2023, 2, 28)),
    (date(2023, 3, 31), 1, date(2023, 4, 30)),
    (date(2023, 5, 31), -1, date(2023, 4, 30)),
    (date(2023, 12, 31), 1, date(2024, 1, 31)),  # across the year end
    (date(2023, 11, 15), 2, date(2024, 1, 15)),
    (date(2024, 1, 15), -2, date(2023, 11, 15)),
    (date(2023, 6, 30), 0, date(2023, 6, 30)),
    (date(2023, 3, 31), 18, date(2024, 9, 30)),  # cohort end + 18 months
    (date(2022, 12, 31), 18, date(2024, 6, 30)),
])
def test_add_months_clamps_to_month_end(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize("period_end, expected", [
    (date(2024, 3, 31), date(2023, 4, 1)),   # financial year April-March
    (date(2024, 6, 30), date(2023, 7, 1)),
    (date(2024, 9, 30), date(2023, 10, 1)),
    (date(2024, 12, 31), date(2024, 1, 1)),  # calendar year
    (date(2025, 2, 28), date(2024, 2, 29)),  # day after 28 Feb 2024 (leap year)
    (date(2024, 2, 29), date(2023, 3, 1)),   # 29 Feb 2024 - 1 year = 28 Feb 2023, + 1 day
])
def test_period_start_is_day_after_same_date_a_year_earlier(period_end, expected):
    assert period_start(period_end) == expected


@pytest.mark.parametrize("period_end, expected", [
    (date(2024, 3, 31), 2023),   # 31 Mar 2024 - 6 months = 30 Sep 2023: previous year
    (date(2024, 6, 30), 2023),   # 31 Dec 2023
    (date(2024, 9, 30), 2024),   # 31 Mar 2024
    (date(2024, 12, 31), 2024),  # 30 Jun 2024
    (date(2023, 3, 31), 2022),
])
def test_population_year_is_year_of_period_end_minus_six_months(period_end, expected):
    assert population_year(period_end) == expected


@pytest.mark.parametrize("wanted, loaded, expected", [
    (2023, [2021, 2022, 2023], 2023),  # exact year loaded
    (2023, [2022, 2024], 2022),        # tie: 1 year either side -> the earlier
    (2023, {2024, 2022}, 2022),        # same with a set, any order
    (2023, [2024, 2021], 2024),        # 1 year after beats 2 years before
    (2030, [2019, 2021], 2021),        # beyond the last loaded year
    (2010, [2019, 2021], 2019),        # before the first loaded year
    (2023, [2025, 2021], 2021),        # tie at distance 2 -> earlier
    (2023, [], None),
])
def test_nearest_year_prefers_earlier_on_tie(wanted, loaded, expected):
    assert nearest_year(wanted, loaded) == expected


def test_quarters():
    assert quarter_start(date(2024, 2, 29)) == date(2024, 1, 1)
    assert quarter_end(date(2024, 2, 29)) == date(2024, 3, 31)
    assert quarter_start(date(2023, 12, 31)) == date(2023, 10, 1)
    assert quarter_end(date(2023, 7, 1)) == date(2023, 9, 30)
    assert quarter_end(date(2023, 6, 30)) == date(2023, 6, 30)
    assert quarter_ends_between(date(2023, 5, 10), date(2024, 1, 2)) == [
        date(2023, 6, 30), date(2023, 9, 30), date(2023, 12, 31), date(2024, 3, 31)]
    assert quarter_ends_between(date(2024, 3, 31), date(2024, 3, 1)) == [date(2024, 3, 31)]


@pytest.mark.parametrize("cohort_end, as_of, complete", [
    # 30 Sep 2022 + 18 calendar months = 30 Mar 2024 (30 March exists: no clamping)
    (date(2022, 9, 30), date(2024, 3, 30), True),    # exactly cohort_end + 18 months
    (date(2022, 9, 30), date(2024, 3, 29), False),   # one day short
    (date(2022, 12, 31), date(2024, 6, 30), True),
    (date(2022, 12, 31), date(2024, 6, 29), False),
    (date(2023, 6, 30), date(2024, 12, 30), True),   # 30 Jun + 18 months = 30 Dec
    (date(2023, 6, 30), date(2024, 12, 29), False),
    (date(2023, 3, 31), date(2024, 9, 30), True),    # 31 Mar + 18 months = 30 Sep
    (date(2023, 3, 31), date(2024, 9, 29), False),
])
def test_cohort_complete_after_eighteen_months(cohort_end, as_of, complete):
    assert cohort_complete(cohort_end, as_of) is complete


@pytest.mark.parametrize("index_day, offence_day, month", [
    # Smallest m >= 1 with offence_date <= index_date + m months (tracker curve).
    (date(2022, 7, 5), date(2022, 8, 1), 1),
    (date(2022, 7, 5), date(2022, 8, 5), 1),     # exactly one month
    (date(2022, 7, 5), date(2022, 8, 6), 2),
    (date(2023, 1, 31), date(2023, 2, 28), 1),   # 31 Jan + 1 month = 28 Feb
    (date(2023, 1, 31), date(2023, 3, 1), 2),
    (date(2022, 8, 31), date(2023, 2, 28), 6),   # 31 Aug + 6 months = 28 Feb
    (date(2022, 8, 31), date(2023, 3, 1), 7),
    (date(2022, 8, 31), date(2022, 12, 1), 4),   # + 3 months = 30 Nov
    (date(2023, 2, 28), date(2023, 3, 28), 1),
    (date(2023, 2, 28), date(2023, 3, 30), 2),   # 28 Feb + 1 month = 28 Mar
    (date(2022, 8, 31), date(2023, 8, 31), 12),  # last day of the 12-month window
    (date(2023, 6, 15), date(2023, 6, 16), 1),
])
def test_months_after_index_for_the_tracker(index_day, offence_day, month):
    from dashboard.etl.derive import months_after
    assert months_after(index_day, offence_day) == month
