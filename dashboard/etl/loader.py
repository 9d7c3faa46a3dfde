"""`python -m dashboard load DIR`: validate, then replace everything in one transaction."""
from __future__ import annotations

import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, delete, func, insert, select, text
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from dashboard.contract import accounts  # noqa: F401 - registers the user tables on Base
from dashboard.etl import derive, migrate
from dashboard.etl.load_local import insert_local  # also registers the local tables
from dashboard.core.config import load_lock_wait
from dashboard.core.db import get_engine
from dashboard.contract.schema import (BASES, OUTCOME_TYPES, Base, Benchmark, CohortMember,
                                       CohortReoffence, FirstEntry, LoadedFile, LoadInfo,
                                       LocalAuthority, LookedAfterPopulation, Outcome,
                                       OutcomeType, Population, QuarterSummary, ReportingPeriod)
from dashboard.etl.validate import ImportData, LoadError, read_import_folder

CHUNK = 20_000
LOAD_LOCK_KEY = 0x594A_4C4F_4144  # "YJLOAD": the PostgreSQL advisory lock of a load


class LoadBusy(Exception):
    """Another load of the same database held the lock for longer than LOAD_LOCK_WAIT."""


def take_load_lock(conn, wait: float | None = None, say=None) -> None:
    """Make this transaction the only load of the database (call first in it).

    PostgreSQL: a transaction-level advisory lock; SQLite: BEGIN IMMEDIATE, the database's
    write lock. Either is released when the load commits or rolls back. A second load waits
    up to `wait` seconds (LOAD_LOCK_WAIT), saying so once, then raises LoadBusy. Readers
    (the dashboard) carry on meanwhile and see the old data until the load commits.
    """
    wait = load_lock_wait() if wait is None else wait
    deadline = time.monotonic() + wait
    said = False
    while True:
        if conn.dialect.name == "postgresql":
            if conn.execute(text("SELECT pg_try_advisory_xact_lock(:key)"),
                            {"key": LOAD_LOCK_KEY}).scalar():
                return
        elif conn.dialect.name == "sqlite":
            try:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
                return
            except OperationalError as exc:
                if "locked" not in str(exc.orig).lower() and "busy" not in str(exc.orig).lower():
                    raise
        else:
            return
        if time.monotonic() >= deadline:
            raise LoadBusy(f"another load of this database is still running after {wait:.0f} s "
                           "(LOAD_LOCK_WAIT); try again when it has finished")
        if not said and say is not None:
            say(f"Another load of this database is running; waiting up to {wait:.0f} s for "
                "it to finish...")
            said = True
        time.sleep(0.5)


def write_failure(exc: BaseException) -> str:
    """One line for an operator: why the database could not be written."""
    original = getattr(exc, "orig", None) or exc
    message = (str(original).strip().splitlines() or [type(original).__name__])[0][:200]
    full = getattr(original, "errno", None) == 28 or any(
        words in message.lower() for words in ("disk is full", "no space left", "disk full"))
    if full:
        return f"the disk is full ({message})"
    return f"the database could not be written ({type(original).__name__}: {message})"


def outcome_type_rows(local_types: list[dict]) -> list[dict]:
    """CONTRACT §2 codes in their order, then (v2) outcome_types.csv's local codes in file order."""
    national = [{"code": code, "label": label, "tier": tier, "substantive": sub,
                 "custodial": cust, "local": False}
                for code, (label, tier, sub, cust) in OUTCOME_TYPES.items()]
    local = [{**row, "local": True} for row in local_types]
    return [{**row, "sort_order": order} for order, row in enumerate(national + local)]


