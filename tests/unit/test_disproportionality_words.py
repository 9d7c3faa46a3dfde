"""Disproportionality titles, headline sentences and filter notes: exact words."""
from __future__ import annotations

import math
from datetime import date

import pandas as pd

from dashboard.figures import disproportionality as fig
from queries.disproportionality import STAGE_LABELS
from test_disproportionality_figures import stage_rows

NAN = math.nan
DEC24 = date(2024, 12, 31)
NOT_SIGNIFICANT = (4, 2.5, 0.9, 6.98, 8.0, 1.3, "none")


def all_stages(**by_stage) -> pd.DataFrame:
    """Every stage like `stage_rows`, with per-stage overrides {stage: {group: values}}."""
    return pd.concat([stage_rows(stage, **by_stage.get(stage, {})) for stage in STAGE_LABELS],
                     ignore_index=True)


def quiet(**extra) -> dict:
    return {"Black": NOT_SIGNIFICANT, **extra}


def test_verdicts_in_words():
    rows = stage_rows().set_index("ethnicity", drop=False)
    assert fig.verdict(rows.loc["Black"]) == \
        "6.9 times as likely — significantly over-represented"
    assert fig.verdict(rows.loc["Mixed"]) == "2.5 times as likely — not significantly different"
    assert fig.verdict(rows.loc["White"]) == "reference group"
    assert fig.verdict(rows.loc["Other"]) == "no children at this stage"
    under = stage_rows(Asian=(40, 0.4, 0.2, 0.8, 5.0, 9.0, "under")).set_index("ethnicity")
    assert fig.verdict(under.loc["Asian"].to_dict() | {"ethnicity": "Asian"}) == \
        "0.40 times as likely — significantly under-represented"


def test_children_words_flag_small_numbers_only():
    assert fig.children_words(3) == "based on 3 children — treat with caution"
    assert fig.children_words(1) == "based on 1 child — treat with caution"
    assert fig.children_words(1234) == "1,234 children"


def test_rri_title_names_the_largest_significant_group_with_its_small_count():
    assert fig.rri_title(stage_rows(), "court") == \
        "Black children over-represented at court: 6.9 times as likely (4 children)"
    big = stage_rows(Black=(130, 2.94, 2.4, 3.5, 8.0, 1.3, "over"))
    assert fig.rri_title(big, "custody") == \
        "Black children over-represented in custody: 2.9 times as likely"


def test_rri_title_when_nothing_is_significant_or_comparable():
    assert fig.rri_title(stage_rows(**quiet()), "court") == \
        "No group significantly over-represented at court"
    no_rates = stage_rows()
    no_rates["relative_rate_index"] = NAN
    assert fig.rri_title(no_rates, "court") == \
        "No comparison with White children is possible here"


def test_share_title_compares_minority_share_with_population():
    assert fig.share_title(stage_rows(), "court") == \
        "Minority ethnic children: 18.0% at court, 8.8% of all children"
    no_population = stage_rows()
    no_population["share_of_population_pct"] = NAN
    assert fig.share_title(no_population, "fte") == \
        "Minority ethnic children: 18.0% of those entering the system"


def test_area_title_names_the_area():
    rows = pd.concat([stage_rows(area="Kingsmoor", **quiet()), stage_rows(area="Fenby")])
    assert fig.area_title(rows, "court") == \
        "Fenby: Black children 6.9 times as likely at court (4 children)"
    calm = pd.concat([stage_rows(area="Kingsmoor", **quiet()),
                      stage_rows(area="Fenby", **quiet())])
    assert fig.area_title(calm, "court") == \
        "No significant over-representation at court in any area"


def test_headlines_name_the_largest_over_representation_in_plain_words():
    frame = all_stages(court={"Black": (13, 2.94, 1.6, 5.4, 8.0, 1.3, "over")},
                       custody={"Black": (2, 12.8, 1.2, 141.5, 25.0, 1.3, "over")},
                       fte=quiet(), cautioned_or_sentenced=quiet(), out_of_court=quiet())
    assert fig.headline_sentences(frame, "court", DEC24, STAGE_LABELS) == [
        "Black children were 12.8 times as likely as White children to be sentenced to "
        "custody in the year to December 2024 (2 children; small numbers — treat with "
        "caution).",
        "Over-representation was statistically significant at 2 of the 5 stages: sentenced "
        "at court and sentenced to custody.",
        "Sentenced at court: children from minority ethnic groups were 30.5% of the children "
        "(18 of 59 with a recorded ethnicity), against 8.8% of all children aged 10–17.",
        "3 children sentenced at court had no recorded ethnicity and are left out of the "
        "comparison.",
    ]


def test_headlines_when_nothing_is_significant_explain_small_numbers():
    frame = all_stages(**{stage: quiet() for stage in STAGE_LABELS})
    sentences = fig.headline_sentences(frame, "custody", DEC24, STAGE_LABELS)
    assert sentences[0] == (
        "No ethnic group was significantly over-represented at any stage in the year to "
        "December 2024. Numbers are small (9 children from minority ethnic groups were "
        "cautioned or sentenced), so only large differences would show as significant.")


def test_headlines_when_nothing_is_significant_on_large_numbers():
    many = quiet(Mixed=(40, 1.1, 0.8, 1.5, 8.0, 3.6, "none"))
    frame = all_stages(**{stage: many for stage in STAGE_LABELS})
    assert fig.headline_sentences(frame, "court", DEC24, STAGE_LABELS)[0] == (
        "No ethnic group was significantly over-represented at any stage in the year to "
        "December 2024 (45 children from minority ethnic groups were cautioned or "
        "sentenced).")


def test_headlines_without_any_rate():
    frame = all_stages()
    frame["relative_rate_index"] = NAN
    frame["share_of_population_pct"] = NAN
    sentences = fig.headline_sentences(frame, "court", DEC24, STAGE_LABELS)
    assert sentences[0].startswith("Relative rates cannot be worked out for the year to "
                                   "December 2024")
    assert sentences[1] == ("Sentenced at court: children from minority ethnic groups were "
                            "18.0% of the children (9 of 50 with a recorded ethnicity).")


def test_filter_note_says_what_does_not_apply():
    assert fig.filter_note("Black", True, "") == (
        "The ethnicity filter does not narrow this page — every group is compared with White "
        "children; Black children are highlighted.")
    assert fig.filter_note("Unknown", True, "").endswith("; every group is shown.")
    assert fig.filter_note("", False, "girls aged 10–17").startswith(
        "There is no population for looked-after status")
    assert fig.filter_note("", True, "girls aged 10–17") == \
        "Rates use the population of girls aged 10–17."
    assert fig.filter_note("", True, "") == ""


def test_headlines_count_a_single_child_in_the_singular():
    one = quiet(Mixed=(1, 2.5, 0.9, 6.98, 8.0, 3.6, "none"),
                Black=(0, 0.0, NAN, NAN, 0.0, 1.3, "none"),
                Asian=(0, 0.0, NAN, NAN, 0.0, 2.6, "none"))
    frame = all_stages(**{stage: one for stage in STAGE_LABELS})
    assert "(1 child from minority ethnic groups was cautioned or sentenced)" in \
        fig.headline_sentences(frame, "court", DEC24, STAGE_LABELS)[0]
