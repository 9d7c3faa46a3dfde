"""The `users`, `demo-users` and `audit` commands (argument parsing is in dashboard/cli.py).

Every change is written to the audit log as `cli:<operating-system user>`.
"""
from __future__ import annotations

import getpass
import json
import secrets
import sys

from sqlalchemy import Engine, select

from dashboard.contract.schema import LoadInfo
from dashboard.core.config import SAMPLE_DATA_DIR
from dashboard.core.db import get_engine
from dashboard.web import users
from dashboard.web.audit import list_events, record_event

# Demo accounts for the bundled synthetic sample only; the password is "demo-" + the name.
DEMO_USERS = (("board", "board", None), ("manager", "manager", None),
              ("analyst", "analyst", None), ("admin", "admin", None),
              ("kingsmoor-manager", "manager", ("E06900001",)))


def cli_user() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # noqa: BLE001 - no login name in some containers
        return "cli"


def audit_cli(action: str, detail=None, engine: Engine | None = None) -> None:
    record_event(engine or get_engine(), cli_user(), action, detail)


def _scope_words(scope) -> str:
    return ",".join(scope) if scope else "all"


def _parse_scope(text: str | None):
    if text is None or text.strip().lower() in ("", "all"):
        return None
    return [code.strip() for code in text.split(",") if code.strip()]


def _new_password(args) -> tuple[str, bool]:
    """(password, generated): the first line of stdin, or a random one to print once."""
    if getattr(args, "password_stdin", False):
        return users.check_password(sys.stdin.readline().rstrip("\r\n")), False
    return secrets.token_urlsafe(12), True


def run_users_command(args) -> int:
    engine = get_engine()
    try:
        return _users(engine, args)
    except (ValueError, LookupError) as exc:
        print(f"users {args.action} failed: {exc.args[0] if exc.args else exc}",
              file=sys.stderr)
        return 1


def _users(engine: Engine, args) -> int:
    action = args.action
    if action == "list":
        rows = users.list_users(engine)
        if not rows:
            print("No users. Add one with `python -m dashboard users add NAME --role ROLE`.")
        for u in rows:
            state = " (disabled)" if u.disabled else ""
            print(f"{u.username:24} {u.role:8} scope={_scope_words(u.scope)}{state}  "
                  f"created {u.created_at:%Y-%m-%d %H:%M}")
        return 0
    if action == "add":
        password, generated = (None, False) if args.no_password else _new_password(args)
        user = users.add_user(engine, args.username, args.role, password,
                              _parse_scope(args.scope))
        audit_cli("user_add", {"user": user.username, "role": user.role,
                               "scope": _scope_words(user.scope)}, engine)
        print(f"Added {user.username} ({user.role}, scope {_scope_words(user.scope)}).")
        if generated:
            print(f"Password (shown once, give it to the user): {password}")
        return 0
    if action == "remove":
        if not users.remove_user(engine, args.username):
            raise LookupError(f"no user {args.username!r}")
        audit_cli("user_remove", {"user": args.username.strip().lower()}, engine)
        print(f"Removed {args.username}.")
        return 0
    if action == "set-role":
        user = users.set_role(engine, args.username, args.role)
        audit_cli("user_set_role", {"user": user.username, "role": user.role}, engine)
    elif action == "set-scope":
        user = users.set_scope(engine, args.username, _parse_scope(args.scope))
        audit_cli("user_set_scope", {"user": user.username,
                                     "scope": _scope_words(user.scope)}, engine)
    elif action == "set-password":
        password, generated = _new_password(args)
        user = users.set_password(engine, args.username, password)
        audit_cli("user_set_password", {"user": user.username}, engine)
        if generated:
            print(f"New password (shown once): {password}")
    elif action in ("disable", "enable"):
        user = users.set_disabled(engine, args.username, action == "disable")
        audit_cli(f"user_{action}", {"user": user.username}, engine)
    else:
        return 2
    print(f"{user.username}: role {user.role}, scope {_scope_words(user.scope)}"
          f"{', disabled' if user.disabled else ''}.")
    return 0


def holds_bundled_sample(engine: Engine) -> bool:
    """True when the last load was the synthetic sample_data/ folder shipped in the repo."""
    from dashboard.etl.loader import database_has_data
    if not database_has_data(engine):
        return False
    with engine.connect() as conn:
        info = conn.execute(select(LoadInfo.source, LoadInfo.synthetic)).first()
    return bool(info and info.synthetic and info.source == str(SAMPLE_DATA_DIR.resolve()))


def run_demo_users(force: bool = False) -> int:
    engine = get_engine()
    if not force and not holds_bundled_sample(engine):
        print("Not creating demo users: the database does not hold the bundled sample data "
              "(use `python -m dashboard users add`, or `demo-users --force` to insist).")
        return 0
    for name, role, scope in DEMO_USERS:
        if users.get_user(engine, name):
            users.remove_user(engine, name)  # reset: the printed password must be right
        users.add_user(engine, name, role, f"demo-{name}", scope)
    audit_cli("demo_users", {"users": [name for name, _, _ in DEMO_USERS]}, engine)
    print("Demo users (synthetic sample only; never use these passwords elsewhere):")
    for name, role, scope in DEMO_USERS:
        print(f"  {name:18} password demo-{name:18} {role:8} scope {_scope_words(scope)}")
    return 0


def run_audit_command(limit: int) -> int:
    events = list_events(get_engine(), limit)
    if not events:
        print("The audit log is empty.")
    for e in reversed(events):  # oldest first, like a log file
        detail = json.loads(e["detail"]) if e["detail"] else ""
        print(f"{e['at']:%Y-%m-%d %H:%M:%S}  {e['username'] or '-':20} {e['action']:18} "
              f"{e['ip'] or '-':15} {json.dumps(detail) if detail else ''}".rstrip())
    return 0

