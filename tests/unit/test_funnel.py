"""The funnel plot builder (dashboard/figures/funnel.py) and its words, against hand-worked
numbers: traces, control limits, the highlighted service and hover text."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard.figures.funnel import (funnel_figure, funnel_rows, highlight_position,
                                      limit_grid)
from dashboard.words.funnel_words import (funnel_sentence, funnel_title, position_sentence,
                                          rank_words)
from dashboard.words.text import rate_100k

approx = pytest.approx
Z95 = 1.959963984540054
Z998 = 3.090232306167813


def byar(x: float, z: float) -> tuple[float, float]:
    """Byar's limits, written out here from docs/CONTRACT.md §4 (not the code under test)."""
    lower = x * (1 - 1 / (9 * x) - z / (3 * math.sqrt(x))) ** 3
    y = x + 1
    upper = y * (1 - 1 / (9 * y) + z / (3 * math.sqrt(y))) ** 3
    return lower, upper


# Three services around England and Wales at 200 per 100,000. The funnel frame as
# dashboard.analysis.ranking.funnel returns it (limits at each point are its business).
POINTS = pd.DataFrame({
    "name": ["North YJS", "Kingsmoor YJS", "South YJS"],
    "source": ["published", "loaded", "published"],
    "value": [150.0, 320.0, 210.0],
    "numerator": [15, 64, 42],
    "denominator": [10_000, 20_000, 25_000],
    "lower_95": [122.1, 150.0, 160.0], "upper_95": [308.9, 260.0, 250.0],
    "lower_998": [100.0, 130.0, 140.0], "upper_998": [340.0, 290.0, 270.0],
    "position": ["within", "well above", "within"],
})


def figure(points=POINTS, highlight="Kingsmoor YJS", **options):
    return funnel_figure(points, "fte_rate", 200.0, highlight=highlight, fmt=rate_100k,
                         value_title="Children per 100,000", unit=" per 100,000",
                         denominator_title="Children aged 10–17",
                         counts=lambda x, n: f"{x:,} of {n:,} children", **options)


def by_name(fig):
    return {trace.name: trace for trace in fig.data}


def test_traces_are_the_limits_england_and_wales_other_services_and_ours():
    traces = by_name(figure())
    assert list(traces) == ["99.8% control limits", "95% control limits",
                            "England and Wales: 200", "Other services", "Kingsmoor YJS"]
    # Lines differ by dash, so no colour is needed to tell them apart.
    assert traces["95% control limits"].line.dash == "dash"
    assert traces["99.8% control limits"].line.dash == "dot"
    assert traces["England and Wales: 200"].line.dash == "solid"
    assert list(traces["England and Wales: 200"].y) == [200.0, 200.0]


def test_the_limits_follow_the_contract_at_the_end_of_the_line():
    # The line runs to 1.04 x the largest denominator: 26,000 children. Expected count at
    # 200 per 100,000: x = 26,000 x 200 / 100,000 = 52 (Byar, as x >= 10).
    fig = figure()
    limits = by_name(fig)["95% control limits"]
    xs, ys = list(limits.x), list(limits.y)
    gap = xs.index(None)
    # (drawn only, never printed: the figure carries them to 6 significant figures)
    assert xs[gap - 1] == approx(26_000, rel=5e-6)
    lower, upper = byar(52, Z95)
    assert ys[gap - 1] == approx(upper / 26_000 * 100_000, rel=5e-6)   # upper half first
    assert ys[-1] == approx(lower / 26_000 * 100_000, rel=5e-6)        # then the lower half
    # Upper 95%: 53 (1 - 1/477 + 1.96/(3 x 7.2801))^3 = 53 x 1.08764^3 = 68.19
    # -> 68.19 / 26,000 x 100,000 = 262.3 per 100,000.
    assert ys[gap - 1] == approx(262.3, abs=0.1)
    wide = by_name(fig)["99.8% control limits"]
    assert list(wide.y)[-1] == approx(byar(52, Z998)[0] / 26_000 * 100_000, rel=5e-6)


def test_the_grid_starts_below_the_smallest_service_and_widens_there():
    grid = limit_grid([10_000, 25_000, None, 0])
    assert grid[0] == approx(8_500) and grid[-1] == approx(26_000)
    assert grid == sorted(grid) and len(grid) == 160
    assert limit_grid([]) == []


def test_our_service_is_highlighted_and_labelled_with_its_name_and_value():
    fig = figure()
    ours = by_name(fig)["Kingsmoor YJS"]
    assert list(ours.x) == [20_000.0] and list(ours.y) == [320.0]
    assert ours.marker.symbol == "diamond"
    label = fig.layout.annotations[0]
    assert label.text == "<b>Kingsmoor YJS: 320</b>"
    assert (label.x, label.y) == (20_000.0, 320.0)
    others = by_name(figure())["Other services"]
    assert others.marker.symbol == "circle-open"
    assert list(others.x) == [10_000.0, 25_000.0]
    # Names match with case and surrounding spaces ignored.
    assert "Kingsmoor YJS" in by_name(figure(highlight="  kingsmoor yjs "))


