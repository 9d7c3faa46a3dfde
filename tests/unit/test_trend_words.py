"""Words shared by the first time entrants and custody pages: titles, changes, comparisons."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.words.indicator_words import (change_sentence, comparator_sentence, fit_title,
                                               no_rate_reason, peer_sentence, plural,
                                               ratio_title, share_words, streak,
                                               streak_title, where_words, who_words)
from dashboard.contract.selection import CohortFilter


def yearly(*values) -> pd.Series:
    """Quarterly series with the given values a year apart (the quarters between repeat)."""
    ends = []
    data = []
    for year, value in enumerate(values):
        for month, day in ((3, 31), (6, 30), (9, 30), (12, 31)):
            ends.append(date(2015 + year, month, day))
            data.append(value)
    return pd.Series(data, index=ends)


def test_fit_title_prefers_the_first_of_ten_words_or_fewer():
    long = "one two three four five six seven eight nine ten eleven"
    assert fit_title(long, "Short title") == "Short title"
    assert fit_title(None, long) == long


@pytest.mark.parametrize("values, expected", [
    ((300, 250, 200, 150), ("fell", 3)),
    ((100, 400, 300, 250), ("fell", 2)),
    ((200, 100, 150), ("rose", 1)),
    ((200, 200), ("held steady", 1)),
    ((200,), (None, 0)),
])
def test_streak_counts_years_running(values, expected):
    assert streak(yearly(*values)) == expected


def test_streak_titles():
    assert (streak_title("First time entrants", yearly(300, 250, 200, 150))
            == "First time entrants fell for the third year running")
    assert (streak_title("The custody rate", yearly(1, 2))
            == "The custody rate rose on a year earlier")
    assert (streak_title("First time entrants", yearly(5, 5))
            == "First time entrants held steady on a year earlier")
    assert streak_title("First time entrants", yearly(5)) is None


def test_streak_stops_at_a_zero_year():
    assert streak(yearly(0, 2, 3)) == ("rose", 1)


def test_ratio_title_and_similar_rates():
    assert ratio_title("Boys", "girls'", 3.26, "similar") == "Boys entered at 3.3 times the girls' rate"
    assert ratio_title("Boys", "girls'", 1.05, "Rates were similar") == "Rates were similar"
    assert ratio_title("Boys", "girls'", None, "Rates were similar") == "Rates were similar"


def test_share_and_plural_words():
    assert share_words(3, 4) == "3 of 4"
    assert share_words(4, 4) == "all 4"
    assert share_words(0, 4) == "none of 4"
    assert plural(1, "child", "children") == "1 child"
    assert plural(1204, "sentence") == "1,204 sentences"
    assert plural(0, "sentence") == "no sentences"


@pytest.mark.parametrize("cohort, who, population", [
    (CohortFilter(), "children", "children aged 10–17"),
    (CohortFilter(sex="F", age_band="10-14"), "girls aged 10–14", "girls aged 10–14"),
    (CohortFilter(ethnicity="Black"), "Black children", "Black children aged 10–17"),
    (CohortFilter(ethnicity="Unknown"), "children of unknown ethnicity",
     "children aged 10–17"),
    (CohortFilter(looked_after=True), "looked-after children", ""),
    (CohortFilter(offence_group="Robbery"), "children (offence group: Robbery)", ""),
    (CohortFilter(tier="pre_court"), "children whose outcome was pre-court (cautions)",
     "children aged 10–17"),
])
def test_who_words_follow_the_filters(cohort, who, population):
    assert who_words(cohort) == (who, population)


def test_no_rate_reason_names_the_filter():
    assert no_rate_reason(CohortFilter(looked_after=True)) == (
        "there is no population figure for children by looked-after status")
    assert no_rate_reason(CohortFilter(offence_group="Robbery")) == (
        "there is no population figure by offence group")


def test_where_words():
    assert where_words("all", "All areas") == "across all areas"
    assert where_words("service", "Kingsmoor YJS") == "in Kingsmoor YJS"


@pytest.mark.parametrize("latest, previous, expected", [
    (176, 200, "That is 12% lower than a year earlier (200 per 100,000) — better."),
    (230, 200, "That is 15% higher than a year earlier (200 per 100,000) — worse."),
    (200.4, 200, "That is unchanged on a year earlier (200 per 100,000)."),
    (200, None, "There is no figure for a year earlier to compare with."),
    (0, 0, "That is the same as a year earlier (200 per 100,000)."),
    (5, 0, "That is higher than a year earlier (200 per 100,000) — worse."),
    (0, 5, "That is lower than a year earlier (200 per 100,000) — better."),
])
def test_change_sentence_says_better_or_worse(latest, previous, expected):
    assert change_sentence(latest, previous, "200 per 100,000") == expected


def test_change_sentence_counts_use_fewer_and_more():
    assert (change_sentence(9, 10, "10", "more", "fewer")
            == "That is 10% fewer than a year earlier (10) — better.")


@pytest.mark.parametrize("value, benchmark, expected", [
    (150, 211, "This is below the England and Wales rate of 211 — better."),
    (250, 211, "This is above the England and Wales rate of 211 — worse."),
    (212, 211, "This is in line with the England and Wales rate of 211."),
    (150, None, "No figure for the England and Wales rate is loaded for this period."),
])
def test_comparator_sentence(value, benchmark, expected):
    assert comparator_sentence(value, "the England and Wales rate", benchmark, "211") == expected


def test_comparator_sentence_with_filters_does_not_judge():
    assert comparator_sentence(150, "the England and Wales rate", 211, "211", filtered=True) == (
        "The England and Wales rate (211) covers all children, so it is not compared with "
        "this selection.")


@pytest.mark.parametrize("value, peers, expected", [
    (100, {"A": 150, "B": 200}, "This is the lowest of the 3 services loaded — better than the other 2."),
    (300, {"A": 150, "B": 200}, "This is the highest of the 3 services loaded — worse than the other 2."),
    (170, {"A": 150, "B": 200}, "This is the second lowest of the 3 services loaded (lower is better)."),
    (150, {"A": 150, "B": 200}, "This is the joint lowest of the 3 services loaded."),
    (150, {}, "There are no other services loaded to compare with."),
    (150, {"A": None}, "There are no other services loaded to compare with."),
])
def test_peer_sentence_ranks_among_services(value, peers, expected):
    assert peer_sentence(value, peers) == expected


@pytest.mark.parametrize("value, expected", [
    (100, "This is lower than all 3 services loaded — better."),
    (300, "This is higher than all 3 services loaded — worse."),
    (175, "This is lower than 2 of the 3 services loaded (lower is better)."),
    (150, "This is lower than 2 of the 3 services loaded (lower is better)."),
])
def test_an_authority_is_placed_among_the_services(value, expected):
    peers = {"A": 150, "B": 200, "C": 250}
    assert peer_sentence(value, peers, is_peer=False) == expected
