"""Load test: the app under gunicorn, the callbacks a browser makes on every page, from C
clients for T seconds.

    python benchmarks/load_test.py --database-url sqlite:////tmp/yj.db --clients 8 --seconds 60

What it does (docs/performance.md has results and the exact commands):

1. Bare SQL: each page's build for the first service's default view, in this process with
   no cache, timing every SQL statement (queries.common.read): the time a page's
   aggregates take in the database, and the whole build.
2. Starts gunicorn on the database (`--workers`, `--threads`; REDIS_URL passed through when
   given) and signs in as the demo analyst (`python -m dashboard demo-users --force` makes
   the demo users when `--demo-users` is given: never on real data).
3. Cold: for each of the first `--services` services, each page as a browser opens it (the
   page's layout callback, then its filling callback, then the filter chips), one request
   at a time on a fresh cache: the first visitor's wait. The first service's requests are
   reported apart ("1st svc", the slowest): they also build what every view shares once
   per data version (which `prewarm` builds after a load); the others' are views not yet
   built.
4. Warm: `--clients` processes (each a browser of its own) send the same requests in random
   order for `--seconds`.
   `--reload DIR` loads DIR (a subprocess, `python -m dashboard load`) half way through.
   `--hosts 2` starts two gunicorn processes (two hosts sharing the database and, with
   `--redis-url`, Redis) and spreads the clients over them. `--packs N`: one more client
   asks for board packs through the web meanwhile (the button's callback, its polls, the
   PDF downloaded as a file), up to N one after another.
5. Reports per callback p50/p95/p99 cold and warm (ms), throughput, errors, RSS per worker,
   the CPU time per warm request of the workers and of the clients (what a busy machine
   hardly changes, unlike the latencies) and the bare SQL per page, as a table and as
   JSON (`--json FILE`).

The requests are built from the app's own /_dash-dependencies and the views a page's
address resolves to, as a browser sends them (dashboard/web/prewarm.py), not recorded, so
the script needs no browser. A browser sends nothing else while it opens a page: a chart
card's "Show table" goes to the server only when clicked (callbacks/charts.py).
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
PYTHON = sys.executable
USER, PASSWORD = "analyst", "demo-analyst"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- the server ---------------------------------------------------------------------------

@dataclass
class Server:
    process: subprocess.Popen
    url: str
    log: Path

    def workers(self) -> list[int]:
        found = subprocess.run(["ps", "-o", "pid=", "--ppid", str(self.process.pid)],
                               capture_output=True, text=True).stdout.split()
        return [int(pid) for pid in found]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_server(database_url: str, *, workers: int = 2, threads: int = 4,
                 port: int | None = None, env: dict | None = None,
                 log: Path | None = None) -> Server:
    """gunicorn serving app:server on the database; waits until it answers."""
    port = port or free_port()
    log = log or Path(f"/tmp/yj-load-test-{port}.log")
    environment = {**os.environ, "DATABASE_URL": database_url,
                   "SECRET_KEY": os.environ.get("SECRET_KEY", "load-test-secret"),
                   **(env or {})}
    command = [PYTHON, "-m", "gunicorn", "--no-control-socket", "-k", "gthread",
               "--threads", str(threads), "-w", str(workers), "-b", f"127.0.0.1:{port}",
               "--timeout", "300", "app:server"]
    with open(log, "wb") as handle:
        process = subprocess.Popen(command, cwd=REPO, env=environment, stdout=handle,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   start_new_session=True)
    server = Server(process, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(server.url + "/login", timeout=5).status_code == 200:
                return server
        except requests.RequestException:
            pass
        time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"gunicorn did not answer:\n{log.read_text()[-3000:]}")


def sign_in(url: str, username: str = USER, password: str = PASSWORD) -> requests.Session:
    session = requests.Session()
    page = session.get(url + "/login", timeout=30).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    answer = session.post(url + "/login", data={"username": username, "password": password,
                                                "csrf_token": token, "next": "/"},
                          allow_redirects=False, timeout=30)
    if answer.status_code != 302 or "login" in answer.headers.get("Location", ""):
        raise RuntimeError(f"could not sign in as {username}")
    return session


# --- the requests a browser makes -----------------------------------------------------------

@dataclass(frozen=True)
class Call:
    name: str          # "fte", "fte:layout", "fte:chips"
    area: str
    body: dict


def _views(database_url: str, services: int) -> tuple[list[dict], dict]:
    from dashboard.core.db import get_engine
    from dashboard.web.prewarm import default_views
    from queries.meta import load_meta
    meta = load_meta(get_engine(database_url))
    return default_views(meta)[:services], meta


def browser_calls(session: requests.Session, url: str, database_url: str,
                  services: int) -> list[Call]:
    """For each of the first `services` services and each page: the page's layout
    callback, its filling callback and the filter chips, as a browser posts them."""
    from dashboard.web.prewarm import page_callbacks, request_body
    from dashboard.web.registry import SECTIONS
    dependencies = session.get(url + "/_dash-dependencies", timeout=60).json()
    fills = page_callbacks(dependencies)
    layout = next(d for d in dependencies if "_pages_content.children" in d["output"])
    chips = next(d for d in dependencies if d["output"] == "filter-chips.children")
    views, _ = _views(database_url, services)
    controls = {"disproportionality-stage": _initial_stage()}
    calls = []
    for view in views:
        search = "?" + "area=" + requests.utils.quote(view["area"], safe=":")
        for section in SECTIONS:
            calls.append(Call(f"{section.key}:layout", view["area"], _body(
                layout, {"pathname": section.path, "search": search})))
            if section.key in fills:
                calls.append(Call(section.key, view["area"], request_body(
                    fills[section.key], {**controls, "view-state": view})))
                calls.append(Call(f"{section.key}:chips", view["area"],
                                  _body(chips, {"data": view})))
    return calls


def _initial_stage() -> str:
    from dashboard.figures.disproportionality import DEFAULT_STAGE
    return DEFAULT_STAGE


def _body(dependency: dict, values: dict) -> dict:
    """A request for a callback whose inputs are named by property (`values`)."""
    from dashboard.web.prewarm import _split_output
    outputs = _split_output(dependency["output"])
    inputs = [{"id": i["id"], "property": i["property"], "value": values.get(i["property"])}
              for i in dependency["inputs"]]
    state = [{"id": s["id"], "property": s["property"], "value": values.get(s["property"])}
             for s in dependency.get("state", [])]
    first = dependency["inputs"][0]
    return {"output": dependency["output"],
            "outputs": outputs if dependency["output"].startswith("..") else outputs[0],
            "inputs": inputs, "state": state,
            "changedPropIds": [f"{first['id']}.{first['property']}"]}


# --- measuring ------------------------------------------------------------------------------

@dataclass
class Timings:
    samples: dict = field(default_factory=dict)     # name -> [ms]
    errors: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, name: str, ms: float, error: str | None = None) -> None:
        with self.lock:
            self.samples.setdefault(name, []).append(ms)
            if error:
                self.errors.append(f"{name}: {error}")

    def summary(self) -> dict:
        return {name: percentiles(values) for name, values in sorted(self.samples.items())}


def percentiles(values: list[float]) -> dict:
    ordered = sorted(values)

    def at(share: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1)
    return {"n": len(ordered), "p50": round(statistics.median(ordered), 1), "p95": at(0.95),
            "p99": at(0.99), "max": round(ordered[-1], 1)}


def post(session: requests.Session, url: str, call: Call, timings: Timings) -> None:
    started = time.perf_counter()
    try:
        answer = session.post(url + "/_dash-update-component", json=call.body, timeout=300)
        error = None if answer.status_code in (200, 204) else f"HTTP {answer.status_code}"
    except requests.RequestException as exc:
        error = type(exc).__name__
    timings.add(call.name, (time.perf_counter() - started) * 1000, error)


def cold(session, url: str, calls: list[Call]) -> Timings:
    timings = Timings()
    for call in calls:
        post(session, url, call, timings)
    return timings


def warm(sessions: list, url, calls: list[Call], seconds: float,
         reload_dir: Path | None = None, database_url: str | None = None,
         env: dict | None = None, packs: int = 0,
         pack_views: list[dict] | None = None) -> tuple[Timings, float, dict]:
    timings = Timings()
    stop = time.monotonic() + seconds
    reload_info = {}

    urls = url if isinstance(url, list) else [url]  # clients spread over the hosts

    def client(session, seed: int, into: Timings) -> None:
        rng = random.Random(seed)
        while time.monotonic() < stop:
            post(session, urls[seed % len(urls)], rng.choice(calls), into)

    # Each client is a process of its own, as each browser is: as threads of this process
    # they would queue for its GIL (up to its 5 ms switch interval) before reading an answer
    # that had already come, and that wait would be counted as the server's.
    context = multiprocessing.get_context("fork")
    results = context.Queue()

    def client_process(session, seed: int) -> None:
        own = Timings()
        client(session, seed, own)
        results.put((own.samples, own.errors))

    processes = [context.Process(target=client_process, args=(s, i), daemon=True)
                 for i, s in enumerate(sessions)] if sessions else []
    threads = []
    if packs:   # one more person, asking for board packs while the others browse
        pack_session = sign_in(urls[0])
        threads.append(threading.Thread(target=lambda: reload_info.setdefault(
            "packs", make_packs(pack_session, urls[0], pack_views or [], stop, packs)),
            daemon=True))
    started = time.perf_counter()
    for process in processes:
        process.start()
    for thread in threads:
        thread.start()
    if reload_dir is not None:
        time.sleep(seconds / 2)
        began = time.perf_counter()
        done = subprocess.run([PYTHON, "-m", "dashboard", "load", str(reload_dir),
                               "--no-prewarm"], cwd=REPO, capture_output=True, text=True,
                              env={**os.environ, "DATABASE_URL": database_url, **(env or {})})
        reload_info = {"seconds": round(time.perf_counter() - began, 1),
                       "ok": done.returncode == 0, "output": done.stdout[-300:]}
    for _ in processes:   # each client's samples (read before joining: a full pipe blocks)
        samples, errors = results.get()
        for name, values in samples.items():
            timings.samples.setdefault(name, []).extend(values)
        timings.errors.extend(errors)
    for process in processes:
        process.join()
    for thread in threads:
        thread.join()
    return timings, time.perf_counter() - started, reload_info


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds the processes have used so far (Linux /proc)."""
    total = 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


