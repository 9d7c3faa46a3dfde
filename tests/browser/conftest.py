"""Browser test fixtures: a live gunicorn server on the sample data, and headless Chromium.

- `live_server` (session): loads sample_data/ into a temp SQLite database with
  `python -m dashboard load sample_data`, creates the demo users (`demo-users`), starts
  gunicorn (gunicorn.conf.py, 2 workers) on a free loopback port with that DATABASE_URL,
  waits for HTTP 200 on `/login`, yields the base URL. pytest-playwright's `base_url` is
  overridden to it, so `page.goto("/")` works.
- `signed_in_state` (session): signs in once through the login form as TEST_USER (a demo
  analyst: every feature but user administration) and keeps the cookies; every browser
  context starts with them, so tests open pages as a signed-in user.
- `browser_type_launch_args`: Debian's Chromium (/usr/bin/chromium, or $CHROMIUM_PATH)
  when present, with flags that keep it off the network; else Playwright's own browser.
- `browser_context_args`: a 1920x1080 viewport (board-room screen) by default.
- `console_errors`: collects console errors, uncaught page errors, failed requests,
  HTTP error responses and any request to a non-local host; `assert not console_errors,
  console_errors.report()`.
- `artifacts_dir` (session): test-artifacts/ at the repo root, for screenshots.
"""
from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DATA_DIR = REPO_ROOT / "sample_data"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
TEST_USER, TEST_PASSWORD = "analyst", "demo-analyst"  # demo user (dashboard/web/user_admin.py)
SERVER_START_TIMEOUT = 90  # seconds; two workers import dash, pandas, plotly
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
LOCAL_SCHEMES = {"data", "blob", "about", "chrome-extension", "devtools"}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tail(path: Path, limit: int = 6000) -> str:
    try:
        return path.read_text(errors="replace")[-limit:]
    except OSError:
        return "(no log)"


def is_local_url(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme in LOCAL_SCHEMES:
        return True
    host = (parsed.hostname or "").lower()
    return host in LOCAL_HOSTS or host.startswith("127.")


# --- the live server ---------------------------------------------------------------


@pytest.fixture(scope="session")
def live_server():
    workdir = Path(tempfile.mkdtemp(prefix="yj-live-"))
    db_url = f"sqlite:///{workdir / 'youth_justice.db'}"
    env = dict(os.environ)
    env.update(DATABASE_URL=db_url, PYTHONUNBUFFERED="1", SECRET_KEY=secrets.token_hex(16),
               AUTH_MODE="password", BOARD_PACK_DIR=str(workdir / "packs"))
    env.pop("REDIS_URL", None)  # in-process cache: no outside services

    for command in (["load", str(SAMPLE_DATA_DIR)], ["demo-users"]):
        done = subprocess.run(
            [sys.executable, "-m", "dashboard", *command],
            cwd=REPO_ROOT, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
            timeout=600, check=False)
        if done.returncode != 0:
            shutil.rmtree(workdir, ignore_errors=True)
            pytest.fail(
                f"`python -m dashboard {command[0]}` exited {done.returncode}; the browser "
                f"tests need the sample data and demo users.\n"
                f"--- stdout ---\n{done.stdout[-4000:]}\n--- stderr ---\n{done.stderr[-4000:]}",
                pytrace=False)

    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    log_path = workdir / "gunicorn.log"
    log = open(log_path, "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "-w", "2",
         "-b", f"127.0.0.1:{port}", "app:server"],
        cwd=REPO_ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True)

    def stop() -> None:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
        log.close()

    deadline = time.monotonic() + SERVER_START_TIMEOUT
    last_error = "no answer yet"
    while True:
        if proc.poll() is not None:
            stop()
            pytest.fail(f"gunicorn exited {proc.returncode} before serving:\n{_tail(log_path)}",
                        pytrace=False)
        try:
            with urllib.request.urlopen(base_url + "/login", timeout=5) as response:
                if response.status == 200:
                    break
                last_error = f"HTTP {response.status}"
        except urllib.error.HTTPError as exc:
            last_error = f"HTTP {exc.code}"
        except (urllib.error.URLError, OSError) as exc:
            last_error = str(exc)
        if time.monotonic() > deadline:
            stop()
            pytest.fail(f"gunicorn did not answer 200 on /login within {SERVER_START_TIMEOUT}s "
                        f"({last_error}):\n{_tail(log_path)}", pytrace=False)
        time.sleep(0.25)

    try:
        yield base_url
    finally:
        stop()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    """pytest-playwright's base URL: relative `page.goto("/...")` hits the live server."""
    return live_server


