"""Operator safety of `python -m dashboard load`: hostile or broken files give one
`file:line: column: reason` line each and no traceback; a disk that fills up leaves the
database as it was; two loads of one database never interleave. SQLite and PostgreSQL."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from dashboard.contract.schema import Outcome
from dashboard.core.db import get_engine
from dashboard.etl import loader
from dashboard.etl.loader import LOAD_LOCK_KEY, load_folder
from dashboard.etl.validate import LoadError, read_import_folder
from yj_testdata import la, out, pop, snapshot, write_folder

REPO_ROOT = Path(__file__).resolve().parents[2]
AUTHORITIES = [la("L1", "S1", name="Lowshire")]
POPULATION = [pop("L1", 2023, 100)]
OUTCOMES = [out("o1", "c1", "L1", "2024-01-05", "referral_order"),
            out("o2", "c2", "L1", "2024-02-05", "youth_caution")]


def folder(path: Path, outcomes=None) -> Path:
    return write_folder(path, AUTHORITIES, POPULATION, outcomes or OUTCOMES, [])


def problems_of(path: Path) -> list[str]:
    with pytest.raises(LoadError) as caught:
        read_import_folder(path)
    return caught.value.problems


def replace_in(path: Path, old: str, new: str) -> None:
    content = path.read_text(encoding="utf-8")
    assert old in content
    path.write_text(content.replace(old, new), encoding="utf-8")


def run_load(database_url: str, directory: Path, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dashboard", "load", str(directory)],
                          cwd=REPO_ROOT, env={**os.environ, "DATABASE_URL": database_url, **env},
                          capture_output=True, text=True, timeout=300)


# --- values and files -----------------------------------------------------------------

def test_a_5000_digit_number_is_out_of_range_not_a_crash(tmp_path):
    path = folder(tmp_path)
    replace_in(path / "population.csv", "L1,2023,M,15,White,100", "L1,2023,M,15,White," + "9" * 5000)
    assert problems_of(path) == [
        "population.csv:2: population: a 5000-digit number is out of range "
        "(expected at most 2147483647)"]


def test_digits_of_other_scripts_are_not_numbers(tmp_path):
    # "٥١" is 51 to int() and str.isdigit(), and would have loaded as age 51
    path = folder(tmp_path, [out("o1", "c1", "L1", "2024-01-05", "referral_order", age="٥١")])
    assert problems_of(path) == ["outcomes.csv:2: age: '٥١' is not a whole number"]


def test_a_benchmark_value_in_other_digits_or_with_underscores_is_not_a_number(tmp_path):
    path = folder(tmp_path)
    (path / "benchmarks.csv").write_text(
        "indicator,period_end,area_type,area_name,value\n"
        "fte_rate,2024-03-31,national,England and Wales,١٥٠\n"
        "fte_rate,2024-06-30,national,England and Wales,1_50\n"
        "fte_rate,2024-09-30,national,England and Wales,150.5\n", encoding="utf-8")
    assert problems_of(path) == ["benchmarks.csv:2: value: '١٥٠' is not a number",
                                 "benchmarks.csv:3: value: '1_50' is not a number"]


def test_a_utf16_file_is_named_as_such(tmp_path):
    path = folder(tmp_path)
    csv_text = (path / "local_authorities.csv").read_text(encoding="utf-8")
    (path / "local_authorities.csv").write_bytes(csv_text.encode("utf-16"))  # with a BOM
    problems = problems_of(path)
    # only that: not every other file's codes as unknown after it
    assert problems == ['local_authorities.csv:1: looks like UTF-16 (as Excel\'s "Unicode '
                        'text" saves); save it as UTF-8 (CSV UTF-8)']


def test_an_unterminated_quote_is_reported_on_the_line_it_opens(tmp_path):
    path = folder(tmp_path, OUTCOMES + [out(f"o{i}", f"c{i}", "L1", "2024-03-01", "fine")
                                        for i in range(3, 8)])
    # line 3 opens a quote in offence_group that no later line closes
    replace_in(path / "outcomes.csv", "o2,c2,L1,2024-02-05,2024-02-05,youth_caution,M,15,White,N,"
               "Theft", 'o2,c2,L1,2024-02-05,2024-02-05,youth_caution,M,15,White,N,"Theft')
    assert problems_of(path) == [
        'outcomes.csv:3: cannot be read as CSV: a quoted field starting on this line is never '
        'closed (a missing "); everything after it was read as one value']


def test_long_values_are_not_repeated_whole_in_messages(tmp_path):
    path = folder(tmp_path, [out("o1", "c1", "L1", "2024-01-05", "referral_order",
                                 sex="X" * 100_000)])
    [problem] = problems_of(path)
    assert problem.startswith("outcomes.csv:2: sex: 'XXXXXXXX")
    assert "(100,000 characters)" in problem and len(problem) < 200


def test_an_unreadable_file_is_a_problem_not_a_traceback(tmp_path, monkeypatch):
    path = folder(tmp_path)
    real = Path.open   # the files are read streaming, opened with Path.open

    def opened(self, *args, **kwargs):
        if self.name == "population.csv":
            raise PermissionError(13, "Permission denied")
        return real(self, *args, **kwargs)
    monkeypatch.setattr(Path, "open", opened)
    assert problems_of(path)[0] == "population.csv: cannot be read: Permission denied"


def test_the_command_line_prints_the_lines_and_no_traceback(tmp_path, database_url):
    path = folder(tmp_path, [out("o1", "c1", "L1", "2024-01-05", "referral_order", age="٥١")])
    result = run_load(database_url, path)
    assert result.returncode == 1
    assert "outcomes.csv:2: age: '٥١' is not a whole number" in result.stderr
    assert "Traceback" not in result.stderr


# --- a full disk ----------------------------------------------------------------------

def test_a_full_disk_leaves_the_database_as_it_was(tmp_path, database_url, monkeypatch, capsys):
    engine = get_engine(database_url)
    load_folder(folder(tmp_path / "first"), engine)
    before = snapshot(engine)
    calls = []
    real_insert = loader._insert

    def insert_until_full(conn, table, rows):
        calls.append(table.name)
        if len(calls) == 3:  # after two tables went in
            raise OSError(28, "No space left on device")
        return real_insert(conn, table, rows)

    monkeypatch.setattr(loader, "_insert", insert_until_full)
    monkeypatch.setenv("DATABASE_URL", database_url)
    second = folder(tmp_path / "second", [out("o9", "c9", "L1", "2024-05-05", "fine")])
    assert loader.run_load_command(second) == 1
    err = capsys.readouterr().err
    assert err == ("Load failed: the disk is full ([Errno 28] No space left on device). "
                   "Nothing was changed: the database holds what it held before.\n")
    assert snapshot(engine) == before
    engine.dispose()


# --- one load at a time ---------------------------------------------------------------

class HeldLock:
    """The load lock taken by the test itself, as a running load would hold it."""

    def __init__(self, database_url: str):
        self.engine = get_engine(database_url)
        self.conn = self.engine.connect()
        if self.engine.dialect.name == "postgresql":
            self.conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOAD_LOCK_KEY})
        else:
            self.conn.exec_driver_sql("BEGIN IMMEDIATE")

    def release(self):
        self.conn.rollback()
        self.conn.close()


def outcome_ids(database_url: str) -> list[str]:
    with get_engine(database_url).connect() as conn:
        return sorted(conn.execute(select(Outcome.outcome_id)).scalars())


def test_a_second_load_gives_up_with_a_clear_message(tmp_path, database_url):
    load_folder(folder(tmp_path / "first"), get_engine(database_url))
    held = HeldLock(database_url)
    began = time.monotonic()
    try:
        result = run_load(database_url, folder(tmp_path / "second", [
            out("o9", "c9", "L1", "2024-05-05", "fine")]), LOAD_LOCK_WAIT="1")
    finally:
        waited = time.monotonic() - began
        held.release()
    assert result.returncode == 1
    # It gives up once its 1 s is over (the audit row of the attempt waits no longer than
    # the load did), not after the audit's two minutes: a behaviour, with a wide margin.
    assert waited < 60, waited
    assert "Load failed: another load of this database is still running after 1 s " \
           "(LOAD_LOCK_WAIT); try again when it has finished" in result.stderr
    assert "Traceback" not in result.stderr
    assert outcome_ids(database_url) == ["o1", "o2"]


def test_a_second_load_waits_for_the_first_then_loads(tmp_path, database_url):
    load_folder(folder(tmp_path / "first"), get_engine(database_url))
    held = HeldLock(database_url)
    second = folder(tmp_path / "second", [out("o9", "c9", "L1", "2024-05-05", "fine")])
    run = subprocess.Popen([sys.executable, "-m", "dashboard", "load", str(second)],
                           cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, env={**os.environ, "DATABASE_URL": database_url,
                                           "LOAD_LOCK_WAIT": "120"})
    try:
        said = run.stderr.readline()  # blocks until the load says it is waiting
        assert said == ("Another load of this database is running; waiting up to 120 s for "
                        "it to finish...\n")
        assert run.poll() is None and outcome_ids(database_url) == ["o1", "o2"]
    finally:
        held.release()  # the "first load" ends: the second goes ahead
    stdout, stderr = run.communicate(timeout=300)
    assert run.returncode == 0, stderr
    assert stdout.startswith("Loaded 1 outcome rows") and "Traceback" not in stderr
    assert outcome_ids(database_url) == ["o9"]


def test_two_loads_started_together_both_finish_one_after_the_other(tmp_path, database_url):
    first = folder(tmp_path / "a", [out(f"a{i}", f"c{i}", "L1", "2024-01-05", "fine")
                                    for i in range(300)])
    second = folder(tmp_path / "b", [out(f"b{i}", f"c{i}", "L1", "2024-01-05", "fine")
                                     for i in range(300)])
    env = {**os.environ, "DATABASE_URL": database_url}
    runs = [subprocess.Popen([sys.executable, "-m", "dashboard", "load", str(path)],
                             cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for path in (first, second)]
    results = [(run.wait(timeout=300), *run.communicate()) for run in runs]
    for code, stdout, stderr in results:
        assert code == 0, stderr
        assert "Traceback" not in stderr
    # one whole folder or the other, never a mixture
    ids = outcome_ids(database_url)
    assert ids in ([f"a{i}" for i in sorted(range(300), key=str)],
                   [f"b{i}" for i in sorted(range(300), key=str)])
    with get_engine(database_url).connect() as conn:
        assert conn.execute(select(func.count()).select_from(Outcome)).scalar() == 300