def _outcome_frame(rows: list[dict], type_rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    types = {r["code"]: (r["label"], r["tier"], r["substantive"], r["custodial"])
             for r in type_rows}
    frame["tier"] = [types[c][1] for c in frame["outcome_type"]]
    frame["substantive"] = [types[c][2] for c in frame["outcome_type"]]
    frame["custodial"] = [types[c][3] for c in frame["outcome_type"]]
    frame["in_age"] = frame["age"].between(10, 17)
    return frame


def _records(frame: pd.DataFrame) -> list[dict]:
    """Plain Python values (None for missing) so every driver accepts them."""
    clean = frame.astype(object).where(frame.notna(), None)
    return clean.to_dict("records")


def _insert(conn, table, frame_or_rows) -> None:
    rows = _records(frame_or_rows) if isinstance(frame_or_rows, pd.DataFrame) else frame_or_rows
    for start in range(0, len(rows), CHUNK):
        conn.execute(insert(table), rows[start:start + CHUNK])


def data_tables() -> list:
    """The tables a load replaces, dependants first; users and the audit log are kept."""
    return [table for table in reversed(Base.metadata.sorted_tables)
            if not table.info.get("survives_load")]


def ensure_schema(engine: Engine) -> None:
    """Create or upgrade the schema to the current revision (Alembic migrations)."""
    migrate.upgrade(engine)


def _insert_v2(conn, data: ImportData) -> None:
    """v2 imported tables (the outcome types are inserted above with the §2 ones)."""
    _insert(conn, LookedAfterPopulation.__table__, data.looked_after_population)
    _insert(conn, LoadedFile.__table__, [{"name": name, "rows": rows}
                                         for name, rows in data.files.items()])


def load_data(data: ImportData, engine: Engine, source: str, synthetic: bool = False) -> dict:
    """Replace the database contents with `data` and rebuild derived tables atomically."""
    started = time.perf_counter()
    type_rows = outcome_type_rows(data.outcome_types)
    outcomes = _outcome_frame(data.outcomes, type_rows)
    members = {basis: derive.cohort_members(outcomes, basis) for basis in BASES}
    reoffences = {basis: derive.cohort_reoffences(outcomes, members[basis], basis)
                  for basis in BASES}
    derived = {
        ReportingPeriod: derive.reporting_periods(outcomes),
        FirstEntry: derive.first_entries(outcomes),
        CohortMember: pd.concat(list(members.values()), ignore_index=True),
        CohortReoffence: pd.concat(list(reoffences.values()), ignore_index=True),
        QuarterSummary: derive.quarter_summary(outcomes),
    }
    as_of = max(outcomes["outcome_date"])
    summary = {
        "outcome_rows": len(outcomes),
        "children": int(outcomes["child_id"].nunique()),
        "first_outcome_date": min(outcomes["outcome_date"]),
        "as_of": as_of,
        "local_authorities": len(data.local_authorities),
        "services": len({la["service"] for la in data.local_authorities}),
        "population_rows": len(data.population),
        "benchmark_rows": len(data.benchmarks),
        "cohort_members": len(members[BASES[0]]),
    }
    ensure_schema(engine)
    with engine.begin() as conn:
        take_load_lock(conn, say=_say)
        for table in data_tables():
            conn.execute(delete(table))
        _insert(conn, OutcomeType.__table__, type_rows)
        _insert(conn, LocalAuthority.__table__, data.local_authorities)
        _insert(conn, Population.__table__, data.population)
        _insert(conn, Outcome.__table__, outcomes)
        _insert(conn, Benchmark.__table__, data.benchmarks)
        _insert_v2(conn, data)
        insert_local(conn, data.local, _insert)
        for model, frame in derived.items():
            _insert(conn, model.__table__, frame)
        summary["seconds"] = round(time.perf_counter() - started, 2)
        conn.execute(insert(LoadInfo.__table__), [{
            "id": 1, "loaded_at": datetime.now(timezone.utc).replace(tzinfo=None),
            "source": source[:500], "as_of": as_of,
            "first_outcome_date": summary["first_outcome_date"],
            "outcome_rows": summary["outcome_rows"], "children": summary["children"],
            "seconds": summary["seconds"], "synthetic": synthetic}])
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")
    summary["seconds"] = round(time.perf_counter() - started, 2)
    return summary


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def load_folder(directory: Path, engine: Engine | None = None) -> dict:
    engine = engine or get_engine()
    started = time.perf_counter()
    data = read_import_folder(Path(directory))
    synthetic = (Path(directory) / "README.txt").is_file() and "SYNTHETIC" in (
        Path(directory) / "README.txt").read_text(errors="ignore").upper()
    summary = load_data(data, engine, str(Path(directory).resolve()), synthetic=synthetic)
    summary["seconds"] = round(time.perf_counter() - started, 2)
    return summary


def database_has_data(engine: Engine) -> bool:
    ensure_schema(engine)
    with engine.connect() as conn:
        return bool(conn.execute(select(func.count()).select_from(LoadInfo)).scalar())


def format_summary(summary: dict) -> str:
    return (f"Loaded {summary['outcome_rows']:,} outcome rows for {summary['children']:,} "
            f"children across {summary['local_authorities']} local authorities "
            f"({summary['services']} services); outcomes dated "
            f"{summary['first_outcome_date']} to {summary['as_of']}; as-of date "
            f"{summary['as_of']}; {summary['cohort_members']:,} reoffending cohort places; "
            f"{summary['population_rows']:,} population rows; {summary['benchmark_rows']:,} "
            f"benchmark rows; took {summary['seconds']:.1f} s.")


def run_load_command(directory: Path, if_empty: bool = False) -> int:
    engine = get_engine()
    if if_empty and database_has_data(engine):
        print("Database already holds data; not loading (drop --if-empty to replace it).")
        return 0
    try:
        summary = load_folder(directory, engine)
    except (LoadError, LoadBusy) as exc:
        print(f"Load failed: {exc}", file=sys.stderr)
        return 1
    except (OSError, SQLAlchemyError) as exc:  # disk full, database gone: one line, no trace
        print(f"Load failed: {write_failure(exc)}. Nothing was changed: the database holds "
              "what it held before.", file=sys.stderr)
        return 1
    print(format_summary(summary))
    return 0


def describe_load(engine: Engine | None = None) -> str:
    engine = engine or get_engine()
    ensure_schema(engine)
    with engine.connect() as conn:
        info = conn.execute(select(LoadInfo)).mappings().first()
    if info is None:
        return "No data loaded."
    return (f"{info['outcome_rows']:,} outcome rows, {info['children']:,} children, "
            f"{info['first_outcome_date']} to {info['as_of']} (as of {info['as_of']}), "
            f"loaded {info['loaded_at']:%Y-%m-%d %H:%M} UTC from {info['source']}")
