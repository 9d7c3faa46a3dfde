"""Flask test clients of the whole app, signed in as a given user, for raw HTTP tests.

    load_sample_with_demo_users(url)            # the bundled sample, and the demo users
    with database_env(url):
        app = make_app()
        client = signed_in(app, "board")        # a demo user (password demo-<name>)
        deps = dependencies(client)             # the callbacks, from /_dash-dependencies
        body = callback_body(find(deps, "fte-headlines.children"), {"view-state.data": view})
        outputs_of(post_callback(client, body)) # {component id: {property: value}}
"""
from __future__ import annotations

import json
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


def dependencies(client) -> list[dict]:
    answer = client.get("/_dash-dependencies")
    assert answer.status_code == 200
    return [c for c in answer.get_json() if not c.get("clientside_function")]


def _id_of(text: str, fill: dict):
    if not text.startswith("{"):
        return text
    ident = json.loads(text)
    return {k: (fill.get(k) if isinstance(v, list) else v) for k, v in ident.items()}


def _outputs(spec: str, fill: dict) -> list[dict]:
    parts = spec.strip(".").split("...") if spec.startswith("..") else [spec]
    return [{"id": _id_of(part.rsplit(".", 1)[0], fill),
             "property": part.rsplit(".", 1)[1]} for part in parts]


def callback_body(dep: dict, values: dict, fill: dict | None = None,
                  all_ids: dict | None = None, changed: str | None = None) -> dict:
    """A /_dash-update-component body for dependency `dep`, as the browser would send it.

    values   {"id.property": value} for inputs and states ("view-state.data", or
             "chart-data.data" for a pattern-matching id's type)
    fill     values of the wildcards of MATCH ids ({"chart": "fte-trend"})
    all_ids  for an ALL dependency, the wildcard values present ({"chart": [...]}) and
             `values` holds a list of values under the same key
    """
    fill = fill or {}

    def entry(dep_item):
        text, prop = dep_item["id"], dep_item["property"]
        key = f"{json.loads(text)['type'] if text.startswith('{') else text}.{prop}"
        if text.startswith("{") and '["ALL"]' in text:
            wildcard = next(k for k, v in json.loads(text).items() if isinstance(v, list))
            present = (all_ids or {}).get(wildcard, [])
            given = values.get(key, [None] * len(present))
            return [{"id": {**_id_of(text, {}), wildcard: w}, "property": prop, "value": v}
                    for w, v in zip(present, given)]
        return {"id": _id_of(text, fill), "property": prop, "value": values.get(key)}

    inputs = [entry(d) for d in dep["inputs"]]
    state = [entry(d) for d in dep["state"]]
    outputs = _outputs(dep["output"], fill)
    first = inputs[0][0] if isinstance(inputs[0], list) and inputs[0] else inputs[0]
    if changed is None and isinstance(first, dict):
        from dash._utils import stringify_id
        changed = f"{stringify_id(first['id'])}.{first['property']}"
    return {"output": dep["output"], "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": inputs, "state": state, "changedPropIds": [changed] if changed else []}


def find(deps: list[dict], output_start: str) -> dict:
    """The dependency whose output string starts with `output_start` (after any dots)."""
    matches = [d for d in deps if d["output"].lstrip(".").startswith(output_start)]
    assert len(matches) == 1, (output_start, [d["output"][:60] for d in matches])
    return matches[0]


def outputs_of(answer) -> dict:
    """{component id string: {property: value}} of a callback's answer."""
    assert answer.status_code == 200, (answer.status_code, answer.get_data(as_text=True)[:300])
    return answer.get_json()["response"]


def chart_key(chart: str, part: str = "chart-data") -> str:
    return json.dumps({"chart": chart, "type": part}, sort_keys=True, separators=(",", ":"))
