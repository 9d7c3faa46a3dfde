"""Outcomes page titles and headline sentences: exact words, changes, small and empty cases."""
from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.figures import disposals as fig

DEC23, DEC24 = date(2023, 12, 31), date(2024, 12, 31)


def tiers(values: dict) -> pd.DataFrame:
    """period_end -> {tier: disposals} as tier_totals returns it."""
    frame = pd.DataFrame([{"period_end": p, "tier": t, "disposals": n}
                          for p, counts in values.items() for t, n in counts.items()])
    totals = frame.groupby("period_end")["disposals"].transform("sum")
    return frame.assign(share_pct=frame["disposals"] / totals * 100)


def series(*points) -> pd.DataFrame:
    return pd.DataFrame(points, columns=["period_end", "diversion", "formal"])


def test_tier_counts_title_says_the_change_in_words():
    assert fig.tier_counts_title(tiers({DEC23: {"diversion": 100}, DEC24: {"diversion": 88}})) \
        == "88 outcomes given, down 12% on the year before"
    assert fig.tier_counts_title(tiers({DEC23: {"diversion": 100},
                                        DEC24: {"diversion": 1240}})) \
        == "1,240 outcomes given, up 1140% on the year before"
    assert fig.tier_counts_title(tiers({DEC23: {"diversion": 100}, DEC24: {"diversion": 100}})) \
        == "100 outcomes given, unchanged on the year before"


def test_tier_counts_title_without_a_year_before_and_singular():
    assert fig.tier_counts_title(tiers({DEC24: {"custody": 1}})) == "1 outcome given this year"


def test_tier_shares_title_names_the_biggest_move_else_the_largest_share():
    moved = tiers({DEC23: {"diversion": 30, "pre_court": 70},
                   DEC24: {"diversion": 45, "pre_court": 55}})
    assert fig.tier_shares_title(moved) == "Diversion share rose most, to 45.0% from 30.0%"
    steady = tiers({DEC23: {"diversion": 30, "pre_court": 70},
                    DEC24: {"diversion": 30, "pre_court": 70}})
    assert fig.tier_shares_title(steady) == "Largest share: Pre-court (cautions), 70.0% of outcomes"


def test_diversion_title_both_directions_and_a_single_year():
    assert fig.diversion_title(series((DEC23, 100, 200), (DEC24, 112, 190))) == \
        "Diversion up 12%, formal outcomes down 5% on a year before"
    assert fig.diversion_title(series((DEC24, 25, 75))) == \
        "Diversion was 25.0% of outcomes this year"
    assert fig.diversion_title(series()) == "No outcomes in this period"


def table(now: dict, before: dict, kids_now=80, kids_before=70) -> pd.DataFrame:
    from dashboard.contract.schema import OUTCOME_TYPES

    def frame(counts):
        return pd.DataFrame([{"outcome_type": c, "tier": OUTCOME_TYPES[c][1], "disposals": n,
                              "children": k} for c, (n, k) in counts.items()],
                            columns=["outcome_type", "tier", "disposals", "children"])
    return fig.types_table(frame(now), frame(before), kids_now, kids_before)


def test_types_title_names_the_most_common_outcome():
    assert fig.types_title(table({"youth_caution": (40, 38), "fine": (3, 3)}, {})) == \
        "Youth caution was the most common outcome (40)"


def test_headlines_count_children_compare_and_mention_custody():
    t = table({"community_resolution": (45, 40), "youth_caution": (40, 38),
               "detention_training_order": (5, 4), "section_250": (1, 1)},
              {"community_resolution": (30, 28), "youth_caution": (70, 60)}, 80, 85)
    s = series((DEC23, 30, 70), (DEC24, 45, 46))
    assert fig.headline_sentences(s, t, DEC24, custody_children=4) == [
        "In the year to December 2024, 91 outcomes were given to 80 children, down 9% on the "
        "year before.",
        "49.5% of outcomes were diversion (no formal outcome), against 30.0% a year before.",
        "6 custodial sentences went to 4 children (a child can have more than one).",
    ]


def test_headlines_singular_no_year_before_and_no_custody():
    t = table({"community_resolution": (1, 1)}, {}, 1, None)
    assert fig.headline_sentences(series((DEC24, 1, 0)), t, DEC24, custody_children=0) == [
        "In the year to December 2024, 1 outcome was given to 1 child.",
        "100.0% of outcomes were diversion (no formal outcome).",
        "No child was sentenced to custody.",
    ]


def test_headlines_when_nothing_was_given():
    t = table({}, {}, 0, 0)
    assert fig.headline_sentences(series(), t, DEC24, 0) == [
        "No outcomes were given in the year to December 2024 for this selection."]


def test_year_words_and_year_before():
    assert fig.year_words(DEC24) == "Year to December 2024"
    assert fig.year_before(date(2024, 6, 30)) == date(2023, 6, 30)


def test_headlines_say_when_the_total_is_unchanged():
    t = table({"youth_caution": (58, 55)}, {"youth_caution": (58, 50)}, 55, 50)
    assert fig.headline_sentences(series((DEC24, 0, 58)), t, DEC24, 0)[0] == \
        "In the year to December 2024, 58 outcomes were given to 55 children, the same as the " \
        "year before."
