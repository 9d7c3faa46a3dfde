"""gunicorn settings for the dashboard: `gunicorn -c gunicorn.conf.py app:server`.

Command-line flags override these (the Makefile passes `-b HOST:PORT`). Environment
overrides: GUNICORN_BIND, WEB_CONCURRENCY (workers), GUNICORN_THREADS,
GUNICORN_MAX_REQUESTS, GC_THRESHOLD.

Sizing. Each worker is a process holding its own copy of pandas, Plotly and Dash
(a few hundred MB), so workers follow the usual 2 x CPUs + 1 but stop at 4. Within
a worker, `gthread` threads serve requests concurrently: most of a request's time is
spent waiting on the database or on Chromium printing a board pack, with the GIL
released, so each worker runs 2 threads per CPU, at least 4 and at most 8. Threads also
keep a worker answering while a few slow clients dribble in their request headers (each
holds a thread until it finishes; a client that sends nothing at all is parked without
holding one). Many slow clients at once are a job for a buffering reverse proxy (nginx,
a cloud load balancer) in front of gunicorn.
"""
import os


def _cpus() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))  # the CPUs this container may use
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


CPUS = _cpus()

bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8050")]
worker_class = "gthread"
workers = _env_int("WEB_CONCURRENCY", min(2 * CPUS + 1, 4))
threads = _env_int("GUNICORN_THREADS", max(4, min(2 * CPUS, 8)))

# Restart each worker after about fifty thousand requests (memory held by pandas and
# Plotly does not always come back); the jitter keeps workers from restarting together.
# Not fewer: a restart costs about five seconds of a core (the new worker imports pandas,
# Plotly and Dash and builds the app) and answers nothing meanwhile. At 1,000, a worker
# answering cached callbacks restarted every 10 seconds under the load test, spending a
# third of the machine on restarts (docs/performance.md, "Callbacks under load").
max_requests = _env_int("GUNICORN_MAX_REQUESTS", 50000)
max_requests_jitter = max_requests // 10

# A board pack (Chromium printing every chart) can take a while.
timeout = 120
graceful_timeout = 30
# Idle keep-alive connections are held this long: long enough for a page's burst of
# callbacks, or to sit behind a load balancer whose own idle timeout is longer.
keepalive = 5

# A client that starts a request and then stops sending (a "slowloris": partial headers,
# never finished) would hold one of the worker's threads for as long as it stays
# connected, and a few of them would stall the worker. gunicorn parks connections that
# send nothing; these limits cover the rest: each read of a request's headers may wait
# at most GUNICORN_READ_TIMEOUT seconds, and each read of its body or write of the answer
# GUNICORN_IO_TIMEOUT (a slow but live connection is fine; a dead one is dropped).
HEADER_READ_TIMEOUT = _env_int("GUNICORN_READ_TIMEOUT", 10)
IO_TIMEOUT = _env_int("GUNICORN_IO_TIMEOUT", 60)

# Request size limits. The dashboard's URLs (filters in the query string) are short.
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190

# Heartbeat files in memory, not on a container's overlay filesystem.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

# Logs to stdout/stderr (12-factor; the container runtime collects them). The access
# log truncates what a client controls, so a huge request line, referrer or user agent
# cannot bloat or forge log lines beyond these lengths.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
access_log_format = ('%(h)s %(l)s %(u).40s %(t)s "%(r).300s" %(s)s %(b)s '
                     '"%(f).200s" "%(a).200s" %(M)sms')

# No runtime control socket (gunicorn >= 25 opens one in ~/.gunicorn by default).
control_socket_disable = True



def on_starting(server):
    """Refuse to start, in one sentence, on a missing SQLite file (the app would refuse in
    every worker, with a traceback each; dashboard.core.db.require_existing_database)."""
    from dashboard.core.db import DatabaseMissing, require_existing_database

    try:
        require_existing_database()
    except DatabaseMissing as exc:
        server.log.error("%s", exc)
        raise SystemExit(1) from None


def post_worker_init(worker):
    """Serve one request inside the worker before it accepts connections.

    Dash finishes setting itself up (callback map, page routing, asset list) on its first
    request, marking itself done before the work is finished and without a lock; with
    threads, other requests could run against the half-built app. Making that first
    request here, alone, closes the window. It asks /health: a public route, so the
    sign-in guard lets it through to Dash's set-up (and the database pool gets going).
    """
    import mimetypes

    from werkzeug.test import Client

    mimetypes.init()  # read the MIME tables once, not in racing threads
    _time_out_stalled_requests(worker)
    try:
        Client(worker.wsgi).get("/health").close()
    except Exception:  # noqa: BLE001 - real requests will show the same error
        worker.log.exception("warm-up request failed")
    _quiet_garbage_collector()


# Python's garbage collector, left alone, walks every object a worker holds (pandas, Plotly
# and Dash: some 200,000) in each full collection: 100-150 ms that lands inside whichever
# request is running, a cold page build's time almost doubled now and then. What the worker
# built to start is kept for its life, so it is frozen out of the collector's walks, and
# young collections run every GC_THRESHOLD allocations (Python's default is 700), fewer
# and no longer. docs/performance.md, "Garbage collection".
GC_THRESHOLD = _env_int("GC_THRESHOLD", 10000)


def _quiet_garbage_collector() -> None:
    import gc

    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(GC_THRESHOLD, older, oldest)


def _time_out_stalled_requests(worker) -> None:
    """Socket timeouts on the gthread worker's connections (see HEADER_READ_TIMEOUT above).

    gunicorn has no setting for it, so its connection's set-up (run in the thread before
    each request's headers are read) and its request handler are wrapped. Headers that
    stop coming end the connection quietly (a debug line), so slow clients cannot fill
    the log with tracebacks either."""
    from gunicorn.workers import gthread

    conn_init = getattr(getattr(gthread, "TConn", None), "init", None)
    handle_request = getattr(getattr(gthread, "ThreadWorker", None), "handle_request", None)
    if conn_init is None or handle_request is None:
        worker.log.warning("request read timeouts not set: gunicorn's gthread worker changed")
        return
    if getattr(conn_init, "timed", False):
        return

    from gunicorn.http.errors import NoMoreData

    def init(conn):
        conn_init(conn)
        conn.sock.settimeout(HEADER_READ_TIMEOUT)  # the headers: each read waits this long
        conn.in_headers = True
        unreader = getattr(conn.parser, "unreader", None)
        if unreader is not None and not getattr(unreader, "timed", False):
            chunk = unreader.chunk

            def timed_chunk(*args, **kwargs):
                try:
                    return chunk(*args, **kwargs)
                except TimeoutError:
                    if getattr(conn, "in_headers", False):  # closed quietly, one debug line
                        raise NoMoreData(b"(headers unfinished after the read timeout)")
                    raise
            unreader.chunk, unreader.timed = timed_chunk, True

    def timed_request(self, req, conn):
        conn.in_headers = False
        conn.sock.settimeout(IO_TIMEOUT)  # the body and the answer
        return handle_request(self, req, conn)

    init.timed = True
    gthread.TConn.init = init
    gthread.ThreadWorker.handle_request = timed_request


# gunicorn 27 already sends a bare "Server: gunicorn" with no version; a proxy in
# front can drop the header altogether.
