"""Disproportionality page: its callback fills the page from its build at the chosen stage."""
from dash import Input, callback

from dashboard.web.page_outputs import VIEW_STATE, PageOutputs
from dashboard.web.pages import disproportionality as page

OUTPUTS = PageOutputs(page, extras=((page.FILTER_NOTE, "children"),))


@callback(*OUTPUTS.outputs(), Input(VIEW_STATE, "data"), Input(page.STAGE, "value"))
def update_disproportionality(view, stage):
    return OUTPUTS.fill(view, stage=stage)