def _pack_body(dependency: dict, trigger: str, view: dict, job: dict | None) -> dict:
    """The board pack button's callback as a browser posts it: started by the button
    (`trigger` board-pack-button) or asked how it is going by the poll."""
    from dashboard.web.prewarm import _split_output
    values = {"board-pack-button": 1, "board-pack-poll": 1 if job else 0,
              "view-state": view, "board-pack-job": job}
    return {"output": dependency["output"], "outputs": _split_output(dependency["output"]),
            "inputs": [{"id": i["id"], "property": i["property"], "value": values[i["id"]]}
                       for i in dependency["inputs"]],
            "state": [{"id": s["id"], "property": s["property"], "value": values[s["id"]]}
                      for s in dependency.get("state", [])],
            "changedPropIds": [f"{trigger}.{'n_clicks' if trigger.endswith('button') else 'n_intervals'}"]}


def make_packs(session: requests.Session, url: str, views: list[dict], stop: float,
               limit: int) -> list[dict]:
    """Board packs asked for through the web one after another until `stop` (at most
    `limit`), as the button does: start, poll every two seconds, download the PDF file."""
    dependencies = session.get(url + "/_dash-dependencies", timeout=60).json()
    button = next(d for d in dependencies if d["output"].startswith("..board-pack-job.data"))
    made = []
    while time.monotonic() < stop and len(made) < limit:
        view = views[len(made) % len(views)]
        began, polled = time.perf_counter(), 0
        answer = session.post(url + "/_dash-update-component", timeout=60,
                              json=_pack_body(button, "board-pack-button", view, None))
        job = (answer.json().get("response", {}).get("board-pack-job", {}).get("data")
               if answer.status_code == 200 else None)
        record = {"area": view["area"], "started": answer.status_code == 200 and bool(job)}
        while job and job.get("status") == "running" and time.monotonic() < stop + 300:
            time.sleep(2)
            answer = session.post(url + "/_dash-update-component", timeout=60,
                                  json=_pack_body(button, "board-pack-poll", view, job))
            polled += len(answer.content)
            response = answer.json().get("response", {}) if answer.status_code == 200 else {}
            job = response.get("board-pack-job", {}).get("data", job) or None
        if job and job.get("status") == "done":
            pdf = session.get(f"{url}/board-pack/{job['id']}.pdf", timeout=120)
            record.update(pdf_bytes=len(pdf.content) if pdf.status_code == 200 else None,
                          pdf_type=pdf.headers.get("Content-Type"))
        record.update(status=(job or {}).get("status"), poll_json_bytes=polled,
                      seconds=round(time.perf_counter() - began, 1))
        made.append(record)
    return made


