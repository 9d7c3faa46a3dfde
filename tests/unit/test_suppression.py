"""Small-number suppression on hand-worked tables (dashboard/analysis/suppression.py)."""
from __future__ import annotations

import math

import pytest

from dashboard.analysis.suppression import (WITHHELD, TableSpec, is_small, primary, secondary,
                                            suppress_rows, suppress_value)


@pytest.mark.parametrize("value,small", [
    (0, False), (1, True), (4, True), (4.0, True), (5, False), (12, False),
    (None, False), (float("nan"), False), ("<5", False), (True, False), (-3, False),
])
def test_counts_from_1_to_4_are_small(value, small):
    assert is_small(value, 5) is small


def test_the_threshold_moves_with_below():
    assert primary([1, 5, 9, 10], below=10) == [True, True, True, False]
    assert suppress_value(9, below=10) == "<10"
    assert suppress_value(10, below=10) == 10


def test_one_suppressed_cell_forces_the_next_smallest():
    # groups 3, 10, 7, 20 of a total 40 shown elsewhere: 40 - 10 - 7 - 20 = 3 would give
    # the 3 away, so the next smallest (7) goes too: 40 - 10 - 20 = 10 = 3 + 7, unknown split.
    assert secondary([3, 10, 7, 20], [True, False, False, False]) == [True, False, True, False]


def test_two_suppressed_cells_protect_each_other():
    assert secondary([3, 10, 2, 20], [True, False, True, False]) == [True, False, True, False]


def test_zeros_are_not_used_to_protect_a_cell():
    # hiding a known zero would protect nothing: total - shown = 3 + 0
    assert secondary([3, 0, 8, 9], [True, False, False, False]) == [True, False, True, False]


def test_nothing_to_protect_with_when_every_other_cell_is_zero():
    assert secondary([3, 0, 0], [True, False, False]) == [True, False, False]


def test_a_breakdown_table_hides_the_small_group_its_protector_and_their_rates():
    rows = [
        {"Group": "White", "Children": 40, "Population": 9000, "Rate": 4.44, "E&W": 3.1},
        {"Group": "Black", "Children": 2, "Population": 300, "Rate": 6.67, "E&W": 8.0},
        {"Group": "Mixed", "Children": 6, "Population": 400, "Rate": 15.0, "E&W": 5.2},
        {"Group": "Asian", "Children": 9, "Population": 500, "Rate": 18.0, "E&W": 2.0},
    ]
    spec = TableSpec(counts=("Children",), derived=("Rate",), blocks=())
    result = suppress_rows(rows, spec)
    # the 6 protects the 2; it is not below 5, so it is shown as [c], not <5
    assert [r["Children"] for r in result.rows] == [40, "<5", WITHHELD, 9]
    assert [r["Rate"] for r in result.rows] == [4.44, WITHHELD, WITHHELD, 18.0]
    # populations and the published national rate stay
    assert [r["Population"] for r in result.rows] == [9000, 300, 400, 500]
    assert [r["E&W"] for r in result.rows] == [3.1, 8.0, 5.2, 2.0]
    assert (result.primary, result.secondary, result.withheld) == (1, 1, 2)
    assert rows[1]["Children"] == 2  # the input is not changed


def test_each_block_is_its_own_partition():
    # two periods: the first has one small cell (and gets a second), the second has two
    rows = [
        {"Period": "2023", "Tier": "A", "n": 3},
        {"Period": "2023", "Tier": "B", "n": 50},
        {"Period": "2023", "Tier": "C", "n": 11},
        {"Period": "2024", "Tier": "A", "n": 1},
        {"Period": "2024", "Tier": "B", "n": 2},
        {"Period": "2024", "Tier": "C", "n": 30},
    ]
    result = suppress_rows(rows, TableSpec(counts=("n",), blocks=("Period",)))
    assert [r["n"] for r in result.rows] == ["<5", 50, WITHHELD, "<5", "<5", 30]


def test_a_trend_table_is_not_a_partition():
    rows = [{"Year": "2022", "n": 3, "rate": 0.1}, {"Year": "2023", "n": 9, "rate": 0.3}]
    result = suppress_rows(rows, TableSpec(counts=("n",), derived=("rate",), blocks=None))
    assert [(r["n"], r["rate"]) for r in result.rows] == [("<5", WITHHELD), (9, 0.3)]


def test_row_partitions_and_column_partitions_are_repeated_until_stable():
    # Each row's two columns make the row's total; each column's rows make a shown total.
    #            a     b
    #   r1       2    20        a=2 is small: column a needs a second cell (8, r2),
    #   r2       8    30        row r1 a second cell (20); row r2 now has 8 hidden alone,
    #   r3       9    40        so 30 goes too, which also gives column b two hidden cells.
    # Every row and column then has 0 or 2 hidden cells.
    rows = [{"k": "r1", "a": 2, "b": 20}, {"k": "r2", "a": 8, "b": 30},
            {"k": "r3", "a": 9, "b": 40}]
    spec = TableSpec(counts=("a", "b"), blocks=(), row_partitions=(("a", "b"),))
    result = suppress_rows(rows, spec)
    c = WITHHELD
    assert [(r["a"], r["b"]) for r in result.rows] == [("<5", c), (c, c), (9, 40)]
    assert (result.primary, result.secondary) == (1, 3)


def test_a_total_minus_the_shown_cells_never_reveals_one_hidden_cell():
    rows = [{"g": str(i), "n": n} for i, n in enumerate([1, 7, 12, 0, 5, 30])]
    result = suppress_rows(rows, TableSpec(counts=("n",), blocks=()))
    total = sum(r["n"] for r in rows)
    shown = sum(r["n"] for r in result.rows if isinstance(r["n"], int))
    hidden = [r["n"] for r in rows if not isinstance(result.rows[int(r["g"])]["n"], int)]
    assert len(hidden) >= 2 and total - shown == sum(hidden)
    assert hidden == [1, 5]  # the 1, and the smallest non-zero other (5)


def test_unknown_numeric_columns_are_withheld_and_missing_values_kept():
    rows = [{"g": "x", "n": 10, "mystery": 3.5, "rate": None},
            {"g": "y", "n": 2, "mystery": math.nan, "rate": None}]
    result = suppress_rows(rows, TableSpec(counts=("n",), derived=("rate",),
                                           withhold=("mystery",)))
    assert result.rows[0]["mystery"] == WITHHELD
    assert result.rows[1]["rate"] is None  # nothing to withhold
    assert result.rows[1]["n"] == "<5"


def test_no_small_numbers_leaves_the_table_as_it_was():
    rows = [{"g": "x", "n": 10, "rate": 1.5}, {"g": "y", "n": 0, "rate": 0.0}]
    result = suppress_rows(rows, TableSpec(counts=("n",), derived=("rate",), blocks=()))
    assert result.rows == rows and not result.any
