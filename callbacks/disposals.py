"""Outcomes page: its callback fills the page from its build."""
from dash import Input, callback

from dashboard.web.page_outputs import VIEW_STATE, PageOutputs
from dashboard.web.pages import disposals as page

OUTPUTS = PageOutputs(page, extras=((page.FILTER_NOTE, "children"),
                                    (page.BOARD_TABLE, "children")))


@callback(*OUTPUTS.outputs(), Input(VIEW_STATE, "data"))
def update_disposals(view):
    return OUTPUTS.fill(view)
