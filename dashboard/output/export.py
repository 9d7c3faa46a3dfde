"""`python -m dashboard export OUTDIR [--as-of DATE]`: the CSVs of CONTRACT §5.

v1 files keep their columns in their order; v2 columns come after them, so v1 readers keep
working. Queries give counts and rates; the intervals are added here from
dashboard.analysis.intervals.
"""
from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine

from dashboard.analysis.intervals import with_rate_interval, with_wilson_interval
from dashboard.contract.schema import ALL_OUTCOMES_BASIS
from dashboard.contract.selection import LEVELS, Selection
from dashboard.core.db import get_engine
from dashboard.output.export_local import write_local
from queries import custody, disposals, disproportionality, fte, looked_after, reoffending

RATE_INTERVAL = ["rate_lower_95", "rate_upper_95"]
BINARY_INTERVAL = ["binary_rate_lower_95", "binary_rate_upper_95"]


def _same(frame: pd.DataFrame) -> pd.DataFrame:
    return frame


def _reoffending_interval(frame: pd.DataFrame) -> pd.DataFrame:
    return with_wilson_interval(frame, "reoffenders", "cohort_size", "binary_rate")


# name -> (query, columns, v2 columns added by analysis); reoffending files take as_of.
EXPORTS = {
    "fte.csv": (fte.fte, fte.COLUMNS + RATE_INTERVAL,
                partial(with_rate_interval, count="fte_count", per=100_000)),
    "custody.csv": (custody.custody, custody.COLUMNS + RATE_INTERVAL,
                    partial(with_rate_interval, count="custodial_sentences", per=1000)),
    "reoffending.csv": (reoffending.reoffending, reoffending.COLUMNS + BINARY_INTERVAL,
                        _reoffending_interval),
    "disposals.csv": (disposals.disposals, disposals.COLUMNS, _same),
    "disproportionality.csv": (disproportionality.disproportionality,
                               disproportionality.COLUMNS, _same),
}

# --- v2 files -------------------------------------------------------------------------
V2_EXPORTS = {
    "reoffending_all_outcomes.csv": (partial(reoffending.reoffending, basis=ALL_OUTCOMES_BASIS),
                                     reoffending.COLUMNS + BINARY_INTERVAL,
                                     _reoffending_interval),
    "looked_after.csv": (looked_after.looked_after, looked_after.COLUMNS, _same),
}
AS_OF_FILES = {"reoffending.csv", "reoffending_all_outcomes.csv"}
# Written only when their input file was loaded: name -> whether it applies.
CONDITIONAL = {"looked_after.csv": looked_after.looked_after_loaded}


def _spec(name: str):
    return EXPORTS[name] if name in EXPORTS else V2_EXPORTS[name]


def export_frame(engine: Engine, name: str, as_of: date | None = None) -> pd.DataFrame:
    function, columns, add_columns = _spec(name)
    frames = []
    for level in LEVELS:
        kwargs = {"as_of": as_of} if name in AS_OF_FILES else {}
        frames.append(add_columns(function(engine, Selection(level=level), **kwargs))[columns])
    return pd.concat([f for f in frames if not f.empty] or frames, ignore_index=True)


def export_names(engine: Engine) -> list[str]:
    """The files this load exports: every v1 file, then the v2 files that apply."""
    return list(EXPORTS) + [name for name in V2_EXPORTS
                            if name not in CONDITIONAL or CONDITIONAL[name](engine)]


def export_all(outdir: Path, as_of: date | None = None, engine: Engine | None = None) -> dict:
    """Write every file; ratios with a zero denominator are blank cells."""
    engine = engine or get_engine()
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    written = {}
    for name in export_names(engine):
        frame = export_frame(engine, name, as_of)
        path = outdir / name
        frame.to_csv(path, index=False, float_format="%.10g", date_format="%Y-%m-%d")
        written[str(path)] = len(frame)
    written.update(write_local(outdir, engine, as_of))  # kpis.csv, remands.csv (CONTRACT §5 v2)
    return written
