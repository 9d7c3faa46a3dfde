"""Sign-in for everything the server answers: pages, Dash's own routes, downloads, the pack.

`init_auth(app)` puts Flask-Login on the Dash server and a guard in front of every route.

- AUTH_MODE=password (default): a login form (/login, CSRF token, argon2 hashes in
  `app_user`), a signed session cookie (HttpOnly, SameSite=Lax, Secure when configured)
  that ends after SESSION_HOURS without a request, and /logout.
- AUTH_MODE=header: a single sign-on proxy authenticates and names the user in a header
  (AUTH_HEADER, default REMOTE_USER); the user must exist in `app_user`. The header is only
  believed from AUTH_TRUSTED_PROXIES (default 127.0.0.1, ::1), and the app must be
  reachable only through that proxy, which must overwrite the header on every request.

Unauthenticated page requests are redirected to /login?next=...; anything else (Dash's
/_dash-* routes, other methods) gets 401 so scripts never receive a login page as data.
Dash's callbacks POST JSON: a cross-site page cannot send them with the user's cookie
(SameSite=Lax) nor with a JSON content type (CORS preflight), so only the form needs a token.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from flask import (Blueprint, current_app, jsonify, redirect, render_template, request,
                   session, url_for)
from flask.sessions import SecureCookieSessionInterface
from flask_login import LoginManager, current_user, login_user, logout_user
from itsdangerous import BadSignature
from flask_wtf.csrf import CSRFError, generate_csrf, validate_csrf
from wtforms.validators import ValidationError

from dashboard.contract.accounts import ensure_account_tables, normalise_username
from dashboard.core.config import (auth_header, auth_mode, cookie_secure, login_limits,
                                   secret_key, session_hours, trusted_proxies)
from dashboard.core.db import get_engine
from dashboard.web.audit import client_ip, recent_failures, record_event
from dashboard.web.session import SignedInUser, current_user_record
from dashboard.web.users import authenticate, end_sessions, get_user

log = logging.getLogger(__name__)
blueprint = Blueprint("auth", __name__, template_folder="templates")
login_manager = LoginManager()
PUBLIC_PATHS = {"/login", "/logout"}
# Files under /assets/ that hold no data (styles, scripts, fonts, icons) are public, so the
# login page is styled; anything else there (a CSV, JSON) still needs a signed-in user.
STATIC_SUFFIXES = {".css", ".js", ".map", ".woff", ".woff2", ".ttf", ".otf", ".eot", ".svg",
                   ".ico", ".png"}


def init_auth(app) -> None:
    server = app.server
    server.config.update(
        AUTH_MODE=auth_mode(), AUTH_HEADER=auth_header(),
        AUTH_TRUSTED_PROXIES=trusted_proxies(),
        SECRET_KEY=secret_key(),
        SESSION_COOKIE_NAME="yj_session", SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax", SESSION_COOKIE_SECURE=cookie_secure(),
        # An idle limit: every request re-issues the cookie, and Flask refuses a cookie
        # whose signature is older than the lifetime.
        PERMANENT_SESSION_LIFETIME=timedelta(hours=session_hours()),
        SESSION_REFRESH_EACH_REQUEST=True,
    )
    server.session_interface = RefreshingSessionInterface()
    login_manager.init_app(server)
    login_manager.session_protection = "basic"
    server.register_blueprint(blueprint)
    # First in line, ahead of Dash's own set-up hooks.
    server.before_request_funcs.setdefault(None, []).insert(0, guard)
    try:
        ensure_account_tables(get_engine())
    except Exception as exc:  # noqa: BLE001 - the pages report an unreachable database
        # one line: a database that is down at start-up is an operator's problem, not a bug
        original = getattr(exc, "orig", None) or exc
        first = (str(original).strip().splitlines() or [""])[0][:300]
        log.error("could not create the user tables: %s: %s", type(original).__name__, first)


class RefreshingSessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie, re-issued (re-signed, extending the idle limit) at most once
    every REFRESH_SECONDS rather than on every request: signing and sending it again is a
    sixth of a cached callback's work. A session therefore ends up to a minute before
    SESSION_HOURS of idleness has passed, never after; a changed session (sign-in,
    sign-out) is sent at once as before."""

    REFRESH_SECONDS = 60

    def open_session(self, app, request):
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        lifetime = app.permanent_session_lifetime.total_seconds()
        try:
            data, signed_at = serializer.loads(value, max_age=int(lifetime),
                                               return_timestamp=True)
        except BadSignature:
            return self.session_class()
        session = self.session_class(data)
        session.signed_at = signed_at
        return session

    def should_set_cookie(self, app, session) -> bool:
        if session.modified or not (session.permanent
                                    and app.config["SESSION_REFRESH_EACH_REQUEST"]):
            return session.modified
        signed_at = getattr(session, "signed_at", None)
        if signed_at is None:
            return True
        every = min(self.REFRESH_SECONDS, app.permanent_session_lifetime.total_seconds() / 4)
        return (datetime.now(timezone.utc) - signed_at).total_seconds() >= every


