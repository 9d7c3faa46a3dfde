"""The shared rolling-year trend chart: this area bold, comparators grey, labels at line ends."""
from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.figures.style import COMPARATOR_GREYS, THIS_AREA
from dashboard.figures.trend import _spread, _tick_values, trend_figure, trend_lines
from dashboard.words.text import rate_100k, rate_1000

Q = [date(2023, 3, 31), date(2023, 6, 30), date(2023, 9, 30), date(2023, 12, 31),
     date(2024, 3, 31)]


def lines(comparators=1, counts=True) -> pd.DataFrame:
    rows = [{"line": "Kingsmoor YJS", "role": "area", "period_end": q, "value": 200.0 + i,
             **({"count": 40 + i} if counts else {})} for i, q in enumerate(Q)]
    names = ["England and Wales", "East Midlands region", "Family A", "Other"]
    for c in range(comparators):
        rows += [{"line": names[c], "role": "comparator", "period_end": q,
                  "value": 150.0 + 10 * c} for q in Q]
    return pd.DataFrame(rows)


def annotations(fig) -> list[str]:
    return [a.text for a in fig.layout.annotations]


def test_area_line_is_bold_blue_solid_and_comparators_grey_dashed():
    fig = trend_figure(lines(2), y_title="Rate", fmt=rate_100k)
    area, first, second = fig.data
    assert area.name == "Kingsmoor YJS" and area.line.color == THIS_AREA
    assert area.line.dash == "solid" and area.line.width > first.line.width
    assert first.line.color == COMPARATOR_GREYS[0] and first.line.dash == "dash"
    assert second.line.color == COMPARATOR_GREYS[1] and second.line.dash == "dot"
    # Different markers as well as dashes: colour is never the only cue.
    assert len({area.marker.symbol, first.marker.symbol, second.marker.symbol}) == 3


def test_never_more_than_four_lines():
    fig = trend_figure(lines(4), y_title="Rate", fmt=rate_100k)
    assert [t.name for t in fig.data] == ["Kingsmoor YJS", "England and Wales",
                                          "East Midlands region", "Family A"]


def test_each_line_labelled_at_its_end_with_latest_value_and_count():
    fig = trend_figure(lines(1), y_title="Rate", fmt=rate_100k, count_noun="children")
    texts = annotations(fig)
    assert "Kingsmoor YJS<br><b>204 (44 children)</b>" in texts
    assert "England and Wales<br>150" in texts


def test_count_noun_singular_and_plural():
    frame = lines(0).assign(value=0.04, count=1)
    fig = trend_figure(frame, y_title="Rate", fmt=rate_1000, count_noun=("sentence", "sentences"))
    assert any("0.04 (1 sentence)" in t for t in annotations(fig))


def test_a_zero_count_reads_no():
    frame = lines(0).assign(value=0.0, count=0)
    fig = trend_figure(frame, y_title="Rate", fmt=rate_1000, count_noun=("sentence", "sentences"))
    assert any("0.00 (no sentences)" in t for t in annotations(fig))


def test_points_carry_period_customdata_for_click_to_select():
    fig = trend_figure(lines(1), y_title="Rate", fmt=rate_100k)
    assert fig.data[0].customdata[0][0] == "period=2023-03-31"
    assert fig.data[1].customdata[-1][0] == "period=2024-03-31"
    fig = trend_figure(lines(1), y_title="Rate", fmt=rate_100k, click_key=None)
    assert fig.data[0].customdata is None


def test_selected_period_marked_in_words_and_its_value_labelled():
    fig = trend_figure(lines(1), y_title="Rate", fmt=rate_100k, selected=Q[2],
                       count_noun="children")
    texts = annotations(fig)
    assert "Selected: year to September 2023" in texts
    assert "<b>202 (42 children)</b>" in texts
    assert any(shape.x0 == Q[2] for shape in fig.layout.shapes)


def test_selected_latest_period_is_not_labelled_twice():
    fig = trend_figure(lines(0), y_title="Rate", fmt=rate_100k, selected=Q[-1])
    assert sum("204" in t for t in annotations(fig)) == 1


def test_axis_titles_and_unit():
    fig = trend_figure(lines(1), y_title="Children per 100,000 aged 10–17", fmt=rate_100k)
    assert fig.layout.yaxis.title.text == "Children per 100,000 aged 10–17"
    assert fig.layout.xaxis.title.text == "Rolling 12 months ending"
    assert list(fig.layout.xaxis.ticktext) == ["Mar 2023", "Jun 2023", "Sep 2023", "Dec 2023",
                                               "Mar 2024"]


