"""The local indicators' export files (CONTRACT §5 v2): kpis.csv, always written (serious
violence needs only outcomes), and remands.csv, written when remands.csv was loaded.

Rows come level by level like the other files (local authorities, services, `all`); within a
level by area_code, then period_end, then (kpis.csv) the KPI in CONTRACT §4c's table order.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine

from dashboard.analysis.kpis import with_intervals
from dashboard.contract.selection import LEVELS, Selection
from queries.kpis import kpis
from queries.remands import COLUMNS as REMAND_COLUMNS
from queries.remands import remands, remands_loaded

KPI_COLUMNS = ["area_type", "area_code", "area_name", "period_start", "period_end", "kpi",
               "numerator", "denominator", "value", "value_lower_95", "value_upper_95", "unit"]


def _levels(function) -> pd.DataFrame:
    frames = [function(Selection(level=level)) for level in LEVELS]
    return pd.concat([f for f in frames if not f.empty] or frames, ignore_index=True)


def kpi_frame(engine: Engine) -> pd.DataFrame:
    return _levels(lambda selection: with_intervals(kpis(engine, selection))[KPI_COLUMNS])


def remand_frame(engine: Engine, as_of: date | None = None) -> pd.DataFrame:
    return _levels(lambda selection: remands(engine, selection, as_of=as_of)[REMAND_COLUMNS])


def write_local(outdir: Path, engine: Engine, as_of: date | None = None) -> dict:
    """Write kpis.csv (and remands.csv when loaded); {path: rows}."""
    frames = {"kpis.csv": kpi_frame(engine)}
    if remands_loaded(engine):
        frames["remands.csv"] = remand_frame(engine, as_of)
    written = {}
    for name, frame in frames.items():
        path = Path(outdir) / name
        frame.to_csv(path, index=False, float_format="%.10g", date_format="%Y-%m-%d")
        written[str(path)] = len(frame)
    return written
