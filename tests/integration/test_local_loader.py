"""Loading the optional local-indicator files (CONTRACT §1 v2): each rule's rejection with its
file, line and column; what is allowed; all-or-nothing with the rest of the folder."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from dashboard.contract.local_schema import Intervention, Remand
from dashboard.core.db import get_engine
from dashboard.etl.loader import load_folder
from dashboard.etl.validate import LoadError, read_import_folder
from yj_testdata import (LAA, REMAND_COLUMNS, YDA, board, intervention, la, out, pop, remand,
                         snapshot, victim, write_csv, write_folder, write_local)

AUTHORITIES = [la("L1", "S1"), la("L2", "S1")]
POPULATION = [pop("L1", 2023, 100)]
OUTCOMES = [out("o1", "c1", "L1", "2024-01-05", "referral_order")]
# Data rows are on lines 2 and 3 of each file.
INTERVENTIONS = [
    intervention("i1", "L1", "diversion", "2024-03-01", "completed", start_date="2024-01-10",
                 accommodation_end="suitable", ete_end="unsuitable", ete_status_end="neet",
                 send_identified="Y", send_plan="N"),
    intervention("i2", "L2", "custody", start_date="2024-02-01"),      # open, all unrecorded
]
VICTIMS = [victim("v1", "L1", "2024-01-05", "Y", "Y"), victim("v2", "L2", "2024-02-05", "N", "N")]
BOARD = [board("2024-01-15", "S1", "police", "Y"), board("2024-01-15", "S1", "other", "N")]
REMANDS = [remand("r1", "k1", "L1", "2024-01-01", "2024-01-03", YDA, "custodial_sentence",
                  "250.75"),
           remand("r2", "k2", "L2", "2024-02-01", "", LAA)]


def folder_with(tmp_path: Path, interventions=INTERVENTIONS, victims=VICTIMS, board_rows=BOARD,
                remands=REMANDS) -> Path:
    folder = write_folder(tmp_path / "data", AUTHORITIES, POPULATION, OUTCOMES)
    return write_local(folder, interventions, victims, board_rows, remands)


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(LoadError) as caught:
        read_import_folder(folder)
    return caught.value.problems


def changed(rows: list[dict], index: int, **values) -> list[dict]:
    rows = [dict(r) for r in rows]
    rows[index].update(values)
    return rows


def test_good_files_are_read_with_unrecorded_fields_as_none(tmp_path):
    local = read_import_folder(folder_with(tmp_path)).local
    assert local.interventions[0]["send_plan"] is False
    assert local.interventions[0]["accommodation_end"] == "suitable"
    open_one = local.interventions[1]
    assert (open_one["end_date"], open_one["end_reason"], open_one["send_identified"],
            open_one["ete_status_end"]) == (None, None, None, None)
    assert local.remands[0]["cost_per_night"] == 250.75
    assert local.remands[1]["end_date"] is None and local.remands[1]["cost_per_night"] is None
    assert len(local.victims) == 2 and len(local.board_attendance) == 2


INTERVENTION_PROBLEMS = [
    (0, {"kind": "Diversion"},
     "interventions.csv:2: kind: 'Diversion' is not one of prevention, diversion, "
     "out_of_court, court_community, custody"),
    (1, {"intervention_id": "i1"},
     "interventions.csv:3: intervention_id: duplicate intervention_id 'i1' (first on line 2)"),
    (0, {"local_authority": "S1"},
     "interventions.csv:2: local_authority: 'S1' is not a code in local_authorities.csv"),
    (0, {"end_date": "2024-01-09"},
     "interventions.csv:2: end_date: 2024-01-09 is before start_date 2024-01-10"),
    (0, {"end_date": "01/03/2024"},
     "interventions.csv:2: end_date: '01/03/2024' is not a date in YYYY-MM-DD form"),
    (0, {"start_date": ""}, "interventions.csv:2: start_date: '' is not a date"),
    (0, {"child_id": ""}, "interventions.csv:2: child_id: value is empty"),
    (0, {"end_reason": ""},
     "interventions.csv:2: end_reason: value is empty, but end_date 2024-03-01 is given"),
    (1, {"end_reason": "completed"},
     "interventions.csv:3: end_reason: 'completed' is given, but end_date is empty"),
    (0, {"end_reason": "Completed"},
     "interventions.csv:2: end_reason: 'Completed' is not one of completed, breached, "
     "revoked, transferred, other"),
    (0, {"accommodation_end": "Suitable"},
     "interventions.csv:2: accommodation_end: 'Suitable' is not one of suitable, unsuitable"),
    (0, {"ete_end": "yes"}, "interventions.csv:2: ete_end: 'yes' is not one of suitable"),
    (0, {"ete_status_end": "college"},
     "interventions.csv:2: ete_status_end: 'college' is not one of school"),
    (0, {"send_identified": "yes"},
     "interventions.csv:2: send_identified: 'yes' is not one of Y, N"),
    (1, {"child_protection_end": "y"},
     "interventions.csv:3: child_protection_end: 'y' is not one of Y, N"),
]


@pytest.mark.parametrize("index, values, expected", INTERVENTION_PROBLEMS,
                         ids=[e.split(": ")[1] + "-" + str(i)
                              for i, (_, _, e) in enumerate(INTERVENTION_PROBLEMS)])
def test_intervention_rejections(tmp_path, index, values, expected):
    folder = folder_with(tmp_path, interventions=changed(INTERVENTIONS, index, **values))
    problems = problems_of(folder)
    assert len(problems) == 1 and problems[0].startswith(expected), problems


@pytest.mark.parametrize("index, values, expected", [
    (1, {"engaged": "Y"}, "victims.csv:3: engaged: 'Y' but consented is N"),
    (0, {"consented": ""}, "victims.csv:2: consented: '' is not one of Y, N"),
    (0, {"engaged": "yes"}, "victims.csv:2: engaged: 'yes' is not one of Y, N"),
    (1, {"victim_id": "v1"}, "victims.csv:3: victim_id: duplicate victim_id 'v1' "
                             "(first on line 2)"),
    (0, {"contact_date": "2024-02-30"},
     "victims.csv:2: contact_date: '2024-02-30' is not a date in YYYY-MM-DD form"),
    (0, {"local_authority": "L9"},
     "victims.csv:2: local_authority: 'L9' is not a code in local_authorities.csv"),
])
def test_victim_rejections(tmp_path, index, values, expected):
    problems = problems_of(folder_with(tmp_path, victims=changed(VICTIMS, index, **values)))
    assert len(problems) == 1 and problems[0].startswith(expected), problems


@pytest.mark.parametrize("index, values, expected", [
    (0, {"service": "L1"},
     "board_attendance.csv:2: service: 'L1' is not a service named in local_authorities.csv"),
    (1, {"partner": "police"},
     "board_attendance.csv:3: partner: repeated meeting_date 2024-01-15, service 'S1', "
     "partner 'police' (first on line 2)"),
    (0, {"partner": "Police"}, "board_attendance.csv:2: partner: 'Police' is not one of"),
    (0, {"attended": "y"}, "board_attendance.csv:2: attended: 'y' is not one of Y, N"),
    (1, {"meeting_date": ""}, "board_attendance.csv:3: meeting_date: '' is not a date"),
])
def test_board_attendance_rejections(tmp_path, index, values, expected):
    problems = problems_of(folder_with(tmp_path, board_rows=changed(BOARD, index, **values)))
    assert len(problems) == 1 and problems[0].startswith(expected), problems


@pytest.mark.parametrize("index, values, expected", [
    (0, {"end_date": "2023-12-31"},
     "remands.csv:2: end_date: 2023-12-31 is before start_date 2024-01-01"),
    (0, {"type": "secure_childrens_home"}, "remands.csv:2: type: 'secure_childrens_home' is "
                                           "not one of youth_detention_accommodation"),
    (0, {"result": "custody"}, "remands.csv:2: result: 'custody' is not one of "
                               "custodial_sentence, community_sentence, other"),
    (0, {"cost_per_night": "-1"},
     "remands.csv:2: cost_per_night: -1 is out of range (expected at least 0)"),
    (1, {"cost_per_night": "£80"}, "remands.csv:3: cost_per_night: '£80' is not a decimal"),
    (1, {"cost_per_night": "nan"}, "remands.csv:3: cost_per_night: 'nan' is not a decimal"),
    (1, {"remand_id": "r1"}, "remands.csv:3: remand_id: duplicate remand_id 'r1' "
                             "(first on line 2)"),
    (1, {"local_authority": ""}, "remands.csv:3: local_authority: '' is not a code"),
    (1, {"child_id": ""}, "remands.csv:3: child_id: value is empty"),
])
def test_remand_rejections(tmp_path, index, values, expected):
    problems = problems_of(folder_with(tmp_path, remands=changed(REMANDS, index, **values)))
    assert len(problems) == 1 and problems[0].startswith(expected), problems


def test_problems_in_several_local_files_are_all_reported(tmp_path):
    folder = folder_with(tmp_path, interventions=changed(INTERVENTIONS, 0, kind="youth"),
                         victims=changed(VICTIMS, 1, engaged="Y"),
                         board_rows=changed(BOARD, 1, service="S9"),
                         remands=changed(REMANDS, 1, type="YDA"))
    outcomes = [dict(OUTCOMES[0], sex="X")]
    write_folder(folder, AUTHORITIES, POPULATION, outcomes)
    assert [p.split(": ")[:2] for p in problems_of(folder)] == [
        ["outcomes.csv:2", "sex"], ["interventions.csv:2", "kind"], ["victims.csv:3", "engaged"],
        ["board_attendance.csv:3", "service"], ["remands.csv:3", "type"]]


def test_missing_columns_header_only_files_and_an_absent_cost_column(tmp_path):
    folder = folder_with(tmp_path, interventions=[], victims=[], board_rows=[])
    columns = [c for c in REMAND_COLUMNS if c != "cost_per_night"]
    write_csv(folder / "remands.csv", columns, [{c: r[c] for c in columns} for r in REMANDS])
    local = read_import_folder(folder).local   # header-only files are fine (optional)
    assert (local.interventions, local.victims, local.board_attendance) == ([], [], [])
    assert [r["cost_per_night"] for r in local.remands] == [None, None]
    write_csv(folder / "victims.csv", ["victim_id", "local_authority", "contact_date"], [])
    assert problems_of(folder) == [
        "victims.csv:1: consented: required column is missing from the header",
        "victims.csv:1: engaged: required column is missing from the header"]


@pytest.fixture
def engine(database_url):
    eng = get_engine(database_url)
    yield eng
    eng.dispose()


def test_local_files_load_and_a_bad_one_changes_nothing(tmp_path, engine):
    load_folder(folder_with(tmp_path / "good"), engine)
    with engine.connect() as conn:
        assert sorted(conn.execute(select(Intervention.intervention_id)).scalars()) == [
            "i1", "i2"]
        assert conn.execute(select(Remand.end_day).where(Remand.remand_id == "r1")).scalar() \
            == 738888   # date(2024, 1, 3).toordinal()
    before = snapshot(engine)
    bad = folder_with(tmp_path / "bad", remands=changed(REMANDS, 1, end_date="2023-01-01"))
    with pytest.raises(LoadError):
        load_folder(bad, engine)
    assert snapshot(engine) == before
    # A later load without the local files empties their tables.
    load_folder(write_folder(tmp_path / "plain", AUTHORITIES, POPULATION, OUTCOMES), engine)
    with engine.connect() as conn:
        assert list(conn.execute(select(Intervention.intervention_id)).scalars()) == []
