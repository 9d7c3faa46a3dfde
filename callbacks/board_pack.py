"""The "Download board pack" button: the PDF of the current area and period."""
from __future__ import annotations

import logging
import re

from dash import Input, Output, State, callback, dcc, no_update

from dashboard.output.board_pack import pack_pdf
from dashboard.web.audit import audit
from dashboard.web.page_outputs import VIEW_STATE
from dashboard.web.state import ViewState

log = logging.getLogger(__name__)


@callback(Output("board-pack-download", "data"),
          Input("board-pack-button", "n_clicks"),
          State(VIEW_STATE, "data"),
          prevent_initial_call=True)
def download_board_pack(clicks, view):
    if not clicks:
        return no_update
    state = ViewState.from_dict(view)
    audit("board_pack", {"area": state.area, "period": state.period})
    try:
        pdf = pack_pdf(state.area or None, state.period or None)
    except Exception:  # noqa: BLE001 - the button must not break the page
        log.exception("board pack failed")
        return no_update
    name = re.sub(r"[^A-Za-z0-9]+", "-", f"board-pack-{state.area or 'all'}-{state.period}")
    return dcc.send_bytes(pdf, f"{name.strip('-').lower()}.pdf")
