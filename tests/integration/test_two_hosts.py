"""Two hosts: two gunicorn processes sharing one PostgreSQL server and a real Redis.

As docker-compose.yml runs them (app x 2 behind a load balancer): each process has its
own workers and memory, and they meet only in the database and in Redis. The module owns
its PostgreSQL server (not the session's), so it can stop and start it: /health must say
so while the database is down and recover when it is back, on both hosts.

Skipped with a reason when the PostgreSQL binaries or redis-server are missing (failed
under CI=true, as in conftest.py and test_redis_cache.py). Nothing here asserts speed.
"""
from __future__ import annotations

import atexit
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from benchmarks.load_test import browser_calls, sign_in, start_server
from tests.integration.conftest import PostgresServer, _running_in_ci, find_postgres_bindir
from tests.integration.test_redis_cache import redis_url  # noqa: F401 - the fixture

pytestmark = pytest.mark.postgres

REPO = Path(__file__).resolve().parents[2]
PAGES = ("overview", "fte", "reoffending", "custody", "disposals", "disproportionality")
HTTP_TIMEOUT = 120


def _cli(db_url: str, *command: str) -> None:
    done = subprocess.run([sys.executable, "-m", "dashboard", *command], cwd=REPO,
                          env={**os.environ, "DATABASE_URL": db_url}, capture_output=True,
                          text=True, timeout=600, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr[-3000:]


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    """This module's own PostgreSQL server holding the sample data and the demo users."""
    bindir = find_postgres_bindir()
    if bindir is None:
        reason = "PostgreSQL server binaries (initdb, pg_ctl) not found"
        if _running_in_ci():
            pytest.fail(f"CI=true but {reason}", pytrace=False)
        pytest.skip(reason)
    server = PostgresServer(bindir)
    atexit.register(server.stop)
    server.start()
    server.admin_execute("CREATE DATABASE two_hosts")
    url = server.url("two_hosts")
    _cli(url, "load", str(REPO / "sample_data"), "--no-prewarm")
    _cli(url, "demo-users", "--force")
    yield server, url
    from dashboard.core.db import get_engine
    get_engine(url).dispose()  # this process's own connections (browser_calls reads views)
    server.stop()


@pytest.fixture(scope="module")
def hosts(database, redis_url, tmp_path_factory):  # noqa: F811 - the imported fixture
    """Two gunicorn processes (one worker each) on the same database and Redis."""
    _, url = database
    logs = tmp_path_factory.mktemp("hosts")
    # PAGE_CACHE_LOCAL_MB=0: no copies kept in the workers, so every answer goes through
    # Redis (the tests empty it behind the hosts' backs to see what each host stores)
    env = {"REDIS_URL": redis_url, "SECRET_KEY": "two-hosts-secret", "PAGE_CACHE_LOCAL_MB": "0"}
    started = []
    try:
        for name in ("a", "b"):
            started.append(start_server(url, workers=1, threads=2, env=env,
                                        log=logs / f"{name}.log"))
        yield started
    finally:
        for server in started:
            server.stop()


def _store(redis_url):  # noqa: F811
    import redis
    return redis.Redis.from_url(redis_url, socket_timeout=5)


def _page_calls(session, host, db_url) -> dict:
    """Each page's filling callback for the first service's default view, as a browser
    posts it (page -> request body)."""
    calls = browser_calls(session, host.url, db_url, 1)
    return {call.name: call.body for call in calls if call.name in PAGES}


def _answer(session, host, body) -> dict:
    response = session.post(host.url + "/_dash-update-component", json=body,
                            timeout=HTTP_TIMEOUT)
    assert response.status_code == 200, response.text[:500]
    return response.json()


def _page_keys(store) -> set:
    return {key for key in store.keys("*page-response*")}


def test_both_hosts_give_identical_answers_and_share_one_cache(database, hosts,
                                                               redis_url):  # noqa: F811
    _, db_url = database
    a, b = hosts
    store = _store(redis_url)
    store.flushdb()
    on_a, on_b = sign_in(a.url), sign_in(b.url)
    calls = _page_calls(on_a, a, db_url)
    assert set(calls) == set(PAGES)

    # Built independently: host a builds, the cache is emptied, host b builds the same.
    fresh = {}
    for page, body in calls.items():
        fresh[page] = _answer(on_a, a, body)
        store.flushdb()
        assert _answer(on_b, b, body) == fresh[page], page
    # Shared: what one host stores the other answers with (no second entry is made).
    store.flushdb()
    for number, (page, body) in enumerate(calls.items()):
        first, second = (on_a, a), (on_b, b)
        if number % 2:
            first, second = second, first
        assert _answer(*first, body) == fresh[page], page
        stored = _page_keys(store)
        assert len(stored) == number + 1, page
        assert _answer(*second, body) == fresh[page], page
        assert _page_keys(store) == stored, f"{page}: the second host built its own"

    # One sign-in serves on both hosts (no sticky sessions needed): a's cookie on b.
    assert _answer(on_a, b, calls["overview"]) == fresh["overview"]
    versions = {requests.get(h.url + "/health", timeout=30).json()["data_version"]
                for h in hosts}
    assert len(versions) == 1 and None not in versions


def _health(host) -> requests.Response:
    return requests.get(host.url + "/health", timeout=60)


def _wait_healthy(host, seconds: float = 60) -> requests.Response:
    deadline = time.monotonic() + seconds
    while True:
        response = _health(host)
        if response.status_code == 200 or time.monotonic() > deadline:
            return response
        time.sleep(0.5)


def test_health_fails_on_both_hosts_while_postgresql_is_down_and_recovers(database, hosts,
                                                                          redis_url):  # noqa: F811
    server, db_url = database
    before = {}
    for host in hosts:
        response = _health(host)
        assert response.status_code == 200 and response.json()["database"] == "ok"
        before[host.url] = response.json()["data_version"]
    server.halt()
    try:
        for host in hosts:
            response = _health(host)
            assert response.status_code == 503
            assert response.json() == {"status": "error", "database": "unreachable"}
    finally:
        server.resume()
    for host in hosts:
        response = _wait_healthy(host)
        assert response.status_code == 200, response.text
        assert response.json()["data_version"] == before[host.url]
    # Pages answer again too (pooled connections to the stopped server are replaced).
    _store(redis_url).flushdb()
    for host in hosts:
        session = sign_in(host.url)
        answer = _answer(session, host, _page_calls(session, host, db_url)["overview"])
        assert answer["response"]
