"""Who is asking: the signed-in user's name, role, area scope and permissions.

Everything here is read from the user's row in `app_user`, loaded by Flask-Login for each
request from the signed session cookie (or the proxy's header in AUTH_MODE=header); no
value the browser sends (URL, store, callback input) can change a role or a scope.
Outside a request (command line, tests calling functions directly) there is no user:
`current_role()` and `current_scope()` are None and `can()` is False.

    current_username() -> str | None
    current_role() -> str | None            "board" | "manager" | "analyst" | "admin"
    current_scope() -> tuple[str, ...] | None   authority codes; None = every authority
    can(permission) -> bool       "filter" | "drill" | "unsuppressed" | "export" | "admin"
    selection_for(state) -> Selection       the query selection, within the user's scope
    acting_as(record)       outside a request, act as that user (a board pack job)

Every page, callback, download, slide and pack builds its query `Selection` through
`selection_for(state)`, so the scope always comes from here and never from the browser.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from flask import has_request_context
from flask_login import UserMixin, current_user

from dashboard.contract.accounts import ALL_PERMISSIONS, PERMISSIONS
from dashboard.contract.selection import Selection
from dashboard.web.state import ViewState
from dashboard.web.users import UserRecord


class SignedInUser(UserMixin):
    """Flask-Login's view of a `UserRecord`; the id carries the session epoch, so raising
    the epoch (sign-out, new password) invalidates cookies issued before."""

    def __init__(self, record: UserRecord):
        self.record = record

    def get_id(self) -> str:
        return f"{self.record.session_epoch}:{self.record.username}"


# The user a piece of work outside any request is done for (a board pack job run in its own
# process): set only by server code from the user's row, never from anything sent.
_ACTING: ContextVar[UserRecord | None] = ContextVar("acting_user", default=None)


@contextmanager
def acting_as(record: UserRecord):
    """Outside a request, do the work inside as `record`'s user: their role and scope."""
    token = _ACTING.set(record)
    try:
        yield record
    finally:
        _ACTING.reset(token)


def current_user_record() -> UserRecord | None:
    if not has_request_context():
        return _ACTING.get()
    try:
        user = current_user._get_current_object()
    except Exception:  # noqa: BLE001 - an app without a login manager: nobody signed in
        return None
    return user.record if isinstance(user, SignedInUser) else None


def current_username() -> str | None:
    record = current_user_record()
    return record.username if record else None


def current_role() -> str | None:
    record = current_user_record()
    return record.role if record else None


def current_scope() -> tuple[str, ...] | None:
    """The authority codes the user may see; None means every authority.

    Outside a request this is None too: callers that must not default to "everything"
    check `current_role()` first.
    """
    record = current_user_record()
    return record.scope if record else None


def can(permission: str) -> bool:
    if permission not in ALL_PERMISSIONS:
        raise ValueError(f"unknown permission {permission!r}: one of {sorted(ALL_PERMISSIONS)}")
    role = current_role()
    return role is not None and permission in PERMISSIONS.get(role, frozenset())


def selection_for(state: ViewState) -> Selection:
    """The query selection for a view, within the signed-in user's scope.

    In a web request with nobody signed in (which the login guard should already have
    refused) the scope is empty, so nothing can be read; outside a request the scope is
    that of the user acted for (`acting_as`, a board pack job), else (the command line's
    export and board pack) there is no user and no restriction.
    """
    if _restricted() and current_user_record() is None:
        return state.selection(scope=())
    return state.selection(scope=current_scope())


def _restricted() -> bool:
    """True in a request or when acting as a user: limits apply."""
    return has_request_context() or _ACTING.get() is not None


def view_rules() -> dict:
    """What the current user's role lets a view hold (dashboard/web/disclosure.py):
    cohort filters (`can_filter`), unsuppressed small numbers (`unsuppressed`) and the
    `scope`. Outside a request (command line) nothing is restricted."""
    if not _restricted():
        return {"can_filter": True, "unsuppressed": True, "scope": None}
    return {"can_filter": can("filter"), "unsuppressed": can("unsuppressed"),
            "scope": current_scope()}


def may(permission: str) -> bool:
    """`can(permission)` in a request; True outside one (the layout Dash checks callbacks
    against is drawn at start-up, with every control in it)."""
    return can(permission) if _restricted() else True
