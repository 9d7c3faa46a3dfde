"""Reoffending figures: provisional cohorts dashed and hollow, labels on the chart, clicks."""
from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest

from dashboard.contract.periods import shift_cohort
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


def shapes(fig, kind):
    return [s for s in fig.layout.shapes if s.type == kind]


def test_selected_year_shades_only_its_complete_cohorts_and_brackets_the_rest():
    # Cohorts 1–4 selected; only cohort 1 (Apr–Jun 2023) is complete.
    fig = trend(selected_ends=tuple(ENDS[1:]), max_labels=2)
    band = shapes(fig, "rect")
    assert [(r.x0, r.x1) for r in band] == [(0.5, 1.5)]
    assert "Selected year: 3 of 4 cohorts provisional" in annotations(fig)
    bracket = [s for s in shapes(fig, "line") if s.yref == "paper" and s.y0 == s.y1]
    # above the plot (pixels up from its top): solid over the complete cohort, dashed over
    # the provisional ones
    assert all(s.ysizemode == "pixel" and s.yanchor == 1 and s.y0 > 0 for s in bracket)
    assert [(s.x0, s.x1, s.line.dash) for s in bracket] == [(0.55, 1.5, "solid"),
                                                            (1.5, 4.45, "dash")]
    assert list(fig.layout.xaxis.tickvals) == ["Apr–Jun<br>2023", "Jan–Mar<br>2024"]


def test_selected_year_all_provisional_has_no_shading_and_says_so():
    fig = trend(selected_ends=tuple(ENDS[2:]))
    assert shapes(fig, "rect") == []
    assert "Selected year: all 3 cohorts provisional" in annotations(fig)
    complete = trend(local=local_series(statuses=("complete",) * 5),
                     selected_ends=tuple(ENDS[1:]))
    assert [(r.x0, r.x1) for r in shapes(complete, "rect")] == [(0.5, 4.5)]
    assert "Selected year" in annotations(complete)


def test_selected_year_labels_sit_above_the_plot():
    fig = trend(selected_ends=tuple(ENDS[1:]))
    for a in fig.layout.annotations:
        if a.text.startswith("Selected year") or a.text.startswith("provisional:"):
            assert a.yref == "paper" and a.y == 1 and a.yanchor == "bottom"
    assert fig.layout.margin.t >= 2 * 14  # room for the two rows of labels


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
    assert "<b>Jul–Sep 2024</b><br>15.0% provisional" in texts
    assert "<b>Jul–Sep 2023</b><br>36.0% provisional" in texts
    assert "<b>Jul–Sep 2022</b><br>42.0%" in texts


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


# --- intervals, basis and labels that never cover the data -----------------------------

def with_interval(local, half=8.0):
    return local.assign(binary_rate_lower_95=local["binary_rate_pct"] - half,
                        binary_rate_upper_95=local["binary_rate_pct"] + half)


def test_the_binary_rate_carries_its_interval_as_a_band_named_at_the_line_end():
    fig = trend(local=with_interval(local_series()), interval=True)
    upper, lower = fig.data[0], fig.data[1]
    assert list(upper.y) == [43.0, 38.0, 33.0, 28.0, 18.0]
    assert list(lower.y) == [27.0, 22.0, 17.0, 12.0, 2.0]
    assert lower.fill == "tonexty" and upper.hoverinfo == "skip"
    end = next(t for t in annotations(fig) if t.startswith("<b>Kingsmoor</b>"))
    # The band is named in the subtitle, not under the end label, where a low end value
    # pushed "shading: 95% interval" onto the x axis's last tick.
    assert "interval" not in end and end.count("<br>") == 1
    complete = fig.data[3]  # band (2), comparator, then this area's complete cohorts
    assert "(95% interval 27.0%–43.0%)" in complete.text[0]
    assert fig.layout.yaxis.range[1] == pytest.approx(43.0 * 1.15)  # room for the band
    assert len(trend().data) == 3, "no band unless asked for"


