"""The "Download board pack" button in every page's header, and what it needs to follow a
pack being made outside the request (callbacks/board_pack.py, dashboard/output/pack_jobs.py).

    BUTTON  starts a pack of the view on screen
    JOB     the job being followed: {"id", "status"} (kept for the browser tab's session,
            so moving to another page keeps following it); the server checks the owner
    POLL    asks how the job is going while it runs
    STATUS  what is happening, in words (read out by screen readers); CLOSE hides it
    READY   the address of a pack that has just finished: the browser downloads it
"""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

BUTTON, JOB, POLL = "board-pack-button", "board-pack-job", "board-pack-poll"
STATUS, READY, CLOSE = "board-pack-status", "board-pack-ready", "board-pack-close"
POLL_MS = 2000


def pack_controls() -> list:
    return [
        dbc.Button("Download board pack (PDF)", id=BUTTON, color="secondary", outline=True,
                   n_clicks=0, title="A4 PDF of this area and period for the board papers: "
                                     "it is prepared in the background and downloads when ready"),
        dcc.Store(id=JOB, storage_type="session"),
        dcc.Store(id=READY),
        dcc.Interval(id=POLL, interval=POLL_MS, disabled=True),
        html.Div([html.Div(id=STATUS, role="status", **{"aria-live": "polite"}),
                  html.Button("×", id=CLOSE, className="board-pack-close", n_clicks=0,
                              title="Close this message", **{"aria-label": "Close"})],
                 className="board-pack-panel"),
    ]
