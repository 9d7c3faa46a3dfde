"""The user store: accounts in `app_user`, passwords as argon2 hashes (argon2-cffi).

Plain functions on an engine, shared by the login form (dashboard/web/auth.py) and the
command line (`python -m dashboard users ...`). Nothing here knows about Flask.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, bindparam, delete, inspect, select, update

from dashboard.contract.accounts import (AppUser, check_role, ensure_account_tables,
                                         normalise_username, scope_from_text, scope_to_text)
from dashboard.contract.schema import LocalAuthority

HASHER = PasswordHasher()
MIN_PASSWORD = 10


@cache
def _dummy_hash() -> str:
    """Verified against when the username is unknown, so a wrong name costs as long as a
    wrong password and response times do not reveal which accounts exist. Made on first use:
    hashing is deliberately slow and the command line rarely needs it."""
    return HASHER.hash("no such user")


@dataclass(frozen=True)
class UserRecord:
    username: str
    role: str
    scope: tuple[str, ...] | None  # None: every authority
    disabled: bool
    session_epoch: int
    created_at: datetime | None
    has_password: bool


USERS = AppUser.__table__


def _record(row) -> UserRecord:
    return UserRecord(row["username"], row["role"], scope_from_text(row["scope"]),
                      bool(row["disabled"]), row["session_epoch"] or 0, row["created_at"],
                      bool(row["password_hash"]))


# Built once: the signed-in user is read by this statement on every request.
BY_NAME = select(USERS).where(USERS.c.username == bindparam("name"))


def _select(engine: Engine, statement, parameters: dict | None = None) -> list:
    ensure_account_tables(engine)
    with engine.connect() as conn:
        return conn.execute(statement, parameters or {}).mappings().all()


def get_user(engine: Engine, username: str) -> UserRecord | None:
    try:
        name = normalise_username(username)
    except ValueError:
        return None
    rows = _select(engine, BY_NAME, {"name": name})
    return _record(rows[0]) if rows else None


def list_users(engine: Engine) -> list[UserRecord]:
    return [_record(row) for row in _select(engine, select(USERS).order_by(USERS.c.username))]


def check_password(password: str) -> str:
    if len(password or "") < MIN_PASSWORD:
        raise ValueError(f"a password needs at least {MIN_PASSWORD} characters")
    return password


def check_scope(engine: Engine, codes) -> str | None:
    """Stored form of `codes`; ValueError naming any code not in local_authority (if loaded)."""
    text = scope_to_text(codes)
    if text is None:
        return None
    with engine.connect() as conn:
        known = set(conn.execute(select(LocalAuthority.code)).scalars()) \
            if inspect(conn).has_table(LocalAuthority.__tablename__) else set()
    unknown = [c for c in text.split(",") if known and c not in known]
    if unknown:
        raise ValueError(f"unknown local authority code(s): {', '.join(unknown)}")
    return text


def add_user(engine: Engine, username: str, role: str, password: str | None,
             scope=None) -> UserRecord:
    """A new account; `password` None makes a header-mode-only account (no form login)."""
    name, role = normalise_username(username), check_role(role)
    stored_scope = check_scope(engine, scope)
    if get_user(engine, name):
        raise ValueError(f"user {name!r} already exists")
    hashed = HASHER.hash(password) if password is not None else None
    with engine.begin() as conn:
        conn.execute(USERS.insert().values(
            username=name, password_hash=hashed, role=role, scope=stored_scope,
            disabled=False, session_epoch=0))
    return get_user(engine, name)


def _change(engine: Engine, username: str, **values) -> UserRecord:
    name = normalise_username(username)
    ensure_account_tables(engine)
    with engine.begin() as conn:
        changed = conn.execute(update(USERS).where(USERS.c.username == name)
                               .values(**values)).rowcount
    if not changed:
        raise LookupError(f"no user {name!r}")
    return get_user(engine, name)


def set_role(engine: Engine, username: str, role: str) -> UserRecord:
    return _change(engine, username, role=check_role(role))


def set_scope(engine: Engine, username: str, codes) -> UserRecord:
    return _change(engine, username, scope=check_scope(engine, codes))


def set_password(engine: Engine, username: str, password: str) -> UserRecord:
    user = get_user(engine, username)
    if user is None:
        raise LookupError(f"no user {username!r}")
    return _change(engine, username, password_hash=HASHER.hash(password),
                   session_epoch=user.session_epoch + 1)


def set_disabled(engine: Engine, username: str, disabled: bool) -> UserRecord:
    return _change(engine, username, disabled=disabled)


def end_sessions(engine: Engine, username: str) -> None:
    """Sign the user out everywhere: sessions carrying the old epoch stop loading."""
    user = get_user(engine, username)
    if user is not None:
        _change(engine, username, session_epoch=user.session_epoch + 1)


def remove_user(engine: Engine, username: str) -> bool:
    name = normalise_username(username)
    ensure_account_tables(engine)
    with engine.begin() as conn:
        return bool(conn.execute(delete(USERS).where(USERS.c.username == name)).rowcount)


def authenticate(engine: Engine, username: str, password: str) -> UserRecord | None:
    """The user when `password` matches an enabled account's hash, else None."""
    try:
        name = normalise_username(username)
    except ValueError:
        name = None
    rows = _select(engine, select(USERS).where(USERS.c.username == name)) if name else []
    row = rows[0] if rows else None
    stored = row["password_hash"] if row is not None and row["password_hash"] else _dummy_hash()
    try:
        HASHER.verify(stored, password or "")
    except (VerificationError, InvalidHashError):
        return None
    if row is None or not row["password_hash"] or row["disabled"]:
        return None
    if HASHER.check_needs_rehash(stored):  # argon2 parameters raised since it was set
        _change(engine, name, password_hash=HASHER.hash(password))
    return _record(row)