def test_the_basis_names_the_axis_and_a_missing_comparator_is_said():
    fig = trend(comparators=national().iloc[0:0], x_title="Quarterly cohort: every outcome",
                no_comparator="No published comparator<br>for this basis")
    assert fig.layout.xaxis.title.text == "Quarterly cohort: every outcome"
    assert "No published comparator<br>for this basis" in annotations(fig)
    assert all(trace.name != "England and Wales" for trace in fig.data)


CHAR, LINE, PAD = 0.58, 1.2, 3   # this test's own estimate of a label's size (px per font px)


def _category(fig, value):
    """An x value (a category's label or its index) as its index."""
    if isinstance(value, str):
        return list(fig.layout.xaxis.categoryarray).index(value)
    return float(value)


def _xs(fig, trace):
    return [_category(fig, v) for v in trace.x] if fig.layout.xaxis.type == "category" \
        else [float(v) for v in trace.x]


def label_boxes(fig, width, height):
    """(text, (left, right, bottom, top)) in px of every label placed in data coordinates,
    for a plotting area of width x height px."""
    (x0, x1), (y0, y1) = fig.layout.xaxis.range, fig.layout.yaxis.range
    boxes = []
    for a in fig.layout.annotations:
        if (a.xref or "x") != "x" or (a.yref or "y") != "y":
            continue  # in the margins, by paper coordinates
        arrow = a.showarrow and a.axref == "x"
        x = _category(fig, a.ax if arrow else a.x)
        y = float(a.ay if arrow else a.y)
        px = (x - x0) / (x1 - x0) * width + (a.xshift or 0)
        py = (y - y0) / (y1 - y0) * height + (a.yshift or 0)
        lines = [re.sub(r"<[^>]+>", "", line) for line in a.text.split("<br>")]
        w = max(len(line) for line in lines) * CHAR * a.font.size + 2 * PAD
        h = len(lines) * LINE * a.font.size + 2 * PAD
        left = {"left": px, "right": px - w}.get(a.xanchor, px - w / 2)
        bottom = {"bottom": py, "top": py - h}.get(a.yanchor, py - h / 2)
        boxes.append((a.text, (left, left + w, bottom, bottom + h)))
    return boxes


def data_hits(fig, box, width, height):
    """What of the drawn data the box covers: markers, line segments, interval band."""
    (x0, x1), (y0, y1) = fig.layout.xaxis.range, fig.layout.yaxis.range
    left, right, bottom, top = box

    def px(x, y):
        return (x - x0) / (x1 - x0) * width, (y - y0) / (y1 - y0) * height

    hits, previous = [], None
    for trace in fig.data:
        if trace.type != "scatter" or trace.xaxis not in (None, "x"):
            continue
        points = [px(x, float(y)) for x, y in zip(_xs(fig, trace), trace.y)
                  if y is not None and y == y]
        if "markers" in (trace.mode or ""):
            half = trace.marker.size / 2 + 2
            hits += [f"{trace.name} marker" for x, y in points
                     if x + half > left and x - half < right and y + half > bottom
                     and y - half < top]
        if "lines" in (trace.mode or "") and (trace.line.width is None or trace.line.width > 0):
            for (ax, ay), (bx, by) in zip(points, points[1:]):
                if any(left <= ax + (bx - ax) * t / 400 <= right
                       and bottom <= ay + (by - ay) * t / 400 <= top for t in range(401)):
                    hits.append(f"{trace.name} line")
        if trace.fill == "tonexty" and previous is not None:
            highs = [px(x, float(y)) for x, y in zip(_xs(fig, previous), previous.y)]
            for (ax, alow), (bx, blow), (_, ahigh), (_, bhigh) in zip(
                    points, points[1:], highs, highs[1:]):
                for t in range(101):
                    x = ax + (bx - ax) * t / 100
                    low = alow + (blow - alow) * t / 100
                    high = ahigh + (bhigh - ahigh) * t / 100
                    if left <= x <= right and low < top and high > bottom:
                        hits.append("interval band")
                        break
        previous = trace
    return hits


