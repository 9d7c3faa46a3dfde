"""Disproportionality words: verdicts, small-number cautions, titles, the minority ethnic
sentence and headlines — exact words."""
from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from dashboard.words import disproportionality_words as w
from queries.disproportionality import STAGE_LABELS
from test_disproportionality_figures import stage_rows

NAN = math.nan
DEC24 = date(2024, 12, 31)
NOT_SIGNIFICANT = (4, 2.5, 0.9, 6.98, 8.0, 1.3, "none")
QUIET_TOTAL = (9, 1.3, 0.6, 2.8, 18.0, 8.8, "none")


def all_stages(**by_stage) -> pd.DataFrame:
    """Every stage like `stage_rows`, with per-stage overrides {stage: {group: values}}."""
    return pd.concat([stage_rows(stage, **by_stage.get(stage, {})) for stage in STAGE_LABELS],
                     ignore_index=True)


def quiet(**extra) -> dict:
    """Nothing significant: Black and the minority total not significantly different."""
    return {"Black": NOT_SIGNIFICANT, "Minority ethnic": QUIET_TOTAL, **extra}


def row(group, values) -> dict:
    return dict(zip(["ethnicity", "count", "relative_rate_index", "rri_lower_95",
                     "rri_upper_95", "share_of_stage_pct", "share_of_population_pct",
                     "significance"], (group, *values)))


def test_verdicts_in_words_say_how_many_children_under_5():
    rows = stage_rows().set_index("ethnicity", drop=False)
    assert w.verdict(rows.loc["Black"]) == ("6.9 times as likely — significantly "
                                            "over-represented, based on only 4 children — "
                                            "treat with caution")
    assert w.verdict(rows.loc["Mixed"]) == ("2.5 times as likely — not significantly "
                                            "different, based on only 4 children — treat with "
                                            "caution")
    assert w.verdict(rows.loc["Minority ethnic"]) == ("2.3 times as likely — significantly "
                                                      "over-represented")
    assert w.verdict(rows.loc["White"]) == "reference group"
    assert w.verdict(rows.loc["Other"]) == "no children at this stage"
    assert w.verdict(row("Asian", (40, 0.4, 0.2, 0.8, 5.0, 9.0, "under"))) == \
        "0.40 times as likely — significantly under-represented"
    assert w.verdict(row("Black", (130, 2.94, 2.4, 3.5, 8.0, 1.3, "over"))) == \
        "2.9 times as likely — significantly over-represented"


def test_a_single_child_however_narrow_the_interval_carries_the_caution():
    one = row("Asian", (1, 9.7, 9.1, 10.3, 2.0, 2.6, "over"))  # an impossibly narrow interval
    assert w.verdict(one) == ("9.7 times as likely — significantly over-represented, based on "
                              "only 1 child — treat with caution")
    assert w.dot_words(one) == ("9.7 times as likely<br>significantly over-represented<br>"
                                "based on only 1 child — caution")
    assert w.area_words(one) == ("9.7 times — significantly higher<br>based on only 1 child — "
                                 "caution")
    assert w.small_numbers(1) == "fewer than 5 children"
    # five children: the ordinary small-number caution, no "only"
    five = row("Asian", (5, 9.7, 4.0, 23.0, 2.0, 2.6, "over"))
    assert w.verdict(five) == "9.7 times as likely — significantly over-represented"
    assert w.dot_words(five).endswith("<br>based on 5 children — caution")
    assert w.small_numbers(5) == "fewer than 30 children"
    assert w.small_numbers(30) == "" and w.small_numbers(0) == ""


def test_children_words_flag_small_numbers():
    assert w.children_words(3) == "based on only 3 children — treat with caution"
    assert w.children_words(1) == "based on only 1 child — treat with caution"
    assert w.children_words(12) == "based on 12 children — treat with caution"
    assert w.children_words(1234) == "1,234 children"


def test_groups_are_ordered_with_the_minority_total_first():
    assert list(w.ordered(stage_rows())["ethnicity"]) == [
        "Minority ethnic", "White", "Mixed", "Asian", "Black", "Other"]


def test_rri_title_prefers_a_finding_on_5_or_more_children():
    # the total (9 children) before Black (4 children), though Black's rate is higher
    assert w.rri_title(stage_rows(), "court") == \
        "Minority ethnic children over-represented at court: 2.3 times as likely (9 children)"
    assert w.rri_title(stage_rows(**{"Minority ethnic": QUIET_TOTAL}), "court") == \
        "Black children over-represented at court: 6.9 times as likely (based on only 4 children)"
    big = stage_rows(Black=(130, 2.94, 2.4, 3.5, 8.0, 1.3, "over"))
    assert w.rri_title(big, "custody") == \
        "Black children over-represented in custody: 2.9 times as likely"
    single = stage_rows(**quiet(Asian=(1, 9.7, 1.3, 70.0, 2.0, 2.6, "over")))
    assert w.rri_title(single, "court") == \
        "Asian children over-represented at court: 9.7 times as likely (based on only 1 child)"


