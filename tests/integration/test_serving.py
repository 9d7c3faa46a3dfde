"""Serving: gunicorn with gunicorn.conf.py, /health, compression, cache and security
headers, request limits, and refusing to start on a missing SQLite database.

The gunicorn tests start one server (module scope) with the real config on a free
loopback port and the sample data (with its demo users) in a temp SQLite file. It runs
one worker (WEB_CONCURRENCY=1), so every connection lands on the same worker: the
weakest case for slow clients. Pages need a signed-in user (dashboard/web/auth.py):
`signed_in` is a urllib opener holding the demo analyst's session cookie; /health is
public. Every network call has a timeout; nothing asserts speed.
"""
from __future__ import annotations

import gc
import gzip
import hashlib
import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import brotli
import pytest

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT = 90   # seconds for gunicorn to answer (imports pandas, plotly, dash)
HTTP_TIMEOUT = 20    # seconds for any one request
SECRET = "serving-test-secret"
USER, PASSWORD = "analyst", "demo-analyst"  # demo user made by `demo-users` on the sample


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _load(db: Path) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "SECRET_KEY": SECRET}
    for command in (["load", "sample_data"], ["demo-users"]):
        done = subprocess.run([sys.executable, "-m", "dashboard", *command], cwd=REPO, env=env,
                              stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=600)
        assert done.returncode == 0, done.stderr[-3000:]


def _gunicorn_env(tmp: Path, db_url: str) -> dict:
    env = {**os.environ, "DATABASE_URL": db_url, "WEB_CONCURRENCY": "1", "SECRET_KEY": SECRET,
           "HOME": str(tmp / "home"), "PYTHONUNBUFFERED": "1", "GUNICORN_READ_TIMEOUT": "2",
           "BUNDLE_CACHE_DIR": str(tmp / "bundles")}
    for name in ("XDG_RUNTIME_DIR", "REDIS_URL", "GUNICORN_THREADS", "GUNICORN_CMD_ARGS",
                 "AUTH_MODE", "MAX_CONTENT_LENGTH", "HSTS"):
        env.pop(name, None)
    (tmp / "home").mkdir(exist_ok=True)
    return env


def _start_gunicorn(tmp: Path, db_url: str, port: int):
    log = tmp / "gunicorn.log"
    handle = open(log, "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "-b", f"127.0.0.1:{port}",
         "app:server"], cwd=REPO, env=_gunicorn_env(tmp, db_url), stdin=subprocess.DEVNULL,
        stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)
    return proc, log, handle


def _stop(proc, handle) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
    handle.close()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 is answered as it is


ANONYMOUS = urllib.request.build_opener(_NoRedirect)


