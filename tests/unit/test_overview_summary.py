"""Pure pieces of dashboard.analysis.summary: the reoffending year, its words, pooling,
intervals and tested changes, the mix of outcomes and which PCC or neighbour group applies."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from queries.reoffending import pooled
from dashboard.analysis.summary import (_partial_from, interval, judged_change,
                                        latest_complete_cohort_end, mix_shares, own_group,
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


# --- intervals and tested changes ---------------------------------------------------------

def test_interval_follows_the_contract_for_each_indicator():
    # 12 events: Byar's limits 6.19 and 20.96 (docs/CONTRACT.md §4), over 10,000 children.
    lower, upper = interval("fte_rate", 12, 10_000)
    assert (lower, upper) == (pytest.approx(61.9, abs=0.05), pytest.approx(209.6, abs=0.05))
    lower, upper = interval("custody_rate", 12, 10_000)
    assert (lower, upper) == (pytest.approx(0.619, abs=5e-4), pytest.approx(2.096, abs=5e-4))
    # 3 of 10: Wilson 10.8% to 60.3%.
    lower, upper = interval("reoffending_binary_rate", 3, 10)
    assert (lower, upper) == (pytest.approx(10.8, abs=0.05), pytest.approx(60.3, abs=0.05))
    assert interval("looked_after_rate", 3, 10)[0] == pytest.approx(10.8, abs=0.05)
    # No contract interval for reoffences per reoffender; none without counts.
    assert interval("reoffences_per_reoffender", 30, 10) == (None, None)
    assert interval("fte_rate", None, 10_000) == (None, None)
    assert interval("fte_rate", 12, 0) == (None, None)


def test_a_change_is_better_or_worse_only_outside_the_earlier_years_interval():
    real = judged_change(187.0, 212.5, (195.0, 231.0))     # 187 below 195: a real fall
    assert (real["direction"], real["significance"], real["judgement"]) == (
        "down", "lower", "better")
    rise = judged_change(240.0, 212.5, (195.0, 231.0))     # 240 above 231: a real rise
    assert (rise["significance"], rise["judgement"]) == ("higher", "worse")
    chance = judged_change(238.0, 212.5, (180.0, 245.0))   # inside 180-245
    assert (chance["words"], chance["significance"], chance["judgement"]) == (
        "up 12%", "similar", "could be chance")
    untested = judged_change(2.9, 2.5)                      # no interval: no judgement
    assert (untested["words"], untested["significance"], untested["judgement"]) == (
        "up 16%", None, None)
    same = judged_change(211.4, 211.0, (180.0, 245.0))
    assert (same["direction"], same["judgement"]) == ("same", "no change")
    from_none = judged_change(0.5, 0.0, (0.0, 0.37))        # no % change, still tested
    assert (from_none["direction"], from_none["words"], from_none["change"],
            from_none["significance"], from_none["judgement"]) == (
        "up", "up from none", None, "higher", "worse")
    none_twice = judged_change(0, 0, (0.0, 3.689))
    assert (none_twice["direction"], none_twice["words"]) == ("same", "unchanged")


# --- the mix of outcomes -------------------------------------------------------------------

def test_mix_shares_leave_tier_other_out_and_group_the_court_tiers():
    march23, march24 = date(2023, 3, 31), date(2024, 3, 31)
    frame = pd.DataFrame({
        "period_end": [march23] * 3 + [march24] * 6,
        "tier": ["diversion", "pre_court", "custody",
                 "diversion", "pre_court", "first_tier", "community", "custody", "other"],
        "disposals": [30, 20, 50, 41, 20, 25, 10, 4, 100]})
    shares = mix_shares(frame, [march23, march24])
    assert list(shares["group"]) == ["diversion", "out_of_court", "court"] * 2
    # 2023: 30, 20, 50 of 100. 2024: 41, 20 and 25 + 10 + 4 = 39 of 100 (the 100 `other`
    # outcomes left out).
    assert list(shares["outcomes"]) == [30, 20, 50, 41, 20, 39]
    assert list(shares["share_pct"]) == pytest.approx([30.0, 20.0, 50.0, 41.0, 20.0, 39.0])
    empty = mix_shares(frame, [date(2022, 3, 31)])
    assert list(empty["outcomes"]) == [0, 0, 0] and empty["share_pct"].isna().all()


# --- PCC areas and statistical neighbours --------------------------------------------------

def test_the_only_group_loaded_applies_else_the_one_named_after_the_area():
    assert own_group(["Kingsmoor neighbours"], ["Fenby YJS"]) == "Kingsmoor neighbours"
    names = ["Kingsmoor and Fenby YJS neighbours", "Northmoor YJS neighbours"]
    assert own_group(names, ["Kingsmoor and Fenby YJS", "Kingsmoor", "Fenby"]) == names[0]
    assert own_group(names, ["Aberwen YJS"]) is None
    assert own_group(["Moor PCC", "Moor and Dale PCC"], ["Moor"]) is None   # ambiguous
    assert own_group([], ["Kingsmoor"]) is None
