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

Two kinds of callback are cached, each a pure function of what its key holds, with no
side effects:

- a page's filling callback (its headlines, charts and tables), keyed as above;
- Dash Pages' layout callback (`_pages_content.children`: the page's frame, filter bar and
  body for the address's pathname and query), keyed by the address, the data version and
  the user's name as well as their role and scope (the header shows who is signed in).

The filter chips are not: building them costs about what a cache hit does (measured with
benchmarks/profile_warm.py).

Each worker also keeps the responses it used last (`LocalCopies`, PAGE_CACHE_LOCAL_MB, default
64 MB; 0 turns it off): a key names one data version, so a copy is never stale, and a hit
on it costs no round trip to Redis (on a busy machine, a wait for Redis to get a core).

A build that met a failure (a message instead of the page) calls `do_not_cache()`, so the
next request tries again rather than being sent the message for the rest of the load.
Downloads, drill-downs (audited), the board pack, slides and the filter bar always run.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
import zlib
from collections import OrderedDict
from functools import wraps

from flask import Response, current_app, g, has_request_context, request

try:  # the brotli package comes with the response compression (flask-compress)
    import brotli
except ImportError:  # pragma: no cover - plain bodies then, compressed per response
    brotli = None

from dashboard.core.config import env_int
from dashboard.core.db import get_engine
from dashboard.web.session import current_role, current_scope, current_username
from queries.cache import cache, cache_ready, data_version

log = logging.getLogger(__name__)
PREFIX = "page-response"
# A page's callback fills "<page>-headlines.children" first (PageOutputs.outputs()).
PAGE_CALLBACK = re.compile(r"^\.\.([A-Za-z0-9_-]+)-headlines\.children\.\.\.")
# Dash Pages' routing callback: a page's whole layout for the address, and its title.
LAYOUT = "layout"
LAYOUT_OUTPUT = ".._pages_content.children..._pages_store.data.."


def page_of(body) -> str | None:
    """The page whose filling callback this request body calls, else None."""
    output = body.get("output") if isinstance(body, dict) else None
    match = PAGE_CALLBACK.match(output) if isinstance(output, str) else None
    return match.group(1) if match else None


def cached_kind(body) -> str | None:
    """What the cache may answer: a page's key for its filling callback, LAYOUT for the
    page layout; None for every other callback (always run)."""
    output = body.get("output") if isinstance(body, dict) else None
    if output == LAYOUT_OUTPUT:
        return LAYOUT
    return page_of(body)


def response_key(page: str, body: dict) -> str:
    """What the response depends on, hashed (the data version is appended by the caller).
    Which input changed (changedPropIds) is left out: these callbacks never read it. The
    layout also shows who is signed in and, in password mode, a sign-out link."""
    inputs = [[i.get("id"), i.get("property"), i.get("value")]
              for i in (body.get("inputs") or []) if isinstance(i, dict)]
    states = [[s.get("id"), s.get("property"), s.get("value")]
              for s in (body.get("state") or []) if isinstance(s, dict)]
    scope = current_scope()
    who = [current_role(), None if scope is None else sorted(scope)]
    if page == LAYOUT:
        who += [current_username(), current_app.config.get("AUTH_MODE")]
    material = json.dumps([body.get("output"), body.get("outputs"), inputs, states, *who],
                          sort_keys=True, default=str)
    return f"{PREFIX}:{page}:{hashlib.sha256(material.encode()).hexdigest()}"


def do_not_cache() -> None:
    """Keep this request's answer out of the cache: its build met a failure and says so
    instead of showing the page (the next request builds it again)."""
    if has_request_context():
        g.page_cache_skip = True


class LocalCopies:
    """The packed responses this worker used last, up to `max_bytes` (least recently used
    dropped first). Keys end with the data version, so what is kept is never stale."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.entries: OrderedDict[str, dict] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    @staticmethod
    def bytes_of(packed: dict) -> int:
        return sum(len(value) for value in packed.values())

    def get(self, key: str) -> dict | None:
        with self.lock:
            packed = self.entries.get(key)
            if packed is not None:
                self.entries.move_to_end(key)
            return packed

    def put(self, key: str, packed: dict) -> None:
        size = self.bytes_of(packed)
        if size > self.max_bytes // 4:  # one huge answer must not push out all the rest
            return
        with self.lock:
            previous = self.entries.pop(key, None)
            if previous is not None:
                self.size -= self.bytes_of(previous)
            self.entries[key] = packed
            self.size += size
            while self.size > self.max_bytes:
                _, dropped = self.entries.popitem(last=False)
                self.size -= self.bytes_of(dropped)


def _local() -> LocalCopies | None:
    return current_app.extensions.get("page_cache_local")


def _stored(key: str):
    local = _local()
    packed = local.get(key) if local is not None else None
    if packed is not None:
        return packed
    try:
        packed = cache.get(key)
    except Exception:  # noqa: BLE001 - an unreachable cache costs speed, not answers
        log.warning("page cache unavailable", exc_info=True)
        return None
    if isinstance(packed, dict) and local is not None:
        local.put(key, packed)
    return packed


def _store(key: str, packed: dict) -> None:
    local = _local()
    if local is not None:
        local.put(key, packed)
    cache.set(key, packed)


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
    """Dash's callback view, answering the cached kinds of callback from the cache."""
    @wraps(view)
    def dispatch(*args, **kwargs):
        body = request.get_json(silent=True) if cache_ready() else None
        kind = cached_kind(body)
        if kind is None:
            return view(*args, **kwargs)
        engine = get_engine()
        key = response_key(kind, body)
        stored = _stored(f"{key}:{data_version(engine)}")
        if isinstance(stored, dict):
            return _answer(stored)
        response = view(*args, **kwargs)
        if isinstance(response, Response) and response.status_code == 200 \
                and not response.direct_passthrough and not g.get("page_cache_skip"):
            try:  # data_version again: a build that overlapped a load read the new one
                _store(f"{key}:{data_version(engine)}", _packed(response.get_data()))
            except Exception:  # noqa: BLE001
                log.warning("response for %s not cached", kind, exc_info=True)
        return response
    return dispatch


def init_page_cache(app) -> None:
    """Wrap Dash's callback route (call before anything that wraps it to check requests,
    so those checks run first)."""
    endpoint = app.config.routes_pathname_prefix + "_dash-update-component"
    app.server.view_functions[endpoint] = cached_view(app.server.view_functions[endpoint])
    megabytes = env_int("PAGE_CACHE_LOCAL_MB", 64)
    if megabytes:
        app.server.extensions["page_cache_local"] = LocalCopies(megabytes * 1024 * 1024)