def test_hover_names_each_service_with_its_value_counts_and_position():
    traces = by_name(figure())
    assert traces["Other services"].hovertext[0] == (
        "<b>North YJS</b><br>150 per 100,000 (15 of 10,000 children)<br>"
        "Within the expected range")
    assert traces["Kingsmoor YJS"].hovertext[0] == (
        "<b>Kingsmoor YJS</b><br>320 per 100,000 (64 of 20,000 children)<br>"
        "Well above (outside 99.8%)")
    # Limit lines do not take the hover from the points.
    assert traces["95% control limits"].hoverinfo == "skip"


def test_a_loaded_service_can_be_clicked_to_show_it():
    traces = by_name(figure())
    assert list(traces["Kingsmoor YJS"].customdata) == [["area=service:Kingsmoor YJS"]]
    assert [c[0] for c in traces["Other services"].customdata] == ["", ""]


def test_without_a_highlight_every_point_is_another_service():
    traces = by_name(figure(highlight=None))
    assert len(traces["Other services"].x) == 3 and "Kingsmoor YJS" not in traces


def test_nothing_to_compare_says_so():
    empty = figure(points=POINTS.iloc[0:0])
    assert "No published figures" in empty.layout.annotations[0].text
    no_national = funnel_figure(POINTS, "fte_rate", None, highlight=None, fmt=rate_100k,
                                value_title="", denominator_title="")
    assert no_national.layout.annotations


def test_table_rows_put_our_service_first_with_positions_in_words():
    rows = funnel_rows(POINTS, "kingsmoor yjs")
    assert list(rows["service"]) == ["Kingsmoor YJS", "North YJS", "South YJS"]
    assert list(rows.columns) == ["service", "denominator", "numerator", "value", "lower_95",
                                  "upper_95", "lower_998", "upper_998", "position"]
    assert rows["position"].iloc[0] == "Well above (outside 99.8%)"
    assert highlight_position(POINTS, "Kingsmoor YJS") == "well above"
    assert highlight_position(POINTS, "Nowhere YJS") is None


def test_presentation_sizes_are_larger():
    small, large = figure(), figure(presentation=True)
    assert (by_name(large)["Kingsmoor YJS"].marker.size
            > by_name(small)["Kingsmoor YJS"].marker.size)
    assert large.layout.font.size > small.layout.font.size


# --- words ----------------------------------------------------------------------------

@pytest.mark.parametrize("position, sentence", [
    ("within", "Kingsmoor and Fenby YJS is within the expected range."),
    ("above", "Kingsmoor and Fenby YJS is above the 95% limit."),
    ("below", "Kingsmoor and Fenby YJS is below the 95% limit."),
    ("well above", "Kingsmoor and Fenby YJS is well above the expected range (outside the "
                   "99.8% limit)."),
    ("well below", "Kingsmoor and Fenby YJS is well below the expected range (outside the "
                   "99.8% limit)."),
])
def test_position_sentences(position, sentence):
    assert position_sentence("Kingsmoor and Fenby YJS", position) == sentence


def test_titles_are_active_and_only_call_a_difference_beyond_chance():
    assert funnel_title("within") == "Our rate is within the range expected by chance"
    assert funnel_title("above") == "Our rate is higher than chance would explain"
    assert funnel_title("well below") == "Our rate is well below the range expected by chance"
    assert funnel_title(None) == "How every service compares with England and Wales"
    for position in ("within", "above", "below", "well above", "well below"):
        assert len(funnel_title(position).split()) <= 10


def test_rank_words_give_the_quartile_beside_the_rank():
    assert rank_words(38, 155, "Upper middle") == "38th of 155 services (upper middle quartile)"
    assert rank_words(2, 155, "Upper", tied=True) == "joint 2nd of 155 services (upper quartile)"
    assert rank_words(1, 3, None) == "1st of 3 services"


def test_the_headline_sentence_never_calls_chance_better_or_worse():
    within = funnel_sentence("Kingsmoor YJS", "within", "38th of 155 services (upper middle "
                                                          "quartile)")
    assert within == ("Among every service in England and Wales, Kingsmoor YJS is within the "
                      "expected range — a difference from England and Wales that chance alone "
                      "could explain — and ranks 38th of 155 services (upper middle quartile); "
                      "1st is lowest.")
    assert "better" not in within and "worse" not in within
    assert funnel_sentence("Kingsmoor YJS", "above").endswith(
        "higher than chance alone would explain (worse).")
    assert funnel_sentence("K", "within", published=False).startswith(
        "Among the services loaded (no published figures for other services), ")
