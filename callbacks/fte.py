"""First time entrants page: its callback fills the page from its build."""
from dash import Input, callback

from dashboard.web.page_outputs import VIEW_STATE, PageOutputs
from dashboard.web.pages import fte

OUTPUTS = PageOutputs(fte)


@callback(*OUTPUTS.outputs(), Input(VIEW_STATE, "data"))
def update_fte(view):
    return OUTPUTS.fill(view)
