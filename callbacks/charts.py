"""Every chart card's table alternative, CSV download and drill-down to the children."""
from __future__ import annotations

from datetime import date

import dash_ag_grid as dag
import pandas as pd
from dash import ALL, MATCH, Input, Output, State, callback, ctx, dcc, html, no_update

from dashboard.core.db import get_engine
from dashboard.web.audit import audit
from dashboard.web.page_outputs import VIEW_STATE
from dashboard.web.session import selection_for
from dashboard.web.state import ViewState
from dashboard.words.text import day_mon_year
from queries.drill import HEADERS, children_behind


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


@callback(
    Output({"type": "chart-table", "chart": MATCH}, "children"),
    Output({"type": "chart-table-btn", "chart": MATCH}, "children"),
    Input({"type": "chart-table-btn", "chart": MATCH}, "n_clicks"),
    Input({"type": "chart-data", "chart": MATCH}, "data"),
)
def toggle_table(clicks, data):
    showing = bool(clicks) and clicks % 2 == 1
    if not showing or not isinstance(data, dict) or not data.get("rows"):
        return None, "Show table"
    chart = ctx.outputs_list[0]["id"]["chart"]
    return data_grid(data["columns"], data["rows"], {"type": "chart-grid", "chart": chart}), \
        "Hide table"


@callback(
    Output({"type": "chart-download", "chart": MATCH}, "data"),
    Input({"type": "chart-csv-btn", "chart": MATCH}, "n_clicks"),
    State({"type": "chart-data", "chart": MATCH}, "data"),
    prevent_initial_call=True,
)
def download_csv(clicks, data):
    if not clicks or not isinstance(data, dict) or "rows" not in data:
        return no_update
    frame = pd.DataFrame(data["rows"], columns=data.get("columns"))
    name = str(data.get("filename") or "chart-data").replace("/", "-")
    audit("export", {"file": f"{name}.csv"})
    return dcc.send_data_frame(frame.to_csv, f"{name}.csv", index=False)


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
def drill_down(clicks, datas, ids, view):
    if not ctx.triggered_id or not any(clicks or []):
        return no_update, no_update, no_update
    chart = ctx.triggered_id["chart"]
    data = next((d for d, i in zip(datas, ids) if i["chart"] == chart), None)
    spec = data.get("drill") if isinstance(data, dict) else None
    if not isinstance(spec, dict):
        return True, "Children behind this figure", html.P("No list is available here.")
    audit("drill_down", {"chart": chart, "drill": spec, "view": view})
    frame = _drill_frame(spec, ViewState.from_dict(view))
    title = spec.get("title") or "Children behind this figure"
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
