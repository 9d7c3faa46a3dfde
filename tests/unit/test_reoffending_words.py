"""Words on the reoffending page: cohort years, headline sentences and active titles."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.contract.periods import shift_cohort
from dashboard.words import reoffending_words as w


def summary(size, rate, **extra):
    return {"cohort_size": size, "binary_rate_pct": rate, **extra}


# --- cohort years ---------------------------------------------------------------------

@pytest.mark.parametrize("period_end, expected", [
    (date(2023, 3, 31), [date(2022, 6, 30), date(2022, 9, 30), date(2022, 12, 31),
                         date(2023, 3, 31)]),
    # 30 June minus three months must still land on 31 March, not 30 March
    (date(2024, 6, 30), [date(2023, 9, 30), date(2023, 12, 31), date(2024, 3, 31),
                         date(2024, 6, 30)]),
])
def test_year_cohort_ends_are_the_four_quarters_ending_at_the_period(period_end, expected):
    assert w.year_cohort_ends(period_end) == expected


@pytest.mark.parametrize("period_end, as_of, expected", [
    (date(2024, 12, 31), date(2024, 12, 30), date(2023, 6, 30)),  # 30 Jun 2023 + 18m = as_of
    (date(2024, 12, 31), date(2024, 12, 29), date(2023, 3, 31)),  # one day short
    (date(2019, 6, 30), date(2024, 12, 30), date(2019, 6, 30)),   # an old year is complete
    (date(2023, 9, 30), date(2024, 12, 30), date(2023, 6, 30)),
])
def test_latest_complete_end(period_end, as_of, expected):
    assert w.latest_complete_end(period_end, as_of) == expected


def test_periods_in_words():
    assert w.year_words(date(2023, 3, 31)) == "April 2022 – March 2023"
    assert w.year_words(date(2024, 12, 31)) == "January – December 2024"
    assert w.cohort_short(date(2024, 3, 31)) == "Jan–Mar 2024"
    assert w.cohort_long(date(2023, 6, 30)) == "April–June 2023"
    assert w.as_of_words(date(2024, 12, 30)) == "as of 30 December 2024"
    assert shift_cohort(date(2024, 6, 30), -12) == date(2023, 6, 30)


# --- headline sentences ---------------------------------------------------------------

def test_rate_limits_are_wilson_intervals_of_reoffenders_in_the_cohort():
    # docs/CONTRACT.md §4 v2: for 3 of 10 the 95% interval is 10.8% to 60.3%.
    low, high = w.rate_limits(summary(10, 30.0, reoffenders=3))
    assert (round(low, 1), round(high, 1)) == (10.8, 60.3)
    # 20 of 100: (2x + z² ± z√(z² + 4x(1 − x/n))) / (2(n + z²)), z = 1.96:
    # (43.84 ± 16.14) / 207.68 = 13.3% to 28.9%.
    low, high = w.rate_limits(summary(100, 20.0, reoffenders=20))
    assert (round(low, 1), round(high, 1)) == (13.3, 28.9)


def test_complete_year_sentence_statistically_lower_and_better_than_before():
    # 20 of 100: interval 13.3% to 28.9%, wholly below 33.5%.
    text = w.complete_year_sentence(summary(100, 20.0, reoffenders=20),
                                    summary(140, 35.0, reoffenders=49),
                                    ("the national rate", 33.5), date(2023, 3, 31))
    assert text == ("20.0% of the 100 children cautioned or sentenced in April 2022 – March "
                    "2023 reoffended within a year, down from 35.0% a year before (better) and "
                    "statistically lower than the national rate of 33.5% (better).")


def test_complete_year_sentence_statistically_higher_and_latest():
    # 80 of 200 = 40.0%: (163.84 ± 27.43) / 407.68 = 33.5% to 46.9%, wholly above 30.0%.
    text = w.complete_year_sentence(summary(200, 40.0, reoffenders=80),
                                    summary(190, 30.0, reoffenders=57),
                                    ("the East Midlands rate", 30.0), date(2023, 6, 30),
                                    latest=True, area="Kingsmoor")
    assert text == ("In the latest complete year, 40.0% of the 200 children cautioned or "
                    "sentenced in Kingsmoor in July 2022 – June 2023 reoffended within a year, "
                    "up from 30.0% a year before (worse) and statistically higher than the "
                    "East Midlands rate of 30.0% (worse).")


def test_a_difference_that_may_be_chance_is_statistically_similar_never_above():
    # 40 of 100: (83.84 ± 19.58) / 207.68 = 30.9% to 49.8%, which holds 35.0%.
    text = w.complete_year_sentence(summary(100, 40.0, reoffenders=40), None,
                                    ("the national rate", 35.0), date(2023, 3, 31))
    assert text.endswith("reoffended within a year and statistically similar to the national "
                         "rate of 35.0%.")
    assert "above" not in text and "worse" not in text
    # a small cohort: 5 of 12 (41.7%) against 33.5% keeps its caution and claims nothing
    small = w.complete_year_sentence(summary(12, 41.7, reoffenders=5), None,
                                     ("the national rate", 33.5), date(2023, 3, 31))
    assert small.endswith("reoffended within a year (based on 12 children — treat with "
                          "caution) and statistically similar to the national rate of 33.5%.")


def test_a_change_on_the_year_before_that_may_be_chance_is_not_called_worse():
    # 37 of 100 a year before: (77.84 ± 1.96 × √(3.8416 + 93.24)) / 207.68 = 28.2% to 46.8%,
    # which holds this year's 40.0%: up, but it could be chance.
    text = w.complete_year_sentence(summary(100, 40.0, reoffenders=40),
                                    summary(100, 37.0, reoffenders=37), None, date(2023, 3, 31))
    assert text.endswith("reoffended within a year, up from 37.0% a year before (could be "
                         "chance).")
    assert "worse" not in text


def test_complete_year_sentence_ties_are_neither_better_nor_worse():
    text = w.complete_year_sentence(summary(100, 33.4), summary(100, 33.5),
                                    ("the national rate", 33.3), date(2023, 3, 31))
    assert text.endswith("reoffended within a year, similar to 33.5% a year before and "
                         "statistically similar to the national rate of 33.3%.")


def test_complete_year_sentence_on_every_outcome():
    text = w.complete_year_sentence(summary(100, 20.0, reoffenders=20), None, None,
                                    date(2023, 3, 31), basis="all_outcomes",
                                    no_comparator=True)
    assert text == ("20.0% of the 100 children given any outcome (diversion included) in "
                    "April 2022 – March 2023 reoffended within a year; comparators are not "
                    "available for this basis.")
    assert w.provisional_year_sentence(summary(76, 28.9), date(2024, 9, 30), 0,
                                       basis="all_outcomes").startswith(
        "So far 28.9% of the 76 children given any outcome (diversion included) in October")
    assert w.basis_label("all_outcomes") == "Every outcome, including diversion"
    assert w.basis_label("national") == "National definition (cautions and sentences)"
    assert w.basis_label("nonsense") == "National definition (cautions and sentences)"


def test_complete_year_sentence_without_comparisons_or_with_small_numbers():
    text = w.complete_year_sentence(summary(12, 25.0), None, None, date(2023, 3, 31))
    assert text == ("25.0% of the 12 children cautioned or sentenced in April 2022 – March "
                    "2023 reoffended within a year (based on 12 children — treat with caution).")
    missing = w.complete_year_sentence(summary(50, 20.0), summary(40, None),
                                       ("the national rate", None), date(2023, 3, 31))
    assert missing.endswith("reoffended within a year.")


def test_complete_year_sentence_says_when_cohorts_are_missing():
    text = w.complete_year_sentence(summary(38, 42.1, cohorts=2), None, None, date(2015, 6, 30))
    assert "July 2014 – June 2015 (only 2 of its 4 quarterly cohorts have data)" in text


def test_provisional_year_sentence():
    assert w.provisional_year_sentence(summary(76, 28.9), date(2024, 9, 30), 0, "Aberwen") == (
        "So far 28.9% of the 76 children cautioned or sentenced in Aberwen in October 2023 – "
        "September 2024 have reoffended; all 4 quarterly cohorts are provisional, so this will "
        "rise.")
    assert "; 2 of its 4 quarterly cohorts are complete, the rest provisional," in \
        w.provisional_year_sentence(summary(76, 28.9), date(2024, 9, 30), 2)


def tracked(end, size, month, rate, reoffended=None):
    return {"cohort_end": end, "cohort_size": size, "month": month, "pct_reoffended": rate,
            "reoffended": reoffended}


def test_tracker_sentence_compares_like_for_like_by_its_interval():
    # 9 of 54 (16.7%): (21.84 ± 11.40) / 115.68 = 9.0% to 28.7%.
    latest = tracked(date(2024, 9, 30), 54, 3, 16.7, 9)
    assert w.tracker_sentence(latest, tracked(date(2023, 9, 30), 60, 3, 20.0)) == (
        "Of the 54 children in the cohort of July–September 2024, 16.7% have reoffended "
        "within 3 months, statistically similar to the 20.0% of the July–September 2023 "
        "cohort at the same point.")
    assert w.tracker_sentence(latest, tracked(date(2023, 9, 30), 60, 3, 35.0)).endswith(
        "statistically lower than the 35.0% of the July–September 2023 cohort at the same "
        "point (better).")
    assert w.tracker_sentence(latest, tracked(date(2023, 9, 30), 60, 3, 5.0)).endswith(
        "statistically higher than the 5.0% of the July–September 2023 cohort at the same "
        "point (worse).")
    assert w.tracker_sentence(latest, tracked(date(2023, 9, 30), 60, 3, 12.0)).endswith(
        "statistically similar to the 12.0% of the July–September 2023 cohort at the same "
        "point.")


def test_tracker_sentence_first_month_small_and_without_earlier_cohort():
    text = w.tracker_sentence(tracked(date(2024, 9, 30), 3, 1, 33.3), None)
    assert text == ("Of the 3 children in the cohort of July–September 2024, 33.3% have "
                    "reoffended within a month (based on 3 children — treat with caution); "
                    "there is no cohort a year earlier to compare with.")


BOARD_EXAMPLE = pd.DataFrame({"reoffences": [1, 2, 4, 5, 6], "children": [10, 10, 5, 2, 2]})


def test_concentration_summary_matches_the_board_example():
    result = w.concentration_summary(BOARD_EXAMPLE)
    assert result["reoffenders"] == 29 and result["reoffences"] == 72
    assert result["prolific_children"] == 4 and result["prolific_reoffences"] == 22
    assert result["share_pct"] == pytest.approx(30.555, abs=0.01)
    assert w.concentration_sentence(result, date(2020, 3, 31), provisional=False) == (
        "4 children committed 30.6% of the 72 reoffences by children cautioned or sentenced "
        "in April 2019 – March 2020: each had 5 or more.")


def test_concentration_sentence_other_cases():
    end = date(2024, 12, 31)
    one = w.concentration_summary(pd.DataFrame({"reoffences": [1, 7], "children": [3, 1]}))
    assert w.concentration_sentence(one, end, provisional=True).startswith(
        "1 child committed 70.0% of the 10 reoffences so far by children")
    spread = w.concentration_summary(pd.DataFrame({"reoffences": [1, 2], "children": [4, 3]}))
    assert w.concentration_sentence(spread, end, False) == (
        "No child had 5 or more reoffences; the 10 reoffences by children cautioned or "
        "sentenced in January – December 2024 were spread across 7 children.")
    none = w.concentration_summary(pd.DataFrame({"reoffences": [], "children": []}))
    assert w.concentration_sentence(none, end, True) == (
        "None of the children cautioned or sentenced in January – December 2024 has a proven "
        "reoffence so far.")


def test_lag_sentence_names_the_latest_complete_cohort():
    assert w.lag_sentence(date(2023, 6, 30)) == (
        "Reoffending is measured over 12 months plus 6 months for cases to reach an outcome, "
        "so the latest complete cohort is from about two years ago (April–June 2023); later "
        "cohorts are provisional and will rise.")


# --- titles ---------------------------------------------------------------------------

@pytest.mark.parametrize("latest, before, selected, expected", [
    (summary(135, 31.2), summary(140, 35.0), False,
     "Reoffending fell to 31.2% in the latest complete year"),
    (summary(135, 38.0), summary(140, 35.0), True, "Reoffending rose to 38.0% in the selected year"),
    (summary(135, 35.1), summary(140, 35.0), False,
     "Reoffending steady at 35.1% in the latest complete year"),
    (summary(135, 31.2), None, False, "31.2% of children reoffended in the latest complete year"),
    (summary(17, 29.4), summary(20, 26.9), False,
     "Reoffending rose to 29.4% (latest complete year, small numbers)"),
    (None, None, False, "No complete cohort yet: every figure is provisional"),
])
def test_trend_title(latest, before, selected, expected):
    title = w.trend_title(latest, before, selected)
    assert title == expected
    assert len(title.split()) <= 10


def test_per_reoffender_title():
    assert w.per_reoffender_title({"reoffences_per_reoffender": 2.4},
                                  {"reoffences_per_reoffender": 2.9}) == \
        "Reoffences per child who reoffended fell to 2.40"
    assert w.per_reoffender_title({"reoffences_per_reoffender": 2.77},
                                  {"reoffences_per_reoffender": 2.76}) == \
        "Children who reoffended averaged 2.77 reoffences each"
    assert w.per_reoffender_title({"reoffences_per_reoffender": None}, None) == \
        "No complete cohort with reoffences yet"


def test_tracker_title():
    latest = tracked(date(2024, 9, 30), 54, 3, 16.7, 9)  # 95% interval 9.0% to 28.7%
    assert w.tracker_title(latest, tracked(date(2023, 9, 30), 60, 3, 35.0)) == \
        "The Jul–Sep 2024 cohort is tracking lower than a year earlier"
    assert w.tracker_title(latest, tracked(date(2023, 9, 30), 60, 3, 5.0)) == \
        "The Jul–Sep 2024 cohort is tracking higher than a year earlier"
    assert w.tracker_title(latest, tracked(date(2023, 9, 30), 60, 3, 10.0)) == \
        "The Jul–Sep 2024 cohort is tracking similar to a year earlier"
    assert w.tracker_title(latest, None) == "16.7% of the Jul–Sep 2024 cohort reoffended so far"
    assert w.tracker_title(None, None) == "No cohort has a month of follow-up yet"


def groups(rows):
    frame = pd.DataFrame(rows, columns=["key", "label", "cohort_size", "binary_rate_pct"])
    frame["small_cohort"] = frame["cohort_size"] < 30
    return frame


def test_breakdown_title_names_the_highest_group():
    assert w.breakdown_title("sex", groups([("M", "Boys", 120, 35.0), ("F", "Girls", 40, 20.0)])) \
        == "Reoffending higher for boys"
    assert w.breakdown_title("tier", groups([("pre_court", "Pre-court", 60, 20.0),
                                             ("first_tier", "First-tier", 50, 30.0),
                                             ("custody", "Custody", 35, 60.0)])) \
        == "Reoffending highest after custody"
    assert w.breakdown_title("area", groups([("la:E1", "Kingsmoor", 80, 30.0),
                                             ("la:E2", "Fenby", 70, 25.0)])) \
        == "Reoffending higher in Kingsmoor"
    assert w.breakdown_title("ethnicity", groups([("White", "White", 80, 30.0),
                                                  ("Mixed", "Mixed", 40, 45.0),
                                                  ("Black", "Black", 35, 20.0)])) \
        == "Reoffending highest for children of Mixed ethnicity"


def test_breakdown_title_small_numbers_ties_and_tiny_groups():
    assert w.breakdown_title("sex", groups([("M", "Boys", 65, 30.8), ("F", "Girls", 11, 18.2)])) \
        == "Reoffending higher for boys (small numbers)"
    # a group under 10 children is left out of the claim however high its rate
    assert w.breakdown_title("age", groups([("10-14", "Aged 10–14", 40, 20.0),
                                            ("15-17", "Aged 15–17", 45, 30.0),
                                            ("x", "Tiny", 2, 100.0)])) \
        == "Reoffending higher for children aged 15–17"
    assert w.breakdown_title("looked_after", groups([("Y", "Looked after", 40, 25.0),
                                                     ("N", "Not looked after", 90, 25.0)])) \
        == "Reoffending was similar across groups"
    assert w.breakdown_title("ethnicity", groups([("White", "White", 72, 29.2),
                                                  ("Mixed", "Mixed", 2, 50.0)])) \
        == "White: 29.2%; other groups too small to compare"
    assert w.breakdown_title("sex", groups([("M", "Boys", 5, 40.0), ("F", "Girls", 3, 0.0)])) \
        == "Groups too small to compare reliably"


def test_concentration_title():
    assert w.concentration_title(w.concentration_summary(BOARD_EXAMPLE)) == \
        "4 children committed 30.6% of reoffences"
    assert w.concentration_title(w.concentration_summary(
        pd.DataFrame({"reoffences": [1], "children": [4]}))) == \
        "No child had 5 or more reoffences"
    assert w.concentration_title(w.concentration_summary(
        pd.DataFrame({"reoffences": [], "children": []}))) == "No proven reoffences yet"


# --- filters and empty states ---------------------------------------------------------

def test_filter_words_and_note():
    active = {"sex": "F", "age": "15-17", "tier": "custody", "looked_after": "Y"}
    assert w.filter_words(active) == "girls; aged 15–17; index outcome custody; looked-after children"
    assert w.filter_note({}, False) == ""
    assert w.filter_note({"ethnicity": "Black"}, False) == (
        "Showing only ethnicity Black: each rate is a share of those children. Comparator "
        "lines are published figures for all children; they do not follow the filters. ")
    assert w.filter_note({"offence": "Robbery"}, True).endswith(
        "Other services are filtered the same way. ")


def test_empty_sentence_explains_diversion():
    assert w.empty_sentence("Kingsmoor", {"tier": "diversion"}).startswith(
        "Diversion outcomes do not start a reoffending cohort")
    assert w.empty_sentence("Kingsmoor", {"tier": "diversion"}).endswith(
        "Choose ‘Every outcome, including diversion’ to follow these children.")
    assert w.empty_sentence("Kingsmoor", {"tier": "diversion"}, "all_outcomes") == (
        "No child in Kingsmoor was given an outcome matching these filters in these cohorts.")
    assert w.empty_sentence("Kingsmoor", {"sex": "U"}) == (
        "No child in Kingsmoor was cautioned or sentenced matching these filters in these "
        "cohorts.")
    assert w.empty_sentence("Kingsmoor", {}) == (
        "No child in Kingsmoor was cautioned or sentenced in these cohorts.")
