"""First time entrants: shaping, figures, active titles and headline sentences."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.figures import fte
from dashboard.words.indicator_words import MAX_TITLE_WORDS

PERIOD = date(2024, 3, 31)
YEAR_BEFORE = date(2023, 3, 31)


def area(counts=(162, 144), rates=(375.0, 330.0), periods=(YEAR_BEFORE, PERIOD)) -> pd.DataFrame:
    return pd.DataFrame({"period_end": list(periods), "fte_count": list(counts),
                         "population": [43200] * len(periods), "rate_per_100k": list(rates)})


def breakdown(groups, counts, rates, populations=None) -> pd.DataFrame:
    populations = populations or [1000] * len(groups)
    return pd.DataFrame({"group": groups, "fte_count": counts,
                         "population": pd.array(populations, dtype="Int64"),
                         "rate_per_100k": rates})


def words(title: str) -> int:
    return len(title.split())


# --- headlines ---------------------------------------------------------------------------


def test_headlines_give_number_period_direction_and_comparison():
    sentences = fte.headlines(area(), PERIOD, "Kingsmoor YJS", "children", "children aged 10–17",
                              "This is above the England and Wales rate of 211 — worse.")
    # 95% limits of 144 in 43,200 (Byar): 144 (1 - 1/1296 - 1.96/36)^3 = 121.44 and
    # 145 (1 - 1/1305 + 1.96/(3 sqrt 145))^3 = 169.53, i.e. 281 and 392 per 100,000. The year
    # earlier's 375 lies inside them: a fall that chance could explain.
    assert sentences == [
        "In the year to March 2024, 144 children entered the justice system in Kingsmoor YJS "
        "— 330 per 100,000 children aged 10–17 (95% interval 281 to 392).",
        "That is 12% lower than a year earlier (375 per 100,000), but statistically similar: "
        "a change of this size can happen by chance.",
        "This is above the England and Wales rate of 211 — worse.",
    ]


def test_headlines_say_worse_when_the_rate_rose_beyond_chance():
    # 130 then 200 children of 43,200: 301 then 463 per 100,000. The 95% limits of 200 events
    # (Byar): 200 (1 - 1/1800 - 1.96/(3 sqrt 200))^3 = 173.24 -> 401 per 100,000, above 301.
    sentences = fte.headlines(area(counts=(130, 200), rates=(300.9259, 462.963)), PERIOD, "K",
                              "children", "children aged 10–17", None)
    assert sentences[0].endswith("463 per 100,000 children aged 10–17 (95% interval 401 to "
                                 "532).")
    assert sentences[1] == ("That is 54% higher than a year earlier (301 per 100,000), a "
                            "statistically significant rise — worse.")


def test_headlines_without_a_year_earlier_or_comparator():
    sentences = fte.headlines(area(counts=(144,), rates=(330.0,), periods=(PERIOD,)), PERIOD,
                              "K", "children", "children aged 10–17", None)
    assert sentences[1:] == ["There is no figure for a year earlier to compare with."]


def test_headlines_flag_small_numbers():
    sentences = fte.headlines(area(counts=(16, 13), rates=(100.0, 80.0)), PERIOD, "Kingsmoor",
                              "girls", "girls aged 10–17", None)
    assert sentences[0].startswith("In the year to March 2024, 13 girls entered")
    assert sentences[-1] == "Based on 13 children — treat with caution."


def test_headlines_without_a_population_show_counts_and_say_why():
    sentences = fte.headlines(area(counts=(31, 31)), PERIOD, "All areas",
                              "looked-after children", "", None,
                              "there is no population figure for children by looked-after "
                              "status", "across all areas")
    assert sentences[0] == (
        "In the year to March 2024, 31 looked-after children entered the justice system across "
        "all areas. A rate is not available because there is no population figure for children "
        "by looked-after status, so counts are shown.")
    assert sentences[1] == "That is unchanged on a year earlier (31)."


def test_headlines_when_nobody_entered_have_no_small_number_caution():
    sentences = fte.headlines(area(counts=(3, 0)), PERIOD, "Kingsmoor", "looked-after girls",
                              "", None, "there is no population figure", "in Kingsmoor")
    assert sentences[0].startswith("In the year to March 2024, no looked-after girls entered")
    # The upper 95% limit of no children is 3.689: the 3 a year earlier is inside it.
    assert sentences[1] == ("That is fewer than a year earlier (3), but statistically "
                            "similar: a change of this size can happen by chance.")
    assert len(sentences) == 2


def test_counts_only_breakdowns_still_list_every_group():
    frame = breakdown(["M"], [10], [float("nan")], [None])
    rows = fte.dimension_rows(frame, "sex", "F", False)
    assert list(rows["label"]) == ["Boys", "Girls"]
    assert list(rows["count"]) == [10, 0] and list(rows["highlight"]) == [False, True]


def test_headlines_for_a_period_with_no_figures():
    assert fte.headlines(area(), date(2020, 3, 31), "Kingsmoor", "children", "x", None) == [
        "There are no figures for Kingsmoor in the year to March 2020."]


# --- titles -----------------------------------------------------------------------------


def test_trend_title_counts_years_running_up_to_the_selected_period():
    ends = [date(2020 + y, 3, 31) for y in range(5)]
    quarters = pd.Series([400.0, 350.0, 300.0, 250.0, 260.0], index=ends)
    # Quarter spacing matters: build a quarterly series with yearly steps.
    quarterly = pd.Series({date(2020 + y, m, d): quarters.iloc[y]
                           for y in range(5) for m, d in ((3, 31), (6, 30), (9, 30), (12, 31))})
    assert fte.trend_title(quarterly, date(2023, 12, 31)) == (
        "First time entrants fell for the third year running")
    assert fte.trend_title(quarterly, date(2024, 12, 31)) == (
        "First time entrants rose on a year earlier")
    assert fte.trend_title(quarterly, date(2020, 12, 31)) == (
        "First time entrants in the year to December 2020")


@pytest.mark.parametrize("latest, previous, who, expected", [
    (144, 162, "children", "144 children entered the justice system, down from 162"),
    (170, 162, "children", "170 children entered the justice system, up from 162"),
    (162, 162, "children", "162 children entered the justice system, the same as a year earlier"),
    (1, None, "children", "1 child entered the justice system in the year"),
    (13, 16, "girls", "13 girls entered the justice system, down from 16"),
    (0, 3, "looked-after girls", "No looked-after girls entered the justice system, down from 3"),
])
def test_counts_title(latest, previous, who, expected):
    assert fte.counts_title(latest, previous, who) == expected


def test_sex_title_is_a_ratio_of_rates():
    rows = fte.dimension_rows(breakdown(["M", "F"], [112, 32], [501.7, 149.8]), "sex", None, True)
    assert fte.breakdown_title(rows, "sex") == "Boys entered at 3.3 times the girls' rate"


def test_similar_rates_are_called_similar():
    rows = fte.dimension_rows(breakdown(["M", "F"], [50, 48], [200.0, 195.0]), "sex", None, True)
    assert fte.breakdown_title(rows, "sex") == "Rates were similar for boys and girls"


def test_age_title():
    rows = fte.dimension_rows(breakdown(["10-14", "15-17"], [43, 101], [159.3, 605.0]), "age",
                              None, True)
    title = fte.breakdown_title(rows, "age")
    assert title == "Children aged 15–17 entered at 3.8 times the 10–14 rate"
    assert words(title) <= MAX_TITLE_WORDS


def test_ethnicity_title_compares_with_white_and_ignores_tiny_groups():
    frame = breakdown(["White", "Mixed", "Asian", "Black"], [119, 13, 1, 5],
                      [298.3, 836.6, 2000.0, 888.1])
    rows = fte.dimension_rows(frame, "ethnicity", None, True)
    # Asian (1 child) has the highest rate but is too small to headline.
    assert fte.breakdown_title(rows, "ethnicity") == (
        "Black children entered at 3.0 times the White rate")


def test_ethnicity_title_falls_back_to_the_largest_group_with_few_children():
    frame = breakdown(["White", "Mixed", "Asian"], [51, 1, 1], [196.0, 192.0, 206.0])
    rows = fte.dimension_rows(frame, "ethnicity", None, True)
    assert fte.breakdown_title(rows, "ethnicity") == "White children were the largest group (51 of 53)"


def test_counts_only_titles_for_offence_and_outcome():
    offences = fte.dimension_rows(breakdown(["Robbery", "Violence against the person"], [9, 51],
                                            [float("nan")] * 2, [None, None]),
                                  "offence", None, True)
    assert fte.breakdown_title(offences, "offence") == (
        "Most common offence: violence against the person (51 of 60)")
    outcomes = fte.dimension_rows(breakdown(["youth_caution", "referral_order"], [69, 16],
                                            [float("nan")] * 2, [None, None]),
                                  "outcome", None, True)
    assert fte.breakdown_title(outcomes, "outcome") == (
        "Most common first outcome: youth caution (69 of 85)")


def test_empty_breakdown_title():
    rows = fte.dimension_rows(breakdown(["M", "F"], [0, 0], [0.0, 0.0]), "sex", None, True)
    assert fte.breakdown_title(rows, "sex") == (
        "No children entered the justice system in this selection")


def test_area_titles():
    frame = pd.DataFrame({"area_code": ["E1", "E2"], "area_name": ["Kingsmoor", "Fenby"],
                          "fte_count": [112, 32], "population": [33893, 9796],
                          "rate_per_100k": [330.4, 326.7]})
    assert fte.area_title(fte.area_rows(frame, None)) == "Fenby and Kingsmoor had similar rates" \
        or fte.area_title(fte.area_rows(frame, None)) == "Kingsmoor and Fenby had similar rates"
    frame["rate_per_100k"] = [400.0, 200.0]
    assert fte.area_title(fte.area_rows(frame, None)) == "The rate in Kingsmoor was 2.0 times Fenby's"
    three = pd.concat([frame, frame.assign(area_code="E3", area_name="Northmoor",
                                           rate_per_100k=100.0).head(1)])
    assert fte.area_title(fte.area_rows(three, None)) == "Kingsmoor had the highest rate of 3 authorities"


# --- shaping and figures ----------------------------------------------------------------------


def test_outcome_rows_click_to_the_tier_and_highlight_it():
    frame = breakdown(["youth_caution", "youth_conditional_caution", "referral_order"],
                      [69, 47, 16], [float("nan")] * 3, [None] * 3)
    rows = fte.dimension_rows(frame, "outcome", "pre_court", True)
    assert list(rows["label"]) == ["Youth caution", "Youth conditional caution", "Referral order"]
    assert list(rows["click"]) == ["tier=pre_court", "tier=pre_court", "tier=first_tier"]
    assert list(rows["highlight"]) == [True, True, False]


def test_local_first_outcomes_use_their_declared_label_and_tier():
    # outcome_types.csv declared 'yro_curfew_req' (community): its label, tier and place
    # come from the loaded types, after the §2 codes before it in the loaded order.
    types = pd.DataFrame({"code": ["youth_caution", "referral_order", "yro_curfew_req"],
                          "label": ["Youth caution", "Referral order", "YRO curfew requirement"],
                          "tier": ["pre_court", "first_tier", "community"]})
    frame = breakdown(["yro_curfew_req", "youth_caution"], [3, 69], [float("nan")] * 2,
                      [None] * 2)
    rows = fte.dimension_rows(frame, "outcome", "community", True, types)
    assert list(rows["label"]) == ["Youth caution", "YRO curfew requirement"]
    assert list(rows["click"]) == ["tier=pre_court", "tier=community"]
    assert list(rows["highlight"]) == [False, True]


def test_area_rows_click_to_the_authority():
    frame = pd.DataFrame({"area_code": ["E1", "E2"], "area_name": ["Kingsmoor", "Fenby"],
                          "fte_count": [112, 32], "population": [33893, 9796],
                          "rate_per_100k": [330.4, 326.7]})
    rows = fte.area_rows(frame, "E1")
    assert list(rows["label"]) == ["Fenby", "Kingsmoor"]  # alphabetical
    assert list(rows["click"]) == ["area=la:E2", "area=la:E1"]
    assert list(rows["highlight"]) == [False, True]


def test_breakdown_figure_uses_rates_with_a_reference_line_or_counts():
    rows = fte.dimension_rows(breakdown(["M", "F"], [112, 32], [501.7, 149.8]), "sex", None, True)
    fig = fte.breakdown(rows, True, 330.0)
    assert fig.layout.xaxis.title.text == fte.RATE_AXIS
    assert fig.layout.annotations[0].text == "All: 330"
    # With intervals the words sit after each whisker, in a text trace of their own.
    labels = next(t for t in fig.data if getattr(t, "mode", None) == "text")
    assert list(labels.text) == ["502 (112 children)", "150 (32 children)"]
    counts = fte.breakdown(fte.dimension_rows(breakdown(["M", "F"], [112, 32], [501.7, 149.8]),
                                              "sex", None, False), False, 330.0)
    assert counts.layout.xaxis.title.text == "Children (count)"
    assert not counts.layout.shapes


def test_trend_lines_drop_comparators_when_no_rate_exists():
    comparators = pd.DataFrame({"line": "England and Wales", "period_end": [PERIOD],
                                "value": [211.0]})
    with_rate = fte.trend_lines(area(), "Kingsmoor", comparators, True)
    assert set(with_rate["line"]) == {"Kingsmoor", "England and Wales"}
    assert list(with_rate.loc[with_rate["role"] == "area", "value"]) == [375.0, 330.0]
    counts = fte.trend_lines(area(), "Kingsmoor", comparators, False)
    assert set(counts["line"]) == {"Kingsmoor"} and list(counts["value"]) == [162, 144]


def test_trend_and_counts_figures():
    lines = fte.trend_lines(area(), "Kingsmoor", None, True)
    fig = fte.trend(lines, PERIOD)
    assert fig.layout.yaxis.title.text == "Children per 100,000 aged 10–17"
    assert any("330 (144 children)" in a.text for a in fig.layout.annotations)
    counts = fte.counts(area(), PERIOD)
    assert list(counts.data[0].y) == [162, 144]


def test_trend_labels_say_child_for_one_and_children_for_more():
    lines = fte.trend_lines(area(counts=(1, 2), rates=(2.3, 4.6)), "Fenby", None)
    figure = fte.trend(lines, PERIOD)
    labels = " ".join(str(a.text) for a in figure.layout.annotations)
    labels += " ".join(str(t) for trace in figure.data for t in (trace.hovertext or []))
    assert "(2 children)" in labels
    figure = fte.trend(fte.trend_lines(area(counts=(2, 1), rates=(4.6, 2.3)), "Fenby", None),
                       PERIOD)
    labels = " ".join(str(a.text) for a in figure.layout.annotations)
    assert "(1 child)" in labels and "(1 children)" not in labels


def test_outcome_rows_show_the_label_of_a_local_outcome_type():
    # Local codes from outcome_types.csv: their labels, not 'curfew_order', on screen and paper.
    frame = breakdown(["youth_caution", "curfew_order", "yro_iss_band_3"], [69, 2, 1],
                      [float("nan")] * 3, [None] * 3)
    types = pd.DataFrame({"code": ["youth_caution", "curfew_order", "yro_iss_band_3"],
                          "label": ["Youth caution", "Curfew order", "YRO with ISS (band 3)"],
                          "tier": ["pre_court", "community", "community"]})
    rows = fte.dimension_rows(frame, "outcome", "community", False, types)
    assert list(rows["label"]) == ["Youth caution", "Curfew order", "YRO with ISS (band 3)"]
    assert list(rows["click"]) == ["tier=pre_court", "tier=community", "tier=community"]
    assert list(rows["highlight"]) == [False, True, True]
