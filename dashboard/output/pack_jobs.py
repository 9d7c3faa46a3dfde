"""Board packs made outside the web request: one job, in a process of its own, per pack.

The dashboard's button must not hold a web worker for the ~20 seconds a pack takes, so:

    start(username, area, period)  -> Job      the button: checks the limits, records the
                                               job and starts its process; returns at once
    status(job_id, username) -> Job | None     the page's poll (None: no such job, or not
                                               this user's)
    pdf_for(job_id, username) -> (path, name)  the download route, for the owner only
    python -m dashboard.output.pack_jobs ID    the job's process: makes the pack as the user
                                               who asked (their scope), writes the result

A job is two files in the packs folder (`BOARD_PACK_DIR`, default instance/packs):
`<id>.json` (who asked, for what, running/done/failed, the error in words) and `<id>.pdf`.
Files rather than memory, so every gunicorn worker that answers a poll sees the same jobs;
a lock file makes "check the limits, then record the job" one step across workers. A
process rather than a thread, so printing uses none of the web worker's CPU or memory and
outlives a worker being recycled.

Limits, per user: one pack at a time ("already being prepared"), BOARD_PACK_PER_HOUR in
an hour (default 10); per server: BOARD_PACK_CONCURRENT at once (default 2). A job still
running after BOARD_PACK_TIMEOUT seconds (default 300), or whose process has gone, is
failed and says so. Jobs and their PDFs are deleted after 24 hours. The job's process runs
`BOARD_PACK_NICENESS` (default 10) below the web workers: on a busy server the pack waits,
not the people using the pages.

Why not a Dash background callback (DiskcacheManager)? It runs the job outside the request
too, but has no signed-in user (the scope would have to be passed by hand as here), returns
the PDF through the callback's JSON or a cache, and needs diskcache; plain files and a
process are fewer moving parts and work the same on every worker.
"""
from __future__ import annotations

import fcntl
import json
import logging
import os
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Callable

from dashboard.core.config import PROJECT_ROOT

log = logging.getLogger(__name__)
RUNNING, DONE, FAILED = "running", "done", "failed"
JOB_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
KEEP_SECONDS = 24 * 3600
HOUR = 3600


class Refused(Exception):
    """A pack was not started; the message says why, politely, and what to do."""


def packs_dir() -> Path:
    """`BOARD_PACK_DIR`, default instance/packs (created 0700: packs hold figures)."""
    folder = Path(os.environ.get("BOARD_PACK_DIR", "").strip()
                  or PROJECT_ROOT / "instance" / "packs")
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def _setting(name: str, default: int) -> int:
    try:
        return max(1, int(os.environ.get(name, "").strip() or default))
    except ValueError:
        return default


def limits() -> dict[str, int]:
    return {"per_hour": _setting("BOARD_PACK_PER_HOUR", 10),
            "concurrent": _setting("BOARD_PACK_CONCURRENT", 2),
            "timeout": _setting("BOARD_PACK_TIMEOUT", 300)}


def niceness() -> int:
    """`BOARD_PACK_NICENESS` (0-19, default 10): how far below the web workers the pack's
    process (and the Chromium it starts, which inherits it) runs, so the pages people are
    using answer first and a pack takes longer instead."""
    try:
        value = int(os.environ.get("BOARD_PACK_NICENESS", "").strip() or 10)
    except ValueError:
        value = 10
    return min(19, max(0, value))


def lower_priority() -> None:
    """Lower this process's CPU priority by `niceness()` (never raises it)."""
    try:
        os.nice(niceness())
    except OSError:  # pragma: no cover - a platform without nice: run as we are
        log.warning("board pack: could not lower the process priority")


@dataclass
class Job:
    id: str
    owner: str
    area: str | None = None
    period: str | None = None
    summary_only: bool = False
    status: str = RUNNING
    created: float = field(default_factory=time.time)
    finished: float | None = None
    error: str | None = None          # why it failed, in words for the person who asked
    missing: list[str] = field(default_factory=list)  # charts that could not be drawn
    size: int | None = None
    filename: str | None = None       # the download's name
    pid: int | None = None            # None: queued for a pack worker (BOARD_PACK_RUNNER)
    host: str = field(default_factory=socket.gethostname)

    @property
    def seconds(self) -> int:
        return int((self.finished or time.time()) - self.created)

    @classmethod
    def from_dict(cls, data: dict) -> "Job":
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


# --- the job files ------------------------------------------------------------------------

def _json_path(job_id: str) -> Path:
    return packs_dir() / f"{job_id}.json"


