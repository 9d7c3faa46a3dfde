"""Building blocks shared by every page: page frame, filter bar, chart cards."""
from __future__ import annotations

import json

import dash_bootstrap_components as dbc
from dash import dcc, html
from flask import current_app

from dashboard.contract.accounts import ROLE_LABELS
from dashboard.contract.periods import period_words
from dashboard.contract.schema import ETHNIC_GROUPS, TIER_LABELS, TIERS
from dashboard.contract.selection import SEX_LABELS
from dashboard.core.db import get_engine
from dashboard.etl.migrate import head, revision
from dashboard.web.disclosure import (PUBLISHED_COMPARATORS, allowed_view, home_area, in_scope,
                                      services_in_scope)
from dashboard.web.pack_controls import pack_controls
from dashboard.web.page_cache import do_not_cache
from dashboard.web.session import current_user_record, may, view_rules
from dashboard.web.page_outputs import VIEW_STATE, chart_key, headlines_id
from dashboard.web.presentation import deck
from dashboard.web.registry import SECTIONS, Section
from dashboard.web.state import (COMPARATOR_LABELS, OPTIONAL_COMPARATORS, ViewState,
                                 resolve_state)
from dashboard.words.text import day_month_year
from queries.meta import area_label, load_meta

COHORT_FILTERS = ["sex", "age", "ethnicity", "looked_after", "tier", "offence"]
FILTER_LABELS = {"sex": "Sex", "age": "Age", "ethnicity": "Ethnicity",
                 "looked_after": "Looked after", "tier": "Outcome tier",
                 "offence": "Offence group"}


def area_options(meta: dict, scope=None) -> list[dict]:
    """Every area, services named as the pages name them for `scope` (part of a service
    says which part)."""
    options = [{"label": "All areas", "value": "all"}]
    for service in meta["services"]:
        options.append({"label": area_label(meta, "service", service, scope),
                        "value": f"service:{service}"})
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
    loaded = set(meta.get("benchmark_area_types", ())) | {state.compare}
    compare = [{"label": label, "value": key} for key, label in COMPARATOR_LABELS.items()
               if key not in OPTIONAL_COMPARATORS or key in loaded]
    # What the role may choose (dashboard/web/disclosure.py): board members pick a
    # service and a published comparator, and get no cohort filters.
    rules = view_rules()
    areas = [option for option in area_options(meta, rules["scope"])
             if in_scope(option["value"], meta, rules["scope"])]
    if not rules["unsuppressed"]:
        areas = [{"label": area_label(meta, "service", name, rules["scope"]),
                  "value": f"service:{name}"}
                 for name in services_in_scope(meta, rules["scope"])]
        compare = [c for c in compare if c["value"] in PUBLISHED_COMPARATORS]
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
        _dropdown("filter-area", areas, state.area, clearable=False,
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
                                        open=any(getattr(state, k) for k in COHORT_FILTERS),
                                        hidden=not rules["can_filter"]),
                     html.Div(id="filter-chips", className="chips", **{"aria-live": "polite"})],
                    className="filter-bar", role="search")


def nav(active: str, state: ViewState) -> html.Nav:
    """A link to every page, keeping the view's filters."""
    links = [dcc.Link(s.label, href=s.path + state.to_query(), id=f"nav-{s.key}",
                      className="nav-link active" if s.key == active else "nav-link",
                      title=f"{s.label} (current page)" if s.key == active else s.label)
             for s in SECTIONS]
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


def page_frame(section: Section, query: dict, body_builder) -> html.Div:
    """A page for the address's query: the frame around `body_builder(state, meta)`, the
    presentation deck with `present=1`, or a message when nothing can be read."""
    try:
        meta = load_meta(get_engine())
    except Exception as exc:  # noqa: BLE001 - any database failure becomes a message
        do_not_cache()
        if _loaded_by_an_earlier_version():
            return unavailable("The data were loaded by an earlier version of the dashboard, "
                               "whose tables this version cannot read. Load them again "
                               "(`python -m dashboard load DIR`): the load brings the "
                               "database up to date.")
        return unavailable(f"The database could not be reached ({type(exc).__name__}). "
                           "Check DATABASE_URL and that the data have been loaded.")
    if not meta["loaded"]:
        do_not_cache()
        return unavailable("No data have been loaded yet. Run `make run` or "
                           "`python -m dashboard load sample_data`.")
    rules = view_rules()
    if rules["scope"] is not None and not (query or {}).get("area"):
        # A scoped user without an area in the address starts on their own.
        query = {**(query or {}), "area": home_area(meta, rules["scope"])}
    state = allowed_view(resolve_state(query, meta), meta, **rules)
    if state.present == "1":
        return deck(section, state, meta, rules["scope"])
    return frame(section, state, meta, body_builder)


def _loaded_by_an_earlier_version() -> bool:
    """Whether the database answers but its schema is behind this code's (an upgrade not
    followed by a load). Only the load upgrades it: its summary tables are filled by a
    load, so upgrading without one would show empty figures as if they were true."""
    try:
        return revision(get_engine()) not in (None, head())
    except Exception:  # noqa: BLE001 - unreachable after all: the other message
        return False