def test_rri_title_when_nothing_is_significant_or_comparable():
    assert w.rri_title(stage_rows(**quiet()), "court") == \
        "No group significantly over-represented at court"
    no_rates = stage_rows()
    no_rates["relative_rate_index"] = NAN
    assert w.rri_title(no_rates, "court") == \
        "No comparison with White children is possible here"


def test_share_title_compares_the_minority_share_with_the_population():
    assert w.share_title(stage_rows(), "court") == \
        "Minority ethnic children: 18.0% at court, 8.8% of all children"
    no_population = stage_rows()
    no_population["share_of_population_pct"] = NAN
    assert w.share_title(no_population, "fte") == \
        "Minority ethnic children: 18.0% of those entering the system"


def test_minority_sentence_in_the_form_boards_are_shown():
    # 33 children cautioned or sentenced: 29 White, 4 minority ethnic (12.1%) against 7.0%
    # of the population (700 of 10,000). RRI = (4/700) / (29/9300) = 1.83; interval
    # exp(ln 1.83 ± 1.96 √(1/4 − 1/700 + 1/29 − 1/9300)) = 0.65 to 5.2.
    rows = pd.DataFrame([row("White", (29, 1.0, NAN, NAN, 87.9, 93.0, "reference")),
                         row("Mixed", (4, 2.0, 0.7, 5.6, 12.1, 3.5, "none")),
                         row("Minority ethnic", (4, 1.833, 0.6462, 5.199, 12.1, 7.0, "none"))])
    assert w.minority_sentence(rows, "cautioned_or_sentenced", "Cautioned or sentenced") == (
        "Cautioned or sentenced: 12.1% of the children were from minority ethnic groups (4 of "
        "33 with a recorded ethnicity), against 7.0% of all children aged 10–17. They were "
        "1.8 times as likely as White children to be cautioned or sentenced (95% interval "
        "0.65 to 5.2) — not significantly different, based on only 4 children — treat with "
        "caution.")


def test_minority_sentence_for_one_child_and_for_none():
    one = stage_rows(**{"Minority ethnic": (1, 9.7, 1.3, 70.0, 2.0, 1.0, "over")})
    assert w.minority_sentence(one, "court", "Sentenced at court") == (
        "Sentenced at court: 2.0% of the children were from minority ethnic groups (1 of 50 "
        "with a recorded ethnicity), against 1.0% of all children aged 10–17. They were 9.7 "
        "times as likely as White children to be sentenced at court (95% interval 1.3 to "
        "70.0) — significantly over-represented, based on only 1 child — treat with caution.")
    none = stage_rows(**{"Minority ethnic": (0, 0.0, NAN, NAN, 0.0, 8.8, "none")})
    assert w.minority_sentence(none, "custody", "Sentenced to custody") == (
        "Sentenced to custody: none of the 50 children with a recorded ethnicity were from "
        "minority ethnic groups, against 8.8% of all children aged 10–17.")


def test_headlines_lead_with_the_stage_then_name_over_representation_with_its_children():
    total = (18, 1.3, 0.6, 2.8, 30.5, 8.8, "none")  # 4 + 1 + 13 + 0 = 18 of 59
    frame = all_stages(court=quiet(Black=(13, 2.94, 1.6, 5.4, 8.0, 1.3, "over"),
                                   **{"Minority ethnic": total}),
                       custody=quiet(Black=(2, 12.8, 1.2, 141.5, 25.0, 1.3, "over")),
                       fte=quiet(), cautioned_or_sentenced=quiet(), out_of_court=quiet())
    assert w.headline_sentences(frame, "court", DEC24, STAGE_LABELS) == [
        "Sentenced at court: 30.5% of the children were from minority ethnic groups (18 of 59 "
        "with a recorded ethnicity), against 8.8% of all children aged 10–17. They were 1.3 "
        "times as likely as White children to be sentenced at court (95% interval 0.60 to "
        "2.8) — not significantly different, based on 18 children — treat with caution.",
        # 13 children at court come before 2 in custody, whose rate is higher
        "Black children were 2.9 times as likely as White children to be sentenced at court "
        "in the year to December 2024 (13 children; small numbers — treat with caution).",
        "Over-representation was statistically significant at 2 of the 5 stages: sentenced "
        "at court and sentenced to custody (based on only 2 children).",
        "3 children sentenced at court had no recorded ethnicity and are left out of the "
        "comparison.",
    ]