def rss_mb(pids: list[int]) -> dict[int, float]:
    found = {}
    for pid in pids:
        try:
            text = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        match = re.search(r"VmRSS:\s+(\d+) kB", text)
        if match:
            found[pid] = round(int(match.group(1)) / 1024, 1)
    return found


# --- bare SQL of each page --------------------------------------------------------------------

def bare_sql(database_url: str) -> dict:
    """Each page's build for the first service's default view, uncached, in this process:
    SQL time (every queries.common.read) and the whole build, in ms."""
    import importlib
    previous_url = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = database_url   # what the page builds read
    import queries.common as common
    from dashboard.web.pages import content
    from dashboard.web.registry import SECTIONS
    from dashboard.web.state import ViewState
    spent, cpu, statements = [], [], []

    def timing(original):
        def timed(engine, stmt):
            began, began_cpu = time.perf_counter(), time.process_time()
            try:
                return original(engine, stmt)
            finally:
                spent.append(time.perf_counter() - began)
                cpu.append(time.process_time() - began_cpu)
                statements.append((spent[-1], stmt))
        return timed
    # every statement: read as a frame (queries.common.read) or as rows (read_rows)
    patched = [(module, name, original) for name, original in
               (("read", common.read), ("read_rows", common.read_rows))
               for key, module in list(sys.modules.items())
               if key.startswith("queries.") and getattr(module, name, None) is original]
    for module, name, original in patched:
        setattr(module, name, timing(original))
    try:
        views, _ = _views(database_url, 1)
        state = ViewState.from_dict(views[0]) if views else ViewState()
        results = {}
        for section in SECTIONS:
            if section.module is None:
                continue
            page = importlib.import_module(section.module)
            for attempt in ("first", "again"):
                spent.clear()
                cpu.clear()
                statements.clear()
                began, began_cpu = time.perf_counter(), time.process_time()
                content(page, state)
                results.setdefault(section.key, {})[attempt] = {
                    "sql_ms": round(sum(spent) * 1000, 1), "statements": len(spent),
                    # CPU time of this process (SQLite runs in it; PostgreSQL's server
                    # work is not counted): what a busy machine's queueing does not add
                    "sql_cpu_ms": round(sum(cpu) * 1000, 1),
                    "build_ms": round((time.perf_counter() - began) * 1000, 1),
                    "build_cpu_ms": round((time.process_time() - began_cpu) * 1000, 1),
                    "slowest": [{"ms": round(took * 1000, 1), "sql": _sql_text(stmt)}
                                for took, stmt in sorted(statements, key=lambda s: -s[0])[:3]]}
        return results
    finally:
        for module, name, original in patched:
            setattr(module, name, original)
        if previous_url is None:
            os.environ.pop("DATABASE_URL", None)
        else:
            os.environ["DATABASE_URL"] = previous_url


