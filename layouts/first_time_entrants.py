"""First time entrants: the rolling-year rate against comparators, counts and who entered."""
import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard.web.components import chart_card, page_frame
from dashboard.web.pages import fte
from dashboard.web.registry import section

SECTION = section(fte.PAGE)


def body(state, meta):
    return [
        chart_card(fte.TREND, height=440, drill=True),
        dbc.Row([dbc.Col(chart_card(fte.COUNTS, height=340, drill=True), lg=6),
                 _card(fte.LA, height=340, lg=6)]),
        html.H2("How we compare with every service", className="section-heading"),
        chart_card(fte.FUNNEL, height=480),
        html.H2("Who entered the justice system", className="section-heading"),
        dbc.Row([_card(fte.SEX, 280, lg=6, xxl=4), _card(fte.AGE, 280, lg=6, xxl=4),
                 _card(fte.ETHNICITY, 360, lg=6, xxl=4), _card(fte.OUTCOME, 420, lg=6),
                 _card(fte.OFFENCE, 420, lg=12, xxl=6)]),
    ]


def _card(chart_id, height=360, **width):
    return dbc.Col(chart_card(chart_id, height=height), **width)


def layout(**query):
    return page_frame(SECTION, query, body)


dash.register_page(__name__, **SECTION.dash_page(body))
