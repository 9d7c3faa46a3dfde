"""dashboard/analysis/kpi_summary.py `summarise` on hand-made quarterly rows, no database."""
from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.analysis.kpi_summary import NO_KINDS, summarise

AREA = {"area_type": "service", "area_code": "S", "area_name": "S"}


def row(end: str, kpi: str, x: int, n: int, unit: str) -> dict:
    return {**AREA, "period_start": None, "period_end": date.fromisoformat(end), "kpi": kpi,
            "numerator": x, "denominator": n, "value": x / n * (100 if unit == "pct" else 1e4),
            "unit": unit}


def test_a_partial_first_year_of_serious_violence_is_not_compared():
    # The data start in January 2015: the year to March 2015 has one quarter (6 outcomes of
    # 65,210 children: 0.9 per 10,000, a quarter's rate), the year to March 2016 four
    # (6 + 9 + 12 + 12 + 11 less the first = 44: 6.7). 6.7 against 0.9 would read as a rise
    # beyond chance; it is only the year's first quarter against a whole year.
    ends = ["2015-03-31", "2015-06-30", "2015-09-30", "2015-12-31", "2016-03-31"]
    quarters = pd.DataFrame([row(e, "serious_violence", x, 65_210, "per_10000")
                             for e, x in zip(ends, [6, 9, 12, 12, 11])]
                            # a share is a share of what was counted, partial year or not
                            + [row("2015-03-31", "victims_engaged", 1, 4, "pct"),
                               row("2016-03-31", "victims_engaged", 2, 4, "pct")])
    found = summarise(quarters, NO_KINDS, date(2016, 3, 31))
    violence = found["serious_violence"]
    assert (violence.year["numerator"], violence.year["quarters"]) == (44, 4)
    assert round(violence.year["value"], 2) == 6.75          # 44 / 65,210 × 10,000
    assert violence.year_before is None and violence.change is None
    victims = found["victims_engaged"]
    # 2 of 4 (50%) against 1 of 4 (25%, Wilson 4.6% to 69.9%): compared, and similar.
    assert victims.year_before["value"] == 25.0 and victims.change == "similar"


def test_whole_years_of_serious_violence_are_compared():
    ends = [f"{y}-{md}" for y in (2015, 2016) for md in ("03-31", "06-30", "09-30", "12-31")]
    counts = [1, 1, 1, 1, 10, 10, 10, 10]      # 4 then 40 of 10,000: 4.0 then 40.0
    quarters = pd.DataFrame([row(e, "serious_violence", x, 10_000, "per_10000")
                             for e, x in zip(ends, counts)])
    violence = summarise(quarters, NO_KINDS, date(2016, 12, 31))["serious_violence"]
    assert violence.year_before["value"] == 4.0
    # 4 events: exact 95% interval 1.09 to 10.24 per 10,000; 40 lies above it.
    assert (violence.change, violence.judgement) == ("higher", "worse")


def test_year_and_quarter_figures_pool_by_hand():
    # Needs met: 3 of 4, 5 of 6, 0 of 2, 4 of 8 in the four quarters to June 2020: 12 of 20
    # (60%); the quarter before the year (March 2019) is outside it. Serious violence: 2 + 1
    # + 0 + 3 = 6 over the population of the year ending June 2020 (50,000, not the sum of
    # four quarters' populations): 1.2 per 10,000.
    from dashboard.analysis.intervals import rate_limits, wilson_limits
    from dashboard.analysis.kpis import quarter_figures, year_figures
    ends = ["2019-09-30", "2019-12-31", "2020-03-31", "2020-06-30"]
    rows = ([row("2019-06-30", "mental_health_intervention", 9, 9, "pct")]
            + [row(e, "mental_health_intervention", x, n, "pct")
               for e, x, n in zip(ends, [3, 5, 0, 4], [4, 6, 2, 8])]
            + [row(e, "serious_violence", x, n, "per_10000")
               for e, x, n in zip(ends, [2, 1, 1, 3], [49_000, 49_000, 49_000, 50_000])])
    rows[-2]["numerator"] = 0
    quarters = pd.DataFrame(rows)
    year = year_figures(quarters, date(2020, 6, 30))
    met = year["mental_health_intervention"]
    assert (met["numerator"], met["denominator"], met["quarters"]) == (12, 20, 4)
    assert met["value"] == 60.0
    assert (met["value_lower_95"], met["value_upper_95"]) == wilson_limits(12.0, 20.0)
    violence = year["serious_violence"]
    assert (violence["numerator"], violence["denominator"]) == (6, 50_000)
    assert round(violence["value"], 6) == 1.2
    assert (violence["value_lower_95"], violence["value_upper_95"]) == rate_limits(
        6.0, 50_000.0, 10_000)
    quarter = quarter_figures(quarters, date(2020, 6, 30))["mental_health_intervention"]
    assert (quarter["numerator"], quarter["denominator"], quarter["value"],
            quarter["quarters"]) == (4, 8, 50.0, 1)
    assert year_figures(quarters, date(2010, 3, 31)) == {}
