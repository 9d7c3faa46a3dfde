"""Each page callback's finished response, built once per data version and cached.

Query results are memoised (queries/cache.py), but answering a page's callback still
builds its Plotly figures and components and has Dash serialise them: tens of
milliseconds a page. `init_page_cache(app)` keeps the response body of every page-filling
callback (the one per page that fills its headlines and charts, PageOutputs) in the same
flask-caching store as the queries (Redis when REDIS_URL is set, so every worker shares
it), compressed, keyed by

    the callback and its inputs (the view and the page's controls), the user's role and
    scope (what they may see), and the data version the response was built from.

A hit sends the stored body: exactly the bytes a fresh build sent (brotli-compressed once
for browsers that accept it, rather than on every response). A reload changes the
version, so nothing built from an earlier load is served once the new one is committed;
the version is read once per request, so the lookup and the build read the same load (and
a build that overlapped a load is stored under the load it ended up reading, see
queries.cache.one_data_version).

Only page-filling callbacks are cached: they have no side effects and depend on nothing
else. Downloads, drill-downs (audited) and the filter bar always run.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
import zlib
from functools import wraps

from flask import Response, request

try:  # the brotli package comes with the response compression (flask-compress)
    import brotli
except ImportError:  # pragma: no cover - plain bodies then, compressed per response
    brotli = None

from dashboard.core.db import get_engine
from dashboard.web.session import current_role, current_scope
from queries.cache import cache, cache_ready, data_version

log = logging.getLogger(__name__)
PREFIX = "page-response"
# A page's callback fills "<page>-headlines.children" first (PageOutputs.outputs()).
PAGE_CALLBACK = re.compile(r"^\.\.([A-Za-z0-9_-]+)-headlines\.children\.\.\.")


def page_of(body) -> str | None:
    """The page whose filling callback this request body calls, else None."""
    output = body.get("output") if isinstance(body, dict) else None
    match = PAGE_CALLBACK.match(output) if isinstance(output, str) else None
    return match.group(1) if match else None


def response_key(page: str, body: dict) -> str:
    """What the response depends on, hashed (the data version is appended by the caller).
    Which input changed (changedPropIds) is left out: these callbacks never read it."""
    inputs = [[i.get("id"), i.get("property"), i.get("value")]
              for i in (body.get("inputs") or []) if isinstance(i, dict)]
    states = [[s.get("id"), s.get("property"), s.get("value")]
              for s in (body.get("state") or []) if isinstance(s, dict)]
    scope = current_scope()
    material = json.dumps([body.get("output"), body.get("outputs"), inputs, states,
                           current_role(), None if scope is None else sorted(scope)],
                          sort_keys=True, default=str)
    return f"{PREFIX}:{page}:{hashlib.sha256(material.encode()).hexdigest()}"


def _stored(key: str):
    try:
        return cache.get(key)
    except Exception:  # noqa: BLE001 - an unreachable cache costs speed, not answers
        log.warning("page cache unavailable", exc_info=True)
        return None


def _packed(body: bytes) -> dict:
    """What the cache keeps of a response body: zlib for any client and, with brotli
    installed, the body as sent to browsers (compressed once, not on every hit)."""
    packed = {"zlib": zlib.compress(body, 1)}
    if brotli is not None:
        packed["br"] = brotli.compress(body, quality=5)
    return packed


def _answer(packed: dict) -> Response:
    if "br" in packed and "br" in request.headers.get("Accept-Encoding", ""):
        response = Response(packed["br"], mimetype="application/json")
        response.headers["Content-Encoding"] = "br"
        response.vary.add("Accept-Encoding")
        return response
    return Response(zlib.decompress(packed["zlib"]), mimetype="application/json")


def cached_view(view):
    """Dash's callback view, answering page-filling callbacks from the cache."""
    @wraps(view)
    def dispatch(*args, **kwargs):
        body = request.get_json(silent=True) if cache_ready() else None
        page = page_of(body)
        if page is None:
            return view(*args, **kwargs)
        engine = get_engine()
        key = response_key(page, body)
        stored = _stored(f"{key}:{data_version(engine)}")
        if isinstance(stored, dict):
            return _answer(stored)
        response = view(*args, **kwargs)
        if isinstance(response, Response) and response.status_code == 200 \
                and not response.direct_passthrough:
            try:  # data_version again: a build that overlapped a load read the new one
                cache.set(f"{key}:{data_version(engine)}", _packed(response.get_data()))
            except Exception:  # noqa: BLE001
                log.warning("page response for %s not cached", page, exc_info=True)
        return response
    return dispatch


def init_page_cache(app) -> None:
    """Wrap Dash's callback route (call before anything that wraps it to check requests,
    so those checks run first)."""
    endpoint = app.config.routes_pathname_prefix + "_dash-update-component"
    app.server.view_functions[endpoint] = cached_view(app.server.view_functions[endpoint])