@login_manager.user_loader
def _user_from_session(user_id: str):
    if current_app.config["AUTH_MODE"] != "password":
        return None
    epoch, _, name = str(user_id).partition(":")
    record = get_user(get_engine(), name)
    if record is None or record.disabled or str(record.session_epoch) != epoch:
        return None
    return SignedInUser(record)


def _header_username(req) -> str | None:
    """The proxy's username for this request; None unless it comes from a trusted proxy."""
    if req.remote_addr not in current_app.config["AUTH_TRUSTED_PROXIES"]:
        return None
    header = current_app.config["AUTH_HEADER"]
    # A WSGI server's own REMOTE_USER variable first (e.g. Apache mod_wsgi), then the header.
    own = req.environ.get("REMOTE_USER") if header.upper() == "REMOTE_USER" else None
    return own or req.headers.get(header)


@login_manager.request_loader
def _user_from_header(req):
    if current_app.config["AUTH_MODE"] != "header":
        return None
    record = get_user(get_engine(), _header_username(req) or "")
    if record is None or record.disabled:
        return None
    return SignedInUser(record)


def safe_next(target: str | None) -> str:
    """`target` if it is a path on this site (not /login or /logout), else "/"."""
    if not target or not target.startswith("/") or target.startswith("//") \
            or "\\" in target or any(ord(c) < 32 for c in target):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or parts.path in ("/login", "/logout"):
        return "/"
    return target


def _is_public(path: str) -> bool:
    if path == "/health":  # public only if a health route exists; else Dash's page shell
        return any(rule.rule == "/health" for rule in current_app.url_map.iter_rules())
    return path in PUBLIC_PATHS or (
        path.startswith("/assets/") and PurePosixPath(path).suffix.lower() in STATIC_SUFFIXES)


def guard():
    """Refuse every request from someone not signed in (see the module docstring)."""
    path = request.path
    if _is_public(path) or current_user.is_authenticated:
        return None
    is_page = request.method in ("GET", "HEAD") and not path.startswith(("/_", "/assets/"))
    if current_app.config["AUTH_MODE"] == "header":
        name = _header_username(request)
        if is_page and name:  # an unregistered person, not a health check or a stray probe
            record_event(get_engine(), name, "access_denied", {"path": path}, client_ip())
        return ("You are not registered to use this dashboard. Ask an administrator to add "
                "your account.", 403, {"Content-Type": "text/plain; charset=utf-8"})
    if is_page:
        full = request.full_path.rstrip("?")
        return redirect(url_for("auth.login", next=safe_next(full)))
    if path.startswith("/_dash-"):
        return jsonify(error="not signed in"), 401
    return "Not signed in.", 401, {"Content-Type": "text/plain; charset=utf-8"}


def _page(status: int = 200, **values):
    values.setdefault("title", "Sign in")
    values.setdefault("show_form", True)
    values.setdefault("username", "")
    values.setdefault("next", "/")
    if values["show_form"]:
        values["csrf_token"] = generate_csrf()
    return render_template("login.html", **values), status


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    if current_app.config["AUTH_MODE"] != "password":
        return redirect("/")
    target = safe_next(request.values.get("next"))
    if request.method == "GET":
        if current_user.is_authenticated:
            return redirect(target)
        notice = "You have signed out." if request.args.get("signed_out") else None
        return _page(next=target, notice=notice)
    try:
        validate_csrf(request.form.get("csrf_token"))
    except (ValidationError, CSRFError):
        return _page(400, next=target, error="The sign-in form had expired. Please try again.")
    try:
        username = normalise_username(request.form.get("username", ""))
    except ValueError:
        username = (request.form.get("username") or "").strip().lower()[:120]
    engine, ip = get_engine(), client_ip()
    max_failures, lock_seconds = login_limits()
    if recent_failures(engine, username, ip, lock_seconds) >= max_failures:
        record_event(engine, username, "login_throttled", None, ip)
        return _page(429, next=target, username=username,
                     error=f"Too many failed sign-ins. Wait {lock_seconds} seconds and try again.")
    user = authenticate(engine, username, request.form.get("password", ""))
    if user is None:
        record_event(engine, username, "login_failed", None, ip)
        return _page(401, next=target, username=username,
                     error="That username and password do not match an account.")
    session.clear()
    login_user(SignedInUser(user))
    session.permanent = True
    record_event(engine, user.username, "login", {"role": user.role}, ip)
    return redirect(target)


@blueprint.route("/logout", methods=["GET", "POST"])
def logout():
    if current_app.config["AUTH_MODE"] != "password":
        return _page(title="Signed in through single sign-on", show_form=False,
                     notice="Sign out of your organisation's single sign-on to leave.")
    record = current_user_record()
    if record is not None:
        end_sessions(get_engine(), record.username)  # every cookie of this user stops working
        record_event(get_engine(), record.username, "logout", None, client_ip())
    logout_user()
    session.clear()
    return redirect(url_for("auth.login", signed_out=1))
