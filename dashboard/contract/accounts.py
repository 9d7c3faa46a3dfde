"""Users, roles, area scope and the audit log: the tables that outlive every data load.

The tables sit on the schema's declarative Base (one metadata, one `create_all`), but carry
`info={"survives_load": True}`: the loader replaces data tables only and leaves these alone.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone

from sqlalchemy import Boolean, DateTime, Engine, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from dashboard.contract.schema import Base

ROLES = ("board", "manager", "analyst", "admin")
ROLE_LABELS = {"board": "Board member", "manager": "Manager", "analyst": "Analyst",
               "admin": "Administrator"}
# What each role may do beyond reading aggregates. "unsuppressed": small numbers shown as
# they are; "drill": the children behind a figure; "filter": cohort filters and clicks.
PERMISSIONS: dict[str, frozenset[str]] = {
    "board": frozenset(),
    "manager": frozenset({"filter", "drill", "unsuppressed"}),
    "analyst": frozenset({"filter", "drill", "unsuppressed", "export"}),
    "admin": frozenset({"filter", "drill", "unsuppressed", "export", "admin"}),
}
ALL_PERMISSIONS = frozenset().union(*PERMISSIONS.values())
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@\\-]{0,119}$")
KEEP = {"survives_load": True}


def utcnow() -> datetime:
    """Naive UTC, as every timestamp in the database is stored."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


class AppUser(Base):
    __tablename__ = "app_user"
    __table_args__ = {"info": KEEP}
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(120), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))  # None: header mode only
    role: Mapped[str] = mapped_column(String(20))
    scope: Mapped[str | None] = mapped_column(Text)  # "E06000001,E06000002"; NULL = all
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    # Part of the session's user id: raising it (sign-out) ends every session of the user,
    # because signed cookies cannot be revoked one by one.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)


class AuditEvent(Base):
    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_action_at", "action", "at"), {"info": KEEP})
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    username: Mapped[str | None] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str | None] = mapped_column(Text)  # JSON
    ip: Mapped[str | None] = mapped_column(String(64))


ACCOUNT_TABLES = (AppUser.__table__, AuditEvent.__table__)


_ensured: set[str] = set()


def ensure_account_tables(engine: Engine) -> None:
    """Create the account tables if missing; checked once per database per process, as the
    session's user is read on every request."""
    url = engine.url.render_as_string(hide_password=False)
    if url not in _ensured:
        Base.metadata.create_all(engine, tables=list(ACCOUNT_TABLES))
        _ensured.add(url)


def normalise_username(name: str) -> str:
    """Lower-case and trimmed; ValueError when it holds anything but a plain login name."""
    cleaned = (name or "").strip().lower()
    if not USERNAME.match(cleaned):
        raise ValueError(f"not a valid username: {name!r} (letters, digits and . _ @ - \\)")
    return cleaned


def check_role(role: str) -> str:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}: one of {', '.join(ROLES)}")
    return role


def scope_to_text(codes) -> str | None:
    """Authority codes as stored: sorted, comma-separated; None (every authority) if empty."""
    cleaned = sorted({c.strip() for c in (codes or ()) if c and c.strip()})
    return ",".join(cleaned) or None


def scope_from_text(text: str | None) -> tuple[str, ...] | None:
    if text is None or not text.strip():
        return None
    return tuple(c for c in text.split(",") if c)