def _get(url: str, headers: dict | None = None, method: str = "GET", data: bytes | None = None,
         opener=ANONYMOUS):
    """(status, headers, body) without raising on HTTP errors or following redirects."""
    request = urllib.request.Request(url, headers=headers or {}, method=method, data=data)
    try:
        with opener.open(request, timeout=HTTP_TIMEOUT) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def _sign_in(base: str):
    """An opener holding a signed-in session (the login form, its CSRF token included)."""
    opener = urllib.request.build_opener(
        _NoRedirect, urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    form = _get(base + "/login", opener=opener)[2].decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode({"username": USER, "password": PASSWORD,
                                   "csrf_token": token, "next": "/"}).encode()
    status, _, _ = _get(base + "/login", method="POST", data=data, opener=opener,
                        headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 302, f"sign-in failed: HTTP {status}"
    assert _get(base + "/", opener=opener)[0] == 200
    return opener


def _decode(headers, body: bytes) -> bytes:
    encoding = headers.get("Content-Encoding")
    if encoding == "gzip":
        return gzip.decompress(body)
    if encoding == "br":
        return brotli.decompress(body)
    assert encoding is None, encoding
    return body


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("serving-db") / "youth_justice.db"
    assert not db.exists()
    _load(db)  # the CLI load creates the file the app refuses to create
    assert db.is_file()
    return db


@pytest.fixture(scope="module")
def server(sample_db, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("gunicorn")
    port = _free_port()
    proc, log, handle = _start_gunicorn(tmp, f"sqlite:///{sample_db}", port)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if proc.poll() is not None:
            _stop(proc, handle)
            pytest.fail(f"gunicorn exited {proc.returncode}:\n{log.read_text()[-4000:]}")
        try:
            if _get(base + "/health")[0] == 200:
                break
        except OSError:
            pass
        if time.monotonic() > deadline:
            _stop(proc, handle)
            pytest.fail(f"gunicorn did not answer within {START_TIMEOUT}s:\n"
                        f"{log.read_text()[-4000:]}")
        time.sleep(0.25)
    try:
        yield {"base": base, "port": port, "log": log, "home": tmp / "home",
               "signed_in": _sign_in(base)}
    finally:
        _stop(proc, handle)


# --- gunicorn ----------------------------------------------------------------------


@contextmanager
def stuck_clients(port: int, count: int):
    """`count` connections that start a request and never finish its headers."""
    slow = []
    try:
        for _ in range(count):
            sock = socket.create_connection(("127.0.0.1", port), timeout=HTTP_TIMEOUT)
            sock.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")  # never finished
            slow.append(sock)
        time.sleep(0.5)  # let the worker pick them up
        yield slow
    finally:
        for sock in slow:
            sock.close()


def test_two_clients_stuck_in_their_headers_do_not_stall_the_server(server):
    with stuck_clients(server["port"], 2):
        status, _, body = _get(server["base"] + "/health")  # raises on timeout
        assert status == 200, body


def test_more_clients_stuck_in_their_headers_than_threads_are_dropped_in_time(server):
    """Ten connections that never finish their headers, more than the worker has threads
    (4 to 8): each is dropped after GUNICORN_READ_TIMEOUT (2 s here), so /health answers
    within a few rounds of that, and the log holds no traceback for them."""
    with stuck_clients(server["port"], 10) as slow:
        status, _, body = _get(server["base"] + "/health")  # raises after HTTP_TIMEOUT (20 s)
        assert status == 200, body
        for sock in slow:  # each was closed by the server
            sock.settimeout(HTTP_TIMEOUT)
            assert sock.recv(100) == b""
    assert "TimeoutError" not in server["log"].read_text(errors="replace")


def test_no_control_socket_and_no_version_in_the_server_header(server):
    status, headers, _ = _get(server["base"] + "/health")
    assert status == 200
    assert not re.search(r"\d", headers.get("Server", "")), headers.get("Server")
    # gunicorn >= 25 would make ~/.gunicorn/gunicorn.ctl (HOME is a temp dir here)
    assert not (server["home"] / ".gunicorn").exists()


def test_access_log_truncates_what_a_client_sends(server):
    marker = "q" * 3000
    status, _, _ = _get(server["base"] + f"/health?{marker}", headers={"User-Agent": "U" * 3000})
    assert status == 200
    lines = []
    deadline = time.monotonic() + 10
    while not lines and time.monotonic() < deadline:  # the worker writes it after replying
        lines = [line for line in server["log"].read_text(errors="replace").splitlines()
                 if "qqqqqqqqqq" in line]
        time.sleep(0.1)
    assert lines, "no access log line for the request"
    assert all(len(line) < 1000 for line in lines), max(map(len, lines))
    assert marker not in lines[0] and "U" * 1000 not in lines[0]


def test_an_oversized_request_line_is_refused(server):
    status, _, _ = _get(server["base"] + "/" + "a" * 6000)
    assert status in (400, 414)


def test_first_page_load_bundles_are_compressed_and_cached(server):
    base, user = server["base"], server["signed_in"]
    status, headers, body = _get(base + "/", headers={"Accept-Encoding": "gzip, br"},
                                 opener=user)
    assert status == 200
    assert headers["Content-Encoding"] == "br"  # preferred when both are accepted
    page = _decode(headers, body).decode()
    bundles = re.findall(r'<script[^>]* src="(/_dash-component-suites/[^"]+)"', page)
    assets = re.findall(r'href="(/assets/[^"]+\.css[^"]*)"', page)
    assert len(bundles) >= 5 and assets, page[:2000]
    for url in bundles:
        for encoding in ("gzip", "br"):
            status, headers, body = _get(base + url, headers={"Accept-Encoding": encoding},
                                         opener=user)
            assert status == 200, url
            assert headers.get("Content-Encoding") == encoding, (url, dict(headers))
            plain = _decode(headers, body)
            assert len(plain) > len(body) > 0, url
            cache = {part.strip() for part in headers["Cache-Control"].split(",")}
            assert {"public", "max-age=31536000", "immutable"} <= cache, (url, cache)
    status, headers, body = _get(base + assets[0], headers={"Accept-Encoding": "gzip"},
                                 opener=user)
    assert status == 200 and headers.get("Content-Encoding") == "gzip"
    assert b"{" in _decode(headers, body)
    cache = {part.strip() for part in headers["Cache-Control"].split(",")}
    assert {"public", "max-age=86400"} <= cache, cache
    # The favicon (its link carries no version) is kept a day too, not fetched every page.
    favicon = re.search(r'href="(/_favicon\.ico)"', page).group(1)
    status, headers, body = _get(base + favicon, opener=user)
    assert status == 200 and body
    cache = {part.strip() for part in headers.get("Cache-Control", "").split(",")}
    assert {"public", "max-age=86400"} <= cache, cache
    # plotly.js: the vendored basic bundle, before Dash's renderer (which draws the first
    # charts), never the full plotly.min.js (dcc.Graph asks for that only without it).
    scripts = re.findall(r'<script[^>]* src="([^"]+)"', page)
    assert "/assets/vendor/plotly-basic.min.js" in scripts, scripts
    renderer = next(i for i, src in enumerate(scripts) if "dash_renderer" in src)
    assert scripts.index("/assets/vendor/plotly-basic.min.js") < renderer, scripts
    assert not any("package_data/plotly" in src for src in scripts), scripts
    # A client that accepts no encoding gets the plain page.
    status, headers, body = _get(base + "/", headers={"Accept-Encoding": "identity"},
                                 opener=user)
    assert status == 200 and "Content-Encoding" not in headers and b"<html" in body


# The partial plotly.js bundle every page loads (dashboard/app_factory.py), in place of
# the plotly package's full plotly.min.js, which dcc.Graph would load otherwise.
PLOTLY_JS = "/assets/vendor/plotly-basic.min.js"


def _brotli_once_ready(url: str, plain: bytes, opener) -> tuple[dict, bytes]:
    """The br response once it is smaller than brotli quality 5 (compressed in the
    background; on a busy machine that takes a while: not a speed assertion)."""
    quality_5 = len(brotli.compress(plain, quality=5))
    deadline = time.monotonic() + 600
    while True:
        status, headers, body = _get(url, headers={"Accept-Encoding": "gzip, br"},
                                     opener=opener)
        assert status == 200 and headers.get("Content-Encoding") == "br", dict(headers)
        if len(body) < quality_5 or time.monotonic() > deadline:
            break
        time.sleep(2)
    assert len(body) < quality_5, (url, len(body), quality_5)
    assert brotli.decompress(body) == plain
    assert int(headers["Content-Length"]) == len(body)
    assert "accept-encoding" in headers.get("Vary", "").lower()
    return headers, body


def test_plotly_and_bootstrap_are_sent_brotli_compressed_once_at_the_highest_quality(
        server):
    """plotly.js (the basic bundle, 1.2 MB, the largest part of a first visit) and
    Bootstrap's CSS are
    compressed once in the background (dashboard/web/precompress.py); once ready they are
    sent smaller than brotli quality 5 (what flask-compress sends per response) and than
    gzip, the same bytes when decoded, kept a day by the browser and then checked by their
    ETag (304), and kept on disk under the hash of their content."""
    base, user = server["base"], server["signed_in"]
    status, headers, gzipped = _get(base + PLOTLY_JS, headers={"Accept-Encoding": "gzip"},
                                    opener=user)
    assert status == 200 and headers.get("Content-Encoding") == "gzip", dict(headers)
    plain = gzip.decompress(gzipped)
    assert plain == (REPO / "assets" / "vendor" / "plotly-basic.min.js").read_bytes()
    headers, body = _brotli_once_ready(base + PLOTLY_JS, plain, user)
    assert len(body) < len(gzipped)
    cache = {part.strip() for part in headers["Cache-Control"].split(",")}
    assert {"public", "max-age=86400"} <= cache, cache
    kept = server["home"].parent / "bundles" / f"{hashlib.sha256(plain).hexdigest()}.br"
    assert kept.read_bytes() == body
    # The browser's copy is checked by its tag: not sent again.
    status, _, again = _get(base + PLOTLY_JS, opener=user, headers={
        "Accept-Encoding": "gzip, br", "If-None-Match": headers["ETag"]})
    assert status == 304 and again == b""
    # Without br in Accept-Encoding the same URL is still gzip.
    _, headers, _ = _get(base + PLOTLY_JS, headers={"Accept-Encoding": "gzip"}, opener=user)
    assert headers.get("Content-Encoding") == "gzip"
    # Bootstrap's CSS, a file under /assets.
    _, headers, body = _get(base + "/", headers={"Accept-Encoding": "gzip"}, opener=user)
    css = re.search(r'href="(/assets/vendor/bootstrap\.min\.css[^"]*)"',
                    _decode(headers, body).decode()).group(1)
    plain = (REPO / "assets" / "vendor" / "bootstrap.min.css").read_bytes()
    headers, _ = _brotli_once_ready(base + css, plain, user)
    cache = {part.strip() for part in headers["Cache-Control"].split(",")}
    assert {"public", "max-age=86400"} <= cache, cache
    # The favicon is compressed too.
    _, headers, body = _get(base + "/_favicon.ico", headers={"Accept-Encoding": "gzip"},
                            opener=user)
    assert headers.get("Content-Encoding") == "gzip" and len(gzip.decompress(body)) > len(body)


def test_callback_responses_are_compressed(server):
    """A real callback (the page content for /about) through /_dash-update-component."""
    base, user = server["base"], server["signed_in"]
    status, _, body = _get(base + "/_dash-dependencies", opener=user)
    assert status == 200
    deps = json.loads(body)
    pages = next(d for d in deps if "_pages_content.children" in d["output"])
    payload = {
        "output": pages["output"],
        "outputs": [{"id": o.split(".")[0], "property": o.split(".")[1]}
                    for o in pages["output"].strip(".").split("...")],
        "inputs": [{"id": i["id"], "property": i["property"],
                    "value": "/about" if i["property"] == "pathname" else ""}
                   for i in pages["inputs"]],
        "changedPropIds": ["_pages_location.pathname"],
        "state": [{"id": s["id"], "property": s["property"]} for s in pages["state"]],
    }
    status, headers, body = _get(
        base + "/_dash-update-component", method="POST", data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", "Accept-Encoding": "gzip"}, opener=user)
    assert status == 200, body[:500]
    assert headers.get("Content-Encoding") == "gzip"
    assert "response" in json.loads(_decode(headers, body))


def test_every_response_carries_the_security_headers(server):
    base, user = server["base"], server["signed_in"]
    status, headers, body = _get(base + "/", opener=user)
    assert status == 200
    page = body.decode()
    csp = headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["frame-ancestors"] == "'none'"
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    nonce = re.search(r"'nonce-([^']+)'", directives["script-src"]).group(1)
    # every inline script carries this response's nonce
    inline = re.findall(r"<script([^>]*)>(?!</script>)", page)
    assert inline and all(f'nonce="{nonce}"' in attrs for attrs in inline), inline
    assert _get(base + "/", opener=user)[1]["Content-Security-Policy"] != csp  # new nonce
    # Signed in or not (the sign-in guard's redirects and 401s included).
    for path, opener in ((p, o) for p in ("/", "/login", "/health", "/assets/app.css",
                                          "/_dash-layout", "/no-such-thing")
                         for o in (user, ANONYMOUS)):
        headers = _get(base + path, opener=opener)[1]
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["X-Frame-Options"] == "DENY", path
        assert headers["Referrer-Policy"] == "same-origin", path
        assert "camera=()" in headers["Permissions-Policy"], path
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"], path
        assert "Strict-Transport-Security" not in headers, path  # plain HTTP here


def test_https_requests_get_hsts(server):
    # gunicorn trusts X-Forwarded-Proto from 127.0.0.1 (forwarded_allow_ips' default),
    # as it would from a TLS-terminating proxy configured there.
    headers = _get(server["base"] + "/health", headers={"X-Forwarded-Proto": "https"})[1]
    assert headers["Strict-Transport-Security"].startswith("max-age=")


def test_the_index_page_discloses_no_versions(server):
    import dash
    import plotly
    page = _get(server["base"] + "/", opener=server["signed_in"])[2].decode()
    config = json.loads(re.search(
        r'<script[^>]*id="_dash-config"[^>]*>(.*?)</script>', page, re.S).group(1))
    for key in ("dash_version", "python_version", "plotly_version", "dash_version_url"):
        assert key not in config, key
    assert config["serve_locally"] is True  # the rest of the config is intact
    assert sys.version.split()[0] not in page
    assert f"v={dash.__version__}" not in page
    assert f'"{plotly.__version__}"' not in page


def test_pages_still_render_their_layout(server):
    status, headers, body = _get(server["base"] + "/_dash-layout",
                                 headers={"Accept-Encoding": "gzip"}, opener=server["signed_in"])
    assert status == 200 and headers.get("Content-Encoding") == "gzip"
    assert "_pages_content" in _decode(headers, body).decode()


# --- in-process: limits, health, missing database --------------------------------


@pytest.fixture
def make_app(monkeypatch):
    def make(db_url: str, **env):
        monkeypatch.setenv("DATABASE_URL", db_url)
        monkeypatch.setenv("SECRET_KEY", SECRET)
        monkeypatch.delenv("MAX_CONTENT_LENGTH", raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        from dashboard.app_factory import create_app
        return create_app()
    return make


def test_request_bodies_over_the_limit_get_413(make_app, sample_db):
    app = make_app(f"sqlite:///{sample_db}", MAX_CONTENT_LENGTH="4096")
    client = app.server.test_client()

    def body(size: int) -> bytes:
        return b"{" + b" " * (size - 2) + b"}"

    # The public sign-in form reads its body: too large is refused before anything else.
    assert client.post("/login", data=body(5000),
                       content_type="application/x-www-form-urlencoded").status_code == 413
    form = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    assert client.post("/login", data={"username": USER, "password": PASSWORD,
                                       "csrf_token": token, "next": "/"}).status_code == 302
    # A signed-in user's callback request.
    big = client.post("/_dash-update-component", data=body(5000),
                      content_type="application/json")
    assert big.status_code == 413
    small = client.post("/_dash-update-component", data=body(3000),
                        content_type="application/json")
    assert small.status_code not in (401, 413)


def test_health_reports_the_loaded_data(make_app, sample_db):
    from dashboard.core.db import get_engine
    from queries.cache import data_version
    app = make_app(f"sqlite:///{sample_db}")
    response = app.server.test_client().get("/health")
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"status", "database", "data_version", "as_of"}
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["data_version"] == data_version(get_engine())
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", body["as_of"])
    assert response.headers["Cache-Control"] == "no-store"


def test_health_fails_while_the_database_file_is_gone_and_recovers(make_app, sample_db,
                                                                    tmp_path):
    from dashboard.core.db import get_engine
    db = tmp_path / "moving.db"
    db.write_bytes(sample_db.read_bytes())
    app = make_app(f"sqlite:///{db}")
    client = app.server.test_client()
    assert client.get("/health").status_code == 200
    aside = tmp_path / "aside.db"
    db.rename(aside)
    get_engine().dispose()  # pooled connections keep the old file open; new ones cannot
    response = client.get("/health")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "unreachable"}
    assert str(tmp_path) not in response.get_data(as_text=True)
    assert not db.exists(), "the app created an empty database in the file's place"
    aside.rename(db)
    response = client.get("/health")
    assert response.status_code == 200 and response.get_json()["database"] == "ok"


def test_health_gives_up_on_a_database_that_never_answers(make_app):
    """A PostgreSQL address that accepts connections and never replies."""
    pytest.importorskip("psycopg")
    with socket.socket() as blackhole:
        blackhole.bind(("127.0.0.1", 0))
        blackhole.listen(8)  # the kernel completes handshakes; nobody ever answers
        port = blackhole.getsockname()[1]
        app = make_app(f"postgresql+psycopg://nobody@127.0.0.1:{port}/nothing",
                       DB_CONNECT_TIMEOUT="1")
        result = {}
        worker = threading.Thread(
            target=lambda: result.update(response=app.server.test_client().get("/health")),
            daemon=True)
        worker.start()
        worker.join(timeout=60)
        assert not worker.is_alive(), "the health check hung on an unresponsive database"
    assert result["response"].status_code == 503
    assert result["response"].get_json()["database"] == "unreachable"


def test_the_app_refuses_to_start_on_a_missing_sqlite_file(make_app, tmp_path):
    from dashboard.core.db import DatabaseMissing
    missing = tmp_path / "never-loaded.db"
    with pytest.raises(DatabaseMissing) as raised:
        make_app(f"sqlite:///{missing}")
    assert "python -m dashboard load sample_data" in str(raised.value)
    assert not missing.exists()


def test_gunicorn_stops_with_instructions_on_a_missing_sqlite_file(tmp_path):
    missing = tmp_path / "never-loaded.db"
    proc, log, handle = _start_gunicorn(tmp_path, f"sqlite:///{missing}", _free_port())
    try:
        proc.wait(timeout=START_TIMEOUT)
    except subprocess.TimeoutExpired:
        pass
    finally:
        running = proc.poll() is None
        _stop(proc, handle)
    output = log.read_text(errors="replace")
    assert not running, f"gunicorn kept running without a database:\n{output[-3000:]}"
    assert proc.returncode != 0
    assert "python -m dashboard load sample_data" in output, output[-3000:]
    assert "Traceback" not in output  # one sentence from the master, no worker started
    assert not missing.exists()


def test_each_worker_sets_dash_up_before_it_takes_connections(make_app, sample_db):
    """gunicorn.conf.py's post_worker_init makes Dash's first request (which builds its
    callback map and page routing without a lock) before the worker's threads start."""
    import runpy
    import types

    hooks = runpy.run_path(str(REPO / "gunicorn.conf.py"))
    app = make_app(f"sqlite:///{sample_db}")
    assert not app._got_first_request["setup_server"]  # Dash's private flag, read only
    logged = []
    worker = types.SimpleNamespace(wsgi=app.server, log=types.SimpleNamespace(
        exception=lambda *args: logged.append(args)))
    threshold = gc.get_threshold()
    try:
        hooks["post_worker_init"](worker)
        assert not logged
        assert app._got_first_request == {"pages": True, "setup_server": True}
        # and what the worker built to start is out of the collector's walks
        assert gc.get_freeze_count() > 10000
        assert gc.get_threshold() == (10000, *threshold[1:])
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
