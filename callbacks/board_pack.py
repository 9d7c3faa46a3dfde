"""The "Download board pack" button: start a pack of the view on screen, follow it, and
download it when it is ready (dashboard/output/pack_jobs.py makes it in a process of its
own, so no web worker waits for it).

- A click starts a job (or says politely why not) and returns at once.
- While the job runs, the page asks every two seconds how it is going.
- When it is done the browser downloads `/board-pack/<job id>.pdf`, a route that sends the
  file only to the user who asked for it; the PDF never travels in a callback's JSON.
- When it fails, the page says "The pack could not be made: …" (the job's log has more).
"""
from __future__ import annotations

import logging

from dash import Input, Output, State, callback, clientside_callback, ctx, html, no_update
from flask import abort, send_file

from dashboard.output import pack_jobs
from dashboard.web.audit import audit
from dashboard.web.pack_controls import BUTTON, CLOSE, JOB, POLL, READY, STATUS
from dashboard.web.page_outputs import VIEW_STATE
from dashboard.web.session import current_username
from dashboard.web.state import ViewState

log = logging.getLogger(__name__)
ROUTE = "/board-pack/<job_id>.pdf"


def pdf_address(job_id: str) -> str:
    return f"/board-pack/{job_id}.pdf"


def _megabytes(size: int | None) -> str:
    return f"{(size or 0) / 1_000_000:.1f} MB"


def _message(kind: str, *children) -> html.Div:
    return html.Div(list(children), className=f"board-pack-message board-pack-{kind}")


def preparing(job: pack_jobs.Job) -> html.Div:
    so_far = f" ({job.seconds} seconds so far)" if job.seconds >= 5 else ""
    return _message("running", html.Span(className="board-pack-spinner", **{"aria-hidden": "true"}),
                    f"Preparing the board pack{so_far}. It usually takes under a minute; you "
                    "can keep working, and it will download when it is ready.")


def ready(job: pack_jobs.Job) -> html.Div:
    parts = [html.Strong("The board pack is ready: "),
             html.A(f"download the PDF ({_megabytes(job.size)})",
                    href=pdf_address(job.id), download=job.filename or "")]
    if job.missing:
        count = len(job.missing)
        parts.append(html.P(f"{count} chart{'s' if count > 1 else ''} could not be drawn and "
                            f"{'are' if count > 1 else 'is'} marked in the pack: "
                            + "; ".join(job.missing) + ".", className="mb-0 mt-1"))
    return _message("done", *parts)


def failed(job: pack_jobs.Job) -> html.Div:
    return _message("failed", html.Strong("The pack could not be made: "),
                    f"{job.error or 'an unexpected error'}. Try again in a minute; if it "
                    "keeps failing, tell the dashboard's administrator.")


def _followed(job: pack_jobs.Job) -> dict:
    """What the browser keeps: the job's id and state (the server checks the owner), and
    "quiet" once the person has closed the message while it runs."""
    return {"id": job.id, "status": job.status}


@callback(Output(JOB, "data"), Output(STATUS, "children"), Output(READY, "data"),
          Input(BUTTON, "n_clicks"), Input(POLL, "n_intervals"),
          State(VIEW_STATE, "data"), State(JOB, "data"),
          prevent_initial_call=True)
def board_pack(clicks, ticks, view, followed):
    username = current_username()
    if ctx.triggered_id == BUTTON:
        if not clicks:
            return no_update, no_update, no_update
        state = ViewState.from_dict(view)
        try:
            job = pack_jobs.start(username, state.area or None, state.period or None)
        except pack_jobs.Refused as refusal:
            return no_update, _message("refused", str(refusal)), no_update
        audit("board_pack", {"area": state.area, "period": state.period, "job": job.id})
        if job.status == pack_jobs.FAILED:
            return _followed(job), failed(job), None
        return _followed(job), preparing(job), None
    job = pack_jobs.status(followed.get("id") if isinstance(followed, dict) else None,
                           username)
    if job is None:
        return None, None, None
    if job.status == pack_jobs.RUNNING:
        quiet = isinstance(followed, dict) and followed.get("quiet")
        return no_update, no_update if quiet else preparing(job), no_update
    if job.status == pack_jobs.DONE:
        return _followed(job), ready(job), pdf_address(job.id)
    return _followed(job), failed(job), None


@callback(Output(STATUS, "children", allow_duplicate=True),
          Output(JOB, "data", allow_duplicate=True),
          Input(CLOSE, "n_clicks"), State(JOB, "data"), prevent_initial_call=True)
def close(clicks, followed):
    """Hide the message; a pack still being made is followed quietly until it is ready."""
    if isinstance(followed, dict) and followed.get("status") == pack_jobs.RUNNING:
        return None, {**followed, "quiet": True}
    return None, no_update


@callback(Output(POLL, "disabled"), Input(JOB, "data"))
def follow(followed):
    """Ask how the job is going only while it runs (also after moving to another page)."""
    return not (isinstance(followed, dict) and followed.get("status") == pack_jobs.RUNNING)


# The browser downloads a pack that has just finished through a link with `download`, so a
# failed request can never replace the page.
clientside_callback(
    """function (address) {
        if (address) {
            const link = document.createElement("a");
            link.href = address;
            link.download = "";
            document.body.appendChild(link);
            link.click();
            link.remove();
        }
        return window.dash_clientside.no_update;
    }""",
    Output(READY, "id"),
    Input(READY, "data"),
    prevent_initial_call=True,
)


def download(job_id: str):
    """The finished pack, for the signed-in user who asked for it; 404 for anyone else."""
    found = pack_jobs.pdf_for(job_id, current_username())
    if found is None:
        abort(404)
    path, filename = found
    answer = send_file(path, mimetype="application/pdf", as_attachment=True,
                       download_name=filename, max_age=0)
    answer.headers["Cache-Control"] = "private, no-store"
    return answer


def init_routes(server) -> None:
    """Add the download route to the app's Flask server (dashboard/app_factory.py)."""
    server.add_url_rule(ROUTE, "board_pack_pdf", download, methods=["GET"])
