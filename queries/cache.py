"""Memoisation of query functions with flask-caching (Redis when REDIS_URL is set), keyed by
the data version, and one data version per page build.

The data version is the load's timestamp (`load_info.loaded_at`), written in the load's own
transaction, so it changes exactly when the data do and every gunicorn worker (and every
app sharing a Redis) sees the change at the same moment.

One version per build: inside a Flask app context (one per request) the version is read
once, the first time a query asks, and every memoised query of that request is keyed by
it. A result computed on a cache miss is stored only if the version is still the same
after the computation; otherwise the data were reloaded while it ran (its reads may mix two
loads) and `DataChanged` is raised instead. `one_data_version(build)` runs a whole page
build that way and checks the version again at the end (reads that are not memoised
included): a build that overlapped a load is run again against the new version, so a page
shows one load or the other, never a mix.

Outside an app (command-line export, tests calling queries directly) the functions run
directly, uncached, except inside one page build (`one_data_version`, `build_memo()`):
there each memoised function reads once per arguments and every later call in that build
gets a copy of the result, as a cached read would (a page build asks for the authorities,
periods and population years many times over; the server's cache reads them once).
"""
from __future__ import annotations

import copy
import inspect
import pickle
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

import pandas as pd
from flask import current_app, g, has_app_context
from flask_caching import Cache
from sqlalchemy import func, select

from dashboard.contract.selection import Selection
from dashboard.core.config import cache_config

cache = Cache()
# Kept for settings and tests written against the earlier cache, which re-read the version
# every few seconds; the version is now read once per request (app context) instead.
_VERSION_TTL = 0.0
ATTEMPTS = 4  # builds of one page before giving up on constantly changing data


class DataChanged(RuntimeError):
    """The data were reloaded while a result was being computed."""


def init_cache(server) -> None:
    cache.init_app(server, config=cache_config())


def cache_ready() -> bool:
    return has_app_context() and cache in current_app.extensions.get("cache", {})


_cache_ready = cache_ready  # the earlier name