def test_a_finding_on_fewer_than_5_children_says_so_in_the_headline():
    frame = all_stages(**{stage: quiet() for stage in STAGE_LABELS})
    frame = pd.concat([frame[frame["stage"] != "custody"],
                       stage_rows("custody", **quiet(Asian=(1, 9.7, 1.3, 70.0, 2.0, 2.6,
                                                            "over")))])
    sentences = w.headline_sentences(frame, "court", DEC24, STAGE_LABELS)
    assert sentences[1] == (
        "Asian children were 9.7 times as likely as White children to be sentenced to custody "
        "in the year to December 2024 (based on only 1 child — treat with caution).")
    assert sentences[2].endswith("1 of the 5 stages: sentenced to custody (based on only 1 "
                                 "child).")


def test_headlines_when_nothing_is_significant_explain_small_numbers():
    frame = all_stages(**{stage: quiet() for stage in STAGE_LABELS})
    sentences = w.headline_sentences(frame, "custody", DEC24, STAGE_LABELS)
    assert sentences[0].startswith("Sentenced to custody: 18.0% of the children were from "
                                   "minority ethnic groups (9 of 50")
    assert sentences[1] == (
        "No ethnic group was significantly over-represented at any stage in the year to "
        "December 2024. Numbers are small (9 children from minority ethnic groups were "
        "cautioned or sentenced), so only large differences would show as significant.")


def test_headlines_when_nothing_is_significant_on_large_numbers():
    many = quiet(Mixed=(40, 1.1, 0.8, 1.5, 8.0, 3.6, "none"),
                 **{"Minority ethnic": (45, 1.1, 0.8, 1.5, 52.3, 8.8, "none")})
    frame = all_stages(**{stage: many for stage in STAGE_LABELS})
    assert w.headline_sentences(frame, "court", DEC24, STAGE_LABELS)[1] == (
        "No ethnic group was significantly over-represented at any stage in the year to "
        "December 2024 (45 children from minority ethnic groups were cautioned or "
        "sentenced).")


def test_headlines_without_any_rate():
    frame = all_stages()
    frame["relative_rate_index"] = NAN
    frame["share_of_population_pct"] = NAN
    sentences = w.headline_sentences(frame, "court", DEC24, STAGE_LABELS)
    assert sentences[0] == ("Sentenced at court: 18.0% of the children were from minority "
                            "ethnic groups (9 of 50 with a recorded ethnicity).")
    assert sentences[1].startswith("Relative rates cannot be worked out for the year to "
                                   "December 2024")


def test_filter_note_says_what_does_not_apply():
    assert w.filter_note("Black", True, "") == (
        "The ethnicity filter does not narrow this page — every group is compared with White "
        "children; Black children are highlighted.")
    assert w.filter_note("Unknown", True, "").endswith("; every group is shown.")
    assert w.filter_note("", False, "girls aged 10–17").startswith(
        "There is no population for looked-after status")
    assert w.filter_note("", True, "girls aged 10–17") == \
        "Rates use the population of girls aged 10–17."
    assert w.filter_note("", True, "") == ""


def test_headlines_count_a_single_child_in_the_singular():
    one = quiet(Mixed=(1, 2.5, 0.9, 6.98, 8.0, 3.6, "none"),
                Black=(0, 0.0, NAN, NAN, 0.0, 1.3, "none"),
                Asian=(0, 0.0, NAN, NAN, 0.0, 2.6, "none"),
                **{"Minority ethnic": (1, 2.5, 0.3, 20.0, 2.4, 8.8, "none")})
    frame = all_stages(**{stage: one for stage in STAGE_LABELS})
    assert "(1 child from minority ethnic groups was cautioned or sentenced)" in \
        w.headline_sentences(frame, "court", DEC24, STAGE_LABELS)[1]


@pytest.mark.parametrize("group, capital, expected", [
    ("Black", True, "Black children"), ("Other", True, "Children of other ethnicities"),
    ("Other", False, "children of other ethnicities"),
    ("Minority ethnic", True, "Minority ethnic children")])
def test_group_nouns(group, capital, expected):
    assert w.group_noun(group, capital) == expected


def test_times():
    assert w.times(2.94) == "2.9 times" and w.times(0.304) == "0.30 times"
