"""Memoised query functions must not share cache entries with each other."""
from __future__ import annotations

from flask import Flask

import dashboard.core.db
from queries.cache import cache, memoized


class FakeEngine:
    """Just enough of an engine for the memo key (its data version reads as 'unavailable')."""
    class url:  # noqa: N801 - mimics engine.url
        @staticmethod
        def render_as_string(hide_password=False):
            return "sqlite://"


def test_two_functions_called_with_the_same_arguments_keep_their_own_results(monkeypatch):
    @memoized
    def first(engine, level):
        return f"first {level}"

    @memoized
    def second(engine, level):
        return f"second {level}"

    monkeypatch.setattr(dashboard.core.db, "get_engine", lambda url=None: FakeEngine())
    app = Flask(__name__)
    cache.init_app(app, config={"CACHE_TYPE": "SimpleCache"})
    with app.app_context():
        assert first(FakeEngine(), "service") == "first service"
        assert second(FakeEngine(), "service") == "second service"
        assert first(FakeEngine(), "service") == "first service"
