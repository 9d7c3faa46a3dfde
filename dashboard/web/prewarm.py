"""`python -m dashboard prewarm`: build every service's default view of every page once, so
the first visitor after a load is answered from the cache.

Each page's filling callback is asked exactly as a browser asks it (the request body from
the app's own callback map and the view a page's address resolves to), through the app's
full request handling, signed in as one user of each role and scope in `app_user`: what a
user may see is part of the cache key (dashboard/web/page_cache.py). The query results are
memoised on the way, so other views of the same areas are quicker too.

The cache must be the one the web workers read: Redis (REDIS_URL) for gunicorn's several
workers. With the in-process cache each worker warms itself as pages are visited, and
prewarming from another process has no effect (the command says so).
"""
from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass

from dashboard.core.db import get_engine
from dashboard.web.page_cache import page_of
from dashboard.web.state import resolve_state
from dashboard.web.users import list_users
from queries.meta import load_meta

log = logging.getLogger(__name__)
ENDPOINT = "_dash-update-component"


@dataclass(frozen=True)
class PageCallback:
    page: str                 # the page key ("fte")
    output: str               # Dash's output string for the callback
    outputs: list             # [{"id", "property"}]
    inputs: list              # [{"id", "property"}]


def _split_output(output: str) -> list[dict]:
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    found = []
    for part in parts:
        ident, prop = part.rsplit(".", 1)
        found.append({"id": json.loads(ident) if ident.startswith("{") else ident,
                      "property": prop.split("@")[0]})
    return found


def page_callbacks(dependencies: list[dict]) -> dict[str, PageCallback]:
    """The page-filling callback of each page, from Dash's /_dash-dependencies list."""
    found = {}
    for spec in dependencies:
        page = page_of({"output": spec.get("output")})
        if page:
            found[page] = PageCallback(page, spec["output"], _split_output(spec["output"]),
                                       [{"id": i["id"], "property": i["property"]}
                                        for i in spec["inputs"]])
    return found


def request_body(callback: PageCallback, values: dict) -> dict:
    """The JSON a browser posts for the callback; `values`: input id -> its value."""
    inputs = [{**spec, "value": values.get(spec["id"])} for spec in callback.inputs]
    return {"output": callback.output,
            "outputs": callback.outputs if callback.output.startswith("..")
            else callback.outputs[0],
            "inputs": inputs, "changedPropIds": [f"{callback.inputs[0]['id']}."
                                                 f"{callback.inputs[0]['property']}"],
            "state": []}


def initial_values(app, path: str) -> dict:
    """id -> value of the page's own controls as its layout draws them (the stage chooser)."""
    import dash
    page = next((p for p in dash.page_registry.values() if p["path"] == path), None)
    if page is None:
        return {}
    layout = page["layout"]() if callable(page["layout"]) else page["layout"]
    values = {}
    for component in layout._traverse():
        ident = getattr(component, "id", None)
        if isinstance(ident, str) and hasattr(component, "value"):
            values[ident] = component.value
    return values


def default_views(meta: dict, scope=None) -> list[dict]:
    """Each service's default view (latest period, no filters), within a scope."""
    inside = None if scope is None else set(scope)
    services = [s for s in meta["services"] if inside is None or any(
        la["service"] == s and la["code"] in inside for la in meta["authorities"])]
    return [resolve_state({"area": f"service:{service}"}, meta).to_dict()
            for service in services]


def _viewers(engine) -> list:
    """One enabled user for each role and scope (the cache keys differ by them)."""
    seen, viewers = set(), []
    for user in list_users(engine):
        key = (user.role, user.scope)
        if not user.disabled and key not in seen:
            seen.add(key)
            viewers.append(user)
    return viewers


def prewarm(app, *, limit: int | None = None, echo=print) -> dict:
    """Warm every page's default view of every service for each role and scope; returns
    {"requests", "failed", "seconds", "viewers"}."""
    from dashboard.web.registry import SECTIONS
    started = time.perf_counter()
    engine = get_engine()
    server = app.server
    client = server.test_client()
    viewers = _viewers(engine)
    summary = {"requests": 0, "failed": 0, "viewers": len(viewers)}
    if not viewers:
        echo("No users: nothing to prewarm (add users first).")
        summary["seconds"] = round(time.perf_counter() - started, 1)
        return summary
    with server.app_context():
        meta = load_meta(engine)
    endpoint = app.config.routes_pathname_prefix + ENDPOINT
    for user in viewers:
        with client.session_transaction() as session:
            session["_user_id"] = f"{user.session_epoch}:{user.username}"
            session["_fresh"] = True
        callbacks = page_callbacks(client.get(
            app.config.routes_pathname_prefix + "_dash-dependencies").get_json())
        sections = [s for s in SECTIONS if s.key in callbacks]
        controls = {}
        with server.test_request_context("/"):
            for section in sections:
                controls[section.key] = initial_values(app, section.path)
        views = default_views(meta, user.scope)[:limit]
        for view in views:
            for section in sections:
                body = request_body(callbacks[section.key],
                                    {**controls[section.key], "view-state": view})
                answer = client.post(endpoint, json=body)
                summary["requests"] += 1
                if answer.status_code != 200:
                    summary["failed"] += 1
                    log.warning("prewarm %s %s: HTTP %s", section.key, view["area"],
                                answer.status_code)
        echo(f"Prewarmed {len(views)} services x {len(sections)} pages for "
             f"{user.role} (scope {'all' if user.scope is None else ','.join(user.scope)}).")
    summary["seconds"] = round(time.perf_counter() - started, 1)
    return summary
