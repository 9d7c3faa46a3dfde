"""Reoffending page: its callback fills the page from its build."""
from dash import Input, callback

from dashboard.web.page_outputs import VIEW_STATE, PageOutputs
from dashboard.web.pages import reoffending as page

OUTPUTS = PageOutputs(page, extras=((page.LAG, "children"),
                                    (page.BREAKDOWN_HEADING, "children"),
                                    (page.BREAKDOWN_INTRO, "children")))


@callback(*OUTPUTS.outputs(), Input(VIEW_STATE, "data"))
def update_reoffending(view):
    return OUTPUTS.fill(view)
