"""Tiny hand-written import folders for the integration tests (CONTRACT §1 format).

Each test writes a handful of rows into tmp_path, so every expected figure can be worked
out by hand in a comment next to the assertion.
"""
from __future__ import annotations

import csv
import math
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, MetaData, select

from dashboard.core.db import get_engine
from dashboard.etl.loader import load_folder

LA_COLUMNS = ["code", "name", "service", "region", "family"]
POP_COLUMNS = ["local_authority", "year", "sex", "age", "ethnicity", "population"]
OUTCOME_COLUMNS = ["outcome_id", "child_id", "local_authority", "offence_date", "outcome_date",
                   "outcome_type", "sex", "age", "ethnicity", "looked_after", "offence_group",
                   "gravity"]
BENCHMARK_COLUMNS = ["indicator", "period_end", "area_type", "area_name", "value"]
INTERVENTION_FLAGS = ["send_identified", "send_plan", "mental_health_need",
                      "mental_health_intervention", "substance_need", "substance_intervention",
                      "looked_after_end", "child_in_need_end", "child_protection_end"]
INTERVENTION_COLUMNS = ["intervention_id", "child_id", "local_authority", "kind", "start_date",
                        "end_date", "end_reason", "accommodation_end", "ete_end",
                        "ete_status_end", *INTERVENTION_FLAGS]
VICTIM_COLUMNS = ["victim_id", "local_authority", "contact_date", "consented", "engaged"]
BOARD_COLUMNS = ["meeting_date", "service", "partner", "attended"]
REMAND_COLUMNS = ["remand_id", "child_id", "local_authority", "start_date", "end_date", "type",
                  "result", "cost_per_night"]
YDA, LAA = "youth_detention_accommodation", "local_authority_accommodation"


def la(code: str, service: str, name: str | None = None, region: str = "South West",
       family: str = "") -> dict:
    return {"code": code, "name": name or f"{code} council", "service": service,
            "region": region, "family": family}


def pop(local_authority: str, year: int, population: int, ethnicity: str = "White",
        sex: str = "M", age: int = 15) -> dict:
    return {"local_authority": local_authority, "year": year, "sex": sex, "age": age,
            "ethnicity": ethnicity, "population": population}


def out(outcome_id: str, child_id: str, local_authority: str, outcome_date: str,
        outcome_type: str, age: int = 15, offence_date: str | None = None,
        ethnicity: str = "White", sex: str = "M", looked_after: str = "N",
        offence_group: str = "Theft", gravity: str = "3") -> dict:
    """One outcomes.csv row; the offence date defaults to the outcome date."""
    return {"outcome_id": outcome_id, "child_id": child_id, "local_authority": local_authority,
            "offence_date": offence_date or outcome_date, "outcome_date": outcome_date,
            "outcome_type": outcome_type, "sex": sex, "age": age, "ethnicity": ethnicity,
            "looked_after": looked_after, "offence_group": offence_group, "gravity": gravity}


