"""Use of custody: the rate against comparators with counts beside it, and who was sentenced."""
import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard.web.components import chart_card, page_frame
from dashboard.web.pages import custody
from dashboard.web.registry import section

SECTION = section(custody.PAGE)


def body(state, meta):
    return [
        chart_card(custody.TREND, height=440, drill=True),
        dbc.Row([dbc.Col(chart_card(custody.COUNTS, height=340, drill=True), lg=6),
                 dbc.Col(chart_card(custody.TYPE, height=340), lg=6)]),
        html.H2("How we compare with every service", className="section-heading"),
        chart_card(custody.FUNNEL, height=480),
        html.H2("Where and for whom", className="section-heading"),
        dbc.Row([dbc.Col(chart_card(custody.LA, height=340), lg=6),
                 dbc.Col(chart_card(custody.ETHNICITY, height=340), lg=6)]),
    ]


def layout(**query):
    return page_frame(SECTION, query, body)


dash.register_page(__name__, **SECTION.dash_page(body))
