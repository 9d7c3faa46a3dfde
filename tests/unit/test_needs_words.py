"""The needs and outcomes page's words, figures and thresholds: pure functions, no database.

Expected values are worked out by hand in the comments.
"""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.analysis.kpi_summary import (KpiSummary, judgement, kpi_change, most_notable,
                                            year_change)
from dashboard.analysis.thresholds import HigherThreshold, parse_thresholds, rag
from dashboard.figures import needs as fig
from dashboard.words import needs_words as words

JUNE_24 = date(2024, 6, 30)


def figure(x, n, value, low, high, quarters=4) -> dict:
    return {"numerator": x, "denominator": n, "value": value, "value_lower_95": low,
            "value_upper_95": high, "quarters": quarters}


# 41 of 52 = 78.846%; Wilson 95%: (85.84 ± 12.17) / 111.68 = 66.0% to 87.8%
YEAR = figure(41, 52, 41 / 52 * 100, 65.97, 87.76)
# 5 of 10 = 50%; Wilson 95%: (13.84 ± 7.29) / 27.68 = 23.7% to 76.3%
BEFORE = figure(5, 10, 50.0, 23.66, 76.34)


def summary(kpi="accommodation_suitable", year=YEAR, before=BEFORE, quarter=None) -> KpiSummary:
    found = KpiSummary(kpi, "pct", year, before, None, quarter)
    found.change = year_change(year, before)
    found.judgement = judgement(kpi, found.change)
    return found


def test_a_kpi_is_said_as_its_count_of_its_base():
    assert words.counted_sentence("accommodation_suitable", YEAR) == (
        "41 of 52 children ended their order in suitable accommodation — 78.8%")
    assert words.counted_sentence("victims_engaged", figure(1, 1, 100.0, 20.7, 100.0)) == (
        "1 of 1 victim who agreed to be contacted took part in restorative justice — 100.0%")
    assert words.counted_sentence("serious_violence", figure(30, 43689, 6.8667, 4.63, 9.80)) \
        == ("Children received 30 outcomes for serious violence offences — 6.9 per 10,000 "
            "children aged 10–17")


def test_the_year_sentence_has_the_interval_and_its_cautions():
    assert words.year_sentence("accommodation_suitable", YEAR, JUNE_24) == (
        "In the year to June 2024, 41 of 52 children ended their order in suitable "
        "accommodation — 78.8% (95% interval 66.0% to 87.8%).")
    small = figure(3, 8, 37.5, 13.7, 69.4, quarters=2)
    assert words.year_sentence("victims_engaged", small, JUNE_24) == (
        "In the year to June 2024, 3 of 8 victims who agreed to be contacted took part in "
        "restorative justice — 37.5% (95% interval 13.7% to 69.4%). Only 2 of the year's 4 "
        "quarters had any to count. Based on 8 victims — treat with caution.")
    assert words.year_sentence("send_plan", None, JUNE_24) == (
        "No figure for the year to June 2024.")


def test_the_latest_quarter_in_words():
    assert words.quarter_words(date(2024, 9, 30)) == "July to September 2024"
    assert words.quarter_short(date(2024, 3, 31)) == "Jan–Mar 2024"
    assert words.quarter_sentence("accommodation_suitable", figure(25, 30, 83.33, 0, 0),
                                  JUNE_24) == (
        "Latest quarter, April to June 2024: 25 of 30 children — 83.3%.")
    assert words.quarter_sentence("ete_suitable", None, JUNE_24) == (
        "No figure for the latest quarter, April to June 2024.")


def test_a_change_beyond_chance_is_better_or_worse():
    # 78.8% is above last year's interval (23.7% to 76.3%)
    rose = summary()
    assert (rose.change, rose.judgement) == ("higher", "better")
    assert words.change_sentence(rose) == (
        "Up from 50.0% a year before — more than chance would explain (better).")
    assert words.card_title(rose) == "Suitable accommodation rose to 78.8% from 50.0%"
    # The other way round (50.0% is below 66.0% to 87.8%): a fall beyond chance is worse.
    fell = summary(year=BEFORE, before=YEAR)
    assert words.change_sentence(fell) == (
        "Down from 78.8% a year before — more than chance would explain (worse).")


