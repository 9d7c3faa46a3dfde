"""Reoffending figures: provisional cohorts dashed and hollow, labels on the chart, clicks."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.figures import reoffending as f
from dashboard.figures.style import THIS_AREA
from dashboard.words.text import pct, ratio

ENDS = [date(2023, 3, 31), date(2023, 6, 30), date(2023, 9, 30), date(2023, 12, 31),
        date(2024, 3, 31)]


def local_series(statuses=("complete", "complete", "provisional", "provisional", "provisional"),
                 sizes=(50, 40, 12, 45, 44)):
    return pd.DataFrame({"cohort_end": ENDS, "status": list(statuses),
                         "cohort_size": list(sizes),
                         "binary_rate_pct": [35.0, 30.0, 25.0, 20.0, 10.0],
                         "reoffences_per_reoffender": [2.5, 2.0, None, 1.5, 1.0]})


def national(ends=ENDS):
    return pd.DataFrame({"name": "England and Wales", "cohort_end": list(ends),
                         "value": [33.0] * len(ends)})


def trend(local=None, comparators=None, column="binary_rate_pct", formatter=pct, **kwargs):
    return f.cohort_trend_figure(local if local is not None else local_series(),
                                 comparators if comparators is not None else national(),
                                 column, formatter, "% of cohort who reoffended", "Kingsmoor",
                                 **kwargs)


def annotations(fig):
    return [a.text for a in fig.layout.annotations]


def test_spread_keeps_order_and_clears_overlaps():
    placed = f.spread([10.0, 10.5, 30.0], [2.0, 2.0, 4.0])
    assert placed == [10.0, 12.0, 30.0]
    assert f.spread([5.0, 1.0], [1.0, 1.0]) == [5.0, 1.0]


def test_trend_draws_complete_solid_and_provisional_dashed_and_hollow():
    fig = trend()
    comparator, complete, provisional = fig.data
    assert complete.line.dash == "solid" and provisional.line.dash == "dash"
    assert complete.line.color == THIS_AREA
    assert list(complete.marker.symbol) == ["circle", "circle"]
    # the dashed part starts at the last complete cohort so the line is unbroken
    assert list(provisional.x) == ["Apr–Jun<br>2023", "Jul–Sep<br>2023", "Oct–Dec<br>2023",
                                   "Jan–Mar<br>2024"]
    # a cohort under 30 children gets a diamond, hollow because it is provisional
    assert list(provisional.marker.symbol) == ["circle", "diamond-open", "circle-open",
                                               "circle-open"]
    assert provisional.customdata[-1][0] == "period=2024-03-31"


def test_trend_comparators_are_grey_dashed_and_limited_to_the_cohorts_shown():
    wider = national([date(2022, 12, 31)] + ENDS)
    comparator = trend(comparators=wider).data[0]
    assert comparator.line.dash != "solid" and comparator.line.color.startswith("#")
    assert comparator.line.color != THIS_AREA
    assert len(comparator.x) == len(ENDS)


def test_trend_labels_latest_value_comparator_latest_complete_and_provisional():
    texts = annotations(trend())
    assert "<b>Kingsmoor</b><br><b>10.0%</b> provisional" in texts
    assert "England and Wales 33.0%" in texts
    assert "<b>30.0%</b><br>latest complete" in texts
    assert "provisional: will rise →" in texts
    assert "Selected year" not in texts


def test_trend_shades_the_selected_year_and_thins_axis_labels():
    fig = trend(selected_ends=tuple(ENDS[1:]), max_labels=2)
    assert "Selected year" in annotations(fig)
    band = [s for s in fig.layout.shapes if s.type == "rect"][0]
    assert (band.x0, band.x1) == (0.5, 4.5)
    assert list(fig.layout.xaxis.tickvals) == ["Apr–Jun<br>2023", "Jan–Mar<br>2024"]


def test_trend_with_only_complete_cohorts_has_no_provisional_marks():
    fig = trend(local=local_series(statuses=("complete",) * 5))
    assert len(fig.data) == 2
    texts = annotations(fig)
    assert "provisional: will rise →" not in texts
    assert not any("latest complete" in t for t in texts)
    assert "<b>Kingsmoor</b><br><b>10.0%</b>" in texts


def test_trend_of_reoffences_per_reoffender_uses_its_own_format():
    fig = trend(column="reoffences_per_reoffender", formatter=ratio,
                comparators=national().assign(value=3.1))
    assert "<b>Kingsmoor</b><br><b>1.00</b> provisional" in annotations(fig)
    assert "England and Wales 3.10" in annotations(fig)
    assert fig.layout.yaxis.ticksuffix == ""


def curves():
    rows = []
    for end, status, months, step in ((date(2024, 9, 30), "provisional", 3, 5.0),
                                      (date(2023, 9, 30), "provisional", 12, 3.0),
                                      (date(2022, 9, 30), "complete", 12, 3.5)):
        rows += [{"cohort_end": end, "status": status, "cohort_size": 40, "month": m,
                  "pct_reoffended": m * step} for m in range(1, months + 1)]
    return pd.DataFrame(rows)


def test_tracker_draws_observed_months_only_one_line_per_cohort():
    fig = f.tracker_figure(curves())
    chosen, year_before, two_years = fig.data
    assert list(chosen.x) == [1, 2, 3]
    assert chosen.line.dash == "dash" and chosen.marker.symbol.endswith("-open")
    assert two_years.line.dash == "solid" and not two_years.marker.symbol.endswith("-open")
    assert len({chosen.line.color, year_before.line.color, two_years.line.color}) == 3
    assert len({chosen.marker.symbol, year_before.marker.symbol, two_years.marker.symbol}) == 3
    assert chosen.customdata[0][0] == "period=2024-09-30"


def test_tracker_labels_every_line_end():
    texts = annotations(f.tracker_figure(curves()))
    assert "<b>Jul–Sep 2024</b> 15.0% provisional" in texts
    assert "<b>Jul–Sep 2023</b> 36.0% provisional" in texts
    assert "<b>Jul–Sep 2022</b> 42.0%" in texts


def breakdown_groups():
    return pd.DataFrame({"key": ["M", "F"], "label": ["Boys", "Girls"],
                         "cohort_size": [65, 11], "reoffenders": [20, 2],
                         "binary_rate_pct": [30.77, 18.18], "small_cohort": [False, True]})


def test_breakdown_labels_counts_flags_small_groups_and_is_clickable():
    fig = f.breakdown_figure(breakdown_groups(), "sex", overall=28.9)
    bar = fig.data[0]
    assert list(bar.text) == ["30.8% · 20 of 65", "18.2% · 2 of 11 · small number"]
    assert [c[0] for c in bar.customdata] == ["sex=M", "sex=F"]
    assert list(bar.marker.pattern.shape) == ["", "/"]
    assert list(bar.marker.color) == [THIS_AREA, THIS_AREA]
    assert "All children 28.9%" in annotations(fig)
    assert fig.layout.yaxis.autorange == "reversed"


def test_breakdown_highlights_the_selected_group_in_words_and_colour():
    bar = f.breakdown_figure(breakdown_groups(), "sex", selected="F").data[0]
    assert bar.text[1].endswith("· selected")
    assert list(bar.marker.color) == [f.MUTED_BAR, THIS_AREA]
    # a selected group with no children highlights nothing
    other = f.breakdown_figure(breakdown_groups(), "sex", selected="U").data[0]
    assert list(other.marker.color) == [THIS_AREA, THIS_AREA]


def test_concentration_buckets():
    counts = pd.DataFrame({"reoffences": [1, 2, 3, 4, 5, 9], "children": [10, 5, 2, 1, 1, 1]})
    buckets = f.concentration_buckets(counts)
    assert list(buckets["bucket"]) == ["1", "2", "3–4", "5 or more"]
    assert list(buckets["children"]) == [10, 5, 3, 2]
    assert list(buckets["reoffences"]) == [10, 10, 10, 14]
    assert buckets["share_pct"].iloc[-1] == pytest.approx(14 / 44 * 100)
    empty = f.concentration_buckets(pd.DataFrame({"reoffences": [], "children": []}))
    assert list(empty["children"]) == [0, 0, 0, 0]
    assert empty["share_pct"].isna().all()


def test_concentration_figure_labels_children_and_share():
    counts = pd.DataFrame({"reoffences": [1, 6], "children": [9, 1]})
    bar = f.concentration_figure(f.concentration_buckets(counts)).data[0]
    assert list(bar.x) == ["1", "2", "3–4", "5 or more"]
    assert bar.text[0] == "9 children<br>60.0% of reoffences"
    assert bar.text[-1] == "1 child<br>40.0% of reoffences"
    assert bar.marker.color[-1] == THIS_AREA and bar.marker.color[0] == f.MUTED_BAR


def test_presentation_mode_uses_bigger_type():
    normal = trend().layout.font.size
    big = trend(presentation=True).layout.font.size
    assert big > normal
