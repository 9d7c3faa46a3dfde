"""Building blocks shared by every page: page frame, filter bar, chart cards."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html
from flask import current_app

from dashboard.core.db import get_engine
from dashboard.contract.accounts import ROLE_LABELS
from dashboard.contract.periods import period_words
from dashboard.contract.schema import ETHNIC_GROUPS, TIER_LABELS, TIERS
from dashboard.web.session import current_user_record
from dashboard.web.state import COMPARATOR_LABELS, ViewState, parse_values
from dashboard.contract.selection import SEX_LABELS
from queries.meta import load_meta, resolve_period

PAGES = [
    ("overview", "/", "Overview"),
    ("fte", "/first-time-entrants", "First time entrants"),
    ("reoffending", "/reoffending", "Reoffending"),
    ("custody", "/custody", "Custody"),
    ("disposals", "/disposals", "Outcomes"),
    ("disproportionality", "/disproportionality", "Disproportionality"),
    ("about", "/about", "About the data"),
]
COHORT_FILTERS = ["sex", "age", "ethnicity", "looked_after", "tier", "offence"]
FILTER_LABELS = {"sex": "Sex", "age": "Age", "ethnicity": "Ethnicity",
                 "looked_after": "Looked after", "tier": "Outcome tier",
                 "offence": "Offence group"}


def resolve_state(query: dict | None, meta: dict) -> ViewState:
    """Parse URL values and fill defaults from what is loaded (first service, latest year)."""
    state = parse_values({k: [v] if isinstance(v, str) else v for k, v in (query or {}).items()})
    services = meta["services"]
    codes = {la["code"] for la in meta["authorities"]}
    area = state.area
    valid = (area == "all" or (area.startswith("service:") and area[8:] in services)
             or (area.startswith("la:") and area[3:] in codes))
    if not valid:
        area = f"service:{services[0]}" if services else "all"
    period = resolve_period(meta, state.period_end)
    offence = state.offence if state.offence in meta["offence_groups"] else ""
    return state.with_(area=area, period=period.isoformat() if period else "", offence=offence)


def area_options(meta: dict) -> list[dict]:
    options = [{"label": "All areas", "value": "all"}]
    for service in meta["services"]:
        options.append({"label": service, "value": f"service:{service}"})
        las = [la for la in meta["authorities"] if la["service"] == service]
        if len(las) > 1:
            options += [{"label": f"   {la['name']} (local authority)",
                         "value": f"la:{la['code']}"} for la in las]
    return options


def _dropdown(id_, options, value, placeholder="All", clearable=True, label=None, width=None):
    control = dcc.Dropdown(id=id_, options=options, value=value or None,
                           placeholder=placeholder, clearable=clearable, searchable=False)
    return html.Div([html.Label(label, htmlFor=id_, className="filter-label"), control],
                    className="filter-item", style={"minWidth": width} if width else None)


def filter_bar(state: ViewState, meta: dict) -> html.Div:
    periods = [{"label": "Y" + period_words(p)[1:], "value": p.isoformat()}
               for p in reversed(meta["period_ends"])]
    compare = [{"label": label, "value": key} for key, label in COMPARATOR_LABELS.items()]
    cohort_options = {
        "sex": [{"label": SEX_LABELS[s], "value": s} for s in ("F", "M", "U")],
        "age": [{"label": f"Aged {band.replace('-', '–')}", "value": band}
                for band in ("10-14", "15-17")],
        "ethnicity": [{"label": g, "value": g} for g in ETHNIC_GROUPS + ("Unknown",)],
        "looked_after": [{"label": "Looked after", "value": "Y"},
                         {"label": "Not looked after", "value": "N"}],
        "tier": [{"label": TIER_LABELS[t], "value": t} for t in meta.get("tiers", TIERS)],
        "offence": [{"label": g, "value": g} for g in meta["offence_groups"]],
    }
    main = html.Div([
        _dropdown("filter-area", area_options(meta), state.area, clearable=False,
                  label="Area", width="16rem"),
        _dropdown("filter-period", periods, state.period, clearable=False,
                  label="Reporting period", width="13rem"),
        _dropdown("filter-compare", compare, state.compare, clearable=False,
                  label="Compare with", width="13rem"),
    ], className="filter-row")
    cohort = html.Div([
        _dropdown(f"filter-{key}", cohort_options[key], getattr(state, key),
                  label=FILTER_LABELS[key]) for key in COHORT_FILTERS
    ], className="filter-row filter-row-cohort")
    return html.Div([main, html.Details([html.Summary("Filter the children counted"), cohort],
                                        className="cohort-filters",
                                        open=any(getattr(state, k) for k in COHORT_FILTERS)),
                     html.Div(id="filter-chips", className="chips", **{"aria-live": "polite"})],
                    className="filter-bar", role="search")


def nav(active: str, state: ViewState) -> html.Nav:
    links = [dcc.Link(label, href=path + state.to_query(), id=f"nav-{key}",
                      className="nav-link active" if key == active else "nav-link",
                      title=f"{label} (current page)" if key == active else label)
             for key, path, label in PAGES]
    return html.Nav(links, className="site-nav", **{"aria-label": "Pages"})


def user_menu() -> html.Div | None:
    """Who is signed in, their role, and "Sign out" (not behind a single sign-on proxy)."""
    record = current_user_record()
    if record is None:
        return None
    who = html.Span([html.Span(record.username, className="user-name"),
                     f" ({ROLE_LABELS.get(record.role, record.role)})"], className="user-who")
    if current_app.config.get("AUTH_MODE") != "password":
        return html.Div(who, className="user-menu")
    return html.Div([who, html.A("Sign out", href="/logout", id="sign-out")],
                    className="user-menu")


def unavailable(message: str) -> html.Div:
    return dbc.Alert([html.H2("The dashboard cannot show figures right now"), html.P(message)],
                     color="warning", className="m-4")


def page_frame(page: str, query: dict, heading: str, body_builder) -> html.Div:
    """The shape of every page: header, filters, headline sentences, body, footer.

    `body_builder(state, meta)` returns the page's own content.
    """
    try:
        meta = load_meta(get_engine())
    except Exception as exc:  # noqa: BLE001 - any database failure becomes a message
        return unavailable(f"The database could not be reached ({type(exc).__name__}). "
                           "Check DATABASE_URL and that the data have been loaded.")
    if not meta["loaded"]:
        return unavailable("No data have been loaded yet. Run `make run` or "
                           "`python -m dashboard load sample_data`.")
    state = resolve_state(query, meta)
    path = next(p for key, p, _ in PAGES if key == page)
    if state.present == "1":
        from dashboard.web.presentation import deck
        return deck(page, path, state, meta)
    footer = [f"Data as of {meta['as_of']:%-d %B %Y}. "]
    if meta["synthetic"]:
        footer.append(html.Strong("Synthetic data: fictional areas and children. "))
    footer.append("Sources: local case management outcomes; ONS mid-year population "
                  "estimates; published comparators where loaded.")
    return html.Div([
        dcc.Store(id="view-state", data=state.to_dict()),
        dcc.Store(id="url-sync"),  # the query string last written to the address bar
        html.Header([
            html.Div([html.Span("Youth justice performance", className="brand"),
                      html.Div([
                          dbc.Button("Download board pack (PDF)", id="board-pack-button",
                                     color="secondary", outline=True, n_clicks=0,
                                     title="A4 PDF of this area and period for the papers"),
                          dcc.Loading(dcc.Download(id="board-pack-download"), type="circle",
                                      delay_show=200),
                          html.A("Present ▸", id="present-link", className="btn btn-primary",
                                 href=path + state.with_(present="1").to_query(), role="button",
                                 title="Show this view full screen for a meeting (Esc to leave)"),
                          user_menu(),
                      ], className="header-actions")],
                     className="brand-row"),
            nav(page, state),
            filter_bar(state, meta),
        ], className="site-header"),
        html.H1(heading, className="page-heading"),
        html.Div(id=f"{page}-headlines", className="headlines", **{"aria-live": "polite"}),
        html.Div(body_builder(state, meta), className="page-body"),
        html.Footer(footer, className="site-footer"),
        dbc.Modal([dbc.ModalHeader(dbc.ModalTitle(id="drill-title")),
                   dbc.ModalBody(id="drill-body")], id="drill-modal", size="xl",
                  is_open=False, scrollable=True),
    ], className=f"page page-{page}")


def chart_card(chart_id: str, height: int = 380, drill: bool = False) -> dbc.Card:
    """A chart with its active title, subtitle, note, table alternative and CSV download.

    Page callbacks fill it through `dashboard.web.chart_results.chart_outputs(chart_id)`.
    """
    def key(kind):
        return {"type": kind, "chart": chart_id}

    buttons = [
        dbc.Button("Show table", id=key("chart-table-btn"), color="secondary", outline=True,
                   size="sm", className="me-2", n_clicks=0),
        dbc.Button("Download CSV", id=key("chart-csv-btn"), color="secondary", outline=True,
                   size="sm", className="me-2", n_clicks=0),
    ]
    if drill:
        buttons.append(dbc.Button("Children behind this figure", id=key("chart-drill-btn"),
                                  color="secondary", outline=True, size="sm", n_clicks=0))
    return dbc.Card(dbc.CardBody([
        html.H2(id=key("chart-title"), className="chart-title"),
        html.P(id=key("chart-subtitle"), className="chart-subtitle"),
        dcc.Loading(dcc.Graph(id=key("chart-graph"), style={"height": f"{height}px"},
                              config={"displaylogo": False, "responsive": True,
                                      "modeBarButtonsToRemove": ["select2d", "lasso2d",
                                                                 "autoScale2d"]}),
                    type="default", delay_show=300),
        html.P(id=key("chart-note"), className="chart-note"),
        html.Div(buttons, className="chart-actions"),
        html.Div(id=key("chart-table"), className="chart-table"),
        dcc.Store(id=key("chart-data")),
        dcc.Download(id=key("chart-download")),
    ]), className="chart-card", id=f"{chart_id}-card")
