"""The query cache shared through a real Redis server by two app instances.

`redis_url` (module): a private `redis-server` on a free loopback port, no persistence,
stopped at the end. Skipped with a reason when the binary is missing, except under
CI=true, where .ci/run installs it and a missing server is a failure.

Two `create_app()` instances in this process stand for two gunicorn workers or
containers: each has its own cache client, and they meet only in Redis.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

REPO = Path(__file__).resolve().parents[2]
LA_CODE = "E06900001"  # Kingsmoor, in sample_data/local_authorities.csv


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    binary = shutil.which("redis-server") or (
        "/usr/bin/redis-server" if os.access("/usr/bin/redis-server", os.X_OK) else None)
    if binary is None:
        reason = "redis-server not found: install Debian's 'redis-server' package"
        if os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}:
            pytest.fail(f"CI=true but {reason}", pytrace=False)
        pytest.skip(reason)
    import redis
    workdir = tmp_path_factory.mktemp("redis")
    port = _free_port()
    with open(workdir / "redis.log", "wb") as log:
        proc = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(workdir), "--daemonize", "no"],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)
    url = f"redis://127.0.0.1:{port}/0"
    deadline = time.monotonic() + 20
    while True:
        try:
            if redis.Redis.from_url(url, socket_timeout=2).ping():
                break
        except redis.exceptions.ConnectionError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"redis-server did not start:\n{(workdir / 'redis.log').read_text()}")
        time.sleep(0.1)
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


def _load(folder: Path, db_url: str) -> None:
    done = subprocess.run([sys.executable, "-m", "dashboard", "load", str(folder)], cwd=REPO,
                          env={**os.environ, "DATABASE_URL": db_url}, capture_output=True,
                          text=True, timeout=600, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr[-3000:]


def _name(app, code: str) -> str:
    """Kingsmoor's name as the memoised `authorities` query gives it inside `app`."""
    from dashboard.core.db import get_engine
    from queries.common import authorities
    with app.server.app_context():
        frame = authorities(get_engine())
    return frame.set_index("code").loc[code, "name"]


def test_two_apps_share_cached_results_and_a_reload_invalidates_them(redis_url, tmp_path,
                                                                     monkeypatch):
    import redis

    import queries.cache
    from dashboard.core.db import get_engine
    from dashboard.app_factory import create_app
    from queries.common import authorities

    db_url = f"sqlite:///{tmp_path / 'shared.db'}"
    _load(REPO / "sample_data", db_url)
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("REDIS_URL", redis_url)
    # The load's version is re-read on every call, not every few seconds.
    monkeypatch.setattr(queries.cache, "_VERSION_TTL", 0.0)
    store = redis.Redis.from_url(redis_url, socket_timeout=5)
    store.flushdb()

    first, second = create_app(), create_app()
    assert first.server is not second.server
    assert first.server.extensions["cache"][queries.cache.cache] is not \
        second.server.extensions["cache"][queries.cache.cache]
    version_before = first.server.test_client().get("/health").get_json()["data_version"]

    assert _name(first, LA_CODE) == "Kingsmoor"  # computed and stored in Redis
    assert store.dbsize() > 0

    # Change the database behind the cache's back (the load version stays the same):
    # the second app still answers from Redis, though the database now says otherwise.
    with get_engine().begin() as conn:
        conn.execute(text("UPDATE local_authority SET name = 'Changed directly' "
                          "WHERE code = :code"), {"code": LA_CODE})
    assert authorities.uncached(get_engine()).set_index("code").loc[LA_CODE, "name"] == \
        "Changed directly"
    assert _name(second, LA_CODE) == "Kingsmoor"

    # A new load (a new version) is seen by both apps at once.
    folder = tmp_path / "renamed"
    shutil.copytree(REPO / "sample_data", folder)
    authorities_csv = folder / "local_authorities.csv"
    authorities_csv.write_text(authorities_csv.read_text().replace(
        f"{LA_CODE},Kingsmoor,", f"{LA_CODE},Kingsmoor Renamed,"))
    _load(folder, db_url)
    version_after = second.server.test_client().get("/health").get_json()["data_version"]
    assert version_after != version_before
    assert _name(second, LA_CODE) == "Kingsmoor Renamed"
    assert _name(first, LA_CODE) == "Kingsmoor Renamed"
