"""Every chart card's table alternative, CSV download and drill-down to the children."""
from __future__ import annotations

import logging
from datetime import date

import dash_ag_grid as dag
import pandas as pd
from dash import ALL, MATCH, Input, Output, State, callback, clientside_callback, ctx, dcc, \
    html, no_update

from dashboard.core.db import get_engine
from dashboard.web.audit import audit
from dashboard.web.downloads import csv_text, rebuild_chart, safe_filename
from dashboard.web.page_outputs import VIEW_STATE
from dashboard.web.pages import resolved_view
from dashboard.web.session import can, selection_for
from dashboard.web.state import ViewState
from dashboard.words.text import day_mon_year
from queries.drill import HEADERS, children_behind

log = logging.getLogger(__name__)


def data_grid(columns: list[str], rows: list[dict], grid_id=None, height: int = 320):
    """An accessible, sortable table (dash-ag-grid) of the given records."""
    return dag.AgGrid(
        id=grid_id or "grid", rowData=rows,
        columnDefs=[{"field": c, "headerName": c} for c in columns],
        defaultColDef={"sortable": True, "filter": True, "resizable": True, "minWidth": 110},
        columnSize="responsiveSizeToFit", style={"height": f"{height}px"},
        dashGridOptions={"domLayout": "normal", "ensureDomOrder": True,
                         "suppressColumnVirtualisation": True},
        className="ag-theme-alpine")


MAX_COLUMNS, MAX_ROWS, MAX_CELL = 60, 20_000, 500


def clicks(value) -> int:
    """A button's n_clicks as a whole number (0 for anything else)."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def table_of(data) -> tuple[list[str], list[dict]] | None:
    """The columns and rows of a chart's store, if it is a table of sensible size.

    Only used to show the browser's own table back to it (the "Show table" grid);
    downloads and drill-downs are rebuilt on the server (dashboard/web/downloads.py)."""
    if not isinstance(data, dict):
        return None
    columns, rows = data.get("columns"), data.get("rows")
    if not isinstance(columns, list) or not isinstance(rows, list) or not rows \
            or len(columns) > MAX_COLUMNS or len(rows) > MAX_ROWS \
            or not all(isinstance(c, str) and len(c) <= MAX_CELL for c in columns):
        return None

    def cell(value):
        if value is None or isinstance(value, (bool, int, float)):
            return value
        return str(value)[:MAX_CELL]
    return columns, [{c: cell(row.get(c)) for c in columns}
                     for row in rows if isinstance(row, dict)]


def chart_of_callback() -> str | None:
    """The chart id of a MATCH callback's output."""
    try:
        outputs = ctx.outputs_list
        first = outputs if isinstance(outputs, dict) else outputs[0]  # one output: a dict
        chart = first["id"]["chart"]
    except (AttributeError, IndexError, KeyError, TypeError):
        return None
    return chart if isinstance(chart, str) else None


# A chart's data reach the "Show table" callback only while its table is shown: filling a
# page (or changing its view) with every table hidden asks the server nothing, where it
# used to send each chart's data up and back (18 requests on the needs page, before its
# first chart was drawn). An odd number of clicks is a table shown.
clientside_callback(
    """function (clicks, data) {
        return (clicks || 0) % 2 === 1 ? data : window.dash_clientside.no_update;
    }""",
    Output({"type": "chart-table-feed", "chart": MATCH}, "data"),
    Input({"type": "chart-table-btn", "chart": MATCH}, "n_clicks"),
    Input({"type": "chart-data", "chart": MATCH}, "data"),
)


@callback(
    Output({"type": "chart-table", "chart": MATCH}, "children"),
    Output({"type": "chart-table-btn", "chart": MATCH}, "children"),
    Input({"type": "chart-table-btn", "chart": MATCH}, "n_clicks"),
    Input({"type": "chart-table-feed", "chart": MATCH}, "data"),
    prevent_initial_call=True,
)
def toggle_table(n_clicks, data):
    table = table_of(data)
    if clicks(n_clicks) % 2 == 0 or table is None:
        return None, "Show table"
    chart = chart_of_callback() or "chart"
    return data_grid(*table, {"type": "chart-grid", "chart": chart}), "Hide table"


