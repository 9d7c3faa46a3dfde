"""Disproportionality figures: the minority ethnic total first, log-scale dots with intervals
and words, shares, by area."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard.figures import disproportionality as fig

COLUMNS = ["stage", "ethnicity", "count", "relative_rate_index", "rri_lower_95",
           "rri_upper_95", "share_of_stage_pct", "share_of_population_pct", "significance"]
NAN = math.nan
GROUPS = ["Minority ethnic", "White", "Mixed", "Asian", "Black", "Other"]


def stage_rows(stage="court", area=None, **overrides) -> pd.DataFrame:
    """One stage for one area, in the query's order (the total after Other): Black
    over-represented on 4 children, Mixed not significant, Other none; the minority total
    (4 + 1 + 4 + 0 = 9 of the 50 known, 18.0%; population 3.6 + 2.6 + 1.3 + 1.3 = 8.8%)
    over-represented."""
    values = {
        "White": (41, 1.0, NAN, NAN, 82.0, 91.3, "reference"),
        "Mixed": (4, 2.5, 0.9, 6.98, 8.0, 3.6, "none"),
        "Asian": (1, 0.87, 0.12, 6.33, 2.0, 2.6, "none"),
        "Black": (4, 6.91, 2.48, 19.2, 8.0, 1.3, "over"),
        "Other": (0, 0.0, NAN, NAN, 0.0, 1.3, "none"),
        "Minority ethnic": (9, 2.3, 1.1, 4.8, 18.0, 8.8, "over"),
        "Unknown": (3, NAN, NAN, NAN, NAN, NAN, None),
    }
    values.update(overrides)
    frame = pd.DataFrame([(stage, g, *v) for g, v in values.items()], columns=COLUMNS)
    return frame.assign(area_name=area) if area else frame


def test_rri_figure_puts_the_minority_total_first_then_the_groups():
    figure = fig.rri_figure(stage_rows())
    dots, words = figure.data
    assert list(dots.y) == GROUPS
    assert list(dots.x[:5]) == pytest.approx([2.3, 1.0, 2.5, 0.87, 6.91])
    assert math.isnan(dots.x[5]), "a zero count has no dot on a log scale"
    assert dots.error_x.array[4] == pytest.approx(19.2 - 6.91)
    assert dots.error_x.arrayminus[4] == pytest.approx(6.91 - 2.48)
    assert dots.error_x.array[0] == pytest.approx(4.8 - 2.3)
    assert figure.layout.xaxis.type == "log"
    line = figure.layout.shapes[0]
    assert (line.x0, line.x1, line.line.dash) == (1, 1, "dash")
    rule = figure.layout.shapes[1]
    assert (rule.y0, rule.y1) == (0.5, 0.5), "a rule between the total and the groups"
    assert figure.layout.yaxis.ticktext[0] == "<b>Minority ethnic</b>"
    assert list(figure.layout.yaxis.ticktext[1:]) == GROUPS[1:]
    assert dots.customdata[4][0] == "ethnicity=Black"
    assert list(dots.marker.symbol) == ["square", "diamond", "circle-open", "circle-open",
                                        "circle", "circle-open"]


def test_rri_figure_writes_the_significance_and_the_children_beside_each_dot():
    words = fig.rri_figure(stage_rows()).data[1]
    assert words.mode == "text" and words.xaxis == "x2"
    # three short lines each, so they fit a tablet's chart
    assert list(words.text) == [
        "2.3 times as likely<br>significantly over-represented<br>based on 9 children — "
        "caution",
        "reference group<br>41 children",
        "2.5 times as likely<br>not significantly different<br>based on only 4 children — "
        "caution",
        "0.87 times as likely<br>not significantly different<br>based on only 1 child — "
        "caution",
        "6.9 times as likely<br>significantly over-represented<br>based on only 4 children — "
        "caution",
        "no children at this stage",
    ]
    assert max(len(line) for text in words.text for line in text.split("<br>")) <= 34


def test_a_single_child_never_reads_significant_without_the_caution():
    rows = stage_rows(Asian=(1, 9.7, 1.3, 70.0, 2.0, 2.6, "over"))
    figure = fig.rri_figure(rows)
    dots, words = figure.data
    asian = GROUPS.index("Asian")
    assert words.text[asian] == ("9.7 times as likely<br>significantly over-represented<br>"
                                 "based on only 1 child — caution")
    assert dots.customdata[asian][1] == ("9.7 times as likely — significantly "
                                         "over-represented, based on only 1 child — treat "
                                         "with caution")
    assert dots.customdata[asian][3] == "1 child"
    for line in list(words.text) + [c[1] for c in dots.customdata]:
        if "significantly over-represented" in line and "9.7" in line:
            assert "based on only 1 child" in line


def test_rri_figure_highlight_fades_the_other_groups():
    dots, words = fig.rri_figure(stage_rows(), highlight="Black").data
    assert list(dots.marker.opacity) == [0.3, 0.3, 0.3, 0.3, 1, 0.3]
    assert words.textfont.color[4] != words.textfont.color[0]


def test_log_range_covers_every_interval_and_the_reference():
    low, high = fig._log_range(stage_rows())
    assert 10 ** low < 0.12 and 10 ** high > 19.2
    vals, labels = fig._log_ticks([low, high])
    assert 1 in vals and labels[vals.index(1)] == "1"


def test_share_figure_pairs_the_stage_with_the_population_total_first():
    figure = fig.share_figure(stage_rows(), "court")
    stage, population = figure.data
    assert stage.name == "% of children sentenced at court (count)"
    assert population.name == "% of all children aged 10–17"
    assert list(stage.y) == GROUPS
    assert list(stage.text) == ["18.0% (9)", "82.0% (41)", "8.0% (4)", "2.0% (1)", "8.0% (4)",
                                "0.0% (0)"]
    assert list(population.text)[0] == "8.8%" and list(population.text)[4] == "1.3%"
    assert population.marker.pattern.shape == "/"
    assert stage.customdata[4][0] == "ethnicity=Black"


def test_share_figure_without_population_shows_the_stage_only():
    rows = stage_rows()
    rows["share_of_population_pct"] = NAN
    assert len(fig.share_figure(rows, "custody").data) == 1


def test_area_figure_has_a_row_per_group_and_area_with_its_own_marker():
    rows = pd.concat([stage_rows(area="Kingsmoor"),
                      stage_rows(area="Fenby", Black=(0, 0.0, NAN, NAN, 0.0, 1.0, "none"))])
    figure = fig.area_rri_figure(rows)
    kingsmoor, fenby, words = figure.data
    assert (kingsmoor.name, fenby.name) == ("Kingsmoor", "Fenby")
    assert kingsmoor.marker.symbol[0] != fenby.marker.symbol[0].replace("-open", "")
    assert list(kingsmoor.y[0]) == GROUPS
    assert list(words.y[0][:4]) == ["Minority ethnic", "Minority ethnic", "White", "White"]
    assert list(words.y[1][:2]) == ["Kingsmoor", "Fenby"]
    # Black is the fifth group: rows 8 (Kingsmoor) and 9 (Fenby)
    assert words.text[8] == "6.9 times — significantly higher<br>based on only 4 children — caution"
    assert words.text[9] == "no children at this stage"
    assert words.text[2] == "reference group<br>41 children"
    many = pd.concat([stage_rows(area=name) for name in ("A", "B", "C")])  # 18 rows
    assert fig.area_rri_figure(many).data[-1].text[12] == (  # Black, area A: one line
        "6.9 times — significantly higher · based on only 4 children — caution")
    assert figure.layout.showlegend


def test_on_a_slide_the_words_take_two_wide_lines():
    words = fig.rri_figure(stage_rows(), presentation=True).data[1]
    assert words.text[4] == ("6.9 times as likely — significantly over-represented<br>based on "
                             "only 4 children — caution")
    assert words.cliponaxis is False
