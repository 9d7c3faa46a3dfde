"""The filter bar, URL state, chips and cross-filtering shared by every page."""
from __future__ import annotations

from dash import ALL, Input, Output, State, callback, clientside_callback, ctx, html, no_update

from dashboard.web.components import COHORT_FILTERS, FILTER_LABELS
from dashboard.web.page_outputs import VIEW_STATE
from dashboard.web.registry import SECTIONS
from dashboard.web.state import ViewState, parse_values

FILTER_IDS = ["filter-area", "filter-period", "filter-compare"] + [
    f"filter-{k}" for k in COHORT_FILTERS]
STATE_KEYS = ["area", "period", "compare"] + COHORT_FILTERS
CLICKABLE = {"period", "area"} | set(COHORT_FILTERS)


# View values the filter bar does not hold: kept from the view as the filters change.
KEPT_KEYS = ("present", "theme", "advance", "basis")


def view_outputs(allow_duplicate: bool = False) -> list[Output]:
    """The view-state store, the address's query, every page's link and "Present": what a
    change of view writes (the filter bar here; a page's own URL control elsewhere)."""
    return [Output(VIEW_STATE, "data", allow_duplicate=allow_duplicate),
            Output("view-query", "data", allow_duplicate=allow_duplicate),
            *[Output(f"nav-{section.key}", "href", allow_duplicate=allow_duplicate)
              for section in SECTIONS],
            Output("present-link", "href", allow_duplicate=allow_duplicate)]


def view_values(state: ViewState) -> tuple:
    """The values of `view_outputs()` for `state`."""
    query = state.to_query()
    present = state.with_(present="1").to_query()
    return (state.to_dict(), query, *[section.path + query for section in SECTIONS], present)


@callback(
    *view_outputs(),
    [Input(i, "value") for i in FILTER_IDS],
    State(VIEW_STATE, "data"),
    prevent_initial_call=True,
)
def update_state(*args):
    *values, previous = args
    old = ViewState.from_dict(previous)
    raw = {k: [v] for k, v in zip(STATE_KEYS, values) if isinstance(v, str) and v}
    raw.update({k: [getattr(old, k)] for k in KEPT_KEYS if getattr(old, k)})
    state = parse_values(raw)
    if not state.area:
        state = state.with_(area=old.area)
    if not state.period:
        state = state.with_(period=old.period)
    return view_values(state)


# Keep the address bar in step with the filters without re-rendering the page: a filter
# change pushes a history entry, the page's first state replaces the current one. Back and
# forward to another view of the same page reload it (assets/history.js). The query string
# is written in Python (ViewState.to_query, from state.URL_KEYS), never again here.
clientside_callback(
    """
    function(search) {
        if (typeof search !== "string") { return window.dash_clientside.no_update; }
        const path = window.location.pathname;
        if (window.location.search !== search) {
            const url = path + search;
            if (window.__yjPath === path) { window.history.pushState({yj: true}, "", url); }
            else { window.history.replaceState(window.history.state, "", url); }
        }
        window.__yjPath = path;
        window.__yjSearch = search;
        return search;
    }
    """,
    Output("url-sync", "data"),
    Input("view-query", "data"),
    prevent_initial_call=False,
)


@callback(Output("filter-chips", "children"), Input(VIEW_STATE, "data"))
def show_chips(data):
    state = ViewState.from_dict(data)
    chips = []
    for key in COHORT_FILTERS:
        value = getattr(state, key)
        if value:
            shown = {"Y": "yes", "N": "no"}.get(value, value) if key == "looked_after" \
                else value
            chips.append(html.Span([
                f"{FILTER_LABELS[key]}: {shown} ",
                html.Button("×", id={"type": "chip-remove", "key": key}, className="chip-x",
                            **{"aria-label": f"Remove filter {FILTER_LABELS[key]}"}),
            ], className="chip"))
    if chips:
        chips.insert(0, html.Span("Showing only: ", className="chips-label"))
    return chips

@callback(
    [Output(f"filter-{k}", "value", allow_duplicate=True) for k in COHORT_FILTERS],
    Input({"type": "chip-remove", "key": ALL}, "n_clicks"),
    prevent_initial_call=True,
)
def remove_chip(clicks):
    if not ctx.triggered_id or not any(clicks or []):
        return [no_update] * len(COHORT_FILTERS)
    removed = ctx.triggered_id["key"]
    return [None if k == removed else no_update for k in COHORT_FILTERS]

def clicked_filter(click_data) -> tuple[str, str] | None:
    """A chart point's customdata 'key=value' (first element) as a filter, if valid."""
    try:
        point = click_data["points"][0]
        custom = point.get("customdata")
        if isinstance(custom, list):
            custom = custom[0]
        key, value = str(custom).split("=", 1)
    except (KeyError, IndexError, TypeError, ValueError, AttributeError):
        return None
    if key not in CLICKABLE:
        return None
    parsed = parse_values({key: [value]})
    return (key, value) if getattr(parsed, key) == value else None

@callback(
    [Output(i, "value", allow_duplicate=True) for i in FILTER_IDS],
    Input({"type": "chart-graph", "chart": ALL}, "clickData"),
    prevent_initial_call=True,
)
def cross_filter(_clicks):
    """Clicking a bar or point narrows every chart on the page to it (shown as a chip)."""
    triggered = ctx.triggered[0]["value"] if ctx.triggered else None
    chosen = clicked_filter(triggered)
    if chosen is None:
        return [no_update] * len(FILTER_IDS)
    key, value = chosen
    return [value if k == key else no_update for k in STATE_KEYS]

