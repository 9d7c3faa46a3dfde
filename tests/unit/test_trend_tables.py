"""Helpers of the indicator pages' callbacks: figures as shown, notes and empty states."""
from __future__ import annotations

import pandas as pd

from dashboard.web.page_content import join_notes, message_chart
from dashboard.web.pages.indicator import as_shown


def test_tables_round_rates_as_the_charts_show_them():
    frame = pd.DataFrame({"count": [144], "rate": [329.6], "share_pct": [76.666]})
    fte = as_shown(frame, 0)
    assert fte["rate"].tolist() == [330] and str(fte["rate"].dtype) == "Int64"
    assert fte["share_pct"].tolist() == [76.7] and fte["count"].tolist() == [144]
    custody = as_shown(pd.DataFrame({"rate": [0.091556, float("nan")]}), 2)
    assert custody["rate"].iloc[0] == 0.09 and pd.isna(custody["rate"].iloc[1])


def test_notes_skip_empty_parts():
    assert join_notes(["One.", "", None, "Two."]) == "One. Two."


def test_empty_state_message_wraps_to_fit_a_card():
    chart = message_chart("No looked-after girls entered the justice system in "
                          "Kingsmoor in the year to December 2024.")
    assert chart.title == "Nothing to show for this selection"
    assert "<br>" in chart.figure.layout.annotations[0].text
