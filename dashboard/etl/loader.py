"""`python -m dashboard load DIR`: validate, then replace everything in one transaction."""
from __future__ import annotations

import itertools
import re
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
from sqlalchemy import (Boolean, Date, Engine, Float, String, delete, func, insert, select,
                        text)
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from dashboard.contract import accounts  # noqa: F401 - registers the user tables on Base
from dashboard.etl import derive, migrate
from dashboard.etl.load_local import insert_local  # also registers the local tables
from dashboard.core.config import load_lock_wait
from dashboard.core.db import get_engine
from dashboard.contract.schema import (BASES, OUTCOME_TYPES, Base, Benchmark, CohortMember,
                                       CohortReoffence, FirstEntry, LoadedFile, LoadInfo,
                                       LocalAuthority, LookedAfterPopulation, Outcome,
                                       OutcomeType, PeriodSummary, Population, QuarterSummary,
                                       ReportingPeriod, AreaPeriod, CohortSummary,
                                       CohortAreaSummary, AreaLevelPeriod,
                                       CohortGroupSummary, LoadedChoice, PopulationSummary)
from dashboard.contract.local_schema import (Intervention, InterventionSummary,
                                             LocalQuarterSummary)
from dashboard.etl import local_summary
from dashboard.etl.validate import ImportData, LoadError, Rows, read_import_folder

BATCH = 50_000   # rows converted and sent at a time: bounds the load's extra memory
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


def _ensure_schema_beside_other_loads(engine: Engine, tries: int = 5) -> None:
    """ensure_schema, tried again when a load started at the same moment on a new database
    was creating the same tables (it then finds them made and has nothing to do)."""
    for attempt in range(tries):
        try:
            ensure_schema(engine)
            return
        except SQLAlchemyError:
            if attempt == tries - 1:
                raise
            time.sleep(1 + attempt)


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


def _frame(rows, names: list[str] | None = None) -> pd.DataFrame:
    """Validated rows as a frame, column by column. A validate.Rows gives its columns up as
    the frame takes them (the lists are freed one at a time, never two copies of a
    million rows); a list of dicts is read as before."""
    if isinstance(rows, Rows):
        names = list(rows.columns) if rows.columns else names or []
        return pd.DataFrame({name: pd.Series(rows.pop_column(name), dtype=None)
                             for name in names}, copy=False)
    names = list(rows[0]) if rows else names or []
    return pd.DataFrame({name: [row[name] for row in rows] for name in names})


def _outcome_frame(rows, type_rows: list[dict]) -> pd.DataFrame:
    """The validated outcome rows as one frame, with each row's tier and the flags of its
    outcome type (the Rows' columns are taken out as the frame is built)."""
    frame = _frame(rows, list(Outcome.__table__.columns.keys()))
    types = {r["code"]: (r["label"], r["tier"], r["substantive"], r["custodial"])
             for r in type_rows}
    frame["tier"] = frame["outcome_type"].map({c: t[1] for c, t in types.items()})
    frame["substantive"] = frame["outcome_type"].map({c: t[2] for c, t in types.items()}
                                                     ).astype(bool)
    frame["custodial"] = frame["outcome_type"].map({c: t[3] for c, t in types.items()}
                                                   ).astype(bool)
    frame["in_age"] = frame["age"].between(10, 17)
    return frame


def _frame_values(series: pd.Series, column) -> list:
    """A frame column as Python values every driver takes: None for missing, whole
    numbers as int (a column of integers with gaps is float in pandas)."""
    values = series.tolist()
    if series.hasnans:
        values = [None if v is None or v != v else v for v in values]
    if pd.api.types.is_float_dtype(series.dtype) and _python_type(column) is int:
        values = [None if v is None else int(v) for v in values]
    return values


def _python_type(column):
    try:
        return column.type.python_type
    except NotImplementedError:
        return None


def _batches(table, data):
    """(column names, values column by column) in batches of BATCH rows, in the table's
    column order; autoincrement keys the data lack are left to the database, scalar
    defaults filled in. `data`: a frame, a validate.Rows or a list of dicts."""
    frame, columnar = isinstance(data, pd.DataFrame), isinstance(data, Rows)
    present = set(data.columns) if frame or columnar else set(data[0])
    names = [c.name for c in table.columns if c.name in present]
    defaults = {c.name: c.default.arg for c in table.columns
                if c.name not in present and c.default is not None
                and getattr(c.default, "is_scalar", False)}
    for start in range(0, len(data), BATCH):
        if frame:
            part = data.iloc[start:start + BATCH]
            values = [_frame_values(part[name], table.c[name]) for name in names]
        elif columnar:
            values = [data.columns[name][start:start + BATCH] for name in names]
        else:
            part = data[start:start + BATCH]
            values = [[row.get(name) for row in part] for name in names]
        size = len(values[0]) if values else len(data[start:start + BATCH])
        values += [[value] * size for value in defaults.values()]
        yield names + list(defaults), values