def test_a_difference_that_could_be_chance_is_never_better_or_worse():
    # 72.0% (interval 60–82) against 65.0% (interval 52–76): each inside the other's interval
    chance = summary(year=figure(36, 50, 72.0, 58.3, 82.5), before=figure(26, 40, 65.0, 49.5,
                                                                           77.9))
    assert chance.change == "similar" and chance.judgement is None
    assert words.change_sentence(chance) == (
        "Up from 65.0% a year before, a difference that could be chance.")
    assert words.card_title(chance) == "72.0% ended their order in suitable accommodation"
    same = summary(year=figure(36, 50, 72.0, 58.3, 82.5), before=figure(36, 50, 72.0, 58.3,
                                                                         82.5))
    assert words.change_sentence(same) == "The same as a year before (72.0%)."
    assert words.change_sentence(summary(before=None)) == (
        "No figure for the year before to compare with.")


def test_a_figure_inside_last_years_interval_is_chance():
    # This year's interval (66.0–87.8) excludes 60.0, but 78.8 is inside last year's wide
    # interval (23.1–88.2): the rule of the overview's trends says chance.
    assert year_change(YEAR, figure(3, 5, 60.0, 23.1, 88.2)) == "similar"


def test_links_to_wider_services_have_no_better_or_worse():
    wider = summary("wider_looked_after")
    assert (wider.change, wider.judgement) == ("higher", None)
    assert words.change_sentence(wider) == (
        "Up from 50.0% a year before — more than chance would explain.")
    cell = kpi_change(wider, BEFORE)
    assert (cell["words"], cell["judgement"]) == ("up 28.8 points", None)


def test_the_summary_table_cell_of_a_change():
    cell = kpi_change(summary(), BEFORE)   # 78.8 - 50.0 = 28.8 points
    assert (cell["arrow"], cell["words"], cell["judgement"]) == ("▲", "up 28.8 points",
                                                                 "better")
    chance = kpi_change(summary(), figure(38, 50, 76.0, 62.6, 85.7))
    assert (chance["words"], chance["judgement"]) == ("up 2.8 points", "could be chance")


def test_a_file_not_loaded_names_the_file_that_would_fill_it():
    loaded = frozenset({"victims.csv"})
    assert words.missing_message("accommodation_suitable", loaded) == (
        "Load interventions.csv to see education, accommodation and needs.")
    assert words.missing_message("board_attendance", loaded) == (
        "Load board_attendance.csv to see who attends the partnership board.")
    assert words.missing_message("victims_engaged", loaded) is None
    assert words.missing_message("serious_violence", frozenset()) is None   # outcomes only


def test_remands_in_words():
    row = {"children": 4, "episodes": 4, "nights": 364, "yda_ended": 4,
           "yda_not_custodial": 3, "yda_not_custodial_pct": 75.0}
    assert words.remands_sentence(row, JUNE_24) == (
        "4 children were remanded in the year to June 2024 (4 remands; 364 nights on remand "
        "in the year); of the 4 remands to youth detention accommodation that ended, 3 "
        "remands did not lead to a custodial sentence (75.0%).")
    assert words.remands_title(row) == "3 of 4 youth detention remands did not end in custody"
    one = {**row, "children": 1, "episodes": 1, "nights": 1, "yda_ended": 1,
           "yda_not_custodial": 0}
    assert words.remands_sentence(one, JUNE_24) == (
        "1 child was remanded in the year to June 2024 (1 remand; 1 night on remand in the "
        "year); 1 remand to youth detention accommodation ended and led to a custodial "
        "sentence.")
    none = {**row, "children": 0, "episodes": 0, "nights": 0, "yda_ended": 0}
    assert words.remands_sentence(none, JUNE_24) == "No child was remanded in the year to " \
                                                    "June 2024."


