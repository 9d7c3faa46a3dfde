"""The load reads its files streaming and keeps rows column by column (issue 11): what a
user sees must not change. Problems deep in a file read in many pieces keep their
record-start line numbers; a generated folder with awkward text loads into SQLite
(executemany) and PostgreSQL (COPY text) with the same rows in every table."""
from __future__ import annotations

import csv
import uuid

import pytest
from sqlalchemy import select

from dashboard.contract.schema import Outcome
from dashboard.core.db import get_engine
from dashboard.etl.generate import generate
from dashboard.etl.loader import load_folder
from dashboard.etl.validate import LoadError, read_import_folder
from yj_testdata import OUTCOME_COLUMNS, la, out, pop, snapshot, write_folder


def outcome_line(row: dict, note: str = "") -> str:
    fields = [str(row[c]) for c in OUTCOME_COLUMNS] + [note]
    return ",".join(f'"{f}"' if any(ch in f for ch in ',\r\n') else f for f in fields) + "\r\n"


def test_problems_deep_in_a_long_file_keep_their_record_start_lines(tmp_path):
    folder = write_folder(tmp_path, [la("L1", "S1")], [pop("L1", 2023, 100)], [])
    good = [out(f"o{i}", f"c{i}", "L1", "2023-05-05", "fine") for i in range(3010)]
    text = [",".join(OUTCOME_COLUMNS + ["note"]) + "\r\n"]          # line 1
    text += [outcome_line(row) for row in good[:2000]]                # lines 2-2001: o0-o1999
    text.append(outcome_line(out("multi", "cm", "L1", "2023-05-05", "fine",
                                 offence_group="Theft\r\nfrom a\r\nshop")))  # lines 2002-2004
    text.append(outcome_line(out("bad-age", "cb", "L1", "2023-05-05", "fine", age="abc")))  # 2005
    text += [outcome_line(row) for row in good[2000:3000]]            # lines 2006-3005
    bad_bytes = outcome_line(out("bad-utf8", "cXX", "L1", "2023-05-05", "fine"))  # line 3006
    # 10,000 bytes of two-byte characters in a column nobody reads: one of them is cut in two
    # by any piece size up to 10 kB, and must still read as text, not as a bad byte
    text.append(outcome_line(good[3000], note="é" * 5000))            # line 3007
    text.append(outcome_line(out("o1500", "c", "L1", "2023-05-05", "fine")))   # line 3008
    text.append(outcome_line(out("multi", "c", "L1", "2023-05-05", "fine")))   # line 3009
    with open(folder / "outcomes.csv", "wb") as handle:
        handle.write("".join(text[:-3]).encode())
        handle.write(bad_bytes.encode().replace(b"cXX", b"c\xff"))
        handle.write("".join(text[-3:]).encode())
    with pytest.raises(LoadError) as caught:
        read_import_folder(folder)
    assert caught.value.problems == [
        "outcomes.csv:2005: age: 'abc' is not a whole number",
        "outcomes.csv:3006: child_id: not valid UTF-8 (byte 0xff); save the file as UTF-8",
        "outcomes.csv:3008: outcome_id: duplicate outcome_id 'o1500' (first on line 1502)",
        "outcomes.csv:3009: outcome_id: duplicate outcome_id 'multi' (first on line 2002)",
    ]


def test_more_problems_than_shown_are_all_listed_and_counted(tmp_path):
    rows = [out(f"o{i}", f"c{i}", "L1", "2023-05-05", "fine", sex="X") for i in range(150)]
    folder = write_folder(tmp_path, [la("L1", "S1")], [pop("L1", 2023, 100)], rows)
    with pytest.raises(LoadError) as caught:
        read_import_folder(folder)
    problems = caught.value.problems
    assert len(problems) == 150
    assert problems[149] == "outcomes.csv:151: sex: 'X' is not one of M, F, U"
    message = str(caught.value)
    assert message.startswith("150 problem(s) found; nothing was loaded:\n"
                              "outcomes.csv:2: sex: 'X' is not one of M, F, U\n")
    assert message.endswith("outcomes.csv:101: sex: 'X' is not one of M, F, U\n"
                            "... and 50 more problems")


AWKWARD = ["back\\slash", "tab\there", "two\nlines", "\\N", "carriage\rreturn", "Ünïcödé"]


def generated_folder_with_awkward_text(path):
    """A generated folder (2 services, 2 years: every file, 1,791 outcomes) and six
    outcomes whose offence group holds what COPY's text format has to escape."""
    generate(path, services=2, years=2)
    with open(path / "local_authorities.csv", newline="", encoding="utf-8") as handle:
        code = next(csv.DictReader(handle))["code"]
    with open(path / "outcomes.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    rows += [out(f"awkward{i}", f"awkward{i}", code, "2016-06-06", "youth_caution",
                 offence_group=text) for i, text in enumerate(AWKWARD)]
    with open(path / "outcomes.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, OUTCOME_COLUMNS, quoting=csv.QUOTE_ALL)  # "\r" too
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.mark.postgres
def test_a_generated_folder_loads_alike_into_sqlite_and_postgresql(tmp_path, postgres_server):
    folder = generated_folder_with_awkward_text(tmp_path / "data")
    dbname = f"test_{uuid.uuid4().hex[:16]}"
    postgres_server.admin_execute(f'CREATE DATABASE "{dbname}"')
    skip = {"load_info": {"loaded_at", "seconds", "source"}}
    snapshots = {}
    for name, url in (("sqlite", f"sqlite:///{tmp_path / 'test.db'}"),
                      ("postgresql", postgres_server.url(dbname))):
        engine = get_engine(url)
        summary = load_folder(folder, engine)
        assert summary["outcome_rows"] == 1791 + 6
        snapshots[name] = snapshot(engine, skip)
        with engine.connect() as conn:
            assert sorted(conn.execute(select(Outcome.offence_group).where(
                Outcome.outcome_id.like("awkward%"))).scalars()) == sorted(AWKWARD)
        engine.dispose()
    postgres_server.admin_execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
    sqlite, postgresql = snapshots["sqlite"], snapshots["postgresql"]
    assert sorted(sqlite) == sorted(postgresql)
    for table in sqlite:
        assert sqlite[table] == postgresql[table], table
    assert len(sqlite["outcome"]) == 1797 and len(sqlite["intervention"]) == 2071