SLIDE_ENDS = [date(2020, 12, 31)]
for _ in range(15):
    SLIDE_ENDS.append(shift_cohort(SLIDE_ENDS[-1], 3))


def slide_like(values, statuses):
    """Sixteen cohorts of about 50 children, like a service's reoffending trend."""
    frame = pd.DataFrame({"cohort_end": SLIDE_ENDS, "status": statuses, "cohort_size": 50,
                          "binary_rate_pct": values, "reoffences_per_reoffender": 2.0})
    return with_interval(frame, 13.0)


# the board's slide: the latest complete cohort a local peak, the dashed line rising from it
PEAK = [58.3, 40.0, 35.2, 41.7, 29.2, 37.0, 40.9, 39.5, 39.6, 32.0, 44.3, 46.3, 37.5, 36.4,
        27.5, 9.1]
TEN_COMPLETE = ("complete",) * 11 + ("provisional",) * 5
# the latest complete cohort the highest point, with the band reaching the top
TOP = [20.0, 25.0, 30.0, 28.0, 35.0, 40.0, 45.0, 50.0, 55.0, 60.0, 70.0, 55.0, 50.0, 45.0,
       40.0, 35.0]
# the latest complete cohort at 0%
FLOOR = [30.0, 28.0, 25.0, 20.0, 15.0, 12.0, 10.0, 8.0, 5.0, 2.0, 0.0, 3.0, 6.0, 9.0,
         12.0, 15.0]


@pytest.mark.parametrize("values", [PEAK, TOP, FLOOR], ids=["peak", "top", "floor"])
@pytest.mark.parametrize("presentation, sizes", [
    (False, [(440, 250), (900, 300), (1700, 300)]),
    (True, [(1200, 430), (1750, 600)])], ids=["page", "slide"])
def test_no_label_covers_a_point_a_line_or_the_interval(values, presentation, sizes):
    comparator = pd.DataFrame({"name": "England and Wales", "cohort_end": SLIDE_ENDS,
                               "value": [35.0, 34.0, 34.5, 34.0, 34.6, 34.0, 33.0, 33.5, 33.7,
                                         34.0, 33.5, 33.6, 33.4, 33.0, 32.5, 32.9]})
    fig = f.cohort_trend_figure(slide_like(values, TEN_COMPLETE), comparator,
                                "binary_rate_pct", pct, "% of cohort who reoffended",
                                "Kingsmoor and Fenby YJS", tuple(SLIDE_ENDS[-4:]),
                                max_labels=4, presentation=presentation, interval=True)
    texts = [text for text, _ in label_boxes(fig, *sizes[0])]
    assert any("latest complete" in text for text in texts)
    for width, height in sizes:
        for text, box in label_boxes(fig, width, height):
            assert data_hits(fig, box, width, height) == [], (text, width, height)


def test_the_tracker_label_of_a_short_line_sits_in_free_space():
    fig = f.tracker_figure(curves())
    short = [t for t, _ in label_boxes(fig, 440, 250) if t.startswith("<b>Jul–Sep 2024</b>")]
    assert short
    for width, height in [(440, 250), (800, 300)]:
        for text, box in label_boxes(fig, width, height):
            assert data_hits(fig, box, width, height) == [], (text, width, height)


def test_the_overlap_check_itself_catches_a_label_on_the_line():
    # the old placement: 42 px straight above the point, on top of the rising dashed line
    fig = f.cohort_trend_figure(slide_like(PEAK, TEN_COMPLETE), national(SLIDE_ENDS).iloc[0:0],
                                "binary_rate_pct", pct, "%", "Kingsmoor", presentation=True)
    fig.layout.annotations = []
    fig.add_annotation(x=10, y=44.3, text="<b>44.3%</b><br>latest complete", xanchor="center",
                       yanchor="bottom", yshift=8, font={"size": 24})
    (text, box), = label_boxes(fig, 1200, 430)
    assert data_hits(fig, box, 1200, 430)