def test_table_titles():
    kinds = [{"kind": "out_of_court", "suitable": 16, "unsuitable": 6, "share": 72.7},
             {"kind": "court_community", "suitable": 25, "unsuitable": 5, "share": 83.3},
             {"kind": "custody", "suitable": 1, "unsuitable": 0, "share": 100.0}]  # too few
    assert words.accommodation_title(kinds) == (
        "Out-of-court programmes ended least often in suitable accommodation (72.7%)")
    assert words.ete_title(14, 48, 29.2) == "29.2% were not in education, training or " \
                                            "employment"
    assert words.ete_title(0, 48, 0.0) == "No child was NEET when their order ended"
    assert words.victims_title(10, 8) == ("80.0% of victims contacted agreed to hear about "
                                          "restorative justice")
    assert words.board_title([{"label": "Police", "meetings": 4, "attended": 4},
                              {"label": "Health", "meetings": 4, "attended": 1}]) == (
        "Health missed 3 of 4 board meetings in the year")
    assert words.board_title([{"label": "Police", "meetings": 4, "attended": 4}]) == (
        "Every statutory partner attended every board meeting")
    assert words.summary_title(["green", "amber", "green"], JUNE_24) == (
        "2 of the 3 local indicators charted were green in the year")
    assert words.summary_title(["red"], JUNE_24) == (
        "The one indicator charted was not green in the year")


# --- the most notable local indicator -------------------------------------------------

def test_the_most_notable_is_the_largest_change_beyond_chance():
    thresholds = parse_thresholds({"accommodation_suitable": {"green_from": 90,
                                                              "amber_from": 80}})
    small_rise = summary("ete_suitable", year=figure(80, 100, 80.0, 71.1, 86.7),
                         before=figure(60, 100, 60.0, 50.2, 69.1))     # 20 points
    big_rise = summary()                                                # 28.8 points
    found = most_notable({"ete_suitable": small_rise, "accommodation_suitable": big_rise},
                         thresholds)
    assert found is big_rise
    assert words.notable_sentence(found, lead="Among the local indicators, ") == (
        "Among the local indicators, suitable accommodation at the end of orders rose from "
        "50.0% to 78.8% (41 of 52 children) on a year before, more than chance would explain "
        "(better).")


def test_without_a_change_the_most_notable_is_the_furthest_below_green():
    thresholds = parse_thresholds({
        "accommodation_suitable": {"green_from": 90, "amber_from": 80},
        "send_plan": {"green_from": 75, "amber_from": 50}})
    steady = figure(36, 50, 72.0, 58.3, 82.5)
    accommodation = summary(year=steady, before=steady)      # 72 of green 90: 20% short
    send = summary("send_plan", year=figure(20, 50, 40.0, 27.6, 53.8), before=None)
    for found in (accommodation, send):
        found.rag = rag(found.kpi, found.year["value"], thresholds)
    assert (accommodation.rag["word"], send.rag["word"]) == ("Red", "Red")
    # send: (75 - 40) / 75 = 47% short of green; accommodation (90 - 72) / 90 = 20%
    found = most_notable({"accommodation_suitable": accommodation, "send_plan": send},
                         thresholds)
    assert found is send
    assert words.notable_sentence(found) == (
        "Plans for children with special educational needs (SEND) stood at 40.0% (20 of 50 "
        "children) in the year, red against the local threshold (green 75.0% and above; amber 50.0% to under 75.0%; "
        "red below 50.0%).")


# --- thresholds where higher is better ---------------------------------------------------

@pytest.mark.parametrize("value, status", [(90.0, "green"), (89.96, "green"),  # shown 90.0
                                           (89.94, "amber"), (80.0, "amber"),
                                           (79.9, "red")])
