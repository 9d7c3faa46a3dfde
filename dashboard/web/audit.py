"""The audit log (`audit_event`): who signed in or failed to, exported, drilled, loaded.

Call `audit(action, detail)` from any callback or route: it takes the user and address
from the current request. Outside a request (command line) use `record_event` with an
explicit username. Writing the log must never break what is being logged, so failures
are logged to the application log instead of raised.

Actions in use: login, login_failed, login_throttled, logout, access_denied, drill_down,
drill_refused, board_pack, export (chart and summary-table CSVs, the command line's export),
export_refused, load, user_add, user_remove, user_set_role, user_set_scope,
user_set_password, user_disable, user_enable, demo_users. (Malformed callback requests
are refused with 400 and logged, not audited: dashboard/web/guard.py.)
"""
from __future__ import annotations

import json
import logging
import time
from datetime import timedelta

from flask import current_app, has_request_context, request
from sqlalchemy import Engine, func, insert, or_, select

from dashboard.contract.accounts import AuditEvent, ensure_account_tables, utcnow
from dashboard.core.config import load_lock_wait
from dashboard.core.db import get_engine

log = logging.getLogger(__name__)


MAX_DETAIL = 4000      # characters of an event's detail (a crafted request is not stored whole)
LOCKED_WAIT = 120      # at most, seconds the command line waits for a database busy with a load


def _detail_text(detail) -> str | None:
    if detail is None:
        return None
    text = json.dumps(detail, default=str, sort_keys=True)
    return text if len(text) <= MAX_DETAIL else text[:MAX_DETAIL] + "… (cut)"


def record_event(engine: Engine, username: str | None, action: str, detail=None,
                 ip: str | None = None) -> None:
    """Write one row; `detail` is anything JSON can hold (dates become strings, and it is
    cut to MAX_DETAIL characters).

    Outside a request (the command line) a database busy with a load is waited for, up
    to LOCKED_WAIT seconds, so a load's own audit row is not lost to the next load; no
    longer than a load itself waits for another (LOAD_LOCK_WAIT), so a load that gave up
    on a busy database says so at once rather than two minutes later."""
    patience = 0 if has_request_context() else min(LOCKED_WAIT, load_lock_wait())
    deadline = time.monotonic() + patience
    while True:
        try:
            ensure_account_tables(engine)
            with engine.begin() as conn:
                conn.execute(insert(AuditEvent), [{
                    "at": utcnow(), "username": (username or None) and username[:120],
                    "action": action[:40], "detail": _detail_text(detail),
                    "ip": (ip or None) and ip[:64]}])
            return
        except Exception as exc:  # noqa: BLE001 - see the module docstring
            if "locked" in str(exc).lower() and time.monotonic() < deadline:
                time.sleep(1)
                continue
            first = (str(exc).strip().splitlines() or [""])[0][:200]
            log.error("could not write audit event %s for %s: %s: %s", action, username,
                      type(exc).__name__, first)
            return


def client_ip() -> str | None:
    """The client's address: the connection's, or, when that is a trusted proxy
    (AUTH_TRUSTED_PROXIES), the nearest address in X-Forwarded-For that is not one. Behind
    a proxy every client would otherwise share its address, and one person's failed
    sign-ins would lock everyone out; from anyone else the header is ignored."""
    if not has_request_context():
        return None
    address = request.remote_addr
    trusted = current_app.config.get("AUTH_TRUSTED_PROXIES") or frozenset()
    if address in trusted:
        hops = [hop.strip() for hop in request.headers.get("X-Forwarded-For", "").split(",")]
        for hop in reversed([h for h in hops if h][-10:]):
            if hop not in trusted:
                return hop[:64]
    return address


def audit(action: str, detail=None) -> None:
    """Record `action` by the signed-in user (e.g. audit("export", {"chart": ..., "area": ...}))."""
    from dashboard.web.session import current_username
    record_event(get_engine(), current_username(), action, detail, client_ip())


def recent_failures(engine: Engine, username: str | None, ip: str | None,
                    seconds: int) -> int:
    """Failed logins for this username or from this address in the last `seconds`.

    Counted in the database, so every gunicorn worker sees the same count.
    """
    since = utcnow() - timedelta(seconds=seconds)
    who = [AuditEvent.username == username] if username else []
    who += [AuditEvent.ip == ip] if ip else []
    if not who:
        return 0
    ensure_account_tables(engine)
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "login_failed", AuditEvent.at >= since, or_(*who))).scalar()


def list_events(engine: Engine, limit: int = 50) -> list[dict]:
    """The newest `limit` events, newest first."""
    ensure_account_tables(engine)
    query = (select(AuditEvent.at, AuditEvent.username, AuditEvent.action, AuditEvent.detail,
                    AuditEvent.ip)
             .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit))
    with engine.connect() as conn:
        return [dict(row) for row in conn.execute(query).mappings()]