def pdf_path(job_id: str) -> Path:
    return packs_dir() / f"{job_id}.pdf"


@contextmanager
def _locked():
    """One process at a time reads-then-writes the jobs (across gunicorn workers)."""
    with open(packs_dir() / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _save(job: Job) -> None:
    path = _json_path(job.id)
    spare = path.with_suffix(".json.tmp")
    spare.write_text(json.dumps(asdict(job)))
    os.replace(spare, path)


def _load(job_id: str | None) -> Job | None:
    if not isinstance(job_id, str) or not JOB_ID.match(job_id):
        return None
    try:
        return Job.from_dict(json.loads(_json_path(job_id).read_text()))
    except (OSError, ValueError, TypeError):
        return None


def _update(job_id: str, **changes) -> Job | None:
    with _locked():
        job = _load(job_id)
        if job is None:
            return None
        for name, value in changes.items():
            setattr(job, name, value)
        _save(job)
        return job


def _all() -> list[Job]:
    jobs = (_load(path.stem) for path in packs_dir().glob("*.json"))
    return [job for job in jobs if job is not None]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _checked(job: Job) -> Job:
    """A running job that ran out of time or whose process has gone is failed (call with
    the lock held)."""
    if job.status != RUNNING:
        return job
    timeout = limits()["timeout"]
    here = job.host == socket.gethostname() and job.pid
    if job.seconds > timeout:
        if here and _alive(job.pid):
            try:
                os.killpg(job.pid, 15)
            except OSError:
                pass
        reason = f"it was still not ready after {_ago(timeout)}"
    elif here and not _alive(job.pid):
        reason = "the process preparing it stopped unexpectedly"
    else:
        return job
    log.error("board pack job %s for %s failed: %s", job.id, job.owner, reason)
    job.status, job.error, job.finished = FAILED, reason, time.time()
    _save(job)
    return job


def _clean(jobs: list[Job]) -> list[Job]:
    """Delete jobs (and their PDFs) older than a day; the rest."""
    kept = []
    for job in jobs:
        if job.status != RUNNING and time.time() - job.created > KEEP_SECONDS:
            for path in (_json_path(job.id), pdf_path(job.id)):
                path.unlink(missing_ok=True)
        else:
            kept.append(job)
    return kept


# --- the web side -------------------------------------------------------------------------

def _ago(seconds: float) -> str:
    """'12 seconds', '3 minutes': how long, in words (no clock time: the server's time zone
    need not be the reader's)."""
    seconds = max(1, int(seconds))
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = round(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def start(username: str, area: str | None, period: str | None, summary_only: bool = False,
          launch: Callable[[Job], int] | None = None) -> Job:
    """Record a pack for `username` and start making it; raises Refused (with words to
    show) when the limits say no. A job whose process cannot be started is returned
    failed, saying so."""
    if not username:
        raise Refused("Sign in to make a board pack.")
    rules = limits()
    with _locked():
        jobs = _clean([_checked(job) for job in _all()])
        mine = [job for job in jobs if job.owner == username]
        busy = next((job for job in mine if job.status == RUNNING), None)
        if busy:
            raise Refused(f"A board pack you asked for {_ago(busy.seconds)} ago is still "
                          "being prepared. It will download when it is ready.")
        recent = sorted(job.created for job in mine if time.time() - job.created < HOUR)
        if len(recent) >= rules["per_hour"]:
            raise Refused(f"You have asked for {len(recent)} board packs in the last hour, "
                          f"the most allowed. You can ask again in "
                          f"{_ago(recent[0] + HOUR - time.time())}.")
        running = sum(job.status == RUNNING for job in jobs)
        if running >= rules["concurrent"]:
            raise Refused(f"The dashboard is already preparing {running} board packs. "
                          "Please try again in a minute.")
        job = Job(secrets.token_urlsafe(18), username, area or None, period or None,
                  bool(summary_only))
        _save(job)
        try:
            job.pid = (launch or _launcher())(job)
        except OSError as exc:
            log.exception("board pack job %s could not be started", job.id)
            job.status, job.error, job.finished = FAILED, \
                f"the process to make it could not be started ({exc.strerror or exc})", \
                time.time()
        _save(job)
    return job


def _launcher() -> Callable[[Job], int | None]:
    """`BOARD_PACK_RUNNER`: `process` (default) starts the job's process on this host;
    `worker` leaves the job queued for `python -m dashboard pack-worker`, a service of its
    own (docker-compose.yml) reading the same BOARD_PACK_DIR."""
    return queue if os.environ.get("BOARD_PACK_RUNNER", "").strip() == "worker" else spawn


def queue(job: Job) -> None:
    """Leave the job for a pack worker to claim (no process yet: no pid, no host)."""
    job.host = ""
    return None


def claim_queued(launch: Callable[[Job], int] | None = None) -> list[str]:
    """A pack worker's round: start every queued job, oldest first, on this host (the
    server-wide limit was checked when each was asked for); the ids started."""
    started = []
    with _locked():
        queued = sorted((job for job in (_checked(job) for job in _all())
                         if job.status == RUNNING and job.pid is None), key=lambda j: j.created)
        for job in queued:
            job.host = socket.gethostname()
            try:
                job.pid = (launch or spawn)(job)
            except OSError as exc:
                log.exception("board pack job %s could not be started", job.id)
                job.status, job.finished = FAILED, time.time()
                job.error = f"the process to make it could not be started ({exc.strerror or exc})"
            _save(job)
            started.append(job.id)
    return started


def work(poll_seconds: float = 1.0, rounds: int | None = None) -> None:
    """`python -m dashboard pack-worker`: start queued packs as they come, for ever (or
    `rounds` times)."""
    done = 0
    while rounds is None or done < rounds:
        for job_id in claim_queued():
            log.info("board pack job %s started by the pack worker", job_id)
        done += 1
        if rounds is None or done < rounds:
            time.sleep(poll_seconds)


def spawn(job: Job) -> int:
    """Start the job's process (`python -m dashboard.output.pack_jobs ID`); its pid.

    Its own session, so a signal to the web worker does not stop it; a thread reaps it
    when it ends. Its log goes to the web server's error log (stderr is inherited)."""
    process = subprocess.Popen([sys.executable, "-m", "dashboard.output.pack_jobs", job.id],
                               cwd=PROJECT_ROOT, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, start_new_session=True)
    threading.Thread(target=process.wait, name=f"board-pack-{job.id[:6]}",
                     daemon=True).start()
    return process.pid


def status(job_id: str | None, username: str | None) -> Job | None:
    """The job, if it exists and `username` asked for it."""
    job = _load(job_id)
    if job is None or not username or job.owner != username:
        return None
    if job.status == RUNNING:
        with _locked():
            job = _checked(_load(job.id) or job)
    return job


def pdf_for(job_id: str | None, username: str | None) -> tuple[Path, str] | None:
    """The finished pack's file and download name, for the user who asked only."""
    job = status(job_id, username)
    if job is None or job.status != DONE or not pdf_path(job.id).is_file():
        return None
    return pdf_path(job.id), job.filename or "board-pack.pdf"


# --- the job's process --------------------------------------------------------------------

def _filename(area: str, period_end) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", f"board-pack-{area}-{period_end or ''}".lower())
    return slug.strip("-")[:120] + ".pdf"


def run(job_id: str, make: Callable | None = None) -> int:
    """Make the job's pack as the user who asked for it, and record how it went."""
    from dashboard.core.db import get_engine
    from dashboard.output.board_pack import PackError, pack
    from dashboard.web.session import acting_as
    from dashboard.web.users import get_user

    job = _load(job_id)
    if job is None or job.status != RUNNING:
        log.error("board pack job %s: no such running job", job_id)
        return 1
    spare = pdf_path(job.id).with_suffix(".pdf.part")
    try:
        record = get_user(get_engine(), job.owner)
        if record is None or record.disabled:
            raise PackError("the account that asked for it is no longer active")
        with acting_as(record):
            pdf, content = (make or pack)(job.area, job.period, job.summary_only)
        spare.write_bytes(pdf)
        os.replace(spare, pdf_path(job.id))
        _update(job.id, status=DONE, finished=time.time(), size=len(pdf),
                missing=list(content.missing),
                filename=_filename(content.area, content.period_end))
        log.info("board pack job %s for %s: done, %s bytes", job.id, job.owner, len(pdf))
        return 0
    except PackError as exc:
        log.error("board pack job %s for %s failed: %s", job.id, job.owner, exc)
        error = str(exc)
    except Exception as exc:  # noqa: BLE001 - the person waiting must hear it failed
        log.exception("board pack job %s for %s failed", job.id, job.owner)
        error = f"an unexpected error ({type(exc).__name__}); it has been logged"
    spare.unlink(missing_ok=True)
    _update(job.id, status=FAILED, finished=time.time(), error=error)
    return 1


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s [board-pack %(process)d] %(levelname)s "
                               "%(name)s: %(message)s")
    if len(args) != 1:
        print("usage: python -m dashboard.output.pack_jobs JOB_ID", file=sys.stderr)
        return 2
    lower_priority()
    return run(args[0])


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