def test_higher_is_better_thresholds(value, status):
    thresholds = parse_thresholds({"accommodation_suitable": {"green_from": 90.0,
                                                              "amber_from": 80.0}})
    assert thresholds["accommodation_suitable"] == HigherThreshold(90.0, 80.0)
    assert rag("accommodation_suitable", value, thresholds)["status"] == status
    assert rag("accommodation_suitable", value, thresholds)["rule"] == (
        "Green 90.0% and above; amber 80.0% to under 90.0%; red below 80.0%")


@pytest.mark.parametrize("table", [{"green_from": 80, "amber_from": 90},   # amber above green
                                   {"green_from": 80},                     # one missing
                                   {"green_from": 80, "amber_from": 70, "amber_below": 1}])
def test_bad_higher_thresholds_are_refused(table):
    with pytest.raises(ValueError):
        parse_thresholds({"send_plan": table})


def test_serious_violence_thresholds_are_lower_is_better():
    thresholds = parse_thresholds({"serious_violence": {"green_below": 5.0,
                                                        "amber_below": 10.0}})
    assert rag("serious_violence", 6.87, thresholds)["status"] == "amber"
    assert rag("serious_violence", 4.94, thresholds)["status"] == "green"   # shown as 4.9


# --- figures ----------------------------------------------------------------------------

def trend_rows(values: list[tuple[int, int]]) -> pd.DataFrame:
    ends = pd.date_range("2022-03-31", periods=len(values), freq="QE").date
    return pd.DataFrame({"period_end": ends, "numerator": [x for x, _ in values],
                         "denominator": [n for _, n in values],
                         "value": [x / n * 100 for x, n in values],
                         "value_lower_95": [x / n * 100 - 5 for x, n in values],
                         "value_upper_95": [x / n * 100 + 5 for x, n in values]})


def test_a_kpi_figure_draws_the_quarters_and_the_kinds_with_their_intervals():
    trend = trend_rows([(8, 10)] * 9)
    kinds = pd.DataFrame({"group": ["out_of_court", "court_community"], "numerator": [16, 25],
                          "denominator": [22, 30], "value": [72.7, 83.3],
                          "value_lower_95": [51.8, 66.4], "value_upper_95": [86.8, 92.7]})
    drawn = fig.kpi_figure("accommodation_suitable", trend, kinds)
    quarters, dots, labels = drawn.data
    assert list(quarters.y) == [80.0] * 9
    assert list(quarters.error_y.array) == [5.0] * 9                    # upper - value
    assert list(dots.y) == ["Out of court", "Court (community)"]
    assert list(dots.error_x.arrayminus) == pytest.approx([72.7 - 51.8, 83.3 - 66.4])
    assert list(labels.text) == ["  72.7% (16 of 22)", "  83.3% (25 of 30)"]
    # The latest quarter is labelled above its interval; nine quarters: every other tick,
    # the latest (the ninth) among them.
    assert drawn.layout.annotations[0].text == "80.0%"
    assert (drawn.layout.xaxis.dtick, drawn.layout.xaxis.tick0) == (2, 0)


def test_a_kpi_without_kinds_draws_only_its_quarters():
    drawn = fig.kpi_figure("board_attendance", trend_rows([(3, 5), (4, 5)]), pd.DataFrame())
    assert len(drawn.data) == 1 and "xaxis2" not in drawn.layout.to_plotly_json()
    assert fig.quarter_tick(date(2024, 9, 30)) == "Sep<br>2024"


def test_the_summary_title_says_it_counts_the_indicators_charted():
    # 8 charted (serious violence, the overview's ninth, has its own chart): 3 green.
    statuses = ["green", "amber", "red", "amber", "amber", "green", "amber", "green"]
    assert words.summary_title(statuses, date(2024, 12, 31)) == (
        "3 of the 8 local indicators charted were green in the year")
    assert words.summary_title(["red", "amber"], date(2024, 12, 31)) == (
        "None of the 2 local indicators charted was green in the year")
    assert words.summary_title(["green"], date(2024, 12, 31)) == (
        "The one indicator charted was green in the year")
    assert "serious violence, where lower is better, is rated in its own chart" in \
        words.SUMMARY_NOTE
