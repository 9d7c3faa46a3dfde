"""The PostgreSQL load's COPY text (dashboard/etl/loader.py): one block per batch, formatted
by column type. Expected text written out by hand from PostgreSQL's COPY text format: tab
between fields, \\N for NULL, a backslash before a backslash, tab, newline or return."""
from datetime import date

from sqlalchemy import Boolean, Column, Date, Float, Integer, MetaData, String, Table

from dashboard.etl.loader import _copy_text

TABLE = Table("t", MetaData(), Column("name", String(20)), Column("day", Date),
              Column("flag", Boolean), Column("count", Integer), Column("value", Float))
NAMES = ["name", "day", "flag", "count", "value"]


def test_values_nulls_and_types_are_written_as_copy_text():
    values = [["Theft", None], [date(2024, 3, 31), None], [True, None], [7, None],
              [0.125, None]]
    assert _copy_text(TABLE, NAMES, values) == ("Theft\t2024-03-31\tt\t7\t0.125\n"
                                                "\\N\t\\N\t\\N\t\\N\t\\N\n")


def test_text_that_looks_like_copy_syntax_is_escaped_not_read_as_it():
    names = ["a\\b", "tab\there", "two\nlines", "\\N", "cr\rlf", "plain"]
    values = [names, [date(2020, 1, 1)] * 6, [False] * 6, [0] * 6, [1.0] * 6]
    lines = _copy_text(TABLE, NAMES, values).split("\n")
    assert [line.split("\t")[0] for line in lines[:-1]] == [
        "a\\\\b", "tab\\there", "two\\nlines", "\\\\N", "cr\\rlf", "plain"]
    assert lines[-1] == ""   # the block ends with a newline
    assert lines[5] == "plain\t2020-01-01\tf\t0\t1.0"


def test_a_float_keeps_every_digit():
    values = [["x"], [date(2020, 1, 1)], [True], [2147483647], [0.1 + 0.2]]
    assert _copy_text(TABLE, NAMES, values) == "x\t2020-01-01\tt\t2147483647\t0.30000000000000004\n"
