"""The overview's sparkline builder (pure: DataFrame in, figure out)."""
from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.figures.overview import sparkline
from dashboard.figures.style import THIS_AREA


def frame(values):
    ends = [date(2023, 3, 31), date(2023, 6, 30), date(2023, 9, 30), date(2023, 12, 31)]
    return pd.DataFrame({"period_end": ends[:len(values)], "value": values,
                         "label": [f"Year to {d:%b %Y}" for d in ends[:len(values)]]})


def test_sparkline_draws_the_trend_and_labels_the_latest_value():
    fig = sparkline(frame([210.0, 200.0, 195.0, 187.2]), lambda v: f"{v:.0f}")
    line, latest = fig.data
    assert list(line.y) == [210.0, 200.0, 195.0, 187.2]
    assert line.line.color == THIS_AREA
    assert list(line.text) == ["Year to Mar 2023: 210", "Year to Jun 2023: 200",
                               "Year to Sep 2023: 195", "Year to Dec 2023: 187"]
    assert list(latest.text) == ["187"] and list(latest.x) == [date(2023, 12, 31)]
    assert "text" in latest.mode
    assert fig.layout.xaxis.visible is False and fig.layout.yaxis.visible is False
    assert line.customdata is None


def test_clickable_sparkline_points_select_their_period():
    fig = sparkline(frame([1.0, 2.0]), str, clickable=True)
    assert [list(c) for c in fig.data[0].customdata] == [["period=2023-03-31"],
                                                         ["period=2023-06-30"]]


def test_missing_values_are_skipped_and_empty_series_says_so():
    fig = sparkline(frame([None, 2.0, 3.0]), str)
    assert list(fig.data[0].y) == [2.0, 3.0]
    empty = sparkline(frame([None, None]), str)
    assert not empty.data
    assert empty.layout.annotations[0].text == "No trend to show"


def test_presentation_sparkline_is_taller_with_bigger_label():
    normal = sparkline(frame([1.0, 2.0]), str)
    big = sparkline(frame([1.0, 2.0]), str, presentation=True)
    assert big.layout.height > normal.layout.height
    assert big.data[1].textfont.size > normal.data[1].textfont.size
