"""Command line: `python -m dashboard load|export|generate|info|board-pack ...`."""
from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {text!r}") from exc


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dashboard",
                                     description="Youth justice performance dashboard")
    sub = parser.add_subparsers(dest="command", required=True)

    load = sub.add_parser("load", help="load an import folder (SPEC §1), replacing what was there")
    load.add_argument("directory", type=Path)
    load.add_argument("--if-empty", action="store_true",
                      help="only load when the database holds no data yet")

    export = sub.add_parser("export", help="write the SPEC §5 CSV files")
    export.add_argument("outdir", type=Path)
    export.add_argument("--as-of", type=_parse_date, default=None)

    generate = sub.add_parser("generate", help="write a synthetic import folder")
    generate.add_argument("outdir", type=Path)
    generate.add_argument("--seed", type=int, default=42)
    generate.add_argument("--services", type=int, default=3)
    generate.add_argument("--years", type=int, default=10)

    pack = sub.add_parser("board-pack", help="write the board pack PDF for an area and period")
    pack.add_argument("out", type=Path)
    pack.add_argument("--area", default=None,
                      help="'service:NAME', 'la:CODE' or 'all' (default: the first service)")
    pack.add_argument("--period", default=None,
                      help="quarter end YYYY-MM-DD (default: the latest period)")

    sub.add_parser("info", help="summarise what is loaded")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "load":
        # A load is a batch job: no per-statement time limit unless one is asked for.
        os.environ.setdefault("DB_STATEMENT_TIMEOUT_MS", "0")
        from dashboard.etl.loader import run_load_command
        return run_load_command(args.directory, if_empty=args.if_empty)
    if args.command == "export":
        from dashboard.core.db import get_engine
        from dashboard.output.export import export_all
        from dashboard.etl.loader import database_has_data
        if not database_has_data(get_engine()):
            print("Export failed: no data loaded; run `python -m dashboard load DIR` first.",
                  file=sys.stderr)
            return 1
        written = export_all(args.outdir, as_of=args.as_of)
        for path, rows in written.items():
            print(f"{path}: {rows} rows")
        return 0
    if args.command == "generate":
        from dashboard.etl.generate import generate
        summary = generate(args.outdir, seed=args.seed, services=args.services, years=args.years)
        print(summary)
        return 0
    if args.command == "board-pack":
        from dashboard.output.board_pack import write_board_pack
        try:
            size = write_board_pack(args.out, area=args.area, period=args.period)
        except RuntimeError as exc:
            print(f"Board pack failed: {exc}", file=sys.stderr)
            return 1
        print(f"Wrote {args.out} ({size:,} bytes)")
        return 0
    if args.command == "info":
        from dashboard.etl.loader import describe_load
        print(describe_load())
        return 0
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