def _sql_text(stmt) -> str:
    """The start of a statement's SQL, on one line (which query was slow)."""
    text = " ".join(str(stmt).split())
    return text[:160] + ("…" if len(text) > 160 else "")


# --- the whole run --------------------------------------------------------------------------

def run(database_url: str, *, clients: int = 8, seconds: float = 30, services: int = 5,
        workers: int = 2, threads: int = 4, redis_url: str | None = None,
        reload_dir: Path | None = None, demo_users: bool = False, sql: bool = True,
        hosts: int = 1, packs: int = 0, echo=print) -> dict:
    env = {"REDIS_URL": redis_url} if redis_url else {}
    if packs:   # room for the benchmark's packs; a folder of its own
        env.update(BOARD_PACK_PER_HOUR=str(packs + 1), BOARD_PACK_DIR=os.environ.get(
            "BOARD_PACK_DIR", f"/tmp/yj-load-test-packs-{os.getpid()}"))
    if demo_users:
        subprocess.run([PYTHON, "-m", "dashboard", "demo-users", "--force"], cwd=REPO,
                       env={**os.environ, "DATABASE_URL": database_url}, check=True,
                       capture_output=True)
    report = {"database": database_url.split("://")[0], "clients": clients,
              "seconds": seconds, "services": services, "workers": workers,
              "threads": threads, "redis": bool(redis_url), "hosts": hosts}
    if sql:
        echo("Bare SQL of each page's build (uncached, one process)...")
        report["bare_sql"] = bare_sql(database_url)
    servers = []
    try:
        for _ in range(hosts):  # separate gunicorn processes: they share only the database
            servers.append(start_server(database_url, workers=workers, threads=threads,
                                        env=env))                         # (and Redis)
        server = servers[0]
        session = sign_in(server.url)
        calls = browser_calls(session, server.url, database_url, services)
        echo(f"{len(calls)} requests ({services} services x pages); cold pass...")
        # The first service's views pay, besides their own build, what is built once per
        # data version for every view (the loaded choices, every service's figures for the
        # ranks and funnels): after a load, `prewarm` has done that. The other services'
        # views are each a view not yet built, as a manager's next filter change is.
        first_area = calls[0].area if calls else None
        first = cold(session, server.url, [c for c in calls if c.area == first_area])
        report["cold_first_service"] = first.summary()
        report["cold"] = cold(session, server.url,
                              [c for c in calls if c.area != first_area]).summary()
        urls = [s.url for s in servers]
        sessions = [sign_in(urls[i % hosts]) for i in range(clients)]
        echo(f"Warm: {clients} clients on {hosts} host(s) for {seconds} s...")
        workers_before = [pid for s in servers for pid in s.workers()]
        server_cpu, client_cpu = cpu_seconds(workers_before), sum(os.times()[:4])
        timings, elapsed, reload_info = warm(sessions, urls, calls, seconds,
                                             reload_dir, database_url, env, packs,
                                             _views(database_url, services)[0])
        packs_made = reload_info.pop("packs", None)
        total = sum(len(v) for v in timings.samples.values())
        workers_after = [pid for s in servers for pid in s.workers()]
        # CPU per request, which a busy machine hardly changes (unlike the latencies):
        # the workers' (none replaced meanwhile, else not reported) and the clients' (this
        # process and its client processes)
        cpu = {"client_ms_per_request": round(
            (sum(os.times()[:4]) - client_cpu) * 1000 / max(total, 1), 2)}
        if sorted(workers_after) == sorted(workers_before):
            cpu["server_ms_per_request"] = round(
                (cpu_seconds(workers_after) - server_cpu) * 1000 / max(total, 1), 2)
        report.update(warm=timings.summary(), requests=total, cpu=cpu,
                      throughput_per_s=round(total / elapsed, 1),
                      errors=len(timings.errors), error_examples=timings.errors[:10],
                      rss_mb_per_worker=rss_mb([pid for s in servers for pid in s.workers()]),
                      reload=reload_info, packs=packs_made)
    finally:
        for server in servers:
            server.stop()
    return report