# COPY's text format (PostgreSQL): tab between fields, \N for NULL, backslash escapes.
COPY_NULL = "\\N"
_COPY_SPECIAL = re.compile(r"[\\\t\n\r\b\f\v]")
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r",
                               "\b": "\\b", "\f": "\\f", "\v": "\\v"})


def _copy_column(values: list, column) -> list[str]:
    """One column of a batch as COPY text fields, formatted by the column's type."""
    kind = column.type
    if isinstance(kind, Boolean):
        return [COPY_NULL if v is None else ("t" if v else "f") for v in values]
    if isinstance(kind, Date):
        days = {day: day.isoformat() for day in set(values) if day is not None}
        days[None] = COPY_NULL
        return [days[v] for v in values]
    if isinstance(kind, String):
        text = [COPY_NULL if v is None else v for v in values]
        if _COPY_SPECIAL.search("".join(v for v in values if v is not None)):
            text = [v if v is COPY_NULL else v.translate(_COPY_ESCAPES) for v in text]
        return text
    if isinstance(kind, Float):
        return [COPY_NULL if v is None else repr(float(v)) for v in values]
    return [COPY_NULL if v is None else str(v) for v in values]


COPY_ROWS = 5_000   # rows per block written: the server reads one while the next is made


def _copy_blocks(table, names: list[str], values: list[list]):
    """A batch as blocks of COPY text of COPY_ROWS rows: rows joined in C, not written one
    by one."""
    fields = [_copy_column(column, table.c[name]) for name, column in zip(names, values)]
    for start in range(0, len(fields[0]) if fields else 0, COPY_ROWS):
        rows = zip(*(column[start:start + COPY_ROWS] for column in fields))
        yield "\n".join(map("\t".join, rows)) + "\n"


def _copy_text(table, names: list[str], values: list[list]) -> str:
    return "".join(_copy_blocks(table, names, values))


def _insert(conn, table, frame_or_rows) -> None:
    """Bulk insert inside the load's transaction: on PostgreSQL (psycopg 3) one COPY per
    table fed blocks of text; elsewhere one executemany per batch."""
    if len(frame_or_rows) == 0:
        return
    quote = conn.dialect.identifier_preparer.quote
    batches = _batches(table, frame_or_rows)
    if conn.dialect.name == "postgresql":
        names, values = next(batches)
        columns = ", ".join(quote(name) for name in names)
        raw = conn.connection.driver_connection
        with raw.cursor() as cursor:
            with cursor.copy(f"COPY {quote(table.name)} ({columns}) FROM STDIN") as copy:
                for names, values in itertools.chain([(names, values)], batches):
                    for block in _copy_blocks(table, names, values):
                        copy.write(block)
        return
    for names, values in batches:
        for i, column in enumerate(names):
            if isinstance(table.c[column].type, Date):
                days = {day: day.isoformat() for day in set(values[i]) if day is not None}
                days[None] = None
                values[i] = [days[v] for v in values[i]]
        columns = ", ".join(quote(name) for name in names)
        marks = ", ".join("?" for _ in names)
        conn.exec_driver_sql(f"INSERT INTO {quote(table.name)} ({columns}) "
                             f"VALUES ({marks})", list(zip(*values)))


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


