"""Reoffending page: its callback fills the page from its build; the basis control writes
the view (and so the address) like a filter."""
from dash import Input, State, callback, no_update

from callbacks.shell import view_outputs, view_values
from dashboard.web.page_outputs import VIEW_STATE, PageOutputs
from dashboard.web.pages import reoffending as page
from dashboard.web.state import ViewState, parse_values

OUTPUTS = PageOutputs(page, extras=((page.LAG, "children"),
                                    (page.BREAKDOWN_HEADING, "children"),
                                    (page.BREAKDOWN_INTRO, "children")))


@callback(*OUTPUTS.outputs(), Input(VIEW_STATE, "data"))
def update_reoffending(view):
    return OUTPUTS.fill(view)


@callback(*view_outputs(allow_duplicate=True), Input(page.BASIS, "value"),
          State(VIEW_STATE, "data"), prevent_initial_call=True)
def choose_basis(basis, view):
    """The basis chosen (validated like any URL value) into the view and the address."""
    state = ViewState.from_dict(view)
    chosen = parse_values({"basis": [basis]}).basis if isinstance(basis, str) else state.basis
    if chosen == state.basis:
        return [no_update] * len(view_outputs())
    return view_values(state.with_(basis=chosen))