def test_many_ticks_wrap_to_fit_a_narrow_screen():
    quarters = [date(2015 + i // 4, 3 * (i % 4) + 3, 30 if (i % 4) in (1, 2) else 31)
                for i in range(40)]
    frame = pd.DataFrame({"line": "Area", "role": "area", "period_end": quarters,
                          "value": [100.0] * 40})
    fig = trend_figure(frame, y_title="Rate", fmt=rate_100k)
    # Ticks in the month of the latest quarter (December 2024), every other year over ten
    # years (2016, 2018, ... 2024) so a tablet's axis never runs them together.
    assert list(fig.layout.xaxis.ticktext) == ["Dec<br>2016", "Dec<br>2018", "Dec<br>2020",
                                               "Dec<br>2022", "Dec<br>2024"]


def test_provisional_points_continue_dashed_with_hollow_markers():
    frame = lines(0).assign(provisional=[False, False, False, True, True])
    fig = trend_figure(frame, y_title="Rate", fmt=rate_100k)
    complete, provisional = fig.data
    assert complete.line.dash == "solid" and len(complete.x) == 3
    assert provisional.line.dash == "dash" and provisional.marker.symbol == "circle-open"
    assert provisional.x[0] == Q[2]  # joined to the last complete point
    assert any(t.endswith("provisional") for t in annotations(fig))


def test_empty_input_says_so():
    fig = trend_figure(pd.DataFrame(columns=["line", "role", "period_end", "value"]),
                       y_title="Rate", fmt=rate_100k)
    assert "No figures" in annotations(fig)[0]


def test_trend_lines_clips_comparators_to_the_area_span():
    area = pd.DataFrame({"period_end": Q[1:3], "rate": [10.0, 11.0], "n": [3, 4]})
    comparators = pd.DataFrame({"line": "England and Wales", "period_end": Q, "value": 1.0})
    result = trend_lines(area, "Kingsmoor", comparators, "rate", "n")
    assert list(result.loc[result["role"] == "comparator", "period_end"]) == Q[1:3]
    assert list(result.loc[result["role"] == "area", "count"]) == [3, 4]


def test_labels_spread_apart_without_overlap():
    assert _spread([10.0, 10.5, 30.0], [2.0, 2.0, 2.0]) == [10.0, 12.0, 30.0]
    assert _spread([0.0], [2.0]) == [1.0]  # never below the axis


def test_ticks_yearly_over_long_spans():
    periods = [date(2015 + i // 4, [3, 6, 9, 12][i % 4], [31, 30, 30, 31][i % 4])
               for i in range(40)]
    ticks = _tick_values(periods, periods[-1])
    assert ticks[-1] == periods[-1] and all(t.month == 12 for t in ticks)
    assert len(ticks) <= 6


def test_the_selected_value_label_sits_clear_of_every_line():
    """The area flat at 100, England and Wales flat at 130 just above it, the third quarter
    selected: its label ("100", one line) must hold neither line. Worked by hand: the y axis
    runs to 130 × 1.15 = 149.5 (the end labels, 30 apart, need only 17.9); a label of one
    14 px line is 14 × 1.3 + 8 = 26.2 px high, in a plot drawn as small as 250 px: 26.2 / 250
    × 149.5 = 15.7 in the chart's units, above, below or centred on its anchor."""
    frame = pd.DataFrame(
        [{"line": "Kingsmoor YJS", "role": "area", "period_end": q, "value": 100.0} for q in Q]
        + [{"line": "England and Wales", "role": "comparator", "period_end": q,
            "value": 130.0} for q in Q])
    fig = trend_figure(frame, y_title="Rate", fmt=rate_100k, selected=Q[2])
    assert fig.layout.yaxis.range[1] == 149.5
    label = next(a for a in fig.layout.annotations if a.text == "<b>100</b>")
    y = label.ay if label.showarrow else label.y
    low, high = {"bottom": (y, y + 15.7), "top": (y - 15.7, y),
                 "middle": (y - 7.85, y + 7.85)}.get(label.yanchor, (y - 7.85, y + 7.85))
    assert not low <= 100 <= high and not low <= 130 <= high, (label.yanchor, low, high)
    assert label.x == Q[2] or label.showarrow is not True   # a leader starts at the point
