"""Loading rules of CONTRACT §1: every rejected value reported as `file:line: column: reason`,
all-or-nothing loads, reloads replacing data, `--if-empty`. Runs on SQLite and PostgreSQL."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from dashboard.etl import loader
from dashboard.cli import main as cli_main
from dashboard.core.db import get_engine
from dashboard.output.export import export_all
from dashboard.etl.loader import load_folder
from dashboard.contract.schema import Benchmark, LocalAuthority, Outcome
from dashboard.etl.validate import LoadError, read_import_folder
from yj_testdata import (LA_COLUMNS, OUTCOME_COLUMNS, POP_COLUMNS, la, out, pop, read_csv,
                         snapshot, write_csv, write_folder)

REPO_ROOT = Path(__file__).resolve().parents[2]

AUTHORITIES = [la("L1", "S1", name="Lowshire"), la("L2", "S1", name="Highshire")]
POPULATION = [pop("L1", 2023, 100), pop("L2", 2023, 50, "Black", "F", 12)]
OUTCOMES = [
    out("o1", "c1", "L1", "2024-01-05", "referral_order"),
    out("o2", "c2", "L2", "2024-02-05", "youth_caution", ethnicity="Black", sex="F", age=12),
    out("o3", "c1", "L1", "2024-03-01", "fine"),
]
BENCHMARKS = [{"indicator": "fte_rate", "period_end": "2024-03-31", "area_type": "national",
               "area_name": "England and Wales", "value": "150.5"}]


@pytest.fixture
def engine(database_url):
    eng = get_engine(database_url)
    yield eng
    eng.dispose()


def good_folder(path: Path, outcomes=None, authorities=None, population=None) -> Path:
    return write_folder(path, authorities or AUTHORITIES, population or POPULATION,
                        outcomes or OUTCOMES, BENCHMARKS)


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(LoadError) as caught:
        read_import_folder(folder)
    return caught.value.problems


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def export_text(engine, outdir: Path, as_of=None) -> dict[str, str]:
    export_all(outdir, as_of, engine)
    return {p.name: p.read_text() for p in sorted(outdir.iterdir())}


# --------------------------------------------------------------------------------------
# Each kind of bad input, with its exact file, line and column
# --------------------------------------------------------------------------------------
# Outcome rows are on lines 2, 3, 4 (o1, o2, o3); line 1 is the header.
BAD_OUTCOME_VALUES = [
    # (row index, column, bad value, expected problem)
    (1, "offence_date", "2024-02-30",
     "outcomes.csv:3: offence_date: '2024-02-30' is not a date in YYYY-MM-DD form"),
    (0, "outcome_date", "05/01/2024",
     "outcomes.csv:2: outcome_date: '05/01/2024' is not a date in YYYY-MM-DD form"),
    (0, "outcome_date", "2024-1-5",
     "outcomes.csv:2: outcome_date: '2024-1-5' is not a date in YYYY-MM-DD form"),
    (2, "offence_date", "2024-W09-5",   # an ISO week date: not YYYY-MM-DD
     "outcomes.csv:4: offence_date: '2024-W09-5' is not a date in YYYY-MM-DD form"),
    (1, "local_authority", "E09999999",
     "outcomes.csv:3: local_authority: 'E09999999' is not a code in local_authorities.csv"),
    (2, "outcome_type", "caution", "outcomes.csv:4: outcome_type: 'caution' is not a known code"),
    (0, "sex", "X", "outcomes.csv:2: sex: 'X' is not one of M, F, U"),
    (0, "ethnicity", "white", "outcomes.csv:2: ethnicity: 'white' is not one of White, Mixed"),
    (0, "looked_after", "yes", "outcomes.csv:2: looked_after: 'yes' is not one of Y, N"),
    (1, "age", "15.5", "outcomes.csv:3: age: '15.5' is not a whole number"),
    (1, "gravity", "9", "outcomes.csv:3: gravity: 9 is out of range (expected 1..8)"),
    (1, "gravity", "1_0", "outcomes.csv:3: gravity: '1_0' is not a whole number"),
    (0, "child_id", "", "outcomes.csv:2: child_id: value is empty"),
    (2, "outcome_id", "o1", "outcomes.csv:4: outcome_id: duplicate outcome_id 'o1' "
                            "(first on line 2)"),
    (0, "outcome_date", "2024-01-04",    # offence_date stays 2024-01-05
     "outcomes.csv:2: outcome_date: 2024-01-04 is before offence_date 2024-01-05"),
    (1, "outcome_id", "x" * 65,          # longer than the database column (64)
     "outcomes.csv:3: outcome_id: value is 65 characters long (at most 64 allowed)"),
]


@pytest.mark.parametrize("index, column, value, expected", BAD_OUTCOME_VALUES,
                         ids=[case[-1].split(": ", 2)[1] + "-" + str(i)
                              for i, case in enumerate(BAD_OUTCOME_VALUES)])
def test_bad_outcome_value_is_reported_with_line_and_column(tmp_path, index, column, value,
                                                            expected):
    rows = [dict(r) for r in OUTCOMES]
    rows[index][column] = value
    folder = good_folder(tmp_path, outcomes=rows)
    problems = problems_of(folder)
    assert len(problems) == 1, problems
    assert problems[0].startswith(expected), problems


def test_gravity_may_be_empty_and_ages_outside_10_17_are_accepted(tmp_path):
    rows = [dict(r) for r in OUTCOMES]
    rows[0]["gravity"] = ""
    rows[1]["age"] = "19"
    rows[2]["offence_group"] = ""   # free text: empty is kept as "Not recorded"
    data = read_import_folder(good_folder(tmp_path, outcomes=rows))
    assert data.outcomes[0]["gravity"] is None
    assert data.outcomes[1]["age"] == 19
    assert data.outcomes[2]["offence_group"] == "Not recorded"


@pytest.mark.parametrize("row, expected", [
    (pop("L1", 2023, 5, age=18), "population.csv:2: age: 18 is out of range (expected 10..17)"),
    (pop("L1", 2023, 5, age=9), "population.csv:2: age: 9 is out of range (expected 10..17)"),
    (pop("L9", 2023, 5), "population.csv:2: local_authority: 'L9' is not a code in "
                         "local_authorities.csv"),
    (pop("L1", 2023, -5), "population.csv:2: population: -5 is out of range"),
    (pop("L1", 2023, 5, ethnicity="Unknown"), "population.csv:2: ethnicity: 'Unknown' is not "
                                              "one of White, Mixed, Asian, Black, Other"),
    (pop("L1", 2023, 5, sex="U"), "population.csv:2: sex: 'U' is not one of M, F"),
    ({**pop("L1", 2023, 5), "year": "twenty"}, "population.csv:2: year: 'twenty' is not a "
                                               "whole number"),
    (pop("L1", 2023, 3_000_000_000), "population.csv:2: population: 3000000000 is out of range"),
])
def test_bad_population_value_is_reported(tmp_path, row, expected):
    folder = write_folder(tmp_path, AUTHORITIES, [row, POPULATION[1]], OUTCOMES)
    problems = problems_of(folder)
    assert len(problems) == 1 and problems[0].startswith(expected), problems


def test_duplicate_population_and_authority_rows(tmp_path):
    folder = write_folder(tmp_path, AUTHORITIES + [la("L1", "S9")],
                          POPULATION + [pop("L1", 2023, 7)], OUTCOMES)
    problems = problems_of(folder)
    assert problems[0].startswith("local_authorities.csv:4: code: duplicate code 'L1' "
                                  "(first on line 2)")
    assert problems[1].startswith("population.csv:4: duplicate population row")
    assert len(problems) == 2


def test_missing_columns_each_reported_on_the_header_line(tmp_path):
    folder = good_folder(tmp_path)
    columns = [c for c in OUTCOME_COLUMNS if c not in ("gravity", "outcome_type")]
    write_csv(folder / "outcomes.csv", columns,
              [{c: r[c] for c in columns} for r in OUTCOMES])
    assert problems_of(folder) == [
        "outcomes.csv:1: outcome_type: required column is missing from the header",
        "outcomes.csv:1: gravity: required column is missing from the header",
    ]


def test_empty_and_header_only_files(tmp_path):
    folder = good_folder(tmp_path)
    (folder / "population.csv").write_text("", encoding="utf-8")
    write_csv(folder / "outcomes.csv", OUTCOME_COLUMNS, [])
    problems = problems_of(folder)
    assert len(problems) == 2, problems
    assert problems[0].startswith("population.csv:1: file is empty")
    assert problems[1] == "outcomes.csv:2: file has a header but no data rows"


def test_missing_required_file(tmp_path):
    folder = good_folder(tmp_path)
    (folder / "population.csv").unlink()
    problems = problems_of(folder)
    assert len(problems) == 1 and problems[0].startswith("population.csv: required file is "
                                                         "missing")


def test_benchmarks_are_optional_but_validated(tmp_path):
    folder = good_folder(tmp_path)
    (folder / "benchmarks.csv").unlink()
    assert read_import_folder(folder).benchmarks == []
    write_csv(folder / "benchmarks.csv", list(BENCHMARKS[0]), [
        {**BENCHMARKS[0], "indicator": "fte"},
        {**BENCHMARKS[0], "value": "n/a"},
        {**BENCHMARKS[0], "period_end": "31/03/2024"},
    ])
    problems = problems_of(folder)
    assert [p.split(": ")[0:2] for p in problems] == [
        ["benchmarks.csv:2", "indicator"], ["benchmarks.csv:3", "value"],
        ["benchmarks.csv:4", "period_end"]]


def test_latin1_bytes_are_reported_at_their_line_and_column(tmp_path):
    folder = good_folder(tmp_path)
    rows = [dict(r) for r in OUTCOMES]
    rows[1]["offence_group"] = "Criminal damage – arson"
    rows[2]["offence_group"] = "Théft"
    write_csv(folder / "outcomes.csv", OUTCOME_COLUMNS, rows)
    raw = (folder / "outcomes.csv").read_text(encoding="utf-8")
    (folder / "outcomes.csv").write_bytes(
        raw.replace("–", "-").encode("latin-1"))   # as saved by a Windows spreadsheet
    problems = problems_of(folder)
    assert problems == ["outcomes.csv:4: offence_group: not valid UTF-8 (byte 0xe9); "
                        "save the file as UTF-8"]


def test_utf8_bom_crlf_and_quoted_commas_load(tmp_path, engine):
    folder = good_folder(tmp_path)
    rows = [dict(r) for r in OUTCOMES]
    rows[0]["offence_group"] = "Violence, against the person"
    rows[1]["offence_group"] = "Théft – shop"
    write_csv(folder / "outcomes.csv", OUTCOME_COLUMNS, rows)
    text = (folder / "outcomes.csv").read_text(encoding="utf-8").replace("\n", "\r\n")
    (folder / "outcomes.csv").write_bytes("\ufeff".encode() + text.encode("utf-8"))
    load_folder(folder, engine)
    with engine.connect() as conn:
        groups = dict(conn.execute(select(Outcome.outcome_id, Outcome.offence_group)).all())
    assert groups == {"o1": "Violence, against the person", "o2": "Théft – shop",
                      "o3": "Theft"}


def test_wrong_number_of_fields(tmp_path):
    folder = good_folder(tmp_path)
    with open(folder / "outcomes.csv", "a", encoding="utf-8") as handle:
        handle.write("o4,c4,L1,2024-01-05\n")
    assert problems_of(folder) == ["outcomes.csv:5: expected 12 fields, found 4"]


def test_every_problem_in_every_file_is_reported(tmp_path):
    rows = [dict(r) for r in OUTCOMES]
    rows[0]["offence_date"] = "2024-13-01"        # line 2
    rows[0]["outcome_type"] = "youth_warning"     # line 2, second column
    rows[2]["outcome_id"] = "o1"                  # line 4: duplicate of line 2, which is
    rows[2]["local_authority"] = "L3"             #   itself invalid: still a duplicate
    folder = write_folder(tmp_path, AUTHORITIES, [pop("L1", 2023, 5, age=19), POPULATION[1]],
                          rows)
    problems = problems_of(folder)
    assert [p.split(": ")[0:2] for p in problems] == [
        ["population.csv:2", "age"],
        ["outcomes.csv:2", "offence_date"],
        ["outcomes.csv:2", "outcome_type"],
        ["outcomes.csv:4", "outcome_id"],
    ]
    assert "first on line 2" in problems[3]


# --------------------------------------------------------------------------------------
# All-or-nothing loads
# --------------------------------------------------------------------------------------
def test_failed_load_leaves_previous_data_exactly(tmp_path, engine):
    load_folder(good_folder(tmp_path / "good"), engine)
    before = snapshot(engine)
    exports_before = export_text(engine, tmp_path / "before")
    assert before["outcome"] and before["cohort_member"] and before["benchmark"]

    bad_rows = [dict(r) for r in OUTCOMES] + [out("o9", "c9", "L1", "2024-13-01", "fine")]
    bad = good_folder(tmp_path / "bad", outcomes=bad_rows, authorities=[la("L1", "S2")])
    with pytest.raises(LoadError):
        load_folder(bad, engine)
    too_long = [dict(r) for r in OUTCOMES]
    too_long[0]["child_id"] = "c" * 200           # PostgreSQL would refuse it mid-load
    with pytest.raises(LoadError):
        load_folder(good_folder(tmp_path / "long", outcomes=too_long), engine)

    assert snapshot(engine) == before
    assert export_text(engine, tmp_path / "after") == exports_before


def test_database_error_mid_load_rolls_back_everything(tmp_path, engine, monkeypatch):
    load_folder(good_folder(tmp_path / "good"), engine)
    before = snapshot(engine)
    real_insert = loader._insert

    def failing_insert(conn, table, rows):
        if table is Benchmark.__table__:     # after the deletes and most inserts
            raise RuntimeError("disk full")
        return real_insert(conn, table, rows)

    monkeypatch.setattr(loader, "_insert", failing_insert)
    other = [out("n1", "n1", "L2", "2023-05-05", "yro_iss")]
    with pytest.raises(RuntimeError, match="disk full"):
        load_folder(good_folder(tmp_path / "other", outcomes=other), engine)
    assert snapshot(engine) == before


def test_successful_reload_replaces_everything(tmp_path, engine):
    load_folder(good_folder(tmp_path / "first"), engine)
    second = write_folder(tmp_path / "second", [la("M1", "SM", name="Midshire")],
                          [pop("M1", 2022, 400)],
                          [out("m1", "k1", "M1", "2023-05-05", "detention_training_order")])
    load_folder(second, engine)
    with engine.connect() as conn:
        assert list(conn.execute(select(Outcome.outcome_id)).scalars()) == ["m1"]
        assert list(conn.execute(select(LocalAuthority.code)).scalars()) == ["M1"]
        assert list(conn.execute(select(Benchmark.id)).scalars()) == []
    export_all(tmp_path / "out", None, engine)
    custody_rows = read_csv(tmp_path / "out" / "custody.csv")
    # Only M1 remains: one custodial row in the year to June 2023, population 2022 = 400.
    assert [(r["area_code"], r["period_end"], r["custodial_sentences"], r["population"])
            for r in custody_rows] == [("M1", "2023-06-30", "1", "400"),
                                       ("SM", "2023-06-30", "1", "400"),
                                       ("all", "2023-06-30", "1", "400")]
    assert float(custody_rows[0]["rate_per_1000"]) == pytest.approx(2.5)


def test_load_with_no_outcomes_aged_10_17_exports_headers_only(tmp_path, engine):
    folder = write_folder(tmp_path / "old", AUTHORITIES, POPULATION,
                          [out("o1", "c1", "L1", "2024-01-05", "referral_order", age=18)])
    load_folder(folder, engine)
    export_all(tmp_path / "out", None, engine)
    for name in ("fte.csv", "custody.csv", "reoffending.csv", "disposals.csv",
                 "disproportionality.csv"):
        lines = (tmp_path / "out" / name).read_text().splitlines()
        assert len(lines) == 1 and lines[0].startswith("area_type,area_code,area_name,")


# --------------------------------------------------------------------------------------
# The command line
# --------------------------------------------------------------------------------------
def run_cli(database_url, *args):
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run([sys.executable, "-m", "dashboard", *args], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def test_cli_load_failure_exits_non_zero_and_lists_problems(tmp_path, database_url, engine):
    good = run_cli(database_url, "load", str(good_folder(tmp_path / "good")))
    assert good.returncode == 0, good.stderr
    before = snapshot(engine)
    rows = [dict(r) for r in OUTCOMES]
    rows[1]["outcome_type"] = "ASBO"
    rows[2]["offence_date"] = "2024-03-02"        # after its outcome date 2024-03-01
    result = run_cli(database_url, "load", str(good_folder(tmp_path / "bad", outcomes=rows)))
    assert result.returncode != 0
    assert "outcomes.csv:3: outcome_type: 'ASBO'" in result.stderr
    assert ("outcomes.csv:4: outcome_date: 2024-03-01 is before offence_date 2024-03-02"
            in result.stderr)
    assert "Traceback" not in result.stderr
    # Everything is as it was, except that the audit log records the failed attempt.
    after = snapshot(engine)
    earlier = before.pop("audit_event")
    logged = [row for row in after.pop("audit_event") if row not in earlier]
    assert after == before
    assert len(logged) == 1 and '"ok": false' in str(logged)


def test_cli_if_empty_loads_only_into_an_empty_database(tmp_path, database_url, engine,
                                                        monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert cli_main(["load", str(good_folder(tmp_path / "first")), "--if-empty"]) == 0
    capsys.readouterr()
    before = snapshot(engine)
    other = write_folder(tmp_path / "second", [la("M1", "SM")], [pop("M1", 2022, 400)],
                         [out("m1", "k1", "M1", "2023-05-05", "fine")])
    assert cli_main(["load", str(other), "--if-empty"]) == 0
    assert "already holds data" in capsys.readouterr().out
    assert snapshot(engine) == before
    # Without --if-empty the load replaces the data.
    assert cli_main(["load", str(other)]) == 0
    with engine.connect() as conn:
        assert list(conn.execute(select(Outcome.outcome_id)).scalars()) == ["m1"]


def test_cli_export_without_data_fails_cleanly(tmp_path, database_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert cli_main(["export", str(tmp_path / "out")]) == 1
    assert "no data loaded" in capsys.readouterr().err
    assert not (tmp_path / "out" / "fte.csv").exists()


def test_line_numbers_are_physical_lines_past_blank_lines(tmp_path):
    folder = good_folder(tmp_path)
    text = (folder / "outcomes.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    lines[3] = lines[3].replace("2024-03-01,fine", "2024-03-01,fines")   # o3
    # header, o1, blank, o2, blank, blank, o3 -> o3 is on line 7
    (folder / "outcomes.csv").write_text(
        "\n".join([lines[0], lines[1], "", lines[2], "", "", lines[3]]) + "\n",
        encoding="utf-8")
    assert problems_of(folder) == [
        "outcomes.csv:7: outcome_type: 'fines' is not a known code (e.g. community_resolution, "
        "youth_restorative_disposal, outcome_22, ...); declare a local code in outcome_types.csv "
        "(code, label, tier, substantive, custodial; tier 'other' for civil orders and recalls)"]
