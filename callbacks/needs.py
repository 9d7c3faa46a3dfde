"""Needs and outcomes page: its callback fills the page from its build."""
from dash import Input, callback

from dashboard.web.page_outputs import VIEW_STATE, PageOutputs
from dashboard.web.pages import needs as page

OUTPUTS = PageOutputs(page, extras=page.EXTRAS)


@callback(*OUTPUTS.outputs(), Input(VIEW_STATE, "data"))
def update_needs(view):
    return OUTPUTS.fill(view)
