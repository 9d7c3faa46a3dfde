"""Flask test clients of the whole app, signed in as a given user, for raw HTTP tests.

    app = sample_app(tmp_path_factory)          # the bundled sample loaded, demo users made
    client = signed_in(app, "board")            # a demo user (password demo-<name>)
    post_callback(client, body)                 # POST /_dash-update-component
"""
from __future__ import annotations

import os
import re
from contextlib import contextmanager
from pathlib import Path

from dashboard.core.db import get_engine
from dashboard.etl.loader import load_folder
from dashboard.web import users
from dashboard.web.user_admin import DEMO_USERS

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"


@contextmanager
def database_env(url: str):
    """DATABASE_URL (and a fixed SECRET_KEY) set while the block runs."""
    saved = {k: os.environ.get(k) for k in ("DATABASE_URL", "SECRET_KEY")}
    os.environ["DATABASE_URL"] = url
    os.environ["SECRET_KEY"] = "test-secret"
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def load_sample_with_demo_users(url: str) -> None:
    engine = get_engine(url)
    load_folder(SAMPLE, engine)
    for name, role, scope in DEMO_USERS:
        if users.get_user(engine, name) is None:
            users.add_user(engine, name, role, f"demo-{name}", scope)


def make_app():
    from dashboard.app_factory import create_app
    app = create_app()
    app.server.config["TESTING"] = True
    return app


def sign_in(client, username: str, password: str | None = None):
    """Sign `client` in through the login form; returns the form's answer (302 on success)."""
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    answer = client.post("/login", data={"username": username,
                                         "password": password or f"demo-{username}",
                                         "csrf_token": token, "next": "/"})
    assert answer.status_code == 302, (username, answer.status_code)
    return answer


def signed_in(app, username: str, password: str | None = None):
    client = app.server.test_client()
    sign_in(client, username, password)
    return client


def post_callback(client, body: dict):
    return client.post("/_dash-update-component", json=body)