def print_report(report: dict, echo=print) -> None:
    echo(f"\n{report['database']}: {report['clients']} clients, {report['seconds']} s, "
         f"{report['workers']} workers x {report['threads']} threads, "
         f"redis={report['redis']}, hosts={report.get('hosts', 1)}")
    names = sorted(set(report.get("cold", {})) | set(report.get("warm", {})))
    echo(f"{'callback':28s} {'1st svc':>8s} | {'cold p50':>9s} {'p95':>8s} {'p99':>8s} | "
         f"{'warm p50':>9s} {'p95':>8s} {'p99':>8s} {'n':>6s}")
    for name in names:
        c, w = report["cold"].get(name, {}), report["warm"].get(name, {})
        f = report.get("cold_first_service", {}).get(name, {})
        echo(f"{name:28s} {f.get('max', '-'):>8} | {c.get('p50', '-'):>9} {c.get('p95', '-'):>8} "
             f"{c.get('p99', '-'):>8} | {w.get('p50', '-'):>9} {w.get('p95', '-'):>8} "
             f"{w.get('p99', '-'):>8} {w.get('n', 0):>6}")
    echo(f"throughput {report.get('throughput_per_s')} requests/s, {report.get('requests')} "
         f"requests, errors {report.get('errors')}; RSS per worker (MB) "
         f"{report.get('rss_mb_per_worker')}")
    if report.get("cpu"):
        cpu = report["cpu"]
        echo(f"CPU per warm request: workers {cpu.get('server_ms_per_request', '-')} ms, "
             f"load-test clients {cpu['client_ms_per_request']} ms")
    if report.get("reload"):
        echo(f"reload during the warm phase: {report['reload']}")
    for made in report.get("packs") or []:
        echo(f"board pack {made['area']}: {made.get('status')} in {made.get('seconds')} s, "
             f"PDF {made.get('pdf_bytes')} bytes ({made.get('pdf_type')}), "
             f"{made.get('poll_json_bytes')} bytes of JSON in its polls")
    for page, timing in (report.get("bare_sql") or {}).items():
        first, again = timing["first"], timing["again"]
        echo(f"bare SQL {page:20s} {first['sql_ms']:8.1f} ms in {first['statements']} "
             f"statements; build {first['build_ms']:.0f} ms (again: SQL {again['sql_ms']:.1f} "
             f"ms, build {again['build_ms']:.0f} ms)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"),
                        required="DATABASE_URL" not in os.environ)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--services", type=int, default=5,
                        help="services whose default views are requested")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL"))
    parser.add_argument("--hosts", type=int, default=1,
                        help="gunicorn processes (as separate hosts) sharing the database "
                             "and Redis; the warm clients are spread over them")
    parser.add_argument("--reload", type=Path, default=None,
                        help="an import folder to load half way through the warm phase")
    parser.add_argument("--demo-users", action="store_true",
                        help="create the demo users (public passwords: test data only)")
    parser.add_argument("--no-sql", action="store_true", help="skip the bare SQL timings")
    parser.add_argument("--sql-only", action="store_true",
                        help="only the bare SQL timings (no server), with each page's "
                             "slowest statements")
    parser.add_argument("--packs", type=int, default=0,
                        help="one more client asks for up to this many board packs through "
                             "the web, one after another, during the warm phase")
    parser.add_argument("--json", type=Path, default=None, help="write the report here")
    args = parser.parse_args(argv)
    if args.sql_only:
        report = {"bare_sql": bare_sql(args.database_url)}
        for page, timing in report["bare_sql"].items():
            first = timing["first"]
            print(f"{page:20s} SQL {first['sql_ms']:8.1f} ms in {first['statements']} "
                  f"statements; build {first['build_ms']:.0f} ms (CPU: SQL "
                  f"{first['sql_cpu_ms']:.0f} ms, build {first['build_cpu_ms']:.0f} ms)")
            for statement in first["slowest"]:
                print(f"    {statement['ms']:8.1f} ms  {statement['sql']}")
        if args.json:
            args.json.write_text(json.dumps(report, indent=2, default=str))
        return 0
    report = run(args.database_url, clients=args.clients, seconds=args.seconds,
                 services=args.services, workers=args.workers, threads=args.threads,
                 redis_url=args.redis_url, reload_dir=args.reload,
                 demo_users=args.demo_users, sql=not args.no_sql, hosts=args.hosts,
                 packs=args.packs)
    print_report(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=str))
    return 1 if report.get("errors") else 0


if __name__ == "__main__":
    sys.exit(main())