# What `frame` needs of the loaded data, when drawing the layout Dash checks callbacks against
NOTHING_LOADED = {"services": [], "authorities": [], "period_ends": [], "offence_groups": [],
                  "as_of": None, "synthetic": False}


def frame(section: Section, state: ViewState, meta: dict, body_builder) -> html.Div:
    """The shape of every page: header, filters, headline sentences, body, footer."""
    footer = [f"Data as of {day_month_year(meta['as_of'])}. "] if meta["as_of"] else []
    if meta["synthetic"]:
        footer.append(html.Strong("Synthetic data: fictional areas and children. "))
    footer.append("Sources: local case management outcomes; ONS mid-year population "
                  "estimates; published comparators where loaded.")
    return html.Div([
        dcc.Store(id=VIEW_STATE, data=state.to_dict()),
        dcc.Store(id="view-query", data=state.to_query()),  # the address's query string
        dcc.Store(id="url-sync"),  # the query string last written to the address bar
        html.Header([
            html.Div([html.Span("Youth justice performance", className="brand"),
                      html.Div([
                          *pack_controls(),
                          html.A("Present ▸", id="present-link", className="btn btn-primary",
                                 href=section.path + state.with_(present="1").to_query(),
                                 role="button",
                                 title="Show this view full screen for a meeting (Esc to leave)"),
                          user_menu(),
                      ], className="header-actions")],
                     className="brand-row"),
            nav(section.key, state),
            filter_bar(state, meta),
        ], className="site-header"),
        *page_main(section, state, meta, body_builder),
        html.Footer(footer, className="site-footer"),
        dbc.Modal([dbc.ModalHeader(dbc.ModalTitle(id="drill-title")),
                   dbc.ModalBody(id="drill-body")], id="drill-modal", size="xl",
                  is_open=False, scrollable=True),
    ], className=f"page page-{section.key}")


def page_main(section: Section, state: ViewState, meta: dict, body_builder) -> list:
    """A page's own part of the frame: heading, headline sentences, body."""
    return [html.H1(section.heading, className="page-heading"),
            html.Div(id=headlines_id(section.key), className="headlines",
                     **{"aria-live": "polite"}),
            html.Div(body_builder(state, meta), className="page-body")]


def _dom_id(component_id: dict) -> str:
    """The id Dash gives a pattern-matching component in the page (sorted keys, no spaces)."""
    return json.dumps(component_id, sort_keys=True, separators=(",", ":"))


def chart_card(chart_id: str, height: int = 380, drill: bool = False) -> dbc.Card:
    """A chart with its active title, subtitle, note, table alternative and CSV download.

    Page callbacks fill it through `dashboard.web.page_outputs.PageOutputs`.
    """
    def key(part):
        return chart_key(part, chart_id)

    buttons = [
        dbc.Button("Show table", id=key("chart-table-btn"), color="secondary", outline=True,
                   size="sm", className="me-2", n_clicks=0),
    ]
    # Only roles that may export (analyst, admin) or drill (not board) get those buttons;
    # callbacks/charts.py refuses them on the server whatever the browser sends.
    if may("export"):
        buttons.append(dbc.Button("Download CSV", id=key("chart-csv-btn"), color="secondary",
                                  outline=True, size="sm", className="me-2", n_clicks=0))
    if drill and may("drill"):
        buttons.append(dbc.Button("Children behind this figure", id=key("chart-drill-btn"),
                                  color="secondary", outline=True, size="sm", n_clicks=0))
    return dbc.Card(dbc.CardBody([
        html.H2(id=key("chart-title"), className="chart-title"),
        html.P(id=key("chart-subtitle"), className="chart-subtitle"),
        # The chart's text alternative: its accessible name is the active title (the
        # finding, with its number) and its description the subtitle and note; the full
        # figures are one click away under "Show table".
        # responsive=True: the chart fills the card whatever order its figure and plotly.js
        # arrive in ("auto" keeps a figure's own height when an empty plot came first).
        html.Div(dcc.Loading(dcc.Graph(id=key("chart-graph"), style={"height": f"{height}px"},
                                       responsive=True,
                                       config={"displaylogo": False, "responsive": True,
                                               "modeBarButtonsToRemove": ["select2d", "lasso2d",
                                                                          "autoScale2d"]}),
                             type="default", delay_show=300),
                 role="figure", **{"aria-labelledby": _dom_id(key("chart-title")),
                                   "aria-describedby": " ".join(
                                       _dom_id(key(part)) for part in ("chart-subtitle",
                                                                       "chart-note"))}),
        html.P(id=key("chart-note"), className="chart-note"),
        html.Div(buttons, className="chart-actions"),
        html.Div(id=key("chart-table"), className="chart-table"),
        dcc.Store(id=key("chart-data")),
        dcc.Store(id=key("chart-table-feed")),   # the data, while the table is shown
        dcc.Download(id=key("chart-download")),
    ]), className="chart-card", id=f"{chart_id}-card")


def with_table(card: dbc.Card, table_id: str) -> dbc.Card:
    """Put a board's table (filled by the page's callback) beside the card's chart, so both
    share the card's title, note, CSV and drill-down."""
    body = card.children.children
    body[2] = dbc.Row([dbc.Col(body[2], xxl=6), dbc.Col(html.Div(id=table_id), xxl=6)],
                      className="g-3")
    return card
