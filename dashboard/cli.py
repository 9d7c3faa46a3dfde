"""Command line: `python -m dashboard load|export|generate|info|board-pack|pack-worker|users|audit ...`."""
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

    load = sub.add_parser("load", help="load an import folder (CONTRACT §1), replacing what was there")
    load.add_argument("directory", type=Path)
    load.add_argument("--if-empty", action="store_true",
                      help="only load when the database holds no data yet")
    load.add_argument("--no-prewarm", action="store_true",
                      help="do not prewarm the shared cache (REDIS_URL) after the load")

    export = sub.add_parser("export", help="write the CONTRACT §5 CSV files")
    export.add_argument("outdir", type=Path)
    export.add_argument("--as-of", type=_parse_date, default=None)

    generate = sub.add_parser("generate", help="write a synthetic import folder")
    generate.add_argument("outdir", type=Path)
    generate.add_argument("--seed", type=int, default=42)
    generate.add_argument("--services", type=int, default=3)
    generate.add_argument("--years", type=int, default=10)

    sub.add_parser("pack-worker", help="make the board packs asked for on the web, when the "
                                       "web servers queue them (BOARD_PACK_RUNNER=worker)")
    pack = sub.add_parser("board-pack", help="write the board pack PDF for an area and period")
    pack.add_argument("out", type=Path)
    pack.add_argument("--area", default=None,
                      help="'service:NAME', 'la:CODE' or 'all' (default: the first service)")
    pack.add_argument("--period", default=None,
                      help="quarter end YYYY-MM-DD (default: the latest period)")
    pack.add_argument("--summary", action="store_true",
                      help="the report alone (about ten pages), without the appendix of tables")
    pack.add_argument("--publication", action="store_true",
                      help="for publication: counts from 1 to 4 shown as <5, as board members "
                           "see them (SUPPRESS_BELOW)")

    sub.add_parser("info", help="summarise what is loaded")
    prewarm = sub.add_parser("prewarm", help="build every service's default view of every "
                                             "page into the shared cache (REDIS_URL)")
    prewarm.add_argument("--limit", type=int, default=None,
                         help="only the first N services (a quick check)")
    _add_account_commands(sub)
    return parser


def _add_account_commands(sub) -> None:
    from dashboard.contract.accounts import ROLES
    users = sub.add_parser("users", help="add, list, change or remove dashboard users")
    actions = users.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="add a user (prints a generated password once)")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--scope", default=None,
                     help="comma-separated local authority codes (default: every authority)")
    how = add.add_mutually_exclusive_group()
    how.add_argument("--password-stdin", action="store_true",
                     help="read the password from the first line of standard input")
    how.add_argument("--no-password", action="store_true",
                     help="no password: signs in only through AUTH_MODE=header")
    actions.add_parser("list", help="list users, roles and scopes")
    for name, text in (("remove", "delete a user"), ("disable", "stop a user signing in"),
                       ("enable", "let a disabled user sign in again")):
        actions.add_parser(name, help=text).add_argument("username")
    role = actions.add_parser("set-role", help="change a user's role")
    role.add_argument("username")
    role.add_argument("role", choices=ROLES)
    scope = actions.add_parser("set-scope", help="change the authorities a user may see")
    scope.add_argument("username")
    scope.add_argument("scope", help="comma-separated local authority codes, or 'all'")
    password = actions.add_parser("set-password", help="set a new password (ends sessions)")
    password.add_argument("username")
    password.add_argument("--password-stdin", action="store_true")

    demo = sub.add_parser("demo-users", help="create the demo users (bundled sample data only)")
    demo.add_argument("--force", action="store_true",
                      help="create them even when the database does not hold the sample")
    audit = sub.add_parser("audit", help="list the audit log, newest last")
    audit.add_argument("--limit", type=int, default=50)


def _audit(action: str, detail: dict) -> None:
    from dashboard.web.user_admin import audit_cli
    audit_cli(action, detail)


def _load(args) -> int:
    """Loads are audited here, not in the loader: the audit log belongs to a higher layer."""
    from dashboard.core.db import get_engine
    from dashboard.etl.loader import database_has_data, run_load_command
    skipped = args.if_empty and database_has_data(get_engine())
    code = run_load_command(args.directory, if_empty=args.if_empty)
    if not skipped:
        _audit("load", {"directory": str(args.directory.resolve()), "ok": code == 0})
    if code == 0 and not skipped and not args.no_prewarm and os.environ.get("REDIS_URL"):
        return _prewarm(None)
    return code


def _prewarm(limit: int | None) -> int:
    """Warm the shared cache the web workers read; pointless with an in-process cache."""
    if not os.environ.get("REDIS_URL", "").strip():
        print("The cache is in-process (REDIS_URL is not set): each web worker warms its own "
              "as pages are visited, so prewarming from here would not reach them. Set "
              "REDIS_URL (the same as the web workers') to share one cache.")
        return 0
    from dashboard.app_factory import create_app
    from dashboard.web.prewarm import prewarm
    summary = prewarm(create_app(), limit=limit)
    print(f"Prewarmed {summary['requests']} page views in {summary['seconds']} s"
          + (f"; {summary['failed']} failed" if summary["failed"] else "") + ".")
    return 1 if summary["failed"] else 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "load":
        # A load is a batch job: no per-statement time limit unless one is asked for.
        os.environ.setdefault("DB_STATEMENT_TIMEOUT_MS", "0")
        return _load(args)
    if args.command == "export":
        from dashboard.core.db import get_engine
        from dashboard.output.export import export_all
        from dashboard.etl.loader import database_has_data
        if not database_has_data(get_engine()):
            print("Export failed: no data loaded; run `python -m dashboard load DIR` first.",
                  file=sys.stderr)
            return 1
        written = export_all(args.outdir, as_of=args.as_of)
        _audit("export", {"outdir": str(args.outdir), "as_of": args.as_of})
        for path, rows in written.items():
            print(f"{path}: {rows} rows")
        return 0
    if args.command == "generate":
        from dashboard.etl.generate import generate
        summary = generate(args.outdir, seed=args.seed, services=args.services, years=args.years)
        print(summary)
        return 0
    if args.command == "pack-worker":
        import logging

        from dashboard.output import pack_jobs
        logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                            format="%(asctime)s [pack-worker] %(levelname)s %(message)s")
        pack_jobs.work()
        return 0
    if args.command == "board-pack":
        from dashboard.output.board_pack import PackError, write_board_pack
        try:
            size, missing = write_board_pack(args.out, area=args.area, period=args.period,
                                             summary_only=args.summary,
                                             publication=args.publication)
        except PackError as exc:
            print(f"Board pack failed: {exc}", file=sys.stderr)
            return 1
        _audit("board_pack", {"out": str(args.out), "area": args.area, "period": args.period,
                              "summary": args.summary, "publication": args.publication})
        for words in missing:
            print(f"Warning: not drawn: {words} (marked in the pack)", file=sys.stderr)
        print(f"Wrote {args.out} ({size:,} bytes)")
        return 0
    if args.command == "users":
        from dashboard.web.user_admin import run_users_command
        return run_users_command(args)
    if args.command == "demo-users":
        from dashboard.web.user_admin import run_demo_users
        return run_demo_users(force=args.force)
    if args.command == "audit":
        from dashboard.web.user_admin import run_audit_command
        return run_audit_command(args.limit)
    if args.command == "prewarm":
        return _prewarm(args.limit)
    if args.command == "info":
        from dashboard.etl.loader import describe_load
        print(describe_load())
        return 0
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