def engine_key(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


_VERSION_STATEMENT = []  # built on first use, then reused (it is read on every request)


def read_version(engine) -> str | None:
    """The load timestamp as the database holds it now (None if it cannot be read)."""
    if not _VERSION_STATEMENT:
        from dashboard.contract.schema import LoadInfo
        _VERSION_STATEMENT.append(select(func.max(LoadInfo.loaded_at)))
    try:
        with engine.connect() as conn:
            return str(conn.execute(_VERSION_STATEMENT[0]).scalar())
    except Exception:  # noqa: BLE001 - an unreachable database is reported by the caller
        return None


def _pins() -> dict | None:
    """engine URL -> the version this app context reads (None outside an app context)."""
    if not has_app_context():
        return None
    if "_data_versions" not in g:
        g._data_versions = {}
        g._data_changed = False
    return g._data_versions


def data_version(engine) -> str:
    """The version this request reads: read from the database once, then the same."""
    pins = _pins()
    if pins is None:
        return read_version(engine) or "unavailable"
    key = engine_key(engine)
    if key not in pins:
        pins[key] = read_version(engine) or "unavailable"
    return pins[key]


def _without_period(value):
    return value.with_(period=None) if isinstance(value, Selection) else value


def memoized(function):
    """Cache a query function `f(engine, ...)` per data version and arguments."""
    def cached(engine_url, version, *args, **kwargs):
        from dashboard.core.db import get_engine
        engine = get_engine(engine_url)
        result = function(engine, *args, **kwargs)
        now = read_version(engine)
        if now is not None and now != version:
            if has_app_context():
                g._data_changed = True
            raise DataChanged(f"{function.__qualname__}: the data were reloaded while it ran")
        return result

    # The cache key starts with this name: set it before memoizing, or every query
    # function called with the same arguments would share one cache entry.
    cached.__qualname__ = f"memo.{function.__module__}.{function.__qualname__}"
    cached = cache.memoize()(cached)

    signature = inspect.signature(function)

    @wraps(function)
    def wrapper(engine, *args, **kwargs):
        if not cache_ready():
            return _build_memoized(function, signature, engine, args, kwargs)
        url = engine_key(engine)
        # Queries take their periods explicitly (period_ends): the page's chosen period is
        # left out of the key so every period shares one cached series.
        args = tuple(_without_period(a) for a in args)
        return cached(url, data_version(engine), *args, **kwargs)

    wrapper.uncached = function
    return wrapper


# The results of memoised functions read in the page build running now, without a cache:
# (function, engine, args, kwargs) -> result. None outside a build (read every time).
_BUILD_MEMO: ContextVar[dict | None] = ContextVar("build_memo", default=None)


# The connections the page build running now reads through, one per engine: taken from
# the pool once per build instead of once per statement (each checkout pings a server and
# each return rolls back: two round trips more per statement on PostgreSQL).
_BUILD_CONNECTIONS: ContextVar[dict | None] = ContextVar("build_connections", default=None)


@contextmanager
def build_memo():
    """Within the block, without a cache, each memoised read happens once per arguments
    and every statement reads through one connection per engine (an inner block shares
    the outer one's)."""
    if _BUILD_MEMO.get() is not None:
        yield
        return
    token = _BUILD_MEMO.set({})
    connections = _BUILD_CONNECTIONS.set({})
    try:
        yield
    finally:
        for conn in _BUILD_CONNECTIONS.get().values():
            conn.close()
        _BUILD_CONNECTIONS.reset(connections)
        _BUILD_MEMO.reset(token)


def build_connection(engine):
    """The connection of the current build for `engine` (opened on first use), or None
    outside a build."""
    connections = _BUILD_CONNECTIONS.get()
    if connections is None:
        return None
    if engine not in connections:
        connections[engine] = engine.connect()
    return connections[engine]


def _build_memoized(function, signature, engine, args: tuple, kwargs: dict):
    """`function`'s result, read once in the current build (a copy each time, so a caller
    changing its frame changes nobody else's, as with results from the cache). Arguments
    are keyed as bound, defaults filled: f(e) and f(e, None) are one read."""
    memo = _BUILD_MEMO.get()
    if memo is None:
        return function(engine, *args, **kwargs)
    bound = signature.bind(engine, *args, **kwargs)
    bound.apply_defaults()
    key = (function, tuple(bound.arguments.values()))
    try:
        found = memo.get(key, memo)
    except TypeError:   # arguments that cannot be a key: read as before
        return function(engine, *args, **kwargs)
    if found is memo:
        found = memo[key] = function(engine, *args, **kwargs)
    return _copy(found)


def _copy(value):
    """A copy no caller's change can reach, as a cache's pickled result is: a frame's own
    copy, a new list of rows (tuples of database values, which nothing can change), else
    a pickled copy (much cheaper than copy.deepcopy on dicts of lists of dicts)."""
    if isinstance(value, pd.DataFrame):
        return value.copy()
    if isinstance(value, list) and all(type(row) is tuple for row in value):
        return list(value)
    try:
        return pickle.loads(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
    except Exception:  # noqa: BLE001 - not picklable: copied the slow way
        return copy.deepcopy(value)


def _consistent() -> bool:
    """No memoised query saw a reload, and every version this build read is still current."""
    from dashboard.core.db import get_engine
    if g.get("_data_changed"):
        return False
    for url, version in (g.get("_data_versions") or {}).items():
        now = read_version(get_engine(url))
        if now is not None and now != version:
            return False
    return True


def one_data_version(build):
    """Run `build` (a page build) against one data version (see the module's doc): again,
    against the new version, when a load committed while it ran."""
    @wraps(build)
    def run(*args, **kwargs):
        if not cache_ready():
            with build_memo():   # no cache: each memoised read once in this build
                return build(*args, **kwargs)
        if g.get("_building"):
            return build(*args, **kwargs)  # a build inside a build: the outer one checks
        _pins()
        g._building = True
        try:
            for attempt in range(ATTEMPTS):
                if attempt:  # read the version afresh: the new load's
                    g._data_versions, g._data_changed = {}, False
                result = build(*args, **kwargs)
                if _consistent():
                    return result
        finally:
            g._building = False
        raise DataChanged(f"the data were reloaded during each of {ATTEMPTS} builds")
    return run