def _bulk_settings(conn) -> None:
    """SQLite: a 64 MB page cache (it counts in the load's memory: 256 MB made the national
    load's peak 190 MB higher) and temporary B-trees in memory while the load builds its
    indexes (for this connection; WAL readers keep reading the previous data). PRAGMAs do
    not open a transaction, so the load lock's BEGIN IMMEDIATE still comes first.
    synchronous stays NORMAL (core/db.py): in WAL mode that is crash-safe (a crash or power
    cut loses at most the last commit, never corrupts), and the load is one commit."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA cache_size = -65536")   # 64 MB (of the load's memory)
        conn.exec_driver_sql("PRAGMA temp_store = MEMORY")


def load_data(data: ImportData, engine: Engine, source: str, synthetic: bool = False) -> dict:
    """Replace the database contents with `data` and rebuild derived tables atomically.

    Memory is bounded by taking each file's rows out of `data` as they go in (its Rows are
    emptied: the caller's copy is spent) and building each derived table from the
    outcomes frame only when it is inserted, then dropping it. All of it happens in the
    load's one transaction, so a failure anywhere leaves the database as it was."""
    started = time.perf_counter()
    type_rows = outcome_type_rows(data.outcome_types)
    authorities = list(data.local_authorities)
    summary = {
        "local_authorities": len(authorities),
        "services": len({la["service"] for la in authorities}),
        "population_rows": len(data.population),
        "benchmark_rows": len(data.benchmarks),
    }
    _ensure_schema_beside_other_loads(engine)
    with engine.begin() as conn:
        _bulk_settings(conn)   # before the lock: PRAGMAs, outside the transaction
        take_load_lock(conn, say=_say)
        for table in data_tables():
            conn.execute(delete(table))
        _insert(conn, OutcomeType.__table__, type_rows)
        _insert(conn, LocalAuthority.__table__, data.local_authorities)
        _insert(conn, Population.__table__, data.population)
        population = _frame(data.population, ["local_authority", "year", "sex", "age",
                                              "ethnicity", "population"])
        data.population = Rows()
        _insert(conn, PopulationSummary.__table__, derive.population_summary(population))
        del population
        _insert(conn, Benchmark.__table__, data.benchmarks)
        benchmark_areas = set(data.benchmarks.columns.get("area_name", ())
                              if isinstance(data.benchmarks, Rows)
                              else (row["area_name"] for row in data.benchmarks))
        data.benchmarks = Rows()
        _insert_v2(conn, data)
        local = insert_local(conn, data.local, _insert)
        data.local = None
        _insert(conn, InterventionSummary.__table__, local_summary.intervention_summary(
            local[Intervention.__table__], authorities))
        del local
        outcomes = _outcome_frame(data.outcomes, type_rows)
        data.outcomes = Rows()  # its columns now live in the frame
        as_of = max(outcomes["outcome_date"])
        summary.update({"outcome_rows": len(outcomes),
                        "children": int(outcomes["child_id"].nunique()),
                        "first_outcome_date": min(outcomes["outcome_date"]),
                        "as_of": as_of})
        _insert(conn, Outcome.__table__, outcomes)
        _insert(conn, LoadedChoice.__table__, pd.DataFrame({"dim": "markup", "value": (
            derive.markup_names(authorities, type_rows, benchmark_areas,
                                pd.unique(outcomes.loc[outcomes["in_age"], "offence_group"])))}))
        summary["cohort_members"] = _insert_derived(conn, outcomes, authorities)
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


def _insert_derived(conn, outcomes: pd.DataFrame, authorities: list[dict]) -> int:
    """Build each derived table (CONTRACT §4) from the outcomes frame, insert it and drop
    it before the next; the cohort tables one basis at a time. Returns the cohort places
    of the first basis (the load's summary)."""
    _insert(conn, LoadedChoice.__table__, pd.DataFrame(
        {"dim": "offence_group", "value": sorted(pd.unique(outcomes["offence_group"]))}))
    _insert(conn, LocalQuarterSummary.__table__,
            local_summary.local_quarter_summary(conn, outcomes, authorities))
    periods = derive.reporting_periods(outcomes)
    _insert(conn, ReportingPeriod.__table__, periods)
    firsts = derive.first_entries(outcomes)
    _insert(conn, FirstEntry.__table__, firsts)
    for part in derive.period_summary_parts(outcomes, firsts, authorities, periods):
        _insert(conn, PeriodSummary.__table__, part)
    del firsts
    presence = derive.area_periods(outcomes, periods)
    _insert(conn, AreaPeriod.__table__, presence)
    _insert(conn, AreaLevelPeriod.__table__, derive.summed_to_levels(
        presence, authorities, ["period_end"], ["rows", "indicator_rows"]))
    del presence
    _insert(conn, QuarterSummary.__table__, derive.quarter_summary(outcomes))
    places, kept_members, kept_reoffences = None, [], []
    keys = ["basis", "cohort_start", "child_id"]
    for basis in BASES:
        members = derive.cohort_members(outcomes, basis)
        _insert(conn, CohortMember.__table__, members)
        parts, per_member = [], []
        for part in derive.cohort_reoffence_parts(outcomes, members, basis):
            _insert(conn, CohortReoffence.__table__, part)
            parts.append(part[keys].copy())
            per_member.append(derive.member_reoffences(part))
        for summary in derive.cohort_group_summary_parts(
                members, pd.concat(per_member, ignore_index=True), authorities, basis):
            _insert(conn, CohortGroupSummary.__table__, summary)
        kept_reoffences += [part for part in parts if len(part)] or parts[:1]
        places = len(members) if places is None else places
        kept = keys + ["local_authority", "cohort_end"]
        # copies of the few columns kept (a selection could keep the whole frame alive);
        # no member: the frame has the keys alone, concatenated as it is, as before
        kept_members.append(members[kept].copy() if set(kept) <= set(members) else members)
        del members, parts, part, per_member
    cohorts = derive.cohort_summary(pd.concat(kept_members, ignore_index=True),
                                    pd.concat(kept_reoffences, ignore_index=True))
    _insert(conn, CohortSummary.__table__, cohorts)
    _insert(conn, CohortAreaSummary.__table__, derive.summed_to_levels(
        cohorts, authorities, ["basis", "cohort_start", "cohort_end"],
        ["cohort_size", "reoffenders", "reoffences"]))
    return places


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