@contextmanager
def loaded_for_builds(folder: Path, url: str):
    """`folder` loaded into the database at `url`, and DATABASE_URL pointing at it (what
    the page builds' get_engine() reads) for the duration; yields the engine."""
    engine = get_engine(url)
    load_folder(folder, engine)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", url)
        yield engine
    engine.dispose()


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_folder(folder: Path, authorities: list[dict], population: list[dict],
                 outcomes: list[dict], benchmarks: list[dict] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(folder / "local_authorities.csv", LA_COLUMNS, authorities)
    write_csv(folder / "population.csv", POP_COLUMNS, population)
    write_csv(folder / "outcomes.csv", OUTCOME_COLUMNS, outcomes)
    if benchmarks is not None:
        write_csv(folder / "benchmarks.csv", BENCHMARK_COLUMNS, benchmarks)
    return folder


def intervention(intervention_id: str, local_authority: str, kind: str, end_date: str = "",
                 end_reason: str | None = None, start_date: str = "2024-01-01",
                 child_id: str | None = None, **fields: str) -> dict:
    """One interventions.csv row; unnamed fields are empty (not recorded). The end reason
    defaults to `completed` for an ended intervention and empty for an open one."""
    unknown = set(fields) - set(INTERVENTION_COLUMNS)
    assert not unknown, unknown
    row = {c: "" for c in INTERVENTION_COLUMNS}
    row.update(intervention_id=intervention_id, child_id=child_id or f"child-{intervention_id}",
               local_authority=local_authority, kind=kind, start_date=start_date,
               end_date=end_date,
               end_reason=("completed" if end_date else "") if end_reason is None else end_reason,
               **fields)
    return row


def victim(victim_id: str, local_authority: str, contact_date: str, consented: str,
           engaged: str) -> dict:
    return {"victim_id": victim_id, "local_authority": local_authority,
            "contact_date": contact_date, "consented": consented, "engaged": engaged}


def board(meeting_date: str, service: str, partner: str, attended: str) -> dict:
    return {"meeting_date": meeting_date, "service": service, "partner": partner,
            "attended": attended}


def remand(remand_id: str, child_id: str, local_authority: str, start_date: str,
           end_date: str, type_: str, result: str = "", cost: str = "") -> dict:
    return {"remand_id": remand_id, "child_id": child_id, "local_authority": local_authority,
            "start_date": start_date, "end_date": end_date, "type": type_, "result": result,
            "cost_per_night": cost}


def write_local(folder: Path, interventions: list[dict] | None = None,
                victims: list[dict] | None = None, board_rows: list[dict] | None = None,
                remands: list[dict] | None = None) -> Path:
    """The optional local-indicator files; a file is written only when rows are given
    (an empty list writes a header-only file)."""
    for name, columns, rows in (("interventions.csv", INTERVENTION_COLUMNS, interventions),
                                ("victims.csv", VICTIM_COLUMNS, victims),
                                ("board_attendance.csv", BOARD_COLUMNS, board_rows),
                                ("remands.csv", REMAND_COLUMNS, remands)):
        if rows is not None:
            write_csv(folder / name, columns, rows)
    return folder


def wilson_pct(x: int, n: int) -> tuple[float, float]:
    """CONTRACT §4 v2 Wilson score interval in percent, written out independently."""
    z = 1.959963984540054
    centre, spread = 2 * x + z * z, z * math.sqrt(z * z + 4 * x * (1 - x / n))
    return (centre - spread) / (2 * (n + z * z)) * 100, (centre + spread) / (2 * (n + z * z)) * 100


def read_csv(path: Path) -> list[dict]:
    """A CSV as a list of dicts of strings (blank cells stay '')."""
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def header(path: Path) -> list[str]:
    with open(path, newline="", encoding="utf-8") as handle:
        return next(csv.reader(handle))


def d(text: str) -> date:
    return date.fromisoformat(text)


def is_empty(value) -> bool:
    """True for a missing value (None, NaN, pandas NA)."""
    if value is None:
        return True
    try:
        return bool(value != value) or str(value) in ("<NA>", "nan", "NaT")
    except TypeError:  # pd.NA comparisons raise in a boolean context
        return True


def rri_interval(a: int, n1: int, c: int, n2: int) -> tuple[float, float]:
    """CONTRACT §4: exp(ln RRI ± 1.96 sqrt(1/a − 1/n1 + 1/c − 1/n2)), written out independently."""
    rri = (a / n1) / (c / n2)
    half_width = 1.96 * math.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2)
    return math.exp(math.log(rri) - half_width), math.exp(math.log(rri) + half_width)


def snapshot(engine: Engine, skip_columns: dict[str, set[str]] | None = None) -> dict:
    """Every table's rows, sorted, for before/after comparisons."""
    skip_columns = skip_columns or {}
    meta = MetaData()
    meta.reflect(engine)
    result = {}
    with engine.connect() as conn:
        for name, table in sorted(meta.tables.items()):
            columns = [c for c in table.c if c.name not in skip_columns.get(name, set())]
            rows = conn.execute(select(*columns)).all()
            result[name] = sorted((tuple(str(v) for v in row) for row in rows))
    return result


@dataclass
class Row:
    """Pick one row out of a DataFrame by column values and return it as a dict."""
    frame: object

    def __call__(self, **where) -> dict:
        frame = self.frame
        mask = None
        for column, value in where.items():
            hit = frame[column] == value
            mask = hit if mask is None else mask & hit
        picked = frame[mask]
        assert len(picked) == 1, f"expected one row for {where}, found {len(picked)}"
        return picked.iloc[0].to_dict()


# --- v2 optional files ------------------------------------------------------------------
OUTCOME_TYPE_COLUMNS = ["code", "label", "tier", "substantive", "custodial"]
LOOKED_AFTER_COLUMNS = ["local_authority", "year", "population"]
BENCHMARK_V2_COLUMNS = BENCHMARK_COLUMNS + ["numerator", "denominator"]


def otype(code: str, tier: str, substantive: str = "no", custodial: str = "no",
          label: str | None = None) -> dict:
    """One outcome_types.csv row."""
    return {"code": code, "label": label or code.replace("_", " ").capitalize(), "tier": tier,
            "substantive": substantive, "custodial": custodial}


def bench(indicator: str, period_end: str, area_type: str, area_name: str, value,
          numerator="", denominator="") -> dict:
    """One benchmarks.csv row with the v2 count columns."""
    return {"indicator": indicator, "period_end": period_end, "area_type": area_type,
            "area_name": area_name, "value": value, "numerator": numerator,
            "denominator": denominator}


def write_v2(folder: Path, outcome_types: list[dict] | None = None,
             looked_after: list[dict] | None = None,
             benchmarks: list[dict] | None = None) -> Path:
    """Add the optional v2 files (None: the file is not written)."""
    if outcome_types is not None:
        write_csv(folder / "outcome_types.csv", OUTCOME_TYPE_COLUMNS, outcome_types)
    if looked_after is not None:
        write_csv(folder / "looked_after_population.csv", LOOKED_AFTER_COLUMNS, looked_after)
    if benchmarks is not None:
        write_csv(folder / "benchmarks.csv", BENCHMARK_V2_COLUMNS, benchmarks)
    return folder
