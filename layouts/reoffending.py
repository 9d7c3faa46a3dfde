"""Reoffending: quarterly cohorts, the live tracker, who reoffended and how often."""
import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard.web.components import chart_card, page_frame

dash.register_page(__name__, path="/reoffending", name="Reoffending",
                   title="Reoffending – Youth justice performance")

BREAKDOWNS = ("sex", "age", "ethnicity", "looked_after", "tier", "area")


def layout(**query):
    return page_frame("reoffending", query, "Children who reoffend", _body)


def _body(state, meta):
    return [
        dbc.Row(dbc.Col(chart_card("reoffending-rate", height=430, drill=True))),
        dbc.Row([
            dbc.Col(chart_card("reoffending-tracker", height=400, drill=True), lg=8),
            dbc.Col(html.Aside(id="reoffending-lag", className="reoff-lag"), lg=4),
        ]),
        html.H2(id="reoffending-breakdown-heading", className="reoff-section"),
        html.P(id="reoffending-breakdown-intro", className="reoff-section-intro"),
        dbc.Row([dbc.Col(chart_card(f"reoffending-by-{key}", height=290), lg=6, xxl=4)
                 for key in BREAKDOWNS], className="reoff-breakdowns"),
        html.H2("How many reoffences", className="reoff-section"),
        dbc.Row([
            dbc.Col(chart_card("reoffending-concentration", height=360), lg=12, xxl=5),
            dbc.Col(chart_card("reoffending-per-reoffender", height=360), lg=12, xxl=7),
        ]),
    ]
