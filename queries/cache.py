"""Memoisation of query functions with flask-caching (Redis when REDIS_URL is set)."""
from __future__ import annotations

from flask_caching import Cache

from dashboard.config import cache_config

cache = Cache(config={"CACHE_TYPE": "NullCache"})


def init_cache(server) -> None:
    cache.init_app(server, config=cache_config())
