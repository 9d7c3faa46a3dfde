"""Overview page: its callback fills the page from its build; the summary table's CSV."""
from dash import Input, Output, State, callback, dcc, no_update

from dashboard.web.audit import audit
from dashboard.web.downloads import csv_text, safe_filename
from dashboard.web.page_outputs import VIEW_STATE, PageOutputs
from dashboard.web.pages import content, overview as page
from dashboard.web.session import can
from dashboard.web.state import ViewState

OUTPUTS = PageOutputs(page, extras=(
    (page.FILTER_NOTE, "children"), (page.CARDS, "children"), (page.MIX_LINK, "href"),
    (page.TABLE_TITLE, "children"),
    (page.TABLE_SUBTITLE, "children"), (page.TABLE, "children"), (page.TABLE_NOTE, "children"),
    (page.TABLE_DATA, "data"), (page.RAG_RULES, "children")))


@callback(*OUTPUTS.outputs(), Input(VIEW_STATE, "data"))
def update_overview(view):
    return OUTPUTS.fill(view)


@callback(Output(page.TABLE_DOWNLOAD, "data"),
          Input(page.TABLE_CSV, "n_clicks"),
          State(VIEW_STATE, "data"),
          prevent_initial_call=True)
def download_summary(clicks, view):
    """The summary table as CSV, rebuilt on the server for the view (roles that may
    export only), never the table the browser sends."""
    if not isinstance(clicks, int) or clicks < 1:
        return no_update
    if not can("export"):
        audit("export_refused", {"table": page.TABLE_DATA})
        return no_update
    data = content(page, ViewState.from_dict(view), only=()).extras.get(page.TABLE_DATA)
    if not isinstance(data, dict) or not data.get("rows"):
        return no_update
    name = f"{safe_filename(data.get('filename'), 'overview-summary')}.csv"
    audit("export", {"file": name})
    return dcc.send_string(csv_text(data["columns"], data["rows"]), name)
