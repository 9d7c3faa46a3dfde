"""Use of custody: small numbers with counts beside rates, titles and headline sentences."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.figures import custody
from dashboard.words.indicator_words import MAX_TITLE_WORDS

PERIOD = date(2024, 3, 31)
YEAR_BEFORE = date(2023, 3, 31)


def area(counts=(2, 4), rates=(0.0463, 0.0916), periods=(YEAR_BEFORE, PERIOD),
         population=43689) -> pd.DataFrame:
    return pd.DataFrame({"period_end": list(periods), "custodial_sentences": list(counts),
                         "population": [population] * len(periods),
                         "rate_per_1000": list(rates)})


def ethnicity(counts, populations=(39898, 1554, 1117, 563, 557)) -> pd.DataFrame:
    groups = ["White", "Mixed", "Asian", "Black", "Other"]
    return pd.DataFrame({"group": groups, "custodial_sentences": counts,
                         "population": pd.array(populations, dtype="Int64"),
                         "rate_per_1000": [c / p * 1000 for c, p in zip(counts, populations)]})


def authorities(counts, rates) -> pd.DataFrame:
    return pd.DataFrame({"area_code": ["E1", "E2"], "area_name": ["Kingsmoor", "Fenby"],
                         "custodial_sentences": counts, "population": [33893, 9796],
                         "rate_per_1000": rates})


# --- headlines ---------------------------------------------------------------------------


def test_headlines_put_the_counts_and_interval_beside_the_rate():
    sentences = custody.headlines(area().assign(children=[2, 3]), PERIOD, "Kingsmoor YJS",
                                  "children", "children aged 10–17",
                                  "This is below the England and Wales rate of 0.14 per 1,000 "
                                  "— better.")
    # Exact Poisson limits of 4 sentences (statistical tables): chi2(0.025; 8) / 2 = 1.0899
    # and chi2(0.975; 10) / 2 = 10.2416; over 43,689 children x 1,000: 0.02 and 0.23. The
    # year earlier's 0.05 is inside them, so the rise is not called worse.
    assert sentences == [
        "In the year to March 2024 the custody rate in Kingsmoor YJS was 0.09 per 1,000 "
        "children aged 10–17 (95% interval 0.02 to 0.23) — 3 children received 4 custodial "
        "sentences.",
        "That is 98% higher than a year earlier (0.05 per 1,000 — 2 sentences), but "
        "statistically similar: a change of this size can happen by chance.",
        "This is below the England and Wales rate of 0.14 per 1,000 — better.",
        "Based on 4 sentences — treat with caution: one sentence more or fewer moves the rate "
        "by 0.02 per 1,000.",
    ]


def test_headlines_when_custody_fell_to_none():
    sentences = custody.headlines(area(counts=(2, 0), rates=(0.0739, 0.0)), PERIOD, "Aberwen",
                                  "children", "children aged 10–17", None)
    # No sentences: 95% limits 0 and 3.689, i.e. 0.00 to 0.08 per 1,000 of 43,689.
    assert sentences[0] == ("In the year to March 2024 no children in Aberwen were sentenced "
                            "to custody: a rate of 0.00 per 1,000 children aged 10–17 (95% "
                            "interval 0.00 to 0.08).")
    assert sentences[1] == ("That is lower than a year earlier (0.07 per 1,000 — "
                            "2 sentences), but statistically similar: a change of this size "
                            "can happen by chance.")
    assert len(sentences) == 2  # no caution sentence about zero


def test_headlines_when_there_were_none_either_year():
    sentences = custody.headlines(area(counts=(0, 0), rates=(0.0, 0.0)), PERIOD, "Fenby",
                                  "girls", "girls aged 10–17", None)
    assert sentences[0] == ("In the year to March 2024 no girls in Fenby were sentenced to "
                            "custody: a rate of 0.00 per 1,000 girls aged 10–17 (95% interval "
                            "0.00 to 0.08).")
    assert sentences[1] == "That is the same as a year earlier (0.00 per 1,000 — no sentences)."


def test_headlines_without_a_population_give_counts():
    sentences = custody.headlines(area(counts=(0, 1)).assign(children=[0, 1]), PERIOD,
                                  "All areas",
                                  "looked-after children", "", None,
                                  "there is no population figure for children by looked-after "
                                  "status", "across all areas")
    assert sentences == [
        "In the year to March 2024, looked-after children across all areas received 1 custodial "
        "sentence (1 child). A rate is not available because there is no population figure "
        "for children by looked-after status, so counts are shown.",
        # The exact lower limit of 1 sentence, chi2(0.025; 2) / 2 = 0.0253, is above none.
        "That is more than a year earlier (no sentences), a statistically significant rise "
        "— worse.",
        "Based on 1 sentence — treat with caution.",
    ]


def test_headlines_for_a_missing_period():
    assert custody.headlines(area(), date(2020, 3, 31), "Fenby", "children", "x", None) == [
        "There are no custody figures in Fenby in the year to March 2020."]


# --- titles -----------------------------------------------------------------------------


@pytest.mark.parametrize("latest, previous, expected", [
    (4, 2, "4 custodial sentences, up from 2 a year earlier"),
    (1, 3, "1 custodial sentence, down from 3 a year earlier"),
    (3, 3, "3 custodial sentences, the same as a year earlier"),
    (0, 0, "No custodial sentences in the year"),
    (0, 2, "No custodial sentences, down from 2 a year earlier"),
    (2, None, "2 custodial sentences in the year"),
])
def test_counts_title(latest, previous, expected):
    title = custody.counts_title(latest, previous)
    assert title == expected and len(title.split()) <= MAX_TITLE_WORDS


def test_trend_title_uses_the_custody_rate_streak():
    series = pd.Series({date(2022 + y, m, d): [0.2, 0.1, 0.05][y]
                        for y in range(3) for m, d in ((3, 31), (6, 30), (9, 30), (12, 31))})
    assert custody.trend_title(series, date(2024, 12, 31)) == (
        "The custody rate fell for the second year running")
    assert custody.trend_title(series, date(2022, 12, 31)) == (
        "Use of custody in the year to December 2022")


@pytest.mark.parametrize("counts, expected", [
    ({"detention_training_order": 4}, "All 4 sentences were detention and training orders"),
    ({"detention_training_order": 3, "section_250": 1},
     "3 of 4 sentences were detention and training orders"),
    ({"section_250": 1}, "The one custodial sentence was a section 250 sentence"),
    ({}, "No custodial sentences in the year"),
])
def test_type_title(counts, expected):
    frame = pd.DataFrame({"group": list(counts), "custodial_sentences": list(counts.values())})
    assert custody.type_title(custody.type_rows(frame)) == expected


def test_type_rows_list_every_custodial_type_with_zeros():
    rows = custody.type_rows(pd.DataFrame({"group": ["section_250"], "custodial_sentences": [2]}))
    assert list(rows["label"]) == ["Detention and training order",
                                   "Section 250 detention (formerly s91)",
                                   "Extended sentence or detention for life"]
    assert list(rows["count"]) == [0, 2, 0]
    assert rows["text"].iloc[1] == "2 sentences (100.0%)"


@pytest.mark.parametrize("counts, expected", [
    ((2, 1, 1, 0, 0), "2 of 4 sentences were for ethnic minority children"),
    ((4, 0, 0, 0, 0), "All 4 sentences were for White children"),
    ((0, 0, 0, 3, 0), "All 3 sentences were for ethnic minority children"),
    ((0, 0, 0, 1, 0), "The one sentence was for an ethnic minority child"),
    ((0, 0, 0, 0, 0), "No custodial sentences in the year"),
])
def test_ethnicity_title_counts_ethnic_minority_children(counts, expected):
    rows = custody.ethnicity_rows(ethnicity(counts), None, True)
    assert custody.ethnicity_title(rows) == expected


def test_minority_population_share_note():
    rows = custody.ethnicity_rows(ethnicity((2, 1, 1, 0, 0)), None, True)
    assert custody.minority_population_note(rows) == (
        "Ethnic minority children are 8.7% of the 10–17 population here.")


def test_ethnicity_rows_show_rate_with_count_and_click_to_filter():
    rows = custody.ethnicity_rows(ethnicity((2, 1, 1, 0, 0)), "Black", True)
    assert rows["text"].iloc[0] == "0.05 (2 sentences)"
    assert rows["text"].iloc[1] == "0.64 (1 sentence)"
    assert rows["click"].iloc[3] == "ethnicity=Black" and rows["highlight"].iloc[3]


@pytest.mark.parametrize("counts, rates, expected", [
    ([4, 0], [0.118, 0.0], "All 4 sentences were in Kingsmoor"),
    ([3, 2], [0.0885, 0.204], "Fenby had the highest custody rate"),
    ([1, 0], [0.0295, 0.0], "The one custodial sentence was in Kingsmoor"),
    ([0, 0], [0.0, 0.0], "No custodial sentences in these authorities"),
])
def test_area_title(counts, rates, expected):
    assert custody.area_title(custody.area_rows(authorities(counts, rates), None)) == expected


# --- figures ----------------------------------------------------------------------------


def test_trend_labels_rate_with_sentence_count():
    lines = custody.trend_lines(area(), "Kingsmoor YJS", None)
    fig = custody.trend(lines, PERIOD)
    assert fig.layout.yaxis.title.text == "Sentences per 1,000 children aged 10–17"
    assert any("0.09 (4 sentences)" in a.text for a in fig.layout.annotations)


def test_trend_without_population_draws_counts_and_no_comparators():
    comparators = pd.DataFrame({"line": "England and Wales", "period_end": [PERIOD],
                                "value": [0.14]})
    lines = custody.trend_lines(area(), "Kingsmoor YJS", comparators, rate_available=False)
    fig = custody.trend(lines, PERIOD, rate_available=False)
    assert len(fig.data) == 2  # the count line and the selected-period marker
    assert list(fig.data[0].y) == [2, 4]
    assert fig.layout.yaxis.title.text == "Custodial sentences (count)"


def test_authority_bars_show_rate_and_count():
    fig = custody.breakdown(custody.area_rows(authorities([3, 2], [0.0885, 0.204]), "E2"), True)
    labels = next(t for t in fig.data if getattr(t, "mode", None) == "text")
    assert list(labels.text) == ["0.20 (2 sentences)", "0.09 (3 sentences)"]
    assert list(fig.data[0].customdata[0]) == ["area=la:E2"]


def test_authority_bars_have_whiskers_at_the_95_percent_limits():
    rows = custody.area_rows(authorities([3, 2], [0.0885, 0.204]), None)
    # Exact Poisson limits of 2 sentences: chi2(0.025; 4) / 2 = 0.2422 and chi2(0.975; 6) / 2
    # = 7.2247; over Fenby's 9,796 children x 1,000: 0.0247 and 0.7375.
    fenby = rows[rows["label"] == "Fenby"].iloc[0]
    assert (fenby["lower"], fenby["upper"]) == (pytest.approx(0.02472, abs=1e-4),
                                                pytest.approx(0.73752, abs=1e-4))
    assert fenby["interval"] == "0.02 to 0.74"
    fig = custody.breakdown(rows, True)
    whisker = next(t for t in fig.data if t.name == "95% interval" and t.line.width < 4)
    # Kingsmoor 3 of 33,893: chi2(0.025; 6) / 2 = 0.6187 and chi2(0.975; 8) / 2 = 8.7673 ->
    # 0.0183 to 0.2587, drawn in full with caps at both ends. Fenby's upper limit (0.74) is
    # beyond 2.5 times the longest bar (0.204 x 2.5 = 0.51): drawn to 0.51 with an arrowhead.
    assert list(whisker.x) == [pytest.approx(0.02472, abs=1e-4), pytest.approx(0.51, abs=1e-3),
                               None, pytest.approx(0.01825, abs=1e-4),
                               pytest.approx(0.25867, abs=1e-4), None]
    assert list(whisker.marker.symbol) == ["line-ns", "triangle-right", "line-ns",
                                           "line-ns", "line-ns", "line-ns"]
    assert "95% interval 0.02 to 0.74" in fig.data[0].hovertext[0]
    # A count-only chart has no whiskers.
    counts = custody.breakdown(custody.area_rows(authorities([3, 2], [0.0885, 0.204]), None,
                                                 False), False)
    assert all(getattr(t, "mode", None) != "text" for t in counts.data)


def test_counts_bars():
    fig = custody.counts(area(), PERIOD)
    assert list(fig.data[0].y) == [2, 4] and list(fig.data[0].text) == ["2", "4"]
