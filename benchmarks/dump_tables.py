"""Every table a load writes, ordered by all its columns, one text file per table: to
show two loads of one folder (say by two versions of the loader) wrote the same rows.

    python benchmarks/dump_tables.py sqlite:////tmp/before.db /tmp/dump-before
    python benchmarks/dump_tables.py sqlite:////tmp/after.db /tmp/dump-after
    diff -r /tmp/dump-before /tmp/dump-after

load_info's time stamp, duration and source are left out; the user tables are skipped.
"""
from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import create_engine, inspect, text

SKIPPED = {"app_user", "audit_event", "alembic_version"}


def dump(url: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    with engine.connect() as conn:
        quote = conn.dialect.identifier_preparer.quote
        for name in sorted(set(inspect(conn).get_table_names()) - SKIPPED):
            columns = [c["name"] for c in inspect(conn).get_columns(name)]
            if name == "load_info":
                columns = [c for c in columns if c not in ("loaded_at", "seconds", "source")]
            listed = ", ".join(quote(c) for c in columns)
            rows = conn.execute(text(f"SELECT {listed} FROM {quote(name)} ORDER BY {listed}"))
            with open(out / f"{name}.txt", "w", encoding="utf-8") as handle:
                handle.write("\t".join(columns) + "\n")
                for row in rows:
                    handle.write("\t".join(repr(v) for v in row) + "\n")
    engine.dispose()


if __name__ == "__main__":
    dump(sys.argv[1], Path(sys.argv[2]))
