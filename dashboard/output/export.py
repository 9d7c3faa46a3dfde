"""`python -m dashboard export OUTDIR [--as-of DATE]`: the five CSVs of SPEC §5."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine

from dashboard.core.db import get_engine
from dashboard.contract.selection import LEVELS, Selection
from dashboard.output.export_local import write_local
from queries import custody, disposals, disproportionality, fte, reoffending

EXPORTS = {
    "fte.csv": (fte.fte, fte.COLUMNS),
    "custody.csv": (custody.custody, custody.COLUMNS),
    "reoffending.csv": (reoffending.reoffending, reoffending.COLUMNS),
    "disposals.csv": (disposals.disposals, disposals.COLUMNS),
    "disproportionality.csv": (disproportionality.disproportionality,
                               disproportionality.COLUMNS),
}


def export_frame(engine: Engine, name: str, as_of: date | None = None) -> pd.DataFrame:
    function, columns = EXPORTS[name]
    frames = []
    for level in LEVELS:
        kwargs = {"as_of": as_of} if name == "reoffending.csv" else {}
        frames.append(function(engine, Selection(level=level), **kwargs)[columns])
    return pd.concat([f for f in frames if not f.empty] or frames, ignore_index=True)


def export_all(outdir: Path, as_of: date | None = None, engine: Engine | None = None) -> dict:
    """Write every file; ratios with a zero denominator are blank cells."""
    engine = engine or get_engine()
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    written = {}
    for name in EXPORTS:
        frame = export_frame(engine, name, as_of)
        path = outdir / name
        frame.to_csv(path, index=False, float_format="%.10g", date_format="%Y-%m-%d")
        written[str(path)] = len(frame)
    written.update(write_local(outdir, engine, as_of))  # kpis.csv, remands.csv (SPEC §5 v2)
    return written
