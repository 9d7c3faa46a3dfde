"""Board packs made outside the request (dashboard/output/pack_jobs.py): start, poll, done,
download by the owner only; a second request while one runs is refused politely; the
hourly and server limits; failures reported and logged; a job runs as the user who asked.

Most tests make the pack with a stand-in (`make`), in a thread, so they take milliseconds;
one runs the real process (`python -m dashboard.output.pack_jobs ID`) and prints a PDF."""
from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import threading
import time
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from dashboard.core.db import get_engine
from dashboard.etl.loader import load_folder
from dashboard.output import pack_jobs
from dashboard.output.board_pack import PackError
from dashboard.web import users
from dashboard.web.session import current_role, current_scope
from yj_testdata import la, out, pop, write_folder

PASSWORD = "correct horse battery"
FAKE_PDF = b"%PDF-1.4\n% a stand-in pack\n%%EOF\n"


@pytest.fixture
def db_url(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'jobs.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("SECRET_KEY", "test-secret")
    monkeypatch.setenv("BOARD_PACK_DIR", str(tmp_path / "packs"))
    for name in ("BOARD_PACK_PER_HOUR", "BOARD_PACK_CONCURRENT", "BOARD_PACK_TIMEOUT",
                 "AUTH_MODE", "LOGIN_MAX_FAILURES"):
        monkeypatch.delenv(name, raising=False)
    folder = write_folder(tmp_path / "data", [la("A1", "Alpha YJS"), la("B1", "Beta YJS")],
                          [pop("A1", 2023, 1000), pop("B1", 2023, 1000)],
                          [out("1", "c1", "A1", "2023-05-01", "youth_caution"),
                           out("2", "c2", "B1", "2023-06-01", "youth_caution")])
    load_folder(folder, get_engine(url))
    users.add_user(get_engine(url), "mary", "manager", PASSWORD, ["A1"])
    users.add_user(get_engine(url), "john", "analyst", PASSWORD, None)
    yield url
    get_engine(url).dispose()


def made_by(make):
    """A launcher that runs the job in a thread with the stand-in `make`."""
    def launch(job):
        threading.Thread(target=pack_jobs.run, args=(job.id,), kwargs={"make": make},
                         daemon=True).start()
        return os.getpid()
    return launch


def fine(area, period, summary_only):
    return FAKE_PDF, SimpleNamespace(area="Alpha YJS", period_end=date(2023, 12, 31),
                                     missing=["Use of custody: by type of sentence"])


def never_started(job):
    """A launcher whose job stays running (this process is its 'process', and alive)."""
    return os.getpid()


def wait(job_id, username, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = pack_jobs.status(job_id, username)
        if job is None or job.status != pack_jobs.RUNNING:
            return job
        time.sleep(0.05)
    raise AssertionError("the job did not finish")


def test_start_poll_done_and_only_the_owner_can_have_the_pdf(db_url):
    job = pack_jobs.start("mary", "service:Alpha YJS", "2023-12-31", launch=made_by(fine))
    assert job.status == pack_jobs.RUNNING and re.fullmatch(r"[A-Za-z0-9_-]{24}", job.id)
    done = wait(job.id, "mary")
    assert done.status == pack_jobs.DONE and done.size == len(FAKE_PDF)
    assert done.missing == ["Use of custody: by type of sentence"]
    path, name = pack_jobs.pdf_for(job.id, "mary")
    assert path.read_bytes() == FAKE_PDF
    assert name == "board-pack-alpha-yjs-2023-12-31.pdf"
    # Nobody else learns the job exists, nor gets its file.
    assert pack_jobs.status(job.id, "john") is None and pack_jobs.pdf_for(job.id, "john") is None
    assert pack_jobs.status(job.id, None) is None
    assert pack_jobs.status("../../etc/passwd", "mary") is None


def test_the_download_route_sends_the_pdf_to_its_owner_only(db_url):
    from dashboard.app_factory import create_app
    job = pack_jobs.start("mary", "service:Alpha YJS", None, launch=made_by(fine))
    wait(job.id, "mary")
    server = create_app().server
    address = f"/board-pack/{job.id}.pdf"

    def signed_in(username):
        client = server.test_client()
        form = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
        assert client.post("/login", data={"username": username, "password": PASSWORD,
                                           "csrf_token": token, "next": "/"}).status_code == 302
        return client

    with signed_in("mary").get(address) as answer:
        assert answer.status_code == 200 and answer.data == FAKE_PDF
        assert answer.mimetype == "application/pdf"
        assert "attachment" in answer.headers["Content-Disposition"]
        assert "board-pack-alpha-yjs-2023-12-31.pdf" in answer.headers["Content-Disposition"]
        assert "no-store" in answer.headers["Cache-Control"]
    assert signed_in("john").get(address).status_code == 404
    assert signed_in("mary").get("/board-pack/not-a-job-id-at-all-x.pdf").status_code == 404
    anonymous = server.test_client().get(address)
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]


def test_the_pack_is_made_as_the_user_who_asked(db_url):
    seen = {}

    def watch(area, period, summary_only):
        seen.update(role=current_role(), scope=current_scope(), area=area, period=period)
        return fine(area, period, summary_only)
    job = pack_jobs.start("mary", "service:Beta YJS", "2023-09-30", launch=made_by(watch))
    wait(job.id, "mary")
    # mary may see A1 only: her pack is made within that scope, whatever area was asked.
    assert seen == {"role": "manager", "scope": ("A1",), "area": "service:Beta YJS",
                    "period": "2023-09-30"}
    assert current_scope() is None and current_role() is None  # nothing leaks out


def test_a_second_pack_while_one_is_made_is_refused_politely(db_url):
    pack_jobs.start("mary", None, None, launch=never_started)
    with pytest.raises(pack_jobs.Refused) as refused:
        pack_jobs.start("mary", None, None, launch=never_started)
    assert re.fullmatch(r"A board pack you asked for \d+ seconds? ago is still being "
                        r"prepared\. It will download when it is ready\.", str(refused.value))
    # Someone else is not held up by mary's pack.
    assert pack_jobs.start("john", None, None, launch=never_started).status == "running"


def test_at_most_so_many_packs_an_hour(db_url, monkeypatch):
    monkeypatch.setenv("BOARD_PACK_PER_HOUR", "2")
    for _ in range(2):
        wait(pack_jobs.start("mary", None, None, launch=made_by(fine)).id, "mary")
    with pytest.raises(pack_jobs.Refused, match=r"You have asked for 2 board packs in the "
                                                r"last hour, the most allowed\. You can ask "
                                                r"again in (60|59) minutes\."):
        pack_jobs.start("mary", None, None, launch=made_by(fine))


def test_the_server_makes_so_many_packs_at_once(db_url, monkeypatch):
    monkeypatch.setenv("BOARD_PACK_CONCURRENT", "1")
    pack_jobs.start("mary", None, None, launch=never_started)
    with pytest.raises(pack_jobs.Refused, match=r"already preparing 1 board packs"):
        pack_jobs.start("john", None, None, launch=never_started)


@pytest.mark.parametrize("error,words", [
    (PackError("no data are loaded: run `python -m dashboard load DIR` first"),
     "no data are loaded: run `python -m dashboard load DIR` first"),
    (RuntimeError("a secret path /srv/x"),
     "an unexpected error (RuntimeError); it has been logged"),
])
def test_a_failure_is_reported_and_logged(db_url, caplog, error, words):
    def broken(area, period, summary_only):
        raise error
    with caplog.at_level(logging.ERROR, logger="dashboard.output.pack_jobs"):
        job = pack_jobs.start("mary", None, None, launch=made_by(broken))
        failed = wait(job.id, "mary")
    assert failed.status == pack_jobs.FAILED and failed.error == words
    assert pack_jobs.pdf_for(job.id, "mary") is None
    assert any(job.id in record.getMessage() for record in caplog.records)


def test_a_job_whose_process_has_gone_is_failed(db_url):
    gone = subprocess.Popen(["true"])
    gone.wait()
    job = pack_jobs.start("mary", None, None, launch=lambda job: gone.pid)
    failed = pack_jobs.status(job.id, "mary")
    assert failed.status == pack_jobs.FAILED
    assert failed.error == "the process preparing it stopped unexpectedly"
    # ... and mary may ask again at once.
    assert pack_jobs.start("mary", None, None, launch=never_started).status == "running"


def failed_after_the_timeout(job) -> None:
    """Make `job` 61 seconds old (BOARD_PACK_TIMEOUT 60): mary's next poll fails it."""
    record = pack_jobs._load(job.id)
    record.created -= 61
    pack_jobs._save(record)
    failed = pack_jobs.status(job.id, "mary")
    assert failed.status == pack_jobs.FAILED
    assert failed.error == "it was still not ready after 1 minute"


def test_a_job_that_takes_too_long_is_failed(db_url, monkeypatch):
    monkeypatch.setenv("BOARD_PACK_TIMEOUT", "60")
    failed_after_the_timeout(pack_jobs.start("mary", None, None, launch=lambda job: None))


def test_a_process_that_cannot_start_is_a_failure_not_a_crash(db_url):
    def cannot(job):
        raise FileNotFoundError(2, "No such file or directory")
    job = pack_jobs.start("mary", None, None, launch=cannot)
    assert job.status == pack_jobs.FAILED
    assert job.error == "the process to make it could not be started (No such file or directory)"


def test_old_jobs_and_their_pdfs_are_deleted(db_url):
    job = pack_jobs.start("mary", None, None, launch=made_by(fine))
    wait(job.id, "mary")
    record = pack_jobs._load(job.id)
    record.created -= pack_jobs.KEEP_SECONDS + 1
    pack_jobs._save(record)
    pack_jobs.start("john", None, None, launch=never_started)  # any start tidies up
    assert not pack_jobs.pdf_path(job.id).exists() and pack_jobs.status(job.id, "mary") is None


@pytest.mark.skipif(not Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")).exists()
                    and not shutil.which("chromium") and not os.environ.get("CI"),
                    reason="no Chromium to print the PDF")
def test_the_real_process_prints_the_pack(db_url):
    job = pack_jobs.start("mary", "service:Alpha YJS", None, summary_only=True)
    done = wait(job.id, "mary", timeout=240)
    assert done.status == pack_jobs.DONE, done.error
    path, name = pack_jobs.pdf_for(job.id, "mary")
    reader = PdfReader(path)
    assert "Alpha YJS" in (reader.pages[0].extract_text() or "")
    assert name.startswith("board-pack-alpha-yjs-")


def test_with_a_pack_worker_the_web_queues_the_pack_and_the_worker_makes_it(db_url, monkeypatch):
    """BOARD_PACK_RUNNER=worker: the web server only records the job; a pack worker (its
    own service, `python -m dashboard pack-worker`) claims it and makes it."""
    monkeypatch.setenv("BOARD_PACK_RUNNER", "worker")
    job = pack_jobs.start("mary", "service:Alpha YJS", "2023-12-31")
    assert job.status == pack_jobs.RUNNING and job.pid is None and job.host == ""
    # Queued, not lost: polling does not call it failed while no process exists yet.
    assert pack_jobs.status(job.id, "mary").status == pack_jobs.RUNNING
    assert pack_jobs.claim_queued(launch=made_by(fine)) == [job.id]
    done = wait(job.id, "mary")
    assert done.status == pack_jobs.DONE and done.size == len(FAKE_PDF)
    assert pack_jobs.pdf_for(job.id, "mary")[0].read_bytes() == FAKE_PDF
    assert pack_jobs.claim_queued(launch=made_by(fine)) == []   # claimed once only


def test_the_pack_worker_loop_makes_every_queued_pack_oldest_first(db_url, monkeypatch):
    monkeypatch.setenv("BOARD_PACK_RUNNER", "worker")
    order = []
    monkeypatch.setattr(pack_jobs, "spawn", lambda job: order.append(job.owner) or
                        made_by(fine)(job))
    first = pack_jobs.start("mary", None, None)
    second = pack_jobs.start("john", None, None)
    pack_jobs.work(poll_seconds=0, rounds=2)
    assert order == ["mary", "john"]
    assert wait(first.id, "mary").status == pack_jobs.DONE
    assert wait(second.id, "john").status == pack_jobs.DONE
    assert all(j.host for j in (pack_jobs._load(first.id), pack_jobs._load(second.id)))


def test_a_queued_pack_no_worker_takes_fails_after_the_timeout(db_url, monkeypatch):
    monkeypatch.setenv("BOARD_PACK_RUNNER", "worker")
    monkeypatch.setenv("BOARD_PACK_TIMEOUT", "60")
    failed_after_the_timeout(pack_jobs.start("mary", None, None))
    assert pack_jobs.claim_queued(launch=made_by(fine)) == []
