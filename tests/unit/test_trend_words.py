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


# 95% limits of 176 per 100,000 from 176 events in 100,000 (Byar, written out here):
#   lower = 176 (1 - 1/1584 - 1.95996/(3 sqrt 176))^3 = 150.9
#   upper = 177 (1 - 1/1593 + 1.95996/(3 sqrt 177))^3 = 204.0
LIMITS_176 = (150.9, 204.0)


@pytest.mark.parametrize("latest, previous, limits, expected", [
    (176, 200, LIMITS_176, "That is 12% lower than a year earlier (200 per 100,000), but "
                           "statistically similar: a change of this size can happen by chance."),
    (176, 210, LIMITS_176, "That is 16% lower than a year earlier (210 per 100,000), a "
                           "statistically significant fall — better."),
    (176, 140, LIMITS_176, "That is 26% higher than a year earlier (140 per 100,000), a "
                           "statistically significant rise — worse."),
    (200.4, 200, (180, 220), "That is unchanged on a year earlier (200 per 100,000)."),
    (200, None, (180, 220), "There is no figure for a year earlier to compare with."),

    (0, 0, (0, 3.7), "That is the same as a year earlier (0 per 100,000)."),
    # One child against none: the exact lower limit of 1 event (0.025) is above 0.
    (1, 0, (0.025, 5.57), "That is higher than a year earlier (0 per 100,000), a "
                          "statistically significant rise — worse."),
    # None against 2: the upper limit of 0 events (3.689) is above 2.
    (0, 2, (0, 3.689), "That is lower than a year earlier (2 per 100,000), but "
                       "statistically similar: a change of this size can happen by chance."),
])
def test_change_sentence_judges_only_a_significant_change(latest, previous, limits, expected):
    assert change_sentence(latest, previous, f"{previous} per 100,000",
                           limits=limits) == expected


def test_change_sentence_without_limits_states_the_direction_only():
    assert (change_sentence(176, 200, "200 per 100,000")
            == "That is 12% lower than a year earlier (200 per 100,000).")


def test_a_year_earlier_exactly_on_the_limit_is_similar():
    assert change_sentence(176, 204.0, "204", limits=LIMITS_176).endswith(
        "but statistically similar: a change of this size can happen by chance.")


def test_change_sentence_counts_use_fewer_and_more():
    assert (change_sentence(9, 20, "20", "more", "fewer", limits=(4.1, 17.1))
            == "That is 55% fewer than a year earlier (20), a statistically significant fall "
               "— better.")


E_AND_W = "the England and Wales rate"


@pytest.mark.parametrize("limits, expected", [
    ((150, 180), "This is statistically lower than the England and Wales rate of 211 — better "
                 "(our 95% interval, 150 to 180, is below it)."),
    ((230, 280), "This is statistically higher than the England and Wales rate of 211 — worse "
                 "(our 95% interval, 230 to 280, is above it)."),
    ((150, 250), "This is statistically similar to the England and Wales rate of 211 (our 95% "
                 "interval, 150 to 250, includes it)."),
    # A limit exactly equal to the comparator is inside: similar (CONTRACT §4, "above" is strict).
    ((211, 280), "This is statistically similar to the England and Wales rate of 211 (our 95% "
                 "interval, 211 to 280, includes it)."),
    ((150, 211), "This is statistically similar to the England and Wales rate of 211 (our 95% "
                 "interval, 150 to 211, includes it)."),
])
def test_comparator_sentence_says_statistically_higher_similar_or_lower(limits, expected):
    value = sum(limits) / 2
    words = f"{limits[0]} to {limits[1]}"
    assert comparator_sentence(value, E_AND_W, 211, "211", limits=limits,
                               interval=words) == expected


def test_comparator_sentence_never_says_a_bare_above_or_below():
    for limits in ((150, 180), (230, 280), (150, 250)):
        sentence = comparator_sentence(200, E_AND_W, 211, "211", limits=limits)
        assert "statistically" in sentence
        assert not sentence.startswith(("This is above", "This is below"))


def test_comparator_sentence_without_a_benchmark_or_an_interval():
    assert comparator_sentence(150, E_AND_W, None, "–", limits=(100, 200)) == (
        "No figure for the England and Wales rate is loaded for this period.")
    assert comparator_sentence(150, E_AND_W, 211, "211") == (
        "The England and Wales rate was 211.")


def test_comparator_sentence_with_filters_does_not_judge():
    assert comparator_sentence(150, E_AND_W, 211, "211", filtered=True,
                               limits=(100, 180)) == (
        "The England and Wales rate (211) covers all children, so it is not compared with "
        "this selection.")


def test_peer_sentence_tests_each_service_against_our_interval():
    # Our interval 150 to 250: A's 140 is below it, B's 200 inside, C's 260 above.
    peers = {"A YJS": 140, "B YJS": 200, "C YJS": 260}
    assert peer_sentence(190, peers, limits=(150, 250), fmt=str) == (
        "Against the 3 other services loaded, this is statistically lower than C YJS (260) "
        "— better, statistically similar to B YJS (200) and statistically higher than "
        "A YJS (140) — worse.")
    assert peer_sentence(190, {"B YJS": 250}, limits=(150, 250)) == (
        "Against the other service loaded, this is statistically similar to B YJS.")
    assert peer_sentence(120, peers, is_peer=False, limits=(100, 130)) == (
        "Against the 3 services loaded, this is statistically lower than A YJS, B YJS and "
        "C YJS — better.")
    many = {f"S{i}": 300 for i in range(5)}
    assert peer_sentence(120, many, limits=(100, 130)) == (
        "Against the 5 other services loaded, this is statistically lower than 5 of them "
        "— better.")


@pytest.mark.parametrize("value, peers, expected", [
    (100, {"A": 150, "B": 200}, "This is the lowest of the 3 services loaded."),
    (300, {"A": 150, "B": 200}, "This is the highest of the 3 services loaded."),
    (170, {"A": 150, "B": 200}, "This is the second lowest of the 3 services loaded (lower is better)."),
    (150, {"A": 150, "B": 200}, "This is the joint lowest of the 3 services loaded."),
    (150, {}, "There are no other services loaded to compare with."),
    (150, {"A": None}, "There are no other services loaded to compare with."),
])
def test_peer_sentence_without_an_interval_ranks_among_services(value, peers, expected):
    assert peer_sentence(value, peers) == expected


@pytest.mark.parametrize("value, expected", [
    (100, "This is lower than all 3 services loaded."),
    (300, "This is higher than all 3 services loaded."),
    (175, "This is lower than 2 of the 3 services loaded (lower is better)."),
    (150, "This is lower than 2 of the 3 services loaded (lower is better)."),
])
def test_an_authority_is_placed_among_the_services(value, expected):
    peers = {"A": 150, "B": 200, "C": 250}
    assert peer_sentence(value, peers, is_peer=False) == expected
