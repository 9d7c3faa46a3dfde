"""Memoisation of query functions with flask-caching (Redis when REDIS_URL is set).

Inside the Dash server results are cached, keyed by the arguments and the load's
timestamp, so a reload is never served stale figures. Outside an app (CLI export, tests)
the functions run directly.
"""
from __future__ import annotations

import time
from functools import wraps

from flask import current_app, has_app_context
from flask_caching import Cache
from sqlalchemy import func, select

from dashboard.contract.selection import Selection
from dashboard.core.config import cache_config

cache = Cache()
_VERSION_TTL = 5.0
_versions: dict[str, tuple[float, str]] = {}


def init_cache(server) -> None:
    cache.init_app(server, config=cache_config())


def _cache_ready() -> bool:
    return has_app_context() and cache in current_app.extensions.get("cache", {})


def data_version(engine) -> str:
    """The load timestamp, re-read at most every few seconds."""
    from dashboard.contract.schema import LoadInfo
    url = str(engine.url)
    now = time.monotonic()
    cached = _versions.get(url)
    if cached and now - cached[0] < _VERSION_TTL:
        return cached[1]
    try:
        with engine.connect() as conn:
            version = str(conn.execute(select(func.max(LoadInfo.loaded_at))).scalar())
    except Exception:  # noqa: BLE001 - an unreachable database is reported by the caller
        version = "unavailable"
    _versions[url] = (now, version)
    return version


def _without_period(value):
    return value.with_(period=None) if isinstance(value, Selection) else value


def memoized(function):
    """Cache a query function `f(engine, ...)` per data version and arguments."""
    def cached(engine_url, version, *args, **kwargs):
        from dashboard.core.db import get_engine
        return function(get_engine(engine_url), *args, **kwargs)

    # The cache key starts with this name: set it before memoizing, or every query
    # function called with the same arguments would share one cache entry.
    cached.__qualname__ = f"memo.{function.__module__}.{function.__qualname__}"
    cached = cache.memoize()(cached)

    @wraps(function)
    def wrapper(engine, *args, **kwargs):
        if not _cache_ready():
            return function(engine, *args, **kwargs)
        url = engine.url.render_as_string(hide_password=False)
        # Queries take their periods explicitly (period_ends): the page's chosen period is
        # left out of the key so every period shares one cached series.
        args = tuple(_without_period(a) for a in args)
        return cached(url, data_version(engine), *args, **kwargs)

    wrapper.uncached = function
    return wrapper
