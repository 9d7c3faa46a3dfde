"""Pure pieces of dashboard.analysis.summary: the reoffending year, its words, ranks and pooling."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from queries.reoffending import pooled
from dashboard.analysis.summary import (_partial_from, _rank, latest_complete_cohort_end,
                                        pooled_years)
from dashboard.words.figure_notes import caution as _caution
from dashboard.words.figure_notes import cohort_year_words, coverage_words


@pytest.mark.parametrize("period_end, as_of, expected", [
    (date(2024, 3, 31), date(2024, 12, 30), date(2023, 6, 30)),   # 30 Jun 23 + 18m = 30 Dec 24
    (date(2024, 3, 31), date(2024, 12, 29), date(2023, 3, 31)),   # a day short for June
    (date(2022, 12, 31), date(2024, 12, 31), date(2022, 12, 31)),  # the period itself
    (date(2024, 3, 31), date(2023, 1, 1), date(2021, 6, 30)),     # 30 Jun 21 + 18m = 30 Dec 22
    (date(2024, 3, 31), None, None),
])
def test_latest_complete_cohort_end(period_end, as_of, expected):
    assert latest_complete_cohort_end(period_end, as_of) == expected


def test_cohort_year_words():
    assert cohort_year_words(date(2023, 3, 31)) == "April 2022 – March 2023"
    assert cohort_year_words(date(2023, 12, 31)) == "January 2023 – December 2023"


def test_rank_lowest_is_first_and_ties_share_the_better_rank():
    peers = {"A": 150.0, "B": 200.0, "C": 200.0, "D": 90.0, "E": None}
    assert _rank(peers, "D") == {"rank": 1, "rank_of": 4, "quartile": "Upper",
                                 "rank_tied": False}
    assert _rank(peers, "B") == {"rank": 3, "rank_of": 4, "quartile": "Lower middle",
                                 "rank_tied": True}
    assert _rank(peers, "E")["rank"] is None
    assert _rank({}, "A") == {"rank": None, "rank_of": None, "quartile": None,
                              "rank_tied": False}


def cohorts():
    starts = [date(2022, 1, 1), date(2022, 4, 1), date(2022, 7, 1), date(2022, 10, 1),
              date(2023, 1, 1)]
    ends = [date(2022, 3, 31), date(2022, 6, 30), date(2022, 9, 30), date(2022, 12, 31),
            date(2023, 3, 31)]
    return pd.DataFrame({"area_type": "service", "area_code": "S", "area_name": "S",
                         "cohort_start": starts, "cohort_end": ends,
                         "status": "complete", "cohort_size": [10, 20, 30, 40, 50],
                         "reoffenders": [1, 2, 3, 4, 5], "reoffences": [2, 4, 6, 8, 10]})


def test_pooled_years_sums_counts_then_divides_like_pooled():
    frame = cohorts()
    years = pooled_years(frame, [date(2022, 12, 31), date(2023, 3, 31), date(2021, 12, 31)])
    year = years[date(2022, 12, 31)]
    # 10+20+30+40 = 100 children, 1+2+3+4 = 10 reoffenders, 20 reoffences
    assert (year["cohort_size"], year["reoffenders"], year["reoffences"], year["cohorts"]) == (
        100, 10, 20, 4)
    assert year["binary_rate_pct"] == pytest.approx(10.0)
    assert year["reoffences_per_reoffender"] == pytest.approx(2.0)
    for end in (date(2022, 12, 31), date(2023, 3, 31)):
        reference = pooled(frame, end).iloc[0]
        assert years[end]["binary_rate_pct"] == pytest.approx(reference["binary_rate_pct"])
    assert years[date(2021, 12, 31)] == {}


def test_small_number_caution_is_singular_for_one_and_absent_for_none():
    assert _caution(1, "sentences") == "based on 1 sentence — treat with caution"
    assert _caution(12, "children") == "based on 12 children — treat with caution"
    assert _caution(0, "children") is None and _caution(None, "children") is None
    assert _caution(30, "children") is None


def test_coverage_note_when_the_year_starts_before_the_data():
    assert coverage_words(_partial_from(date(2015, 3, 31), date(2015, 1, 1))) == (
        "The data start in January 2015, so this year is only partly covered.")
    assert _partial_from(date(2015, 12, 31), date(2015, 1, 1)) is None
    assert _partial_from(date(2015, 3, 31), None) is None
    assert coverage_words(None) is None