# --- the browser -------------------------------------------------------------------


def chromium_executable() -> str | None:
    path = os.environ.get("CHROMIUM_PATH") or DEFAULT_CHROMIUM
    return path if os.path.isfile(path) and os.access(path, os.X_OK) else None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, browser_name):
    args = dict(browser_type_launch_args)
    if browser_name in (None, "chromium"):
        executable = chromium_executable()
        if executable:
            args["executable_path"] = executable
        args["args"] = [*args.get("args", []), *CHROMIUM_ARGS]
    return args


def sign_in(playwright, base_url: str, username: str, password: str) -> dict:
    """Cookies of a session signed in through the login form (its CSRF token included)."""
    api = playwright.request.new_context(base_url=base_url)
    try:
        form = api.get("/login").text()
        token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
        answer = api.post("/login", form={"username": username, "password": password,
                                          "csrf_token": token, "next": "/"},
                          max_redirects=0)
        assert answer.status == 302, f"sign-in as {username} failed: HTTP {answer.status}"
        return api.storage_state()
    finally:
        api.dispose()


@pytest.fixture(scope="session")
def signed_in_state(playwright, live_server) -> dict:
    return sign_in(playwright, live_server, TEST_USER, TEST_PASSWORD)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, signed_in_state):
    return {"viewport": {"width": 1920, "height": 1080}, "storage_state": signed_in_state,
            **browser_context_args}


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    path = REPO_ROOT / "test-artifacts"
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass
class BrowserProblems:
    """What went wrong in a page: empty (falsy) when nothing did."""

    console: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    http_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)

    def all(self) -> list[str]:
        return [*(f"console: {m}" for m in self.console),
                *(f"page error: {m}" for m in self.page_errors),
                *(f"request failed: {m}" for m in self.failed_requests),
                *(f"HTTP error: {m}" for m in self.http_errors),
                *(f"non-local request: {m}" for m in self.external_requests)]

    def __bool__(self) -> bool:
        return bool(self.all())

    def __len__(self) -> int:
        return len(self.all())

    def __iter__(self):
        return iter(self.all())

    def clear(self) -> None:
        for bucket in (self.console, self.page_errors, self.failed_requests,
                       self.http_errors, self.external_requests):
            bucket.clear()

    def report(self) -> str:
        return "\n".join(self.all()) or "no browser problems"


def watch_page(page) -> BrowserProblems:
    """Attach listeners to `page` that record everything that went wrong in it."""
    problems = BrowserProblems()

    def on_console(msg):
        if msg.type == "error":
            location = msg.location or {}
            where = location.get("url", "")
            problems.console.append(f"{msg.text} ({where})" if where else msg.text)

    def on_request(request):
        if not is_local_url(request.url):
            problems.external_requests.append(f"{request.method} {request.url}")

    def on_request_failed(request):
        failure = request.failure or ""
        # A navigation or a newer callback cancels in-flight requests: not an error.
        if "ERR_ABORTED" in failure and is_local_url(request.url):
            return
        problems.failed_requests.append(f"{request.method} {request.url}: {failure}")

    def on_response(response):
        if response.status >= 400:
            problems.http_errors.append(
                f"{response.status} {response.request.method} {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: problems.page_errors.append(str(exc)))
    page.on("request", on_request)
    page.on("requestfailed", on_request_failed)
    page.on("response", on_response)
    return problems


@pytest.fixture
def console_errors(page) -> BrowserProblems:
    """Problems seen by the test's `page`; `assert not console_errors, console_errors.report()`."""
    return watch_page(page)
