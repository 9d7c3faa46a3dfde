"""Shared bar builders of the indicator pages: breakdown small multiples and per-year counts."""
from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.figures.breakdown import OTHER_BARS, breakdown_bars, breakdown_rows, period_bars
from dashboard.figures.style import THIS_AREA
from dashboard.words.text import rate_100k


def query_frame() -> pd.DataFrame:
    return pd.DataFrame({"group": ["M", "F", "U"], "fte_count": [112, 32, 2],
                         "population": pd.array([22325, 21364, pd.NA], dtype="Int64"),
                         "rate_per_100k": [501.68, 149.78, float("nan")]})


def rows(**options) -> pd.DataFrame:
    defaults = {"count_col": "fte_count", "rate_col": "rate_per_100k", "rate_fmt": rate_100k,
                "noun": ("child", "children"),
                "labels": {"M": "Boys", "F": "Girls", "U": "Sex not recorded"},
                "order": ["M", "F", "U"], "click_key": "sex"}
    return breakdown_rows(query_frame(), **{**defaults, **options})


def test_rows_give_rate_and_count_in_each_label():
    result = rows()
    assert list(result["label"]) == ["Boys", "Girls", "Sex not recorded"]
    assert list(result["text"]) == ["502 (112 children)", "150 (32 children)",
                                    "2 children · rate not available"]
    assert list(result["click"]) == ["sex=M", "sex=F", "sex=U"]
    assert result["share_pct"].round(1).tolist() == [76.7, 21.9, 1.4]


def test_rows_without_population_show_counts_and_shares():
    result = rows(rate_available=False)
    assert list(result["value"]) == [112, 32, 2]
    assert result["text"].iloc[0] == "112 children (76.7%)"


def test_rows_mark_the_selected_group():
    assert list(rows(selected="F")["highlight"]) == [False, True, False]


def test_rows_of_an_empty_frame_are_empty():
    empty = pd.DataFrame(columns=["group", "fte_count", "population", "rate_per_100k"])
    assert breakdown_rows(empty, count_col="fte_count", rate_col="rate_per_100k",
                          rate_fmt=rate_100k, noun=("child", "children")).empty


def test_bars_are_horizontal_labelled_and_clickable():
    fig = breakdown_bars(rows(), x_title="Children per 100,000 aged 10–17")
    bar = fig.data[0]
    assert bar.orientation == "h"
    assert list(bar.text) == list(rows()["text"])
    assert bar.customdata[1][0] == "sex=F"
    assert bar.textposition == "outside"
    assert fig.layout.xaxis.title.text == "Children per 100,000 aged 10–17"
    assert list(bar.x) == [501.68, 149.78, 0]  # no population: no bar, text still shown
    assert fig.layout.hovermode == "y"  # a click anywhere along a row picks its bar


def test_axis_leaves_room_for_the_longest_bar_label_only():
    fig = breakdown_bars(rows(), x_title="Rate")
    end = fig.layout.xaxis.range[1]
    assert 501.68 < end < 501.68 * 2.5  # the long "rate not available" text sits at zero


def test_count_bars_have_whole_number_ticks():
    fig = breakdown_bars(rows(rate_available=False).head(2).assign(value=[3, 1]),
                         x_title="Children (count)", counts=True)
    assert fig.layout.xaxis.dtick == 1 and fig.layout.xaxis.tickformat == ",d"


def test_selected_bar_is_darker_and_bold():
    fig = breakdown_bars(rows(selected="F"), x_title="Rate")
    assert list(fig.data[0].marker.color) == [OTHER_BARS, THIS_AREA, OTHER_BARS]
    assert fig.data[0].y[1] == "<b>Girls</b>"


def test_reference_line_is_labelled():
    fig = breakdown_bars(rows(), x_title="Rate", reference=(330.0, "All: 330"))
    assert fig.layout.shapes[0].x0 == 330.0
    assert fig.layout.annotations[0].text == "All: 330"


def test_all_zero_breakdown_says_so():
    zero = rows().assign(count=0)
    fig = breakdown_bars(zero, x_title="Rate")
    assert "None in this period" in fig.layout.annotations[0].text


def test_period_bars_label_every_bar_and_mark_the_selected_year():
    frame = pd.DataFrame({"period_end": [date(2024, 3, 31), date(2023, 12, 31)],
                          "count": [1204, 1100]})
    fig = period_bars(frame, y_title="Children (count)", selected=date(2024, 3, 31))
    bar = fig.data[0]
    assert list(bar.text) == ["1,100", "1,204"]  # sorted by period
    assert list(bar.x) == ["Dec<br>2023", "<b>Mar<br>2024</b><br>selected"]
    assert list(bar.marker.color) == [OTHER_BARS, THIS_AREA]
    assert bar.customdata[1][0] == "period=2024-03-31"
    assert fig.layout.hovermode == "x"


def test_period_bars_use_whole_number_ticks_for_small_counts():
    frame = pd.DataFrame({"period_end": [date(2024, 3, 31)], "count": [2]})
    assert period_bars(frame, y_title="Sentences").layout.yaxis.dtick == 1
