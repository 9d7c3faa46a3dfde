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


def test_without_a_cache_one_build_reads_each_memoised_function_once_per_arguments():
    """Outside an app, inside a page build (`one_data_version`), the second call with the
    same arguments is not read again; each caller gets its own copy; outside a build every
    call reads."""
    import pandas as pd

    from queries.cache import one_data_version

    reads = []

    @memoized
    def frame(engine, level, *, period_ends=()):
        reads.append((level, period_ends))
        return pd.DataFrame({"level": [level], "periods": [len(period_ends)]})

    engine = FakeEngine()

    @one_data_version
    def build():
        first = frame(engine, "service", period_ends=(1, 2))
        first.loc[0, "level"] = "changed by the first caller"
        again = frame(engine, "service", period_ends=(1, 2))
        other = frame(engine, "all")
        return first, again, other

    first, again, other = build()
    # read twice in the build: ("service", (1, 2)) once, ("all", ()) once
    assert reads == [("service", (1, 2)), ("all", ())]
    assert again.loc[0, "level"] == "service"     # not the first caller's change
    assert other.loc[0, "level"] == "all"
    build()                                        # a new build reads afresh
    assert len(reads) == 4
    frame(engine, "service")
    frame(engine, "service")                       # outside a build: every call reads
    assert len(reads) == 6
