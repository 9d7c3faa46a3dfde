"""The cache follows the data version, and a reload never gives a page two loads' data.

Two tiny datasets for one service S (authority A1): load A has two first time entrants in
2023 (c1 in February, c2 in May), load B three (c3 in August too). Both have outcomes in
the same quarters, so the view (the year to December 2023) is the same for both.

- Served by gunicorn (a separate process, like production): a page callback's answer is
  cached, and a load (another process) changes what is served at once.
- While a thread asks for the page again and again, the data are loaded twice (B, then A):
  every answer succeeds and is exactly load A's page or load B's page, never a mix.
- In one process: a load committed in the middle of a page build (after its first query)
  makes the build start again on the new load, so the page is load B's throughout.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest
from flask import Flask

from benchmarks.load_test import sign_in, start_server
from dashboard.core.db import get_engine
from dashboard.etl.loader import load_folder
from dashboard.web import users
from dashboard.web.prewarm import page_callbacks, request_body
from tests.integration.yj_testdata import la, out, pop, write_folder

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "reload-test-password"
VIEW = {"area": "service:S", "period": "2023-12-31"}
COUNTS = '{"chart":"fte-counts","type":"chart-data"}'


def _outcomes(children: int) -> list[dict]:
    dates = ["2023-02-01", "2023-05-01", "2023-08-01"]
    rows = [out(f"o{i}", f"c{i}", "A1", dates[i], "youth_caution") for i in range(children)]
    # The same first and last quarters in both loads: a diversion in October 2022 and November 2023.
    return rows + [out("d1", "d1", "A1", "2022-10-10", "community_resolution"),
                   out("d2", "d2", "A1", "2023-11-10", "community_resolution")]


def _folder(path: Path, children: int) -> Path:
    return write_folder(path, [la("A1", "S")], [pop("A1", 2023, 1000)], _outcomes(children))


@pytest.fixture(scope="module", params=["sqlite",
                                        pytest.param("postgresql", marks=pytest.mark.postgres)])
def served(request, tmp_path_factory):
    base = tmp_path_factory.mktemp("reload")
    if request.param == "sqlite":
        url = f"sqlite:///{base}/reload.db"
    else:
        server = request.getfixturevalue("postgres_server")
        name = f"reload_{uuid.uuid4().hex[:12]}"
        server.admin_execute(f'CREATE DATABASE "{name}"')
        url = server.url(name)
    folders = {"A": _folder(base / "a", 2), "B": _folder(base / "b", 3)}
    load_folder(folders["A"], get_engine(url))
    users.add_user(get_engine(url), "reader", "analyst", PASSWORD)
    app = start_server(url, workers=2, threads=4, log=base / "gunicorn.log")
    try:
        yield app, url, folders
    finally:
        app.stop()


def _load(url: str, folder: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "dashboard", "load", str(folder)], cwd=REPO,
                          env={**{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
                               "DATABASE_URL": url},
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]


def _asker(app):
    session = sign_in(app.url, "reader", PASSWORD)
    callback = page_callbacks(session.get(app.url + "/_dash-dependencies").json())["fte"]
    body = request_body(callback, {"view-state": {**_blank_view(), **VIEW}})

    def ask() -> tuple[int, bytes]:
        answer = session.post(app.url + "/_dash-update-component", json=body, timeout=120)
        return answer.status_code, answer.content
    return ask


def _blank_view() -> dict:
    from dashboard.web.state import ViewState
    return ViewState().to_dict()


def _children_entering(content: bytes) -> int:
    """The counts chart's figure for the year to December 2023, from its table."""
    table = json.loads(content)["response"][COUNTS]["data"]
    row = next(r for r in table["rows"] if r["Rolling 12 months ending"] == "31 Dec 2023")
    return row["Children entering (count)"]


def test_a_reload_replaces_cached_answers_at_once(served):
    app, url, folders = served
    ask = _asker(app)
    status, first = ask()
    assert status == 200 and _children_entering(first) == 2       # c1, c2
    assert ask() == (200, first)                                   # the cached answer
    _load(url, folders["B"])
    status, second = ask()
    assert status == 200 and _children_entering(second) == 3      # c1, c2, c3
    _load(url, folders["A"])
    assert ask() == (200, first)   # load A again: exactly load A's page, built afresh


def test_answers_during_two_reloads_are_each_one_loads_page(served):
    app, url, folders = served
    ask = _asker(app)
    _load(url, folders["A"])
    pages = {"A": ask()[1]}
    _load(url, folders["B"])
    pages["B"] = ask()[1]
    assert pages["A"] != pages["B"]
    answers, done = [], threading.Event()

    def poll():
        while not done.is_set():
            answers.append(ask())
    threads = [threading.Thread(target=poll) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        _load(url, folders["A"])
        _load(url, folders["B"])
    finally:
        done.set()
        for thread in threads:
            thread.join(timeout=300)
    assert len(answers) >= 3
    failed = [status for status, _ in answers if status != 200]
    assert failed == []
    mixed = [content for _, content in answers if content not in pages.values()]
    assert mixed == []


def test_a_load_during_a_build_restarts_it_on_the_new_load(tmp_path, monkeypatch):
    """In one process: the first query of the build runs on load A, then B is committed."""
    import dashboard.web.pages.fte as fte_page
    from dashboard.web.page_outputs import PageOutputs
    from dashboard.web.pages import content
    from dashboard.web.state import ViewState
    from plotly.io.json import to_json_plotly
    from queries.cache import init_cache

    url = f"sqlite:///{tmp_path}/build.db"
    monkeypatch.setenv("DATABASE_URL", url)
    a, b = _folder(tmp_path / "a", 2), _folder(tmp_path / "b", 3)
    server = Flask(__name__)
    init_cache(server)
    state = ViewState.from_dict(VIEW)
    outputs = PageOutputs(fte_page)

    def page() -> str:
        with server.app_context():
            return to_json_plotly(list(outputs.values(content(fte_page, state))))

    load_folder(b, get_engine(url))
    page_b = page()
    load_folder(a, get_engine(url))
    real, loads = fte_page.fte, []

    def fte_then_reload(*args, **kwargs):
        result = real(*args, **kwargs)
        if not loads:
            loads.append(load_folder(b, get_engine(url)))   # commits load B mid-build
        return result
    monkeypatch.setattr(fte_page, "fte", fte_then_reload)
    built = page()
    assert loads, "the load did not happen during the build"
    assert built == page_b
    assert "could not be drawn" not in built
