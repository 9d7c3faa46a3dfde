"""Sign-in on everything: the guard, the login form (CSRF, throttling, cookies, expiry,
sign-out), the trusted-header mode, the user store and CLI, and the audit log.

Flask's test client against create_app() on a small loaded SQLite database."""
from __future__ import annotations

import io
import json
import re
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from dashboard.cli import main as cli_main
from dashboard.contract.accounts import AppUser, AuditEvent, utcnow
from dashboard.core.db import get_engine
from dashboard.etl.loader import load_folder
from dashboard.web import users
from dashboard.web.audit import list_events
from dashboard.web.auth import safe_next
from dashboard.web.registry import SECTIONS
from yj_testdata import la, out, pop, write_folder

PASSWORD = "correct horse battery"
DASH_ROUTES = ["/_dash-layout", "/_dash-dependencies", "/_reload-hash", "/_favicon.ico"]


@pytest.fixture
def db_url(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'auth.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("SECRET_KEY", "test-secret")
    for name in ("AUTH_MODE", "AUTH_HEADER", "AUTH_TRUSTED_PROXIES", "SESSION_COOKIE_SECURE",
                 "PREFERRED_URL_SCHEME", "LOGIN_MAX_FAILURES", "LOGIN_LOCK_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    folder = write_folder(tmp_path / "data", [la("A1", "S1"), la("B1", "S2")],
                          [pop("A1", 2023, 1000), pop("B1", 2023, 1000)],
                          [out("1", "c1", "A1", "2023-05-01", "youth_caution")])
    load_folder(folder, get_engine(url))
    users.add_user(get_engine(url), "mary", "manager", PASSWORD, ["A1"])
    yield url
    get_engine(url).dispose()


@pytest.fixture
def make_client(db_url, monkeypatch):
    """A test client of a new app made with these environment variables set."""
    def make(**env):
        from dashboard.app_factory import create_app
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return create_app().server.test_client()
    return make


@pytest.fixture
def client(make_client):
    return make_client()


def csrf(client, path="/login") -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def sign_in(client, username="mary", password=PASSWORD, next_="/", token=None):
    token = csrf(client) if token is None else token
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": token, "next": next_})


def actions(url) -> list[str]:
    return [e["action"] for e in reversed(list_events(get_engine(url), 100))]


# --- the guard -----------------------------------------------------------------------


def test_every_page_redirects_an_anonymous_visitor_to_the_login_form(client):
    for path in [s.path for s in SECTIONS] + ["/no-such-page"]:
        answer = client.get(path + "?area=all")
        assert answer.status_code == 302, path
        assert answer.headers["Location"].startswith("/login?next=" + path), path


def test_dash_routes_refuse_an_anonymous_request_with_401(client):
    for path in DASH_ROUTES:
        assert client.get(path).status_code == 401, path
    answer = client.post("/_dash-update-component", json={"output": "x", "inputs": []})
    assert answer.status_code == 401
    assert answer.get_json() == {"error": "not signed in"}
    assert client.post("/", data={}).status_code == 401  # not a page: no redirect


def test_static_files_are_public_but_nothing_else_under_assets(client):
    for path in ("/assets/vendor/bootstrap.min.css", "/assets/app.css"):
        with client.get(path) as answer:
            assert answer.status_code == 200, path
    assert client.get("/assets/secret.csv").status_code == 401
    assert client.get("/assets/data.json").status_code == 401


def test_the_health_route_is_public(client):
    # dashboard/web/serving.py: the database check, for load balancers and Docker.
    answer = client.get("/health")
    assert answer.status_code == 200 and answer.get_json()["database"] == "ok"


@pytest.mark.parametrize("target,expected", [
    ("/custody?area=all", "/custody?area=all"), ("/", "/"), (None, "/"),
    ("//evil.example/x", "/"), ("https://evil.example/", "/"), ("/\\evil.example", "/"),
    ("/logout", "/"), ("/login?next=/x", "/"), ("javascript:alert(1)", "/"),
])
def test_next_only_leads_to_this_site(target, expected):
    assert safe_next(target) == expected


# --- the login form ------------------------------------------------------------------


def test_login_page_is_english_labelled_and_carries_a_csrf_token(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert '<label for="username"' in page and '<label for="password"' in page
    assert 'name="csrf_token"' in page


def test_a_wrong_password_fails_and_is_audited(client, db_url):
    answer = sign_in(client, password="wrong password")
    assert answer.status_code == 401
    assert "do not match" in answer.get_data(as_text=True)
    assert client.get("/_dash-layout").status_code == 401
    events = list_events(get_engine(db_url), 5)
    assert events[0]["action"] == "login_failed" and events[0]["username"] == "mary"
    assert events[0]["ip"] == "127.0.0.1"
    assert sign_in(client, username="nobody").status_code == 401


def test_the_sixth_attempt_is_throttled_even_with_the_right_password(client, db_url):
    for _ in range(5):
        assert sign_in(client, password="wrong password").status_code == 401
    answer = sign_in(client)
    assert answer.status_code == 429
    assert "Too many failed sign-ins" in answer.get_data(as_text=True)
    assert client.get("/_dash-layout").status_code == 401
    assert actions(db_url)[-6:] == ["login_failed"] * 5 + ["login_throttled"]


def test_failures_from_one_address_throttle_every_username(make_client, monkeypatch):
    client = make_client(LOGIN_MAX_FAILURES="3", LOGIN_LOCK_SECONDS="30")
    for name in ("alpha", "beta", "gamma"):
        assert sign_in(client, username=name, password="wrong").status_code == 401
    assert sign_in(client).status_code == 429
    later = utcnow() + timedelta(seconds=31)  # the lock lasts LOGIN_LOCK_SECONDS
    monkeypatch.setattr("dashboard.web.audit.utcnow", lambda: later)
    assert sign_in(client).status_code == 302


def test_behind_the_proxy_each_client_is_throttled_by_its_own_address(make_client, db_url):
    """Through a trusted proxy every request comes from the proxy's address: the client's
    is its X-Forwarded-For, so one person's failures do not lock everyone out. From an
    untrusted address the header is ignored (it cannot dodge the lock)."""
    client = make_client(LOGIN_MAX_FAILURES="3", AUTH_TRUSTED_PROXIES="10.0.0.1")
    proxy = {"REMOTE_ADDR": "10.0.0.1"}

    def attempt(password, forwarded, remote=proxy):
        token = csrf(client)
        return client.post("/login", data={"username": "mary", "password": password,
                                           "csrf_token": token, "next": "/"},
                           headers={"X-Forwarded-For": forwarded}, environ_overrides=remote)
    for name in ("alpha", "beta", "gamma"):
        token = csrf(client)
        client.post("/login", data={"username": name, "password": "x", "csrf_token": token},
                    headers={"X-Forwarded-For": "203.0.113.9, 10.0.0.1"},
                    environ_overrides=proxy)
    assert attempt("x", "203.0.113.9").status_code == 429      # that client is locked
    assert attempt(PASSWORD, "198.51.100.7").status_code == 302  # another is not
    events = list_events(get_engine(db_url), 10)
    assert {e["ip"] for e in events if e["action"] == "login_failed"} == {"203.0.113.9"}
    stranger = {"REMOTE_ADDR": "192.0.2.5"}
    client.get("/logout")
    for forwarded in ("1.1.1.1", "2.2.2.2", "3.3.3.3"):
        attempt("wrong", forwarded, stranger)
    assert attempt(PASSWORD, "4.4.4.4", stranger).status_code == 429  # its own address


def test_a_missing_or_wrong_csrf_token_is_400(client):
    csrf(client)  # a session with a token exists; the form simply leaves it out
    assert client.post("/login", data={"username": "mary",
                                       "password": PASSWORD}).status_code == 400
    assert sign_in(client, token="forged").status_code == 400
    assert client.get("/_dash-layout").status_code == 401


def test_a_good_login_opens_everything_and_sets_a_safe_cookie(client, db_url):
    answer = sign_in(client, next_="/custody?area=all")
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/custody?area=all"
    cookie = next(c for c in answer.headers.getlist("Set-Cookie") if c.startswith("yj_session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert "Expires=" in cookie  # a permanent session: PERMANENT_SESSION_LIFETIME applies
    for path in ("/_dash-layout", "/_dash-dependencies"):
        assert client.get(path).status_code == 200, path
    assert client.get("/login").status_code == 302  # already signed in
    assert actions(db_url)[-1] == "login"


def test_a_login_never_redirects_off_site(client):
    assert sign_in(client, next_="https://evil.example/").headers["Location"] == "/"


def test_cookies_are_secure_when_served_over_https(make_client):
    client = make_client(SESSION_COOKIE_SECURE="1")
    cookie = "; ".join(sign_in(client).headers.getlist("Set-Cookie"))
    assert "Secure" in cookie


def test_sign_out_ends_the_session_and_its_cookie(client, db_url):
    sign_in(client)
    stolen = client.get_cookie("yj_session").value
    answer = client.get("/logout")
    assert answer.status_code == 302 and "signed_out=1" in answer.headers["Location"]
    assert "You have signed out" in client.get(answer.headers["Location"]).get_data(as_text=True)
    assert client.get("/_dash-layout").status_code == 401
    client.set_cookie("yj_session", stolen)  # a copy taken before signing out
    assert client.get("/_dash-layout").status_code == 401
    assert actions(db_url)[-2:] == ["login", "logout"]


def test_an_idle_session_expires(client):
    client.application.config["PERMANENT_SESSION_LIFETIME"] = timedelta(seconds=1)
    sign_in(client)
    assert client.get("/_dash-layout").status_code == 200
    cookie = client.get_cookie("yj_session").value
    time.sleep(2.1)
    client.set_cookie("yj_session", cookie)  # replayed by hand: the server still refuses
    assert client.get("/_dash-layout").status_code == 401
    assert client.get("/").status_code == 302


def test_the_cookie_is_issued_again_at_most_once_a_minute(client, monkeypatch):
    from dashboard.web.auth import RefreshingSessionInterface

    def issued(answer) -> bool:
        return any(c.startswith("yj_session=") for c in answer.headers.getlist("Set-Cookie"))
    assert issued(sign_in(client))                       # a new session: sent at once
    assert not issued(client.get("/_dash-layout"))       # signed under a minute ago
    monkeypatch.setattr(RefreshingSessionInterface, "REFRESH_SECONDS", 0)
    answer = client.get("/_dash-layout")
    assert answer.status_code == 200 and issued(answer)  # older than that: signed again
    assert "Expires=" in next(c for c in answer.headers.getlist("Set-Cookie")
                              if c.startswith("yj_session="))


def test_a_disabled_or_removed_user_is_signed_out_at_once(client, db_url):
    sign_in(client)
    users.set_disabled(get_engine(db_url), "mary", True)
    assert client.get("/_dash-layout").status_code == 401
    assert sign_in(client).status_code == 401


# --- who is asking -----------------------------------------------------------------------


def test_role_scope_and_permissions_come_from_the_user_record(client, db_url):
    from dashboard.web.components import user_menu
    from dashboard.web.session import can, current_role, current_scope, current_username
    assert current_role() is None and current_scope() is None and not can("drill")
    sign_in(client)
    with client:
        client.get("/_dash-layout?role=admin&scope=B1")  # nothing the browser sends counts
        assert (current_username(), current_role(), current_scope()) == ("mary", "manager", ("A1",))
        assert can("drill") and can("unsuppressed") and not can("export") and not can("admin")
        assert "mary" in str(user_menu()) and "Sign out" in str(user_menu())
        with pytest.raises(ValueError):
            can("fly")
    users.set_role(get_engine(db_url), "mary", "board")
    users.set_scope(get_engine(db_url), "mary", None)
    with client:
        client.get("/_dash-layout")
        assert current_role() == "board" and current_scope() is None
        assert not any(can(p) for p in ("filter", "drill", "unsuppressed", "export", "admin"))


# --- trusted header mode -------------------------------------------------------------


def test_header_mode_trusts_remote_user_from_the_proxy_only(make_client, db_url):
    client = make_client(AUTH_MODE="header")
    assert client.get("/").status_code == 403
    assert client.get("/_dash-layout").status_code == 403
    as_mary = {"REMOTE_USER": "Mary"}
    assert client.get("/_dash-layout", environ_overrides=as_mary).status_code == 200
    assert client.get("/_dash-layout", headers={"Remote-User": "mary"}).status_code == 200
    assert client.get("/_dash-layout", environ_overrides={"REMOTE_USER": "eve"}).status_code == 403
    assert client.get("/", environ_overrides={"REMOTE_USER": "eve"}).status_code == 403
    assert actions(db_url)[-1] == "access_denied"
    outsider = {"REMOTE_USER": "mary", "REMOTE_ADDR": "10.1.2.3"}
    assert client.get("/_dash-layout", environ_overrides=outsider).status_code == 403
    assert client.get("/login").status_code == 302  # no password form in this mode


def test_header_mode_reads_the_configured_header(make_client):
    client = make_client(AUTH_MODE="header", AUTH_HEADER="X-Forwarded-User",
                         AUTH_TRUSTED_PROXIES="10.0.0.5")
    proxy = {"REMOTE_ADDR": "10.0.0.5"}
    assert client.get("/_dash-layout", headers={"X-Forwarded-User": "mary"},
                      environ_overrides=proxy).status_code == 200
    assert client.get("/_dash-layout", headers={"Remote-User": "mary"},
                      environ_overrides=proxy).status_code == 403


def test_no_auth_mode_turns_sign_in_off(make_client):
    with pytest.raises(ValueError):
        make_client(AUTH_MODE="none")


# --- the user store and CLI ----------------------------------------------------------


def test_passwords_are_stored_as_argon2_hashes(db_url):
    with get_engine(db_url).connect() as conn:
        stored = conn.execute(select(AppUser.password_hash)
                              .where(AppUser.username == "mary")).scalar()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert users.authenticate(get_engine(db_url), "MARY", PASSWORD).role == "manager"
    assert users.authenticate(get_engine(db_url), "mary", PASSWORD + "x") is None


def run(capsys, *args, stdin: str | None = None, monkeypatch=None) -> tuple[int, str]:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = cli_main(list(args))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_cli_users_add_list_set_role_set_scope_remove_and_audit(db_url, capsys, monkeypatch):
    engine = get_engine(db_url)
    code, text = run(capsys, "users", "add", "Bob", "--role", "analyst", "--scope", "B1")
    assert code == 0, text
    password = re.search(r"Password \(shown once.*\): (\S+)", text).group(1)
    assert users.authenticate(engine, "bob", password).scope == ("B1",)

    code, text = run(capsys, "users", "add", "carol", "--role", "board", "--password-stdin",
                     stdin="a long enough secret\n", monkeypatch=monkeypatch)
    assert code == 0 and "Password" not in text
    assert users.authenticate(engine, "carol", "a long enough secret")

    assert run(capsys, "users", "add", "bob", "--role", "board")[0] == 1  # exists
    code, text = run(capsys, "users", "add", "dan", "--role", "board", "--scope", "ZZ9")
    assert code == 1 and "ZZ9" in text  # not a loaded authority
    with pytest.raises(SystemExit):  # argparse: not one of the roles
        run(capsys, "users", "add", "eve", "--role", "king")

    code, text = run(capsys, "users", "list")
    assert re.search(r"bob\s+analyst\s+scope=B1", text) and re.search(r"mary\s+manager", text)
    assert run(capsys, "users", "set-role", "bob", "manager")[0] == 0
    assert run(capsys, "users", "set-scope", "bob", "A1,B1")[0] == 0
    assert users.get_user(engine, "bob").scope == ("A1", "B1")
    assert run(capsys, "users", "set-scope", "bob", "all")[0] == 0
    assert users.get_user(engine, "bob").scope is None
    assert run(capsys, "users", "set-scope", "bob", "nope")[0] == 1
    assert run(capsys, "users", "remove", "bob")[0] == 0
    assert users.get_user(engine, "bob") is None
    assert run(capsys, "users", "remove", "bob")[0] == 1

    code, text = run(capsys, "audit", "--limit", "10")
    assert code == 0
    logged = [line.split()[3] for line in text.splitlines()]
    assert logged[-6:] == ["user_add", "user_add", "user_set_role", "user_set_scope",
                           "user_set_scope", "user_remove"]
    assert '"user": "bob"' in text and "cli:" in text


def test_demo_users_only_on_the_bundled_sample(db_url, capsys, sample_data_dir):
    code, text = run(capsys, "demo-users")
    assert code == 0 and "Not creating" in text
    assert users.get_user(get_engine(db_url), "board") is None
    assert run(capsys, "load", str(sample_data_dir))[0] == 0
    code, text = run(capsys, "demo-users")
    assert "demo-kingsmoor-manager" in text
    made = {u.username: u for u in users.list_users(get_engine(db_url))}
    assert {n: made[n].role for n in ("board", "manager", "analyst", "admin")} == \
        {"board": "board", "manager": "manager", "analyst": "analyst", "admin": "admin"}
    assert made["kingsmoor-manager"].scope == ("E06900001",)
    assert users.authenticate(get_engine(db_url), "board", "demo-board")
    assert actions(db_url)[-2:] == ["load", "demo_users"]


def test_user_tables_survive_a_reload(tmp_path, database_url):
    engine = get_engine(database_url)
    folder = write_folder(tmp_path / "data", [la("A1", "S1")], [pop("A1", 2023, 1000)],
                          [out("1", "c1", "A1", "2023-05-01", "youth_caution")])
    load_folder(folder, engine)
    users.add_user(engine, "keeper", "admin", PASSWORD)
    from dashboard.web.audit import record_event
    record_event(engine, "keeper", "load", {"n": 1})
    load_folder(folder, engine)
    assert users.get_user(engine, "keeper").role == "admin"
    with engine.connect() as conn:
        assert conn.execute(select(AuditEvent.detail)).scalars().all() == [json.dumps({"n": 1})]
    engine.dispose()
