"""Overview page: its callback fills the page from its build; the summary table's CSV."""
import pandas as pd
from dash import Input, Output, State, callback, dcc, no_update

from dashboard.web.page_outputs import VIEW_STATE, PageOutputs
from dashboard.web.pages import overview as page

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
          State(page.TABLE_DATA, "data"),
          prevent_initial_call=True)
def download_summary(clicks, data):
    if not clicks or not isinstance(data, dict) or not data.get("rows"):
        return no_update
    frame = pd.DataFrame(data["rows"], columns=data.get("columns"))
    return dcc.send_data_frame(frame.to_csv, f"{data['filename']}.csv", index=False)
