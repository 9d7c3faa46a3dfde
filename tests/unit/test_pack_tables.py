"""The board pack's tables: cells as printed, and the compact table beside a report page's
chart (the eight rows up to the reporting period, long tables pivoted, clutter left out)."""
from __future__ import annotations

from datetime import date

from dashboard.output.pack_tables import cell, compact, full_table


def _trend(periods: int) -> dict:
    """Quarterly rolling years ending 31 Mar 2020 onwards: count = 100 + i, rate = i / 4."""
    ends = ["31 Mar", "30 Jun", "30 Sep", "31 Dec"]
    rows = [{"Rolling 12 months ending": f"{ends[i % 4]} {2020 + i // 4}",
             "Children": 100 + i, "Rate": i / 4, "Flag": ""} for i in range(periods)]
    return {"columns": ["Rolling 12 months ending", "Children", "Rate", "Flag"], "rows": rows}


def test_cells_are_printed_as_people_read_them():
    assert [cell(v) for v in (1234, 12.5, 3.0, 0.127, None, "", True, False, "Boys")] == \
        ["1,234", "12.5", "3", "0.13", "–", "", "Yes", "No", "Boys"]


def test_the_full_table_keeps_every_row_and_marks_number_columns():
    table = full_table(_trend(12))
    assert len(table.rows) == 12
    assert table.numeric == [False, True, True, False]
    assert table.rows[5] == ["30 Jun 2021", "105", "1.25", ""]


def test_compact_keeps_the_eight_rows_ending_at_the_reporting_period():
    # 16 quarters: 31 Mar 2020 .. 31 Dec 2023; the report is for the year to December 2022,
    # the 12th row (index 11), so rows 4..11 are shown: 31 Mar 2021 .. 31 Dec 2022.
    table = compact(_trend(16), date(2022, 12, 31))
    assert [row[0] for row in table.rows] == [
        "31 Mar 2021", "30 Jun 2021", "30 Sep 2021", "31 Dec 2021",
        "31 Mar 2022", "30 Jun 2022", "30 Sep 2022", "31 Dec 2022"]
    assert table.current == 7 and table.total_rows == 12
    assert table.columns == ["Rolling 12 months ending", "Children", "Rate"]  # Flag: empty


def test_compact_without_the_period_in_the_table_keeps_the_latest_rows():
    table = compact(_trend(10), date(2030, 3, 31))
    assert [row[0] for row in table.rows][0] == "30 Sep 2020" and len(table.rows) == 8
    assert table.current is None


def test_a_long_table_becomes_a_row_per_period():
    rows = [{"Period": f"Year to December {year}", "Tier": tier, "% of outcomes": share,
             "Outcomes": count}
            for year, shares in ((2022, (60.0, 40.0)), (2023, (55.5, 44.5)))
            for tier, share, count in zip(("Diversion", "Custody"), shares, (6, 4))]
    table = compact({"columns": ["Period", "Tier", "% of outcomes", "Outcomes"],
                     "rows": rows}, date(2023, 12, 31))
    assert table.columns == ["Period", "Diversion", "Custody"]
    assert table.rows == [["Year to December 2022", "60", "40"],
                          ["Year to December 2023", "55.5", "44.5"]]
    assert table.caption == "% of outcomes, by tier." and table.current == 1


def test_prose_and_restated_dates_are_left_to_the_appendix():
    rows = [{"Cohort": "January–March 2023", "Cohort start": "1 Jan 2023",
             "% reoffended": 40.7, "What it means": "x" * 41}]
    table = compact({"columns": ["Cohort", "Cohort start", "% reoffended", "What it means"],
                     "rows": rows}, None)
    assert table.columns == ["Cohort", "% reoffended"]


def test_no_table_for_no_rows():
    assert compact(None, None) is None and compact({"columns": ["A"], "rows": []}, None) is None
    assert full_table({"columns": ["A"], "rows": []}) is None


def test_an_interval_is_one_column():
    rows = [{"Period": "31 Dec 2024", "Rate": 0.07, "Rate (95% interval: lower)": 0.02,
             "Rate (95% interval: upper)": 0.16},
            {"Period": "31 Mar 2025", "Rate": 0.0, "Rate (95% interval: lower)": None,
             "Rate (95% interval: upper)": None}]
    table = compact({"columns": list(rows[0]), "rows": rows}, None)
    assert table.columns == ["Period", "Rate", "Rate (95% interval)"]
    assert table.rows == [["31 Dec 2024", "0.07", "0.02 to 0.16"], ["31 Mar 2025", "0", "–"]]


def test_words_alike_in_every_row_are_said_once_under_the_full_table():
    basis = "National definition (cautions and sentences)"     # 44 characters: said once
    rows = [{"Cohort": f"Cohort {i}", "Status": "complete", "Basis": basis, "%": 40.0 + i}
            for i in range(3)]
    table = full_table({"columns": ["Cohort", "Status", "Basis", "%"], "rows": rows})
    assert table.columns == ["Cohort", "Status", "%"]          # "complete": 8 characters, kept
    assert table.rows[2] == ["Cohort 2", "complete", "42"]
    assert table.notes == [f"Basis: {basis} (every row)."]
    kept = full_table({"columns": ["Cohort", "Status", "Basis", "%"], "rows": rows}, fold=False)
    assert kept.columns == ["Cohort", "Status", "Basis", "%"] and kept.notes == []
    one = full_table({"columns": ["Cohort", "Basis"], "rows": rows[:1]})
    assert one.columns == ["Cohort", "Basis"]                  # one row: nothing to fold
