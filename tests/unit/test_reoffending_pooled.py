"""dashboard/analysis/reoffending.py `pooled` on hand-made quarterly cohorts, no database."""
from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.analysis.reoffending import pooled


def cohorts(rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["area_type", "area_code", "area_name", "cohort_start",
                                        "cohort_end", "group", "cohort_size", "reoffenders",
                                        "reoffences", "status"])
    for column in ("cohort_size", "reoffenders", "reoffences"):
        frame[column] = frame[column].astype("int64")
    return frame


def quarter(end: date, group, size: int, reoffenders: int, reoffences: int,
            status: str = "complete") -> tuple:
    start = {3: date(end.year, 1, 1), 6: date(end.year, 4, 1), 9: date(end.year, 7, 1),
             12: date(end.year, 10, 1)}[end.month]
    return ("service", "S", "S", start, end, group, size, reoffenders, reoffences, status)


def test_a_year_of_cohorts_pooled_by_group_in_order():
    frame = cohorts([
        quarter(date(2022, 12, 31), "M", 50, 50, 50),      # the year before: left out
        quarter(date(2023, 3, 31), "M", 10, 2, 3),
        quarter(date(2023, 6, 30), "M", 10, 3, 4),
        quarter(date(2023, 9, 30), "F", 5, 1, 1),
        quarter(date(2023, 12, 31), "M", 20, 5, 9, "provisional"),
        quarter(date(2023, 12, 31), None, 4, 4, 4),        # no group recorded: left out
        quarter(date(2024, 3, 31), "F", 50, 50, 50),       # after the year: left out
    ])
    totals = pooled(frame, date(2023, 12, 31))
    # F: one cohort, 1 of 5 (20%); M: three cohorts, 2 + 3 + 5 = 10 of 10 + 10 + 20 = 40
    # (25%), 16 reoffences (1.6 each), one of them provisional.
    assert list(totals["group"]) == ["F", "M"]
    assert totals["cohort_size"].tolist() == [5, 40]
    assert totals["reoffenders"].tolist() == [1, 10]
    assert totals["reoffences"].tolist() == [1, 16]
    assert totals["cohorts"].tolist() == [1, 3]
    assert totals["provisional"].tolist() == [False, True]
    assert totals["binary_rate_pct"].tolist() == [20.0, 25.0]
    assert totals["reoffences_per_reoffender"].tolist() == [1.0, 1.6]
    assert str(totals["cohort_size"].dtype) == "int64"
    assert str(totals["provisional"].dtype) == "bool"


def test_no_cohort_in_the_year_gives_no_rows():
    frame = cohorts([quarter(date(2020, 3, 31), "M", 10, 2, 3)])
    totals = pooled(frame, date(2023, 12, 31))
    assert totals.empty and "binary_rate_pct" in totals