@callback(
    Output({"type": "chart-download", "chart": MATCH}, "data"),
    Input({"type": "chart-csv-btn", "chart": MATCH}, "n_clicks"),
    State({"type": "chart-data", "chart": MATCH}, "data"),
    State(VIEW_STATE, "data"),
    prevent_initial_call=True,
)
def download_csv(n_clicks, data, view):
    """The chart's table as CSV, rebuilt on the server for the current view (roles that
    may export only: analyst, admin)."""
    chart_id = chart_of_callback()
    if not clicks(n_clicks) or chart_id is None:
        return no_update
    if not can("export"):
        audit("export_refused", {"chart": chart_id})
        return no_update
    controls = data.get("controls") if isinstance(data, dict) else None
    chart = rebuild_chart(chart_id, view, controls)
    if chart is None or not isinstance(chart.data, dict) or not chart.data.get("rows"):
        return no_update
    name = f"{safe_filename(chart.data.get('filename'))}.csv"
    state = ViewState.from_dict(view)
    audit("export", {"file": name, "chart": chart_id, "area": state.area,
                     "period": state.period})
    return dcc.send_string(csv_text(chart.data["columns"], chart.data["rows"]), name)


def _drill_frame(spec: dict, state: ViewState) -> pd.DataFrame:
    def when(key):
        try:
            return date.fromisoformat(spec.get(key) or "")
        except (TypeError, ValueError):
            return None
    return children_behind(
        get_engine(), str(spec.get("kind", "outcomes")), selection_for(state),
        period_end=state.period_end or date.today(), outcome_type=spec.get("outcome_type"),
        cohort_start=when("cohort_start"), as_of=when("as_of"), basis=state.basis)


NO_DRILL = "Board members see figures, not the children behind them."
NO_LIST = "No list is available here."
DRILL_FAILED = "The list could not be loaded. Try again shortly."


@callback(
    Output("drill-modal", "is_open"),
    Output("drill-title", "children"),
    Output("drill-body", "children"),
    Input({"type": "chart-drill-btn", "chart": ALL}, "n_clicks"),
    State({"type": "chart-data", "chart": ALL}, "data"),
    State({"type": "chart-data", "chart": ALL}, "id"),  # pairs with the data, not the buttons
    State(VIEW_STATE, "data"),
    prevent_initial_call=True,
)
def drill_down(n_clicks, datas, ids, view):
    """The children behind a chart, from the server's own build of that chart for the
    view: the drill spec is never taken from the browser."""
    triggered = ctx.triggered_id
    chart_id = triggered.get("chart") if isinstance(triggered, dict) else None
    if not isinstance(chart_id, str) or not any(clicks(c) for c in n_clicks or []):
        return no_update, no_update, no_update
    title = "Children behind this figure"
    if not can("drill"):
        audit("drill_refused", {"chart": chart_id[:80]})
        return True, title, html.P(NO_DRILL)
    data = next((d for d, i in zip(datas or [], ids or [])
                 if isinstance(i, dict) and i.get("chart") == chart_id), None)
    controls = data.get("controls") if isinstance(data, dict) else None
    chart = rebuild_chart(chart_id, view, controls)
    if chart is not None and chart.failed:
        return True, title, html.P(DRILL_FAILED)
    spec = chart.data.get("drill") if chart is not None and isinstance(chart.data, dict) \
        else None
    if not isinstance(spec, dict):
        return True, title, html.P(NO_LIST)
    try:
        state = resolved_view(ViewState.from_dict(view))
        audit("drill_down", {"chart": chart_id, "drill": spec, "area": state.area,
                             "period": state.period})
        frame = _drill_frame(spec, state)
    except Exception:  # noqa: BLE001 - an unreachable database: say so, no traceback
        log.exception("drill-down failed for %s", chart_id)
        return True, title, html.P(DRILL_FAILED)
    title = spec.get("title") or title
    if frame.empty:
        return True, title, html.P("No children match this selection.")
    shown = frame.rename(columns=HEADERS)
    shown = shown.astype(object).where(shown.notna(), None)
    for column in shown.columns:
        shown[column] = shown[column].map(
            lambda v: day_mon_year(v) if isinstance(v, date) else v)
    note = html.P(f"{len(frame):,} rows. Children are shown by pseudonymous id only.",
                  className="chart-note")
    return True, title, [note, data_grid(list(shown.columns), shown.to_dict("records"),
                                         "drill-grid", 480)]
