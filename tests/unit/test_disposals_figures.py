"""Outcomes page figures: tiers stacked with patterns, diversion lines, types beside last year."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.figures import disposals as fig
from dashboard.contract.schema import TIER_LABELS, TIERS

DEC23, DEC24 = date(2023, 12, 31), date(2024, 12, 31)


def rows(period_end, counts: dict[str, tuple[int, int]]) -> pd.DataFrame:
    """Rows as queries.disposals returns them: outcome_type -> (disposals, children)."""
    from dashboard.contract.schema import OUTCOME_TYPES
    return pd.DataFrame([{"period_end": period_end, "outcome_type": code,
                          "tier": OUTCOME_TYPES[code][1], "disposals": n, "children": c}
                         for code, (n, c) in counts.items()])


@pytest.fixture
def two_years() -> pd.DataFrame:
    return pd.concat([
        rows(DEC23, {"community_resolution": (30, 28), "youth_caution": (50, 45),
                     "referral_order": (20, 15)}),
        rows(DEC24, {"community_resolution": (45, 40), "youth_caution": (40, 38),
                     "referral_order": (10, 9), "detention_training_order": (5, 4)}),
    ], ignore_index=True)


def test_annual_period_ends_keep_the_chosen_month_and_stop_at_it():
    available = [date(2022, 12, 31), date(2023, 3, 31), date(2023, 12, 31), date(2024, 3, 31),
                 date(2024, 12, 31), date(2025, 3, 31)]
    assert fig.annual_period_ends(available, DEC24) == [date(2022, 12, 31), DEC23, DEC24]
    assert fig.annual_period_ends(available, DEC24, years=2) == [DEC23, DEC24]


def test_tier_totals_fill_every_tier_and_give_shares(two_years):
    tiers = fig.tier_totals(two_years)
    latest = tiers[tiers["period_end"] == DEC24].set_index("tier")
    assert list(latest.index) == list(TIERS)
    assert latest.loc["diversion", "disposals"] == 45
    assert latest.loc["community", "disposals"] == 0
    assert latest.loc["custody", "share_pct"] == pytest.approx(5.0)
    assert latest["share_pct"].sum() == pytest.approx(100)


def test_tier_counts_figure_stacks_with_patterns_clicks_and_totals(two_years):
    figure = fig.tier_counts_figure(fig.tier_totals(two_years))
    bars = [t for t in figure.data if t.type == "bar"]
    assert [b.name for b in bars] == [TIER_LABELS[t] for t in TIERS]
    assert figure.layout.barmode == "stack"
    patterns = [b.marker.pattern.shape for b in bars]
    assert len(set(patterns)) == len(TIERS), "each tier needs its own pattern"
    assert bars[-1].customdata[0][0] == "tier=custody"
    totals = [t for t in figure.data if t.type == "scatter"][0]
    assert list(totals.text) == ["100", "100"]
    assert list(totals.x) == ["2023", "2024"]
    assert figure.layout.xaxis.title.text == "Rolling year to the end of December"
    assert figure.layout.yaxis.title.text == "Outcomes given (count)"


def test_tier_shares_figure_labels_percentages(two_years):
    figure = fig.tier_shares_figure(fig.tier_totals(two_years))
    diversion = figure.data[0]
    assert list(diversion.text) == ["30.0%", "45.0%"]
    assert figure.layout.yaxis.range == (0, 100)
    assert diversion.customdata[1][0] == "tier=diversion"


def test_diversion_series_and_figure_label_line_ends_and_select_periods(two_years):
    series = fig.diversion_series(two_years)
    assert series.to_dict("records") == [
        {"period_end": DEC23, "diversion": 30, "formal": 70},
        {"period_end": DEC24, "diversion": 45, "formal": 55}]
    figure = fig.diversion_figure(series)
    assert len(figure.data) == 2
    assert {t.marker.symbol for t in figure.data} == {"circle", "square"}
    assert figure.data[0].customdata[-1][0] == "period=2024-12-31"
    labels = [a.text for a in figure.layout.annotations]
    assert labels == ["<b>45</b> diversion", "<b>55</b> formal outcomes"]


def test_types_table_has_both_years_and_a_total_row(two_years):
    table = fig.types_table(two_years[two_years["period_end"] == DEC24],
                            two_years[two_years["period_end"] == DEC23], 80, 70)
    assert list(table["outcome"]) == ["Community resolution", "Youth caution", "Referral order",
                                      "Detention and training order", "Total"]
    total = table.iloc[-1]
    assert (total["disposals_now"], total["children_now"]) == (100, 80)
    assert (total["disposals_before"], total["children_before"]) == (100, 70)
    assert total["pct_now"] == pytest.approx(100)
    dto = table[table["outcome_type"] == "detention_training_order"].iloc[0]
    assert (dto["disposals_before"], dto["pct_now"]) == (0, pytest.approx(5.0))
    assert dto["tier"] == "Custody"


def test_types_table_without_a_year_before_leaves_shares_empty(two_years):
    table = fig.types_table(two_years[two_years["period_end"] == DEC24],
                            two_years.iloc[0:0], 80, None)
    assert table.iloc[-1]["disposals_before"] == 0
    assert table["pct_before"].isna().all()
    assert pd.isna(table.iloc[-1]["children_before"])


def test_types_figure_puts_this_year_beside_last(two_years):
    table = fig.types_table(two_years[two_years["period_end"] == DEC24],
                            two_years[two_years["period_end"] == DEC23], 80, 70)
    figure = fig.types_figure(table, "Year to December 2024", "Year to December 2023")
    before, now = figure.data
    assert now.name == "Year to December 2024" and before.name == "Year to December 2023"
    assert list(now.text) == ["45", "40", "10", "5"]
    assert before.marker.pattern.shape == "/" and now.marker.pattern.shape == ""
    assert "Total" not in list(now.y)


def test_presentation_mode_uses_bigger_type(two_years):
    tiers = fig.tier_totals(two_years)
    small = fig.tier_counts_figure(tiers).layout.font.size
    large = fig.tier_counts_figure(tiers, presentation=True).layout.font.size
    assert large > small
