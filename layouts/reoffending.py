"""Reoffending: quarterly cohorts, the live tracker, who reoffended and how often."""
import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard.web.components import chart_card, page_frame
from dashboard.web.pages import reoffending as page
from dashboard.web.registry import section
from dashboard.words.reoffending_words import BASIS_LABELS

SECTION = section(page.PAGE)


def basis_picker(state) -> html.Div:
    """How cohorts are formed: the national definition or every outcome (in the URL)."""
    return html.Div([
        html.Span("Which children are followed up", id="reoffending-basis-label",
                  className="filter-label"),
        dbc.RadioItems(
            id=page.BASIS, value=state.basis,
            options=[{"label": label, "value": key} for key, label in BASIS_LABELS.items()],
            class_name="btn-group stage-picker", input_class_name="btn-check",
            label_class_name="btn btn-outline-primary",
            label_checked_class_name="active"),
    ], className="stage-picker-wrap", role="radiogroup",
        **{"aria-labelledby": "reoffending-basis-label"})


def body(state, meta):
    return [
        basis_picker(state),
        dbc.Row(dbc.Col(chart_card(page.RATE, height=430, drill=True))),
        dbc.Row(dbc.Col(chart_card(page.FUNNEL, height=460))),
        dbc.Row([
            dbc.Col(chart_card(page.TRACKER, height=400, drill=True), lg=8),
            dbc.Col(html.Aside(id=page.LAG, className="reoff-lag"), lg=4),
        ]),
        html.H2(id=page.BREAKDOWN_HEADING, className="reoff-section"),
        html.P(id=page.BREAKDOWN_INTRO, className="reoff-section-intro"),
        dbc.Row([dbc.Col(chart_card(page.BY[key], height=290), lg=6, xxl=4)
                 for key in page.BREAKDOWN_KEYS], className="reoff-breakdowns"),
        html.H2("How many reoffences", className="reoff-section"),
        dbc.Row([
            dbc.Col(chart_card(page.CONCENTRATION, height=360), lg=12, xxl=5),
            dbc.Col(chart_card(page.PER_REOFFENDER, height=360), lg=12, xxl=7),
        ]),
    ]


def layout(**query):
    return page_frame(SECTION, query, body)


dash.register_page(__name__, **SECTION.dash_page(body))
